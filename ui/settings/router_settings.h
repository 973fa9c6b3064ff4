#pragma once
// Intended usage: the router and the parameters it uses - the chooser lists every router
// of moe::allRouters() (its tooltip is routerDescription()), and only the current router's
// own parameters are shown: top-k for the token-choice routers, the renormalise switch
// for softmax top-k, jitter for switch, the threshold and entropy loss for top-p, the
// capacity factor c for expert choice (with a note that its predictions depend on the
// batch), the bias update rate for sigmoid-bias, the importance loss for noisy top-k.
//
//   settings->setConfig(config);
//   connect(settings, &RouterSettings::changed, ...); settings->apply(config);

#include "core/train/run_config.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace moe::ui {

class SettingsForm;

class RouterSettings : public QWidget {
    Q_OBJECT
public:
    explicit RouterSettings(QWidget* parent = nullptr);

    /// Shows `config`'s router values without emitting changed().
    void setConfig(const moe::RunConfig& config);
    /// Writes the router values in force: a parameter the router does not use gets a value
    /// that cannot fail validation (top-k at most E, switch exactly 1).
    void apply(moe::RunConfig& config) const;

    moe::RouterKind router() const;
    /// True for the routers whose selection is the top k of a score per input.
    static bool usesTopK(moe::RouterKind router);
    SettingsForm* form() const { return m_form; }
    QComboBox* routerBox() const { return m_router; }

signals:
    void changed();

private:
    void updateRows();

    SettingsForm* m_form = nullptr;
    QComboBox* m_router = nullptr;
    QSpinBox* m_experts = nullptr;
    QSpinBox* m_topK = nullptr;
    QCheckBox* m_renormalize = nullptr;
    QDoubleSpinBox* m_jitter = nullptr;
    QDoubleSpinBox* m_topP = nullptr;
    QDoubleSpinBox* m_entropyLoss = nullptr;
    QDoubleSpinBox* m_importanceLoss = nullptr;
    QDoubleSpinBox* m_expertChoiceFactor = nullptr;
    QDoubleSpinBox* m_biasUpdateRate = nullptr;
};

}  // namespace moe::ui
