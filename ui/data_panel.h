#pragma once
// Intended usage: the dataset chooser. Lists every built-in generator (its description as
// tooltip and caption) with the parameters that apply to it, and says when they change.
// The owner generates the dataset from params(); this panel shows any error it reports.
//
//   connect(panel, &DataPanel::paramsChanged, this, [&] { regenerate(panel->params()); });

#include "core/data/generators.h"

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QLabel;
class QSpinBox;

namespace moe::ui {

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);

    moe::GeneratorParams params() const;
    /// Selects a built-in generator by name (its default noise too); false if unknown.
    bool selectDataset(const QString& name);
    void setSamples(int samples);
    /// An error about the current parameters, or an empty string to clear it.
    void showError(const QString& message);

signals:
    void paramsChanged();

private:
    void onGeneratorChanged();
    const moe::GeneratorInfo* currentGenerator() const;

    QFormLayout* m_form = nullptr;
    QComboBox* m_generator = nullptr;
    QLabel* m_description = nullptr;
    QSpinBox* m_samples = nullptr;
    QDoubleSpinBox* m_noise = nullptr;
    QSpinBox* m_clusters = nullptr;
    QSpinBox* m_seed = nullptr;
    QLabel* m_error = nullptr;
};

}  // namespace moe::ui
