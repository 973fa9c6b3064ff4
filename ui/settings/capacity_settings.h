#pragma once
// Intended usage: capacity and dropping (moe-spec section 3) - the capacity factor in
// training and in evaluation (by default the same), the overflow policy that decides which
// assignments keep their slots, and whether the survivors' weights are renormalised.
// Expert choice sets its own capacity, so the section is disabled for it, with a note.
//
//   settings->setConfig(config); settings->setRouter(config.model.router);
//   connect(settings, &CapacitySettings::changed, ...); settings->apply(config);

#include "core/train/run_config.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;

namespace moe::ui {

class SettingsForm;

class CapacitySettings : public QWidget {
    Q_OBJECT
public:
    explicit CapacitySettings(QWidget* parent = nullptr);

    /// Shows `config`'s capacity settings without emitting changed().
    void setConfig(const moe::RunConfig& config);
    void apply(moe::RunConfig& config) const;
    /// Expert choice has no overflow: the fields are disabled and a note says why.
    void setRouter(moe::RouterKind router);
    SettingsForm* form() const { return m_form; }
    QCheckBox* evalAsTraining() const { return m_evalAsTraining; }

signals:
    void changed();

private:
    void updateRows();

    SettingsForm* m_form = nullptr;
    QDoubleSpinBox* m_factor = nullptr;
    QCheckBox* m_evalAsTraining = nullptr;
    QDoubleSpinBox* m_evalFactor = nullptr;
    QComboBox* m_policy = nullptr;
    QCheckBox* m_renormalizeAfterDrop = nullptr;
    moe::RouterKind m_router = moe::RouterKind::SoftmaxTopK;
};

}  // namespace moe::ui
