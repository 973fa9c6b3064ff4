#pragma once
// Intended usage: joins the gate inspector and the formula view. Whenever the inspector
// recomputes its input (a new model copy while training, at most 20 times a second, or a new
// selection), the formula view gets that input's routing written out by the same model copy;
// hovering an expert in the gate bars highlights its lines in the formula and back; a
// step's glossary link opens the entry in the Glossary dock.
//
//   new FormulaLink(inspectorPanel, formulaView, glossaryDock, controller, window);

#include <QObject>

namespace moe::ui {

class FormulaView;
class GateInspectorPanel;
class GlossaryDock;
class TrainingController;

class FormulaLink : public QObject {
    Q_OBJECT
public:
    FormulaLink(GateInspectorPanel* inspector, FormulaView* formula, GlossaryDock* glossary,
                TrainingController* controller, QObject* parent = nullptr);

    /// Writes out the inspector's current input now (the link calls it on every update).
    void update();

private:
    GateInspectorPanel* m_inspector;
    FormulaView* m_formula;
    TrainingController* m_controller;
};

}  // namespace moe::ui
