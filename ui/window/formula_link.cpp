#include "ui/window/formula_link.h"

#include "core/teach/routing_derivation.h"
#include "ui/charts/expert_palette.h"
#include "ui/inspector/gate_bars_view.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/glossary/glossary_dock.h"
#include "ui/teaching/formula_view.h"
#include "ui/training/training_controller.h"

namespace moe::ui {

FormulaLink::FormulaLink(GateInspectorPanel* inspector, FormulaView* formula, GlossaryDock* glossary,
                         TrainingController* controller, QObject* parent)
    : QObject(parent), m_inspector(inspector), m_formula(formula), m_controller(controller) {
    connect(inspector, &GateInspectorPanel::inspectionUpdated, this, &FormulaLink::update);
    connect(inspector->bars(), &GateBarsView::expertHovered, formula, &FormulaView::setHighlightedExpert);
    connect(formula, &FormulaView::expertHovered, inspector->bars(), &GateBarsView::setHighlightedExpert);
    if (glossary) connect(formula, &FormulaView::glossaryRequested, glossary, &GlossaryDock::showEntry);
    update();
}

void FormulaLink::update() {
    const std::shared_ptr<moe::SampleInspector>& inspector = m_inspector->inspector();
    if (!inspector || !m_inspector->hasSample()) {
        m_formula->clear(inspector ? tr("Hover over or pin an input on the map or in the data to see its routing "
                                        "written out with the model's numbers.")
                                   : tr("No model yet."));
        return;
    }
    QVector<QColor> colours;
    for (int e = 0; e < inspector->experts(); ++e) colours.append(ExpertPalette::color(e));
    m_formula->setExpertColours(colours);
    m_formula->setDerivation(moe::deriveRouting(*inspector, m_inspector->shownFeatures(), m_controller->cost()));
}

}  // namespace moe::ui
