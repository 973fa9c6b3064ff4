#pragma once
// Intended usage: how the models are trained - epochs, batch size, learning rate, its
// schedule and the optimizer, weight decay and gradient clipping, the validation split and
// early stopping, the weights of the two auxiliary losses every learned gate can use
// (Switch load balancing, ST-MoE z-loss) and the seed. A loss the current router cannot use
// is hidden and written as 0. Each field's object name is its `moe train` option.
//
//   settings->setConfig(config); settings->setRouter(config.model.router);
//   connect(settings, &TrainingSettings::changed, ...); settings->apply(config);

#include "core/train/run_config.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace moe::ui {

class SettingsForm;

class TrainingSettings : public QWidget {
    Q_OBJECT
public:
    explicit TrainingSettings(QWidget* parent = nullptr);

    /// Shows `config`'s training settings without emitting changed().
    void setConfig(const moe::RunConfig& config);
    void apply(moe::RunConfig& config) const;
    void setRouter(moe::RouterKind router);
    void setEpochs(int epochs);
    SettingsForm* form() const { return m_form; }

    /// The balance loss does nothing for a router whose load is fixed or not learned.
    static bool usesBalanceLoss(moe::RouterKind router);
    /// The z-loss needs learned gate logits.
    static bool usesZLoss(moe::RouterKind router);

signals:
    void changed();

private:
    SettingsForm* m_form = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QComboBox* m_optimizer = nullptr;
    QComboBox* m_schedule = nullptr;
    QDoubleSpinBox* m_weightDecay = nullptr;
    QDoubleSpinBox* m_clipNorm = nullptr;
    QDoubleSpinBox* m_validation = nullptr;
    QSpinBox* m_patience = nullptr;
    QDoubleSpinBox* m_balanceLoss = nullptr;
    QDoubleSpinBox* m_zLoss = nullptr;
    QSpinBox* m_seed = nullptr;
    moe::RouterKind m_router = moe::RouterKind::SoftmaxTopK;
};

}  // namespace moe::ui
