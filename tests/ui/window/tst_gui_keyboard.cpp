// The main flow with the keyboard alone, as a person without a mouse does it: choose the
// data, set the experts and top-k, train, pin an input, read its formula, export a view.
// Every key goes to the widget that has the focus (or to the window's shortcuts), focus
// moves with Tab only, and the dialogs on the way are answered with keys too. A control the
// flow needs that Tab cannot reach, or a step that needs the mouse, fails the test.

#include "tests/support/worker_waits.h"
#include "ui/data/data_page.h"
#include "ui/data/data_panel.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/settings/model_panel.h"
#include "ui/teaching/formula_view.h"
#include "ui/training/training_controller.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QDeadlineTimer>
#include <QImage>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabBar>
#include <QTextBrowser>
#include <QToolButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <deque>
#include <functional>
#include <memory>

using namespace moe::ui;

namespace {

/// The focus widget. The focus comes back on a later turn of the event loop (after a dialog
/// closes, after a run gives the settings back), which on a loaded machine takes a while:
/// waits up to 10 s for it.
QWidget* focused() {
    QDeadlineTimer deadline(10000);
    while (!QApplication::focusWidget() && !deadline.hasExpired()) QTest::qWait(10);
    return QApplication::focusWidget();
}

/// A key to the focus widget; false when nothing has the focus (QTest would assert).
bool press(Qt::Key key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    QWidget* to = focused();
    if (!to) return false;
    QTest::keyClick(to, key, modifiers);
    return true;
}

/// Text typed into the focus widget; false when nothing has the focus.
bool type(const QString& text) {
    QWidget* to = focused();
    if (!to) return false;
    QTest::keyClicks(to, text);
    return true;
}

/// Presses Tab (on whatever has the focus) until `target` has it; false when a whole
/// round of the focus chain passes without reaching it.
bool tabTo(QWidget* target, int maxPresses = 400) {
    for (int i = 0; i < maxPresses; ++i) {
        if (focused() == target) return true;
        QWidget* now = focused();
        if (!now) return false;
        // MOE_TRACE_TAB=1 prints the focus chain walked, to see where a control is missing.
        if (qEnvironmentVariableIsSet("MOE_TRACE_TAB"))
            qInfo("%s %s", now->metaObject()->className(), qPrintable(now->objectName()));
        QTest::keyClick(now, Qt::Key_Tab);
    }
    return focused() == target;
}

/// Answers the modal dialogs that open, in order, each with its own keys, typed into the
/// dialog's focus widget. Each step runs once, when a new modal dialog is on top.
class DialogAnswers : public QObject {
public:
    using Answer = std::function<void(QWidget* dialog)>;
    explicit DialogAnswers(std::deque<Answer> answers) : m_answers(std::move(answers)) {
        m_timer.setInterval(50);
        connect(&m_timer, &QTimer::timeout, this, [this] { poll(); });
        m_timer.start();
    }
    bool allAnswered() const { return m_answers.empty(); }
    QStringList seen() const { return m_seen; }

private:
    void poll() {
        QWidget* dialog = QApplication::activeModalWidget();
        if (!dialog || dialog == m_last || m_answers.empty() || !QApplication::focusWidget()) return;
        m_last = dialog;
        m_seen << dialog->windowTitle();
        Answer answer = std::move(m_answers.front());
        m_answers.pop_front();
        answer(dialog);
    }
    std::deque<Answer> m_answers;
    QTimer m_timer;
    QWidget* m_last = nullptr;
    QStringList m_seen;
};

/// With the focus on `tabs`' bar: Home, then Right until `page` is shown.
bool arrowToPage(QTabWidget* tabs, QWidget* page) {
    if (!press(Qt::Key_Home)) return false;
    for (int i = 0; i < tabs->count() && tabs->currentWidget() != page; ++i)
        if (!press(Qt::Key_Right)) return false;
    return tabs->currentWidget() == page;
}

bool pressEnter() { return press(Qt::Key_Return); }

}  // namespace

class TestGuiKeyboard : public QObject {
    Q_OBJECT
private slots:
    void mainFlowWithTheKeyboardAlone();
};

void TestGuiKeyboard::mainFlowWithTheKeyboardAlone() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    MainWindow w;
    w.resize(MainWindow::preferredSize());
    w.show();
    QApplication::setActiveWindow(&w);
    QVERIFY(QTest::qWaitForWindowActive(&w));
    TrainingController* c = w.controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    if (!focused()) w.dataPanel()->setFocus(Qt::TabFocusReason);
    QVERIFY(focused());

    // 1. The data: Tab to the chooser, arrow down to the next dataset.
    auto* datasets = w.dataPanel()->findChild<QComboBox*>(QStringLiteral("datasetCombo"));
    QVERIFY(datasets);
    QVERIFY2(tabTo(datasets), "Tab does not reach the dataset chooser");
    const QString before = datasets->currentText();
    QVERIFY(press(Qt::Key_Down));
    QVERIFY(datasets->currentText() != before);
    QCOMPARE(QString::fromStdString(w.dataPanel()->params().name), datasets->currentText());
    // Fewer samples keep the run short: select the number and type a new one.
    auto* samples = w.dataPanel()->findChild<QSpinBox*>(QStringLiteral("samplesSpin"));
    QVERIFY(samples);
    QVERIFY2(tabTo(samples), "Tab does not reach the sample count");
    QVERIFY(press(Qt::Key_A, Qt::ControlModifier));
    QVERIFY(type(QStringLiteral("300")));
    QVERIFY(press(Qt::Key_Return));
    QCOMPARE(samples->value(), 300);

    // 2. Experts and top-k, typed into their fields.
    auto* experts = w.modelPanel()->findChild<QSpinBox*>(QStringLiteral("experts"));
    auto* topK = w.modelPanel()->findChild<QSpinBox*>(QStringLiteral("top-k"));
    QVERIFY(experts && topK);
    QVERIFY2(tabTo(experts), "Tab does not reach the number of experts");
    QVERIFY(press(Qt::Key_A, Qt::ControlModifier));
    QVERIFY(type(QStringLiteral("6")));
    QVERIFY2(tabTo(topK), "Tab does not reach top-k");
    QVERIFY(press(Qt::Key_A, Qt::ControlModifier));
    QVERIFY(type(QStringLiteral("2")));
    QVERIFY(press(Qt::Key_Tab));  // leaving the field commits it
    QCOMPARE(experts->value(), 6);
    QCOMPARE(topK->value(), 2);

    // 3. Train: the window's shortcut, from wherever the focus is.
    w.setEpochs(20);
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    QVERIFY(press(Qt::Key_Return, Qt::ControlModifier));
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QCOMPARE(c->state(), TrainingState::Finished);
    QCOMPARE(c->epochsCompleted(), 20);

    // 4. Pin an input: Tab to the centre tabs, arrow to Data, Tab into its table, arrow
    //    down three rows, Enter.
    QTabWidget* tabs = w.centreTabs();
    QVERIFY2(tabTo(tabs->tabBar()), "Tab does not reach the centre tabs");
    QVERIFY(arrowToPage(tabs, w.dataPage()));
    auto* table = w.dataPage()->findChild<QTableView*>(QStringLiteral("dataTable"));
    QVERIFY(table);
    QVERIFY2(tabTo(table), "Tab does not reach the data table");
    QVERIFY(press(Qt::Key_Home, Qt::ControlModifier));
    for (int i = 0; i < 3; ++i) QVERIFY(press(Qt::Key_Down));
    const int row = table->currentIndex().row();
    QCOMPARE(row, 3);
    QSignalSpy pinned(w.gateInspector(), &GateInspectorPanel::pinnedChanged);
    QVERIFY(pressEnter());
    QCOMPARE(pinned.count(), 1);
    QVERIFY(w.gateInspector()->isPinned());
    w.gateInspector()->refreshNow();
    QVERIFY(w.gateInspector()->hasSample());
    QVERIFY2(w.gateInspector()->headerText().contains(QStringLiteral("data row %1").arg(row + 1)),
             qPrintable(w.gateInspector()->headerText()));

    // 5. Read its formula: back to the tabs, arrow to Formula, Tab into the text.
    QVERIFY2(tabTo(tabs->tabBar()), "Tab does not lead back to the centre tabs");
    QVERIFY(arrowToPage(tabs, w.formulaView()));
    QTRY_VERIFY(!w.formulaView()->steps().empty());
    w.formulaView()->refreshNow();
    QVERIFY(w.formulaView()->copyButton()->isEnabled());
    const QString formula = w.formulaView()->plainText();
    QVERIFY2(formula.contains(QStringLiteral("softmax")), qPrintable(formula.left(400)));
    QVERIFY2(tabTo(w.formulaView()->browser()), "Tab does not reach the formula text");
    QVERIFY2(tabTo(w.formulaView()->copyButton()), "Tab does not reach Copy as text");
    QVERIFY(press(Qt::Key_Space));
    QCOMPARE(QApplication::clipboard()->text(), formula);

    // 6. Export a view (File > Export view…, Ctrl+E): choose the view, type the file name,
    //    keep the proposed resolution - every dialog answered with keys.
    const QString path = dir.filePath(QStringLiteral("gate.png"));
    DialogAnswers answers({
        [](QWidget*) { QVERIFY(pressEnter()); },  // the view: the one used last
        [path](QWidget*) {               // the file dialog: type the name
            QVERIFY(press(Qt::Key_A, Qt::ControlModifier));
            QVERIFY(type(path));
            QVERIFY(pressEnter());
        },
        [](QWidget*) { QVERIFY(pressEnter()); },  // the PNG resolution
    });
    QVERIFY(press(Qt::Key_E, Qt::ControlModifier));
    QTRY_VERIFY2_WITH_TIMEOUT(QFileInfo::exists(path), qPrintable(answers.seen().join(QStringLiteral(" / "))), 20000);
    QTRY_VERIFY(answers.allAnswered());
    QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY(image.width() > 100 && image.height() > 50);
}

QTEST_MAIN(TestGuiKeyboard)
#include "tst_gui_keyboard.moc"
