#pragma once
// Intended usage: the At scale page's settings - a published MoE language model chosen from
// the presets (resources/llm-presets/) and edited field by field, and how its experts are
// spread over ranks: context, dtype, ranks, placement and the rates of one rank. Each field is
// keyed by the name `moe cost` and its JSON use ("moe.top_k", "ranks"), so an error from
// computeAtScale() marks the field it names.
//
//   auto* form = new LlmConfigForm;
//   form->selectPreset("deepseek-v3");
//   AtScaleInput in = form->input();          // the model and the expert-parallel setup
//   form->showError(figures);                  // marks "llm.moe.top_k" for "moe.top_k: ..."
//
// Fields the form does not show (norm bias, attention biases and sinks, sliding windows,
// expert and router biases) keep the preset's values.

#include "ui/training/report_input.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QSpinBox;

namespace moe::ui {

struct AtScaleFigures;
class SettingsForm;

class LlmConfigForm : public QWidget {
    Q_OBJECT
public:
    explicit LlmConfigForm(QWidget* parent = nullptr);

    /// Loads a preset into the fields; false for an unknown name.
    bool selectPreset(const QString& name);
    QString presetName() const;
    /// Whether a field was changed since the preset was loaded.
    bool isEdited() const { return m_edited; }
    /// Says the fields no longer hold the preset as published (Scale up my model).
    void setEdited(bool edited) { m_edited = edited; }

    /// The model and setup the fields say (loads and routing left empty).
    AtScaleInput input() const;
    /// Shows `in` in the fields without emitting changed().
    void setInput(const AtScaleInput& in);

    /// Marks the field `figures.error` names (or none) and returns whether one was marked.
    bool showError(const AtScaleFigures& figures);
    /// The field of `key` ("moe.top_k", "ranks"), or nullptr.
    QWidget* field(const QString& key) const;
    /// The message under the field of `key`, empty when it is not marked.
    QString errorOf(const QString& key) const;

signals:
    void changed();
    /// A preset was chosen from the list (changed() follows).
    void presetChosen();

private:
    QSpinBox* addCount(const QString& key, const QString& label, int lo, int hi, const QString& tip);
    void onEdited();
    void showAttentionRows();

    SettingsForm* m_form = nullptr;
    QComboBox* m_preset = nullptr;
    QComboBox* m_attention = nullptr;
    QCheckBox* m_tied = nullptr;
    QCheckBox* m_gated = nullptr;
    QComboBox* m_dtype = nullptr;
    QComboBox* m_placement = nullptr;
    QDoubleSpinBox* m_tokens = nullptr;
    QDoubleSpinBox* m_flops = nullptr;
    QDoubleSpinBox* m_bandwidth = nullptr;
    QHash<QString, QSpinBox*> m_counts;
    moe::LlmDescription m_base;  ///< the preset as loaded: the fields the form does not show
    bool m_edited = false;
};

}  // namespace moe::ui
