#pragma once
// Intended usage: the model and training settings as one RunConfig. The router and its
// own parameters are on top; the rest is in three tabs - Training, Shape, Capacity - so
// the column fits a 1280x800 window. Every field's tooltip explains the MoE idea behind
// it. The panel validates with moe::validateConfig after every edit: the offending field
// is marked and the message shown under it (the tab that holds it gets a warning icon),
// and isValid() turns false so the owner can disable Train.
//
//   connect(panel, &ModelPanel::configChanged, this, [&] { apply(panel->config()); });

#include "core/train/run_config.h"

#include <QString>
#include <QWidget>

class QLabel;
class QTabWidget;

namespace moe::ui {

class CapacitySettings;
class RouterSettings;
class SettingsForm;
class ShapeSettings;
class TrainingSettings;

class ModelPanel : public QWidget {
    Q_OBJECT
public:
    enum Section { TrainingSection, ShapeSection, CapacitySection };

    explicit ModelPanel(QWidget* parent = nullptr);

    /// The settings in force: a parameter the chosen router or shape does not use is
    /// written so that it cannot make the configuration invalid.
    moe::RunConfig config() const;
    void setConfig(const moe::RunConfig& config);
    void setEpochs(int epochs);
    bool isValid() const { return m_valid; }
    /// "Label: why" for the first problem, empty when valid.
    QString validationMessage() const { return m_message; }
    /// The form that holds validateConfig's option `option`, or nullptr.
    SettingsForm* formFor(const QString& option) const;
    void showSection(Section section);
    /// Marks the field a failed build names ("--validation-fraction: leaves class 'b' with
    /// no training row", or a message that mentions one option, as the split's "too few
    /// rows" does), as validation does; the mark goes at the next edit. Returns whether a
    /// field was marked.
    bool markBuildError(const QString& message);

    RouterSettings* routerSettings() const { return m_router; }
    TrainingSettings* trainingSettings() const { return m_training; }
    ShapeSettings* shapeSettings() const { return m_shape; }
    CapacitySettings* capacitySettings() const { return m_capacity; }
    QTabWidget* tabs() const { return m_tabs; }

signals:
    void configChanged();

private:
    void onChanged();
    void validate();
    /// Marks the field `raw` ("--option: why") names, or shows it under the forms.
    void showError(const QString& raw);

    RouterSettings* m_router = nullptr;
    TrainingSettings* m_training = nullptr;
    ShapeSettings* m_shape = nullptr;
    CapacitySettings* m_capacity = nullptr;
    QTabWidget* m_tabs = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_error = nullptr;
    bool m_valid = true;
    QString m_message;
};

}  // namespace moe::ui
