// Tests ui/trace (TraceWorkspace and its views, TraceLoader) offscreen: the hand-routed trace
// of tests/support/trace_fixtures.h, written with core's writer and opened in the background,
// shows the loads, CV, MaxVio, dead and hot experts, co-activation, label shares, tokens and
// consistency worked out on paper below; a trace without labels, a top-1 trace and a
// count-only trace say what they lack; a bad file is refused through a message naming the
// file and the field, and the window stays as it was; the window gains its Trace tab.
#include "core/trace/trace_writer.h"
#include "tests/support/temp_files.h"
#include "tests/support/trace_fixtures.h"
#include "ui/charts/heatmap_view.h"
#include "ui/trace/trace_consistency_view.h"
#include "ui/trace/trace_layer_model.h"
#include "ui/trace/trace_load_view.h"
#include "ui/trace/trace_matrix_view.h"
#include "ui/trace/trace_token_view.h"
#include "ui/trace/trace_workspace.h"
#include "ui/trace/trace_zoom_area.h"
#include "ui/scale/at_scale_view.h"
#include "ui/window/main_window.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QLineSeries>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolTip>
#include <QPainter>
#include <QImage>

#include <cmath>

using namespace moe::ui;

namespace {

bool near(double a, double b) { return std::fabs(a - b) < 1e-9; }

QString writeTrace(const QTemporaryDir& dir, const QString& name, const moe::RoutingTrace& trace) {
    const QString path = dir.filePath(name);
    const moe::Status s = moe::writeTraceFile(path.toStdString(), trace);
    if (!s) qFatal("cannot write %s: %s", qPrintable(path), s.error().c_str());
    return path;
}

// Opens `path` in `w` through the background loader and waits for it.
bool openAndWait(TraceWorkspace& w, const QString& path) {
    QSignalSpy opened(&w, &TraceWorkspace::traceOpened);
    QSignalSpy failed(&w, &TraceWorkspace::openFailed);
    w.openFile(path);
    return QTest::qWaitFor([&] { return opened.count() + failed.count() > 0; }, 20000) && opened.count() == 1;
}

QString cell(const QAbstractItemModel* m, int row, int col) { return m->data(m->index(row, col)).toString(); }

}  // namespace

class TestTraceWorkspace : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void loadsCvAndMaxVioByHand() {
        // Layer 1: counts 5, 4, 2, 1 of 12 (mean 3, population std sqrt(2.5)); layer 3: 0, 0, 6, 6.
        QTemporaryDir dir;
        TraceWorkspace w;
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        QVERIFY(w.hasTrace());
        const HeatmapData& d = w.loadView()->map()->data();
        QCOMPARE(d.rows, 2);
        QCOMPARE(d.cols, 4);
        QVERIFY(near(d.value(0, 0), 5.0 / 12) && near(d.value(0, 1), 4.0 / 12) && near(d.value(0, 2), 2.0 / 12) &&
                near(d.value(0, 3), 1.0 / 12));
        QVERIFY(near(d.value(1, 0), 0.0) && near(d.value(1, 2), 0.5) && near(d.value(1, 3), 0.5));
        QVERIFY(d.reference && near(*d.reference, 0.25));  // the balanced share 1/E
        QCOMPARE(d.mark(1, 0), static_cast<unsigned char>(HeatmapData::Cross));  // dead
        QCOMPARE(d.mark(1, 2), static_cast<unsigned char>(HeatmapData::Dot));    // hot: 6 >= 2 x 3
        QCOMPARE(d.mark(0, 0), static_cast<unsigned char>(HeatmapData::NoMark)); // 5 < 6
        QCOMPARE(d.rowLabels, (QStringList{QStringLiteral("Layer 1"), QStringLiteral("Layer 3")}));

        const TraceLayerModel* m = w.loadView()->model();
        QAbstractItemModelTester tester(const_cast<TraceLayerModel*>(m));
        QCOMPARE(m->rowCount(), 2);
        QCOMPARE(cell(m, 0, TraceLayerModel::LayerColumn), QStringLiteral("1"));
        QCOMPARE(cell(m, 0, TraceLayerModel::CvColumn), QString::number(std::sqrt(2.5) / 3.0, 'f', 3));  // 0.527
        QCOMPARE(cell(m, 0, TraceLayerModel::MaxVioColumn), QStringLiteral("0.667"));                    // (5-3)/3
        QCOMPARE(cell(m, 1, TraceLayerModel::CvColumn), QStringLiteral("1.000"));                        // std 3, mean 3
        QCOMPARE(cell(m, 1, TraceLayerModel::MaxVioColumn), QStringLiteral("1.000"));
        QCOMPARE(cell(m, 1, TraceLayerModel::DeadColumn), QStringLiteral("2: Experts 1, 2"));
        QCOMPARE(cell(m, 1, TraceLayerModel::HotColumn), QStringLiteral("2: Experts 3, 4"));
        QCOMPARE(cell(m, 0, TraceLayerModel::DeadColumn), QStringLiteral("0"));
        QCOMPARE(cell(m, 0, TraceLayerModel::TopWeightColumn), QStringLiteral("0.600"));
        QVERIFY(w.summaryText().contains(QStringLiteral("6 tokens in 2 sequences")));
        QVERIFY(w.summaryText().contains(QStringLiteral("2 MoE layers of 4 experts, top-2")));
    }

    void coActivationByHand() {
        // Layer 1 pairs: {0,1} three times, {0,2}, {1,2}, {0,3} once: c01 / sqrt(5 x 4) = 3 / sqrt(20).
        QTemporaryDir dir;
        TraceWorkspace w;
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        TraceMatrixView* co = w.coActivationView();
        co->setClustered(false);
        const HeatmapData& d = co->map()->data();
        QCOMPARE(d.rows, 4);
        QVERIFY(near(d.value(0, 1), 3.0 / std::sqrt(20.0)));
        QVERIFY(near(d.value(1, 0), 3.0 / std::sqrt(20.0)));
        QVERIFY(near(d.value(0, 2), 1.0 / std::sqrt(10.0)));
        QVERIFY(near(d.value(1, 2), 1.0 / std::sqrt(8.0)));
        QVERIFY(near(d.value(1, 3), 0.0));
        QVERIFY(std::isnan(d.value(2, 2)));  // the diagonal is left blank
        QVERIFY(co->noteText().contains(QStringLiteral("1+2 (3 tokens")));  // experts 0 and 1, numbered from 1
        co->setClustered(true);
        QCOMPARE(co->order(), (std::vector<int>{0, 1, 2, 3}));
        // Layer 3: every token chose {2, 3}: always together; 0 and 1 never chosen, last.
        co->setLayer(1);
        QCOMPARE(co->order(), (std::vector<int>{2, 3, 0, 1}));
        QVERIFY(near(co->map()->data().value(0, 1), 1.0));  // experts 2 and 3, drawn first
        QVERIFY(near(co->map()->data().value(2, 3), 0.0));
        QCOMPARE(co->map()->data().rowLabels.first(), QStringLiteral("Expert 3"));
    }

    void specialisationByHand() {
        // Layer 1, code (tokens 0-2): {0,1} {0,1} {0,2}: 3/6, 2/6, 1/6, 0; prose: {1,2} {0,1} {0,3}: 2, 2, 1, 1 of 6.
        QTemporaryDir dir;
        TraceWorkspace w;
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        TraceMatrixView* spec = w.specialisationView();
        spec->setClustered(false);
        const HeatmapData& d = spec->map()->data();
        QCOMPARE(d.rows, 2);
        QCOMPARE(d.rowLabels, (QStringList{QStringLiteral("code"), QStringLiteral("prose")}));
        QVERIFY(near(d.value(0, 0), 0.5) && near(d.value(0, 1), 2.0 / 6) && near(d.value(0, 2), 1.0 / 6) &&
                near(d.value(0, 3), 0.0));
        QVERIFY(near(d.value(1, 0), 2.0 / 6) && near(d.value(1, 3), 1.0 / 6));
        QVERIFY(spec->noteText().contains(QStringLiteral("6 of 6 tokens are labelled")));
        QVERIFY(d.subtitle.contains(QStringLiteral("NMI")));
    }

    void tokensAndConsistencyByHand() {
        QTemporaryDir dir;
        TraceWorkspace w;
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        TraceTokenView* tokens = w.tokenView();
        QCOMPARE(tokens->sequences().size(), std::size_t{2});
        QCOMPARE(tokens->shownTokens(), (std::vector<std::size_t>{0, 1, 2}));
        QCOMPARE(tokens->firstChoice(0), 0);
        QVERIFY2(tokens->keyText().contains(QStringLiteral("Expert 1&nbsp;</span> 3")), qPrintable(tokens->keyText()));
        tokens->setSequence(1);
        QCOMPARE(tokens->shownTokens(), (std::vector<std::size_t>{3, 4, 5}));
        QCOMPARE(tokens->firstChoice(0), 1);  // token 3 chose {1, 2} at layer 1
        tokens->setLayer(1);
        QCOMPARE(tokens->firstChoice(0), 2);  // and {2, 3} at layer 3
        QCOMPARE(TraceTokenView::displayText(*w.trace().trace, 4), QStringLiteral(" cat"));
        const QString tip = tokens->tokenToolTip(3);
        QVERIFY2(tip.contains(QStringLiteral("L1&nbsp;")) && tip.contains(QStringLiteral("L3&nbsp;")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("0.60")) && tip.contains(QStringLiteral("0.40")), qPrintable(tip));
        QVERIFY(tip.contains(QStringLiteral("label prose")));

        // From layer 1 to 3: no first choice kept (layer 3 always starts with expert 2, which
        // layer 1 never chooses first); sets overlap in {0,2}, {1,2}, {0,3}: 3 x 1/2 over 6 tokens.
        TraceConsistencyView* c = w.consistencyView();
        QCOMPARE(c->sameTop1()->count(), 1);
        QCOMPARE(c->sameTop1()->at(0), QPointF(1, 0.0));
        QCOMPARE(c->chance()->at(0), QPointF(1, 0.0));
        QVERIFY(near(c->overlap()->at(0).y(), 0.25));
    }

    void whatATraceLacksIsSaid() {
        QTemporaryDir dir;
        TraceWorkspace w;
        moe::RoutingTrace t = moe::testing::handRoutedTrace();
        t.meta.labels.clear();
        t.label.clear();
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("unlabelled.safetensors"), t)));
        QVERIFY(w.specialisationView()->noteText().contains(QStringLiteral("no token labels")));
        QVERIFY(!w.specialisationView()->layerBox()->isEnabled());
        // Top-1: no pairs.
        moe::RoutingTrace top1 = moe::testing::handRoutedTrace();
        top1.meta.topK = 1;
        std::vector<std::uint16_t> ids;
        std::vector<float> weights;
        for (std::size_t i = 0; i < top1.expertIds.size(); i += 2) {
            ids.push_back(top1.expertIds[i]);
            weights.push_back(1.0f);
        }
        top1.expertIds = ids;
        top1.weights = weights;
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("top1.safetensors"), top1)));
        QVERIFY(w.coActivationView()->noteText().contains(QStringLiteral("top-1")));
        // Count-only: loads only.
        moe::RoutingTrace counts;
        counts.meta = top1.meta;
        counts.countsOnly = true;
        counts.steps = 1;
        counts.counts = {5, 4, 2, 1, 0, 0, 6, 6};
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("counts.safetensors"), counts)));
        QVERIFY(near(w.loadView()->map()->data().value(0, 0), 5.0 / 12));
        QVERIFY(w.coActivationView()->noteText().contains(QStringLiteral("count-only")));
        QVERIFY(w.tokenView()->shownTokens().empty());
        QVERIFY(w.summaryText().contains(QStringLiteral("count-only")));
    }

    void windowOpensItsTraceWindow() {
        QTemporaryDir dir;
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        QAction* open = window.findChild<QAction*>(QStringLiteral("openTraceAction"));
        QVERIFY(open);
        QCOMPARE(open->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
        bool inFileMenu = false;
        for (QAction* top : window.menuBar()->actions())
            if (top->menu() && top->menu()->actions().contains(open)) inFileMenu = true;
        QVERIFY(inFileMenu);
        TraceWorkspace* trace = window.traceWorkspace();
        QVERIFY(trace->isWindow() && !trace->isVisible());  // a window of its own, shown once a trace opens
        const int tabs = window.centreTabs()->count();
        QVERIFY(openAndWait(*trace, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        QVERIFY(trace->isVisible());
        QVERIFY(trace->windowTitle().contains(QStringLiteral("hand.safetensors")));
        QVERIFY(!trace->testAttribute(Qt::WA_QuitOnClose));  // closing the main window still quits
        // The main window is as it was: its tabs, and its size at 1024 x 768.
        QCOMPARE(window.centreTabs()->count(), tabs);
        QCOMPARE(window.size(), QSize(1024, 768));
        // The workspace keeps the shortcut to open another trace.
        QVERIFY(trace->actions().contains(open));
    }

    void estimateAtScaleUsesTheChosenLayersLoads() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        TraceWorkspace* trace = window.traceWorkspace();
        QPushButton* button = trace->loadView()->atScaleButton();
        QVERIFY(!button->isEnabled());  // no trace yet
        QVERIFY(openAndWait(*trace, writeTrace(dir, QStringLiteral("hand.safetensors"), moe::testing::handRoutedTrace())));
        QVERIFY(button->isEnabled());
        // No selection: the layer with the largest MaxVio, network layer 3 (1.000 against 0.667).
        QCOMPARE(trace->loadView()->chosenLayer(), 1);
        // The selected row wins: network layer 1, counts 5, 4, 2, 1 of 12.
        trace->loadView()->table()->selectRow(0);
        QCOMPARE(trace->loadView()->chosenLayer(), 0);
        QTest::mouseClick(button, Qt::LeftButton);
        const AtScaleInput in = window.atScaleView()->input();
        QCOMPARE(in.model.config.moe.experts, 4);
        QCOMPARE(in.model.config.moe.topK, 2);
        QCOMPARE(in.loads.size(), std::size_t(4));
        QVERIFY(near(in.loads[0], 5.0 / 12) && near(in.loads[1], 4.0 / 12) && near(in.loads[2], 2.0 / 12) &&
                near(in.loads[3], 1.0 / 12));
        QVERIFY2(in.routing.contains(QStringLiteral("layer 1 of the routing trace hand.safetensors")),
                 qPrintable(in.routing));
        QVERIFY(window.atScaleView()->wasUsed());
        QCOMPARE(window.centreTabs()->currentWidget(), window.costTabs());
        QCOMPARE(window.costTabs()->currentWidget(), window.atScaleView());
        // The estimate's busiest rank carries the measured imbalance: 4 experts on the page's ranks.
        const AtScaleFigures& f = window.atScaleView()->figures();
        QVERIFY(f.ep.has_value());
        QVERIFY(f.ep->imbalance > 1.0);
    }

    void badTraceIsRefusedAndTheWindowStays() {
        QTemporaryDir dir;
        MainWindow window;
        window.show();
        TraceWorkspace* w = window.traceWorkspace();
        QVERIFY(openAndWait(*w, writeTrace(dir, QStringLiteral("good.safetensors"), moe::testing::handRoutedTrace())));
        const auto before = w->trace().trace;
        const int tabs = window.centreTabs()->count();
        const QString summary = w->summaryText();
        const QString bad = moe::testing::writeFile(dir, QStringLiteral("bad.safetensors"), QByteArray("\x05\x00", 2));
        QSignalSpy failed(w, &TraceWorkspace::openFailed);
        w->openFile(bad);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        const QString message = failed.at(0).at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("bad.safetensors")) && message.contains(QStringLiteral("truncated")),
                 qPrintable(message));
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>()) != nullptr && box->isVisible());
        QVERIFY(box->text().contains(QStringLiteral("bad.safetensors")));
        QCOMPARE(box->textFormat(), Qt::PlainText);
        box->close();
        // As it was: the same trace, tabs and summary.
        QCOMPARE(w->trace().trace, before);
        QCOMPARE(window.centreTabs()->count(), tabs);
        QCOMPARE(w->summaryText(), summary);
        // A missing file the same way.
        w->openFile(dir.filePath(QStringLiteral("nowhere.safetensors")));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 20000);
        QVERIFY(failed.at(1).at(1).toString().contains(QStringLiteral("nowhere.safetensors")));
        QCOMPARE(w->trace().trace, before);
    }

    void aLargeTraceStaysReadable() {
        // 48 layers x 128 experts: the map fits at 1280x800 and zooms to scroll.
        moe::RoutingTrace t;
        t.meta.model = "large";
        t.meta.experts = 128;
        t.meta.topK = 8;
        for (int l = 0; l < 48; ++l) t.meta.moeLayers.push_back(l);
        const std::size_t T = 64;
        for (std::size_t i = 0; i < T; ++i) {
            t.sequence.push_back(0);
            t.position.push_back(static_cast<std::int32_t>(i));
        }
        for (int l = 0; l < 48; ++l)
            for (std::size_t i = 0; i < T; ++i)
                for (int r = 0; r < 8; ++r) {
                    t.expertIds.push_back(static_cast<std::uint16_t>((i * 8 + static_cast<std::size_t>(r) + static_cast<std::size_t>(l)) % 128));
                    t.weights.push_back(0.125f);
                }
        QTemporaryDir dir;
        TraceWorkspace w;
        w.resize(1000, 640);
        w.show();
        QVERIFY(openAndWait(w, writeTrace(dir, QStringLiteral("large.safetensors"), t)));
        QCOMPARE(w.loadView()->map()->data().rows, 48);
        QCOMPARE(w.loadView()->map()->data().cols, 128);
        w.coActivationView()->zoomArea()->setZoom(4.0);
        w.views()->setCurrentWidget(w.coActivationView());
        QTRY_VERIFY(w.coActivationView()->map()->width() > 2 * w.coActivationView()->zoomArea()->viewport()->width());
        QVERIFY(!w.coActivationView()->map()->cellRect(127, 127).isEmpty());
        // A token's tooltip lists 48 layers x 8 choices: it fits on a 1280 x 800 screen.
        QTextDocument tip;
        tip.setDefaultFont(QToolTip::font());
        tip.setHtml(w.tokenView()->tokenToolTip(5));
        tip.setTextWidth(tip.idealWidth());
        QVERIFY2(tip.idealWidth() < 1200 && tip.size().height() < 760,
                 qPrintable(QStringLiteral("%1 x %2").arg(tip.idealWidth()).arg(tip.size().height())));
        if (qEnvironmentVariableIsSet("MOE_TRACE_TOOLTIP_PNG")) {
            QImage image(tip.size().toSize(), QImage::Format_RGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            tip.drawContents(&painter);
            image.save(qEnvironmentVariable("MOE_TRACE_TOOLTIP_PNG"));
        }
    }
};

QTEST_MAIN(TestTraceWorkspace)
#include "tst_trace_workspace.moc"
