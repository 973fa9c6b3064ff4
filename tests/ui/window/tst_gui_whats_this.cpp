// What's This and accessibility over the real window, offscreen: every visible control and
// view, on every tab, for every router, in mixture and in trained block mode, with the
// Glossary and Lessons docks open, a routing trace open and a lesson playing, has a What's This that says what it
// is, the idea behind it and something to try; every control has an accessible name and
// description; the book names no widget the window lacks; a glossary link in a bubble
// opens the glossary. Failures name the widget.
#include "tests/support/worker_waits.h"
#include "tests/support/widget_walk.h"
#include "ui/data/data_panel.h"
#include "ui/glossary/glossary_dock.h"
#include "ui/help/whats_this_book.h"
#include "ui/help/whats_this_helper.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_player.h"
#include "ui/glossary/app_glossary.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/window/main_window.h"
#include "ui/trace/trace_loader.h"
#include "ui/trace/trace_workspace.h"
#include "core/trace/trace_writer.h"
#include "tests/support/trace_fixtures.h"

#include <QAccessible>
#include <QAction>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWhatsThisClickedEvent>

#include <utility>

using namespace moe::ui;
using namespace moe::test;

namespace {

// A widget is explained by its own What's This, or, for a part of a composite (the chart
// inside a curves view, the text inside the formula view), by the composite's: the nearest
// enclosing view or control (Qt shows an ancestor's What's This for a part without one).
bool explained(const QWidget* w) {
    if (!w->whatsThis().isEmpty()) return true;
    for (const QWidget* p = w->parentWidget(); p && !p->isWindow(); p = p->parentWidget())
        if (isView(p) || isControl(p)) return !p->whatsThis().isEmpty();
    return false;
}

// The first lesson step of the course that asks a question.
std::pair<const moe::Lesson*, int> firstQuestion(const Course& course) {
    for (const moe::Lesson& lesson : course.lessons)
        for (std::size_t i = 0; i < lesson.steps.size(); ++i)
            if (lesson.steps[i].question) return {&lesson, static_cast<int>(i)};
    return {nullptr, 0};
}

}  // namespace

class TestGuiWhatsThis : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void theShippedBookLoads();
    void everyControlAndViewHasWhatsThis();
    void theBookNamesOnlyWidgetsTheWindowHas();
    void shiftF1EntersWhatsThisMode();
    void aGlossaryLinkOpensTheGlossary();

private:
    // Adds every visible control and view without What's This, or (controls) without an
    // accessible name or description, to the lists; returns how many were checked.
    static int check(QWidget& window, QStringList& noWhatsThis, QStringList& noAccessible);
    static void walk(MainWindow& w, QStringList& noWhatsThis, QStringList& noAccessible, int& checked);
};

void TestGuiWhatsThis::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

void TestGuiWhatsThis::theShippedBookLoads() {
    QVERIFY2(applicationWhatsThisError().isEmpty(), qPrintable(applicationWhatsThisError()));
    QVERIFY(applicationWhatsThis().entries().size() >= 60);
}

int TestGuiWhatsThis::check(QWidget& window, QStringList& noWhatsThis, QStringList& noAccessible) {
    int checked = 0;
    for (QWidget* c : window.findChildren<QWidget*>()) {
        if (!c->isVisible() || isQtInternal(c)) continue;
        const bool control = isControl(c);
        if (!control && !isView(c)) continue;
        ++checked;
        if (!explained(c)) noWhatsThis << describe(c);
        else if (!c->whatsThis().isEmpty() &&
                 (!c->whatsThis().contains(QStringLiteral("The idea:")) || !c->whatsThis().contains(QStringLiteral("Try this:"))))
            noWhatsThis << describe(c) + QStringLiteral(" (no idea or nothing to try)");
        if (!control) continue;
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(c);
        if (!iface || iface->text(QAccessible::Name).trimmed().isEmpty())
            noAccessible << describe(c) + QStringLiteral(" (no accessible name)");
        else if (iface->text(QAccessible::Description).trimmed().isEmpty())
            noAccessible << describe(c) + QStringLiteral(" (no accessible description)");
    }
    return checked;
}

void TestGuiWhatsThis::walk(MainWindow& w, QStringList& noWhatsThis, QStringList& noAccessible, int& checked) {
    visitEveryTab(w, [&] {
        checked += check(w, noWhatsThis, noAccessible);
        for (QDockWidget* d : w.findChildren<QDockWidget*>()) checked += check(*d, noWhatsThis, noAccessible);
    });
}

void TestGuiWhatsThis::everyControlAndViewHasWhatsThis() {
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    for (QDockWidget* d : w.findChildren<QDockWidget*>()) d->show();
    QStringList noWhatsThis, noAccessible;
    int checked = 0;

    // Every router shows its own settings; block mode its layers.
    auto* router = w.findChild<QComboBox*>(QStringLiteral("router"));
    auto* mode = w.findChild<QComboBox*>(QStringLiteral("mode"));
    QVERIFY(router && mode);
    for (int m = 0; m < mode->count(); ++m) {
        mode->setCurrentIndex(m);
        for (int r = 0; r < router->count(); ++r) {
            router->setCurrentIndex(r);
            QCoreApplication::processEvents();
            walk(w, noWhatsThis, noAccessible, checked);
        }
    }

    // A trained two-block model shows the block selectors and every result view filled.
    router->setCurrentIndex(router->findText(QStringLiteral("softmax-topk")));
    w.findChild<QSpinBox*>(QStringLiteral("layers"))->setValue(2);
    w.dataPanel()->setSamples(200);
    w.setEpochs(2);
    TrainingController* c = w.controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    w.trainingPanel()->trainAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    walk(w, noWhatsThis, noAccessible, checked);

    // A routing trace open: the Trace tab and every one of its views.
    QTemporaryDir dir;
    const QString tracePath = dir.filePath(QStringLiteral("hand.safetensors"));
    QVERIFY(moe::writeTraceFile(tracePath.toStdString(), moe::testing::handRoutedTrace()).ok());
    const moe::Result<LoadedTrace> trace = TraceLoader::read(tracePath);
    QVERIFY(trace.ok());
    w.traceWorkspace()->setTrace(trace.value());
    QCoreApplication::processEvents();
    QVERIFY(w.traceWorkspace()->isVisible());
    walk(w, noWhatsThis, noAccessible, checked);

    // A lesson playing: its task, check and navigation; then a step with a question.
    const Course& course = shippedCourse(&applicationGlossary());
    QVERIFY(!course.lessons.empty());
    QVERIFY(w.lessonPlayer()->start(course.lessons.front()).isEmpty());
    QCoreApplication::processEvents();
    walk(w, noWhatsThis, noAccessible, checked);
    const auto [asking, step] = firstQuestion(course);
    QVERIFY(asking);
    QVERIFY(w.lessonPlayer()->start(*asking, step).isEmpty());
    QCoreApplication::processEvents();
    walk(w, noWhatsThis, noAccessible, checked);

    noWhatsThis.removeDuplicates();
    noAccessible.removeDuplicates();
    QVERIFY2(checked > 200, qPrintable(QStringLiteral("only %1 controls and views found").arg(checked)));
    QVERIFY2(noWhatsThis.isEmpty(), qPrintable(QStringLiteral("without What's This (add the object name to "
                                                              "resources/help/whats-this.json):\n  ") +
                                               noWhatsThis.join(QStringLiteral("\n  "))));
    QVERIFY2(noAccessible.isEmpty(),
             qPrintable(QStringLiteral("controls a screen reader cannot name:\n  ") + noAccessible.join(QStringLiteral("\n  "))));
}

void TestGuiWhatsThis::theBookNamesOnlyWidgetsTheWindowHas() {
    MainWindow w;
    QStringList stale;
    for (const WhatsThisEntry& e : applicationWhatsThis().entries())
        for (const QString& name : e.widgets) {
            const bool prefix = name.endsWith(QLatin1Char('*'));
            if (prefix) continue;  // numbered widgets made while a lesson asks (lessonChoice0, ...)
            if (!w.findChild<QWidget*>(name)) stale << name;
        }
    QVERIFY2(stale.isEmpty(), qPrintable(QStringLiteral("entries for widgets the window does not have:\n  ") +
                                         stale.join(QStringLiteral("\n  "))));
}

void TestGuiWhatsThis::shiftF1EntersWhatsThisMode() {
    MainWindow w;
    QAction* action = w.findChild<QAction*>(QStringLiteral("whatsThisAction"));
    QVERIFY(action);
    QVERIFY(action->shortcuts().contains(QKeySequence(Qt::SHIFT | Qt::Key_F1)));
    bool inHelpMenu = false;
    for (QAction* top : w.menuBar()->actions())
        if (top->menu() && top->menu()->actions().contains(action)) inHelpMenu = true;
    QVERIFY(inHelpMenu);
    QVERIFY(w.findChild<QToolButton*>(QStringLiteral("whatsThisButton")));
}

void TestGuiWhatsThis::aGlossaryLinkOpensTheGlossary() {
    MainWindow w;
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    auto* topK = w.findChild<QWidget*>(QStringLiteral("top-k"));
    QVERIFY(topK);
    QVERIFY(topK->whatsThis().contains(QStringLiteral("href=\"glossary:top-k\"")));
    QWhatsThisClickedEvent click(QStringLiteral("glossary:top-k"));
    QCoreApplication::sendEvent(topK, &click);
    auto* glossary = w.findChild<GlossaryDock*>(QStringLiteral("glossaryDock"));
    QVERIFY(glossary && glossary->isVisible());
    QCOMPARE(glossary->currentId(), QStringLiteral("top-k"));
}

QTEST_MAIN(TestGuiWhatsThis)
#include "tst_gui_whats_this.moc"
