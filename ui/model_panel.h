#pragma once
// Intended usage: the model and training settings as one RunConfig. Every field's tooltip
// explains the MoE idea behind it. The panel validates with moe::validateConfig after
// every edit: the offending field is marked and the message shown under the form, and
// isValid() turns false so the owner can disable Train.
//
//   connect(panel, &ModelPanel::configChanged, this, [&] { apply(panel->config()); });

#include "core/train/run_config.h"

#include <QHash>
#include <QString>
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace moe::ui {

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    explicit ModelPanel(QWidget* parent = nullptr);

    moe::RunConfig config() const;
    void setConfig(const moe::RunConfig& config);
    void setEpochs(int epochs);
    bool isValid() const { return m_valid; }
    QString validationMessage() const { return m_message; }

signals:
    void configChanged();

private:
    void validate();
    void markInvalid(QWidget* field, bool invalid);

    QSpinBox* m_experts = nullptr;
    QSpinBox* m_topK = nullptr;
    QSpinBox* m_hidden = nullptr;
    QComboBox* m_activation = nullptr;
    QDoubleSpinBox* m_learningRate = nullptr;
    QSpinBox* m_epochs = nullptr;
    QSpinBox* m_batch = nullptr;
    QDoubleSpinBox* m_balanceLoss = nullptr;
    QDoubleSpinBox* m_zLoss = nullptr;
    QSpinBox* m_seed = nullptr;
    QComboBox* m_optimizer = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_error = nullptr;
    QHash<QString, QWidget*> m_fieldByOption;  // validateConfig's option name -> field
    QHash<QString, QString> m_labelByOption;
    bool m_valid = true;
    QString m_message;
};

}  // namespace moe::ui
