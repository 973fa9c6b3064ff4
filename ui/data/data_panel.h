#pragma once
// Intended usage: the dataset chooser. Lists every built-in generator (its description as
// tooltip and caption) with the parameters that apply to it, then the bundled real
// datasets (datasets/), then the file opened last, and says when the choice changes.
// The owner generates or loads the dataset by source() and params(); this panel shows any
// error it reports.
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

    enum class Source { Generator, Bundled, File };

    moe::GeneratorParams params() const;
    Source source() const;
    /// The chosen entry's name: a generator, a bundled dataset, or the opened file's name.
    QString currentName() const;
    /// Adds (or renames) the entry of an opened file and selects it; paramsChanged() is not
    /// emitted, the owner already has that file's data.
    void showFile(const QString& name);
    /// Selects a built-in generator (its default noise too) or a bundled dataset by name;
    /// false if unknown.
    bool selectDataset(const QString& name);
    void setSamples(int samples);
    /// Selects the generator `params.name` with exactly these parameters (a reopened
    /// session); false if the name is unknown.
    bool setParams(const moe::GeneratorParams& params);
    /// An error about the current parameters, or an empty string to clear it.
    void showError(const QString& message);
    /// The error shown now, or an empty string.
    QString errorText() const;

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
    bool m_quiet = false;  ///< selecting without paramsChanged()
};

}  // namespace moe::ui
