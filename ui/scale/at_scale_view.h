#pragma once
// Intended usage: the Cost tab's "At scale" page - what a published MoE language model (or
// the person's edit of one) costs, and what spreading its experts over ranks does: the
// parameter and FLOP split against the two dense baselines, memory by dtype, the ranks x
// experts placement, each rank's load, the all-to-all bytes per token and the step time split
// into compute and communication. "Scale up my model" puts the trained model's experts, top-k
// and measured loads into it. Every figure comes from core/scale (computeAtScale()).
//
//   auto* atScale = new AtScaleView(controller);
//   costTabs->addTab(atScale, tr("At scale"));
//   if (atScale->wasUsed()) reportInput.atScale = atScale->input();

#include "ui/scale/at_scale_figures.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace moe::ui {

class LlmConfigForm;
class PlacementGridView;
class RankLoadView;
class StackedBarsView;
class TrainingController;

class AtScaleView : public QWidget {
    Q_OBJECT
public:
    explicit AtScaleView(TrainingController* controller, QWidget* parent = nullptr);

    LlmConfigForm* form() const { return m_form; }
    StackedBarsView* splitView() const { return m_split; }
    StackedBarsView* memoryView() const { return m_memory; }
    PlacementGridView* placementView() const { return m_grid; }
    RankLoadView* rankLoadView() const { return m_ranks; }
    StackedBarsView* stepTimeView() const { return m_step; }
    QPushButton* scaleUpButton() const { return m_scaleUp; }
    QPushButton* uniformButton() const { return m_uniform; }

    /// What the page shows: the form's model and setup with the routing in use.
    AtScaleInput input() const;
    const AtScaleFigures& figures() const { return m_figures; }
    QString summaryText() const;
    QString trafficText() const;
    /// The error line (empty when every field is good).
    QString errorText() const;
    /// Whether the person has opened the page or changed anything on it: the report then
    /// has its section.
    bool wasUsed() const { return m_used; }

    /// Scale up my model: the trained model's experts and top-k, its measured loads as the
    /// routing. False (nothing changes) before the first trained epoch.
    bool scaleUp();
    /// Measured routing from elsewhere (a recorded trace's layer): `experts` and `topK` go into
    /// the form, `loads` (E fractions) become the routing, described as `routing` on the page.
    /// False (nothing changes) when the loads do not match the experts.
    bool useMeasuredLoads(int experts, int topK, std::vector<double> loads, const QString& routing);
    /// Back to uniform routing.
    void useUniformRouting();
    /// Recomputes now from the fields.
    void recompute();

private:
    void updateScaleUp();

    TrainingController* m_controller;
    LlmConfigForm* m_form = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_traffic = nullptr;
    QLabel* m_routingNote = nullptr;
    QLabel* m_source = nullptr;
    StackedBarsView* m_split = nullptr;
    StackedBarsView* m_memory = nullptr;
    PlacementGridView* m_grid = nullptr;
    RankLoadView* m_ranks = nullptr;
    StackedBarsView* m_step = nullptr;
    QPushButton* m_scaleUp = nullptr;
    QPushButton* m_uniform = nullptr;
    std::vector<double> m_loads;
    QString m_routing;
    AtScaleFigures m_figures;
    bool m_used = false;
};

}  // namespace moe::ui
