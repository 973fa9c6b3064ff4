#include "ui/report/report_figures.h"

#include "ui/charts/heatmap_view.h"
#include "ui/cost/cost_bars.h"
#include "ui/cost/pareto_view.h"
#include "ui/report/figure_exporter.h"
#include "ui/routing/gate_matrix_order.h"
#include "ui/routing/routing_maps.h"
#include "ui/scale/at_scale_figures.h"
#include "ui/scale/placement_grid_view.h"
#include "ui/scale/rank_load_view.h"
#include "ui/scale/stacked_bars_view.h"
#include "ui/territory/territory_view.h"
#include "ui/trace/trace_consistency_view.h"
#include "ui/trace/trace_load_view.h"
#include "ui/trace/trace_matrix_view.h"
#include "ui/training/curves_view.h"

#include <QCoreApplication>
#include <QLabel>
#include <QChartView>
#include <QSpinBox>

#include <algorithm>
#include <cmath>
#include <memory>

namespace moe::ui {
namespace {

// The report's own context, so the figures' texts translate with the rest of the report.
QString tr(const char* text) { return QCoreApplication::translate("moe::ui::RunReport", text); }

QString fixed(double v, int decimals) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}

}  // namespace

void ReportFigures::add(QWidget* view, QSize size, Section section, const QString& title,
                          const QString& explanation) {
    std::unique_ptr<QWidget> owned(view);
    // Laid out like a shown window but never on screen, so hidden layouts settle too.
    view->setAttribute(Qt::WA_DontShowOnScreen);
    view->resize(size);
    view->show();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // The report's own heading names the figure: no title band on the image.
    const FigureExporter figure(view, title, FigureExporter::ViewHasTitle);
    m_figures.push_back({title, explanation, figure.toImage(kScale), figure.size().toSize()});
    m_sections.push_back(section);
}

ReportFigures::ReportFigures(const ReportInput& in) {
    const bool regression = in.data.task == moe::Task::Regression;
    const moe::EpochSnapshot* last = in.history.empty() ? nullptr : &in.result;  // the kept epochs

    auto* curves = new CurvesView;
    curves->setHistory(QList<moe::EpochSnapshot>(in.history.begin(), in.history.end()), in.data.task,
                       in.config.train.epochs);
    curves->redrawNow();
    add(curves, {kWidth, 440}, Section::Learning, tr("Learning curves: the MoE against the dense baselines"),
        tr("<p>Each line is one model, trained on the same batches of data for the same number of epochs "
           "(one epoch = one pass over the training data). The top chart shows the <b>loss</b>, the error the "
           "training minimises: lower is better; solid lines are measured on test data the models never "
           "trained on, dashed ones on the training data. The bottom chart shows the %1 on the test data: "
           "higher is better.</p><p><b>Dense = params</b> is an ordinary network with as many weights as the "
           "MoE, all of them used for every input. <b>Dense = compute</b> is an ordinary network that does as "
           "much arithmetic per input as the MoE. A MoE pays off when its curve reaches that of dense = params "
           "while it costs like dense = compute.</p>")
            .arg(regression ? tr("R² (1 = perfect prediction, 0 = no better than the mean)")
                            : tr("accuracy (share of inputs classified right)")));

    if (!in.territory.expert.empty()) {
        auto* map = new TerritoryView;
        map->setData(in.data);
        map->setTerritory(in.territory);
        if (last) map->setExpertLoad(last->routing.expertLoad);
        add(map, {kWidth, 620}, Section::Territory, tr("Expert territory"),
            tr("<p>A Mixture of Experts is made of several small networks, the <b>experts</b>, and a small "
               "network called the <b>gate</b> (or router) that looks at each input and sends it to a few "
               "experts only. The map colours every point of the input plane by the expert the gate prefers "
               "there; paler colour means the gate hesitates between experts. The dots are the data, and the "
               "dark line is where the model's prediction changes.</p><p>Clear regions of one colour mean the "
               "experts have <b>specialised</b>: each handles its own part of the problem. The percentages in "
               "the legend are the share of test inputs each expert received; an expert near 0% is hardly "
               "used.</p>"));
    }

    const int layers = last ? RoutingMaps::layerCount(*last) : 1;
    const QString firstBlock =
        layers > 1 ? tr("<p>This run stacks %1 MoE blocks, each with its own gate; the map shows the first "
                        "block.</p>")
                         .arg(layers)
                   : QString();
    if (last) {
        auto* load = new HeatmapView;
        const HeatmapData data = RoutingMaps::load(in.history, 0);
        load->setData(data);
        const int height = std::clamp(150 + 26 * data.rows, 280, 560);
        add(load, {kWidth, height}, Section::Routing, tr("Load per expert over training"),
            tr("<p>One row per expert, one column per epoch (epoch 0 is the untrained model). The colour is the "
               "share of the test inputs' assignments that went to the expert: the brighter the cell, the more "
               "work that expert did (the colour bar gives the scale). A gate that shares the work evenly gives "
               "every expert 1/E of it, so the map settles into one even colour as training goes on.</p>"
               "<p><b>Good</b>: rows of similar colour. <b>Bad</b>: one or two bright rows with dark ones beside "
               "them that stay dark: the dark experts are weights the model carries but hardly uses.</p>") +
                firstBlock);
    }
    if (last && !regression) {
        auto* classes = new HeatmapView;
        const HeatmapData data = RoutingMaps::specialisation(last, in.data, 0);
        classes->setData(data);
        const int height = std::clamp(190 + 26 * data.rows, 300, 560);
        const moe::RoutingStats& stats = RoutingMaps::statsOf(*last, 0);
        add(classes, {kWidth, height}, Section::Routing, tr("Specialisation: which expert each class goes to"),
            tr("<p>One column per class of the data, one row per expert; each column shows how the inputs of "
               "that class were shared among the experts (it sums to 100%). The <b>NMI</b> in the title "
               "(normalised mutual information, here %1) measures in one number how much knowing the expert "
               "tells about the class: 0 when every class is spread over the experts alike, 1 when every class "
               "has experts of its own.</p><p>A bright cell alone in its column means that expert has "
               "specialised in that class. A high NMI is not required for a good model: experts may as well "
               "split the input space in ways that cut across classes, as the territory map shows.</p>")
                    .arg(std::isfinite(stats.classExpertNmi) ? fixed(stats.classExpertNmi, 2) : tr("not measured")) +
                firstBlock);
    }
    if (!in.gateMatrices.empty() && !in.gateMatrices.front().empty()) {
        const moe::GateMatrix& matrix = in.gateMatrices.front();
        const bool byClass = !matrix.labels.empty();
        const GateMatrixOrder::Key key = byClass ? GateMatrixOrder::Key::ByClass : GateMatrixOrder::Key::ByTopExpert;
        QStringList classNames;
        for (const std::string& name : in.data.classNames) classNames << QString::fromStdString(name);
        const GateMatrixOrder order = GateMatrixOrder::arrange(matrix, key, classNames);
        auto* gate = new HeatmapView;
        gate->setData(RoutingMaps::gate(matrix, order, key, true));
        add(gate, {kWidth, 560}, Section::Routing, tr("The gate's probabilities for every test input"),
            tr("<p>One row per test input, one column per expert. The colour is the probability the gate gives "
               "to sending that input to that expert (bright = likely, dark = unlikely): the rows of a softmax "
               "gate sum to 1, and the gate sends each input to the %1 expert(s) with the highest probability. "
               "%2</p><p><b>Good</b>: one bright cell per row, and different inputs bright in different "
               "columns - the gate is sure, and it shares the inputs out. <b>Bad</b>: rows of the same middling "
               "colour all along (the gate cannot tell the inputs apart), or one bright column for all rows "
               "(everything goes to one expert).</p>")
                    .arg(in.config.model.topK)
                    .arg(byClass ? tr("The rows are grouped by the input's true class and, inside a class, by "
                                      "the expert the gate prefers, so a gate that has learnt the classes "
                                      "shows one bright block per class.")
                                 : tr("The rows are grouped by the expert the gate prefers, the surest "
                                      "decisions first; band heights are the experts' shares.")) +
                firstBlock);
    }

    auto* bars = new CostBars;
    bars->setCost(in.cost);
    add(bars, {kWidth, bars->sizeHint().height()}, Section::Cost, tr("Cost per input (FLOPs, forward pass)"),
        tr("<p><b>FLOPs</b> count the multiplications and additions a model does to answer for one input. "
           "The MoE's bar is split into the gate, the experts it actually runs, and the step that combines "
           "their answers. Because each input visits only a few experts, the MoE can hold many weights "
           "(like dense = params) but spend little arithmetic per input (like dense = compute): that is the "
           "point of sparsity.</p>"));

    if (last) {
        auto* pareto = new ParetoView;
        pareto->setData(in.topK, in.cost, *last, in.data.task, in.config.model.topK, in.config.model.router);
        pareto->redrawNow();
        // A figure on paper: the readout of the trained k stays, the spin box that picks k goes.
        pareto->kSpinBox()->hide();
        for (QLabel* label : pareto->findChildren<QLabel*>())
            if (label->buddy() == pareto->kSpinBox()) label->hide();
        const QString swept =
            tr("<p>The trained MoE was run again on the test data with its gate allowed to pick <i>k</i> = 1, "
               "2, … up to all experts per input, without any retraining: each dot is one <i>k</i>, placed by "
               "the FLOPs it costs per input (across) and the %1 it reaches (up). The ring marks the <i>k</i> "
               "the model was trained with; the square and the triangle are the two dense baselines.</p>"
               "<p>Up and to the left is better: more %1 for less compute. A curve that rises steeply and "
               "then flattens means a few experts per input already give nearly everything; if the dense = "
               "compute triangle sits above the MoE, the experts are not earning their keep.</p>");
        const QString single =
            tr("<p>This run's router decides by its own rule how many experts an input gets, so there is no "
               "<i>k</i> to vary: the ring is the trained MoE, placed by the FLOPs it costs per input (across) "
               "and the %1 it reaches (up); the square and the triangle are the two dense baselines.</p>"
               "<p>Up and to the left is better: more %1 for less compute. If the dense = compute triangle sits "
               "above the MoE, the experts are not earning their keep.</p>");
        add(pareto, {kWidth, 400}, Section::Pareto, tr("Accuracy against compute as top-k varies"),
                  (in.topK.empty() ? single : swept).arg(regression ? tr("R²") : tr("accuracy")));
    }
    if (in.atScale) addAtScale(*in.atScale);
    if (in.trace && in.traceStats) addTraceFigures(in);
}

void ReportFigures::addAtScale(const AtScaleInput& in) {
    const AtScaleFigures f = computeAtScale(in);
    const auto bars = [this](const BarChart& chart, const QString& title, const QString& explanation) {
        auto* view = new StackedBarsView;
        view->setChart(chart);
        add(view, {kWidth, view->heightForWidth(kWidth)}, Section::AtScale, title, explanation);
    };
    if (f.hasCost) {
        bars(parameterFlopBars(f.cost), tr("At scale: parameters and FLOPs against the dense baselines"),
             tr("<p>The top bars count the model's parameters by part: all of them, and those one token uses (the "
                "router picks a few routed experts; attention, shared experts and embeddings are used by every "
                "token). The grey bars are the two dense baselines: one FFN as wide as all the experts (equal "
                "parameters), and one as wide as the chosen ones (equal compute). The lower bars are the FLOPs one "
                "generated token costs.</p>"));
        bars(memoryBars(f), tr("At scale: memory by dtype"),
             tr("<p>The weights at four number formats, with the KV cache of one sequence; below, what one rank "
                "holds when the routed experts are spread over the ranks and everything else is copied to each.</p>"));
    }
    if (!f.ep) return;
    auto* grid = new PlacementGridView;
    grid->setEstimate(*f.ep);
    add(grid, {kWidth, grid->heightForWidth(kWidth)}, Section::AtScale, tr("At scale: experts placed on ranks"),
        tr("<p>One row per rank, one column per routed expert: a cell is filled in the expert's colour on the rank "
           "that holds it, deeper the more tokens the expert gets.</p>"));
    auto* ranks = new RankLoadView;
    ranks->setEstimate(*f.ep);
    add(ranks, {kWidth, ranks->sizeHint().height()}, Section::AtScale, tr("At scale: routed work per rank"),
        tr("<p>Each rank's share of the routed work, made of its experts' loads. Every rank waits for the busiest "
           "one (outlined) at every layer; the dashed line is the even share.</p>"));
    bars(stepTimeBars(f), tr("At scale: step time, compute and all-to-all"),
         tr("<p>The estimated time of one MoE layer's step on the busiest rank: its compute, then the exchange of "
            "tokens with the other ranks (all-to-all); overlapped, the shorter hides behind the longer; and the "
            "compute if every rank had the mean load.</p>"));
}

void ReportFigures::addTraceFigures(const ReportInput& in) {
    const moe::RoutingTrace& t = *in.trace;
    const moe::TraceStats& s = *in.traceStats;
    auto* load = new HeatmapView;
    load->setData(TraceLoadView::loadMap(t, s));
    add(load, {kWidth, std::clamp(170 + 14 * t.layers(), 300, 640)}, Section::Trace,
        tr("Routing trace: load per MoE layer and expert"),
        tr("<p>One row per MoE layer of the recorded model, one column per expert. The colour is the share of "
           "the layer's assignments (every token's k choices) that went to the expert; a router that shares "
           "the work evenly gives every expert 1/E, marked on the colour bar. A dot marks a hot expert (at "
           "least twice 1/E), a cross a dead one (never chosen).</p>"));
    if (!t.countsOnly && t.meta.topK > 1) {
        const int layer = t.layers() / 2;  // a middle layer: the first ones are often the least structured
        auto* co = new HeatmapView;
        co->setData(TraceMatrixView::coActivationMap(
            t, s, layer, TraceMatrixView::expertOrder(TraceMatrixView::Kind::CoActivation, t, s, layer, true)));
        add(co, {kWidth, 600}, Section::Trace, tr("Routing trace: co-activation at a middle layer"),
            tr("<p>How often two experts are chosen for the same token, divided by the square root of their own "
               "counts (1 = always together). The experts are ordered so that those chosen together sit side by "
               "side (average-linkage clustering): bright blocks are groups of experts that work as a team.</p>"));
    }
    if (!s.consistency.empty()) {
        // The chart alone: the view's note invites hovering, which paper cannot do.
        auto* consistency = new TraceConsistencyView;
        consistency->setTrace(LoadedTrace{in.tracePath, in.trace, in.traceStats});
        QWidget* chart = consistency->chartView();
        chart->setParent(nullptr);
        delete consistency;
        add(chart, {kWidth, 400}, Section::Trace, tr("Routing trace: consistency between consecutive layers"),
            tr("<p>For each MoE layer and the next: the share of tokens whose first choice is the same expert "
               "id (dotted: what independent choices would give), the NMI of the two first choices - how well "
               "one layer's choice predicts the next, even when the ids differ - and the mean overlap of the "
               "two chosen sets.</p>"));
    }
}

}  // namespace moe::ui
