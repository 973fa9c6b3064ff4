#pragma once
// Intended usage: the shape of the MoE model - classic mixture (with its cooperative or
// competitive loss) or residual MoE blocks (with their number and width), the experts'
// hidden width and activation, shared experts and a two-level gate. Rows that the chosen
// mode does not use are hidden, and apply() writes them as not in force.
//
//   settings->setConfig(config);
//   connect(settings, &ShapeSettings::changed, ...); settings->apply(config);

#include "core/train/run_config.h"

#include <QWidget>

class QComboBox;
class QSpinBox;

namespace moe::ui {

class SettingsForm;

class ShapeSettings : public QWidget {
    Q_OBJECT
public:
    explicit ShapeSettings(QWidget* parent = nullptr);

    /// Shows `config`'s shape without emitting changed().
    void setConfig(const moe::RunConfig& config);
    /// Writes the shape in force: block-only settings are 1 layer and width 0 in a mixture,
    /// the mixture loss is cooperative in block mode.
    void apply(moe::RunConfig& config) const;

    moe::MoeMode mode() const;
    SettingsForm* form() const { return m_form; }

signals:
    void changed();

private:
    void updateRows();

    SettingsForm* m_form = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_mixtureLoss = nullptr;
    QSpinBox* m_layers = nullptr;
    QSpinBox* m_modelWidth = nullptr;
    QSpinBox* m_hidden = nullptr;
    QComboBox* m_activation = nullptr;
    QSpinBox* m_sharedExperts = nullptr;
    QSpinBox* m_groups = nullptr;
};

}  // namespace moe::ui
