#include "ui/window/screenshot_runner.h"

#include "ui/teaching/formula_view.h"

#include "ui/cost/cost_dashboard.h"
#include "ui/cost/cost_panel.h"
#include "ui/scale/at_scale_view.h"
#include "ui/scale/stacked_bars_view.h"
#include "ui/training/curves_view.h"
#include "ui/data/data_page.h"
#include "ui/data/data_scatter_view.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/routing/gate_matrix_panel.h"
#include "ui/window/main_window.h"
#include "ui/settings/model_panel.h"
#include "ui/routing/routing_panel.h"
#include "ui/history/run_history_view.h"
#include "core/train/top_k_sweep.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "ui/routing/utilization_panel.h"
#include "ui/trace/trace_matrix_view.h"
#include "ui/trace/trace_workspace.h"
#include "ui/trace/trace_zoom_area.h"

#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cstdio>

namespace moe::ui {
namespace {

// Lets the views' redraw timers (50 ms) and the chart layouts settle before grabbing.
constexpr int kSettleMs = 400;

}  // namespace

ScreenshotRunner::ScreenshotRunner(MainWindow* window, const QDir& directory, QObject* parent)
    : QObject(parent), m_window(window), m_directory(directory) {}

void ScreenshotRunner::start() {
    TrainingController* c = m_window->controller();
    connect(c, &TrainingController::runEnded, this, [this](bool done) {
        // The inspector with a pinned sample (a data row a third of the way through the
        // data), pinned now so that it is laid out when the views are grabbed.
        if (done) m_window->gateInspector()->pinRow(static_cast<int>(m_window->controller()->data().rows / 3));
        if (done)
            QTimer::singleShot(kSettleMs, this, m_secondRun ? &ScreenshotRunner::captureHistory
                                                            : &ScreenshotRunner::captureMainViews);
        else
            fail(tr("training ended before the planned epochs"));
    });
    connect(c, &TrainingController::errorOccurred, this,
            [this](const QString& message) { fail(tr("cannot train: %1").arg(message)); });
    if (c->epochsCompleted() > 0 && !c->canStep()) {
        // A reopened session (--session-file) supplies the run: capture it as it was saved, once
        // the worker has computed its views from the saved weights (the sweep comes last).
        connect(c, &TrainingController::topKSweepChanged, this, [this] {
            m_window->gateInspector()->pinRow(static_cast<int>(m_window->controller()->data().rows / 3));
            QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::captureMainViews);
        }, Qt::SingleShotConnection);
        return;
    }
    if (!c->canTrain()) {
        fail(tr("cannot train: %1").arg(c->lastError().isEmpty() ? tr("invalid settings") : c->lastError()));
        return;
    }
    c->train();
}

void ScreenshotRunner::captureMainViews() {
    if (m_done) return;
    m_window->centreTabs()->setCurrentIndex(0);
    m_window->curvesView()->redrawNow();
    m_window->gateInspector()->refreshNow();
    const bool ok = save(m_window, QStringLiteral("main-window.png")) &&
                    save(m_window->gateInspector(), QStringLiteral("gate-inspector.png")) &&
                    save(m_window->territoryView(), QStringLiteral("territory-map.png")) &&
                    save(m_window->curvesView(), QStringLiteral("curves.png")) &&
                    save(m_window->costPanel(), QStringLiteral("cost.png")) &&
                    save(m_window->routingPanel(), QStringLiteral("routing.png")) &&
                    save(m_window->modelPanel(), QStringLiteral("model-settings.png"));
    if (!ok) return;
    // The map's other modes: the model's decision, and the busiest expert alone.
    TerritoryView* map = m_window->territoryView();
    const std::vector<double>& load = m_window->controller()->history().constLast().routing.expertLoad;
    const int busiest = load.empty() ? 0 : static_cast<int>(std::max_element(load.begin(), load.end()) - load.begin());
    map->setMode(TerritoryView::Mode::Decision);
    const bool modesOk = save(map, QStringLiteral("territory-decision.png"));
    map->setSelectedExpert(busiest);
    map->setMode(TerritoryView::Mode::ExpertAlone);
    const bool expertOk = modesOk && save(map, QStringLiteral("territory-expert-alone.png"));
    map->setMode(TerritoryView::Mode::Experts);
    if (!expertOk) return;
    // The data view lives in the other tab: show it, let it lay out, then grab it.
    m_window->centreTabs()->setCurrentWidget(m_window->dataPage());
    QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::captureData);
}

void ScreenshotRunner::captureData() {
    if (m_done) return;
    // The whole data page: summary, class counts, scatter (PCA beyond two features), table.
    if (!save(m_window->dataPage(), QStringLiteral("data.png"))) return;
    // The formula tab writes out the pinned input; the whole window shows it above the bars.
    m_window->formulaView()->refreshNow();
    captureTab(m_window->formulaView(), QStringLiteral("formula.png"), [this] {
        if (!save(m_window, QStringLiteral("formula-window.png"))) return;
        captureTab(m_window->findChild<UtilizationPanel*>(), QStringLiteral("utilization.png"), [this] {
            captureTab(m_window->findChild<GateMatrixPanel*>(), QStringLiteral("gate-matrix.png"),
                       [this] { showCost(); });
        });
    });
}

void ScreenshotRunner::captureTab(QWidget* tab, const QString& fileName, const std::function<void()>& next) {
    if (m_done) return;
    if (!tab) {
        fail(tr("no view for %1").arg(fileName));
        return;
    }
    m_window->centreTabs()->setCurrentWidget(tab);
    QTimer::singleShot(kSettleMs, this, [this, tab, fileName, next] {
        if (m_done || !save(tab, fileName)) return;
        next();
    });
}

void ScreenshotRunner::captureTrace(int view) {
    // With a routing trace open (--trace): its window, then each of its views.
    if (m_done) return;
    TraceWorkspace* trace = m_window->traceWorkspace();
    static const char* const names[] = {"trace-load.png", "trace-tokens.png", "trace-coactivation.png",
                                        "trace-specialisation.png", "trace-consistency.png"};
    if (view >= trace->views()->count()) {
        trace->views()->setCurrentIndex(0);
        m_traceDone = true;
        finish();
        return;
    }
    trace->resize(m_window->size());  // the workspace's own window, at the screenshots' size
    trace->views()->setCurrentIndex(view);
    QTimer::singleShot(kSettleMs, this, [this, trace, view] {
        if (m_done) return;
        if (view == 0 && !save(trace, QStringLiteral("trace-window.png"))) return;
        if (!save(trace->views()->currentWidget(), QLatin1String(names[view]))) return;
        if (trace->views()->currentWidget() != trace->coActivationView()) {
            captureTrace(view + 1);
            return;
        }
        // The co-activation matrix zoomed in, as a person reads a 128 x 128 one cell by cell.
        trace->coActivationView()->zoomArea()->setZoom(4.0);
        QTimer::singleShot(kSettleMs, this, [this, trace, view] {
            if (m_done || !save(trace->views()->currentWidget(), QStringLiteral("trace-coactivation-zoomed.png"))) return;
            trace->coActivationView()->zoomArea()->setZoom(1.0);
            captureTrace(view + 1);
        });
    });
}

void ScreenshotRunner::finish() {
    if (m_done) return;
    if (!m_traceDone && m_window->traceWorkspace()->hasTrace()) {
        captureTrace(0);
        return;
    }
    m_window->centreTabs()->setCurrentIndex(0);
    m_done = true;
    emit finished(0);
}

void ScreenshotRunner::showCost() {
    if (m_done) return;
    m_window->centreTabs()->setCurrentWidget(m_window->costTabs());
    m_window->costTabs()->setCurrentWidget(m_window->costDashboard());
    // The latency is measured after the run ends, on the training thread: wait for it.
    TrainingController* c = m_window->controller();
    if (c->hasLatency()) {
        QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::captureCost);
        return;
    }
    connect(c, &TrainingController::latencyChanged, this,
            [this] { QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::captureCost); },
            Qt::SingleShotConnection);
}

void ScreenshotRunner::captureCost() {
    if (m_done) return;
    m_window->costDashboard()->redrawNow();
    if (!save(m_window->costDashboard(), QStringLiteral("cost-dashboard.png"))) return;
    // The Cost tab's other page: the shipped preset it opens on, spread over ranks.
    m_window->costTabs()->setCurrentWidget(m_window->atScaleView());
    QTimer::singleShot(kSettleMs, this, &ScreenshotRunner::captureAtScale);
}

void ScreenshotRunner::captureAtScale() {
    if (m_done) return;
    // The page, the window around it, and the page's figures whole (they scroll in the window).
    if (!save(m_window->atScaleView(), QStringLiteral("cost-at-scale.png")) ||
        !save(m_window, QStringLiteral("cost-at-scale-window.png")) ||
        !save(m_window->atScaleView()->splitView()->parentWidget(), QStringLiteral("cost-at-scale-figures.png")))
        return;
    m_window->costTabs()->setCurrentWidget(m_window->costDashboard());
    startSecondRun();
}

void ScreenshotRunner::startSecondRun() {
    // A second run that differs in one setting, so the history compares two real runs.
    moe::RunConfig config = m_window->modelPanel()->config();
    if (moe::topKSweepApplies(config.model.router) && config.model.experts > 1)
        config.model.topK = config.model.topK == 1 ? 2 : 1;
    else
        config.train.seed += 1;
    m_secondRun = true;
    m_window->modelPanel()->setConfig(config);  // the controller rebuilds from it
    TrainingController* c = m_window->controller();
    if (!c->canTrain()) {
        fail(tr("cannot train the second run: %1").arg(c->lastError()));
        return;
    }
    c->train();
}

void ScreenshotRunner::captureHistory() {
    if (m_done) return;
    m_window->runHistory()->redrawNow();
    captureTab(m_window->runHistory(), QStringLiteral("run-history.png"), [this] { finish(); });
}

bool ScreenshotRunner::save(QWidget* widget, const QString& fileName) {
    const QString path = m_directory.filePath(fileName);
    if (!widget->grab().save(path, "PNG")) {
        fail(tr("cannot write %1").arg(path));
        return false;
    }
    m_written << path;
    return true;
}

void ScreenshotRunner::fail(const QString& message) {
    if (m_done) return;
    m_done = true;
    QTextStream(stderr) << "moe-explorer: " << message << '\n';
    emit finished(1);
}

}  // namespace moe::ui
