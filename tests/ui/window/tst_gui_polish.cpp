// The finished-program checks over the real window, offscreen, at 1280x800 and at every
// screen size people have (1024x768, 1366x768, 1920x1080): every control
// says what it is for, menu actions have unique shortcuts, and nothing is cut off. Every
// tab and sub-tab is visited so widgets on hidden pages are checked too; each failure
// names the widget (objectName, else class and text) so it can be found and fixed.
#include "tests/support/temp_files.h"
#include "tests/support/widget_walk.h"
#include "ui/import/csv_import_dialog.h"
#include "ui/window/main_window.h"
#include "ui/help/shortcuts_dialog.h"
#include "ui/report/report_dialog.h"
#include "ui/training/report_input.h"
#include "ui/training/training_panel.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHash>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QSet>
#include <QTreeWidget>
#include <QSignalSpy>
#include <QSlider>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>
#include <QToolBar>
#include <QToolButton>

#include <functional>
#include <memory>
#include <vector>

using namespace moe::ui;
using namespace moe::test;

namespace {

// Menu actions without a shortcut, each used rarely enough that a key would only crowd the
// keyboard (matched on the text without '&' and "..."):
const QSet<QString> kRareActions = {
    // Read once; Help menus conventionally carry no keys besides F1.
    QStringLiteral("About MoE Explorer"),
    QStringLiteral("About Qt"),
};
// Submenus whose entries are generated at run time (one per file): numbered entries, no
// fixed keys to give them.
const QSet<QString> kGeneratedMenus = {QStringLiteral("Open Recent")};

// A tooltip explains when it says more than the control's own label: a sentence, not a word.
bool explains(const QString& tip, const QString& label) {
    const QString t = plain(tip).simplified();
    return t.size() >= 20 && t.compare(stripped(label), Qt::CaseInsensitive) != 0;
}

// The action's own tooltip or status tip, if the program set one (QAction falls back to
// the text for the tooltip).
QString actionTip(const QAction* a) {
    if (!a->statusTip().isEmpty()) return a->statusTip();
    return a->toolTip() == stripped(a->text()) ? QString() : a->toolTip();
}

// Adds to `offenders` every control under `root` whose tooltip does not explain it; returns
// how many controls were checked.
int checkControls(const QWidget& root, QStringList& offenders) {
    int checked = 0;
    for (QWidget* c : root.findChildren<QWidget*>()) {
        if (!isControl(c) || isQtInternal(c)) continue;
        // A dialog's Cancel or Close means the same everywhere; it needs no explaining.
        if (auto* box = qobject_cast<QDialogButtonBox*>(c->parentWidget())) {
            const auto standard = box->standardButton(static_cast<QAbstractButton*>(c));
            if (standard == QDialogButtonBox::Cancel || standard == QDialogButtonBox::Close) continue;
        }
        ++checked;
        auto* tool = qobject_cast<QToolButton*>(c);
        if (tool && tool->defaultAction()) {
            const QAction* a = tool->defaultAction();
            if (!explains(actionTip(a), a->text())) offenders << describe(c) + QStringLiteral(" (its action)");
            continue;
        }
        auto* button = qobject_cast<QAbstractButton*>(c);
        if (!explains(c->toolTip(), button ? button->text() : QString())) offenders << describe(c);
    }
    return checked;
}

void collectMenuActions(const QMenu* menu, QList<QAction*>& out, bool generated) {
    for (QAction* a : menu->actions()) {
        if (a->isSeparator()) continue;
        if (QMenu* sub = a->menu()) {
            collectMenuActions(sub, out, generated || kGeneratedMenus.contains(stripped(a->text())));
            continue;
        }
        if (!generated) out.append(a);
    }
}

}  // namespace

class TestGuiPolish : public QObject {
    Q_OBJECT
private slots:
    void everyControlExplainsItself_data();
    void everyControlExplainsItself();
    void everyTabExplainsItself();
    void menuActionsExplainThemselves();
    void menuShortcutsArePresentAndUnique();
    void runControlsHaveTheirKeys();
    void dialogsExplainThemselvesAndCloseOnEscape();
    void shortcutsListNamesEveryShortcut();
    void fitsAtEveryScreenSize_data();
    void fitsAtEveryScreenSize();
    void opensSizedToTheScreen();

private:
    std::unique_ptr<MainWindow> makeWindow(const QString& dataset, QSize size = QSize(1280, 800));
    static QList<QAction*> menuActions(MainWindow& w);
};

std::unique_ptr<MainWindow> TestGuiPolish::makeWindow(const QString& dataset, QSize size) {
    auto w = std::make_unique<MainWindow>();
    if (!dataset.isEmpty()) w->selectDataset(dataset);
    w->resize(size);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) return nullptr;
    return w;
}

QList<QAction*> TestGuiPolish::menuActions(MainWindow& w) {
    QList<QAction*> out;
    for (QAction* top : w.menuBar()->actions())
        if (top->menu()) collectMenuActions(top->menu(), out, false);
    return out;
}

void TestGuiPolish::everyControlExplainsItself_data() {
    QTest::addColumn<QString>("dataset");
    QTest::newRow("spirals (classification)") << QStringLiteral("spirals");
    QTest::newRow("diabetes (regression)") << QStringLiteral("diabetes");
}

void TestGuiPolish::everyControlExplainsItself() {
    QFETCH(QString, dataset);
    auto w = makeWindow(dataset);
    QVERIFY(w);
    QStringList offenders;
    int checked = 0;
    visitEveryTab(*w, [&] { checked += checkControls(*w, offenders); });
    offenders.removeDuplicates();
    QVERIFY2(checked > 30, qPrintable(QStringLiteral("only %1 controls found").arg(checked)));
    QVERIFY2(offenders.isEmpty(),
             qPrintable(QStringLiteral("controls without an explaining tooltip:\n  ") + offenders.join(QStringLiteral("\n  "))));
}

void TestGuiPolish::everyTabExplainsItself() {
    auto w = makeWindow({});
    QVERIFY(w);
    QStringList offenders;
    const auto tabWidgets = w->findChildren<QTabWidget*>();
    QVERIFY(tabWidgets.size() >= 2);  // the centre and the settings' sub-tabs
    for (QTabWidget* tabs : tabWidgets)
        for (int i = 0; i < tabs->count(); ++i)
            if (!explains(tabs->tabToolTip(i), tabs->tabText(i)))
                offenders << QStringLiteral("%1 tab \"%2\"").arg(describe(tabs), stripped(tabs->tabText(i)));
    QVERIFY2(offenders.isEmpty(),
             qPrintable(QStringLiteral("tabs without an explaining tooltip:\n  ") + offenders.join(QStringLiteral("\n  "))));
}

void TestGuiPolish::menuActionsExplainThemselves() {
    auto w = makeWindow({});
    QVERIFY(w);
    QStringList offenders;
    QList<QAction*> actions = menuActions(*w);
    for (QToolBar* bar : w->findChildren<QToolBar*>()) actions += bar->actions();
    QVERIFY(actions.size() >= 8);
    for (const QAction* a : actions) {
        if (a->isSeparator() || a->menu()) continue;
        // The status bar shows the status tip while the menu is open: that is where a menu
        // entry explains itself.
        if (!explains(a->statusTip(), a->text())) offenders << describe(a);
    }
    offenders.removeDuplicates();
    QVERIFY2(offenders.isEmpty(),
             qPrintable(QStringLiteral("menu actions without a status tip:\n  ") + offenders.join(QStringLiteral("\n  "))));
}

void TestGuiPolish::menuShortcutsArePresentAndUnique() {
    auto w = makeWindow({});
    QVERIFY(w);
    QStringList missing;
    // Quit takes the platform's own key; where the platform has none (Windows closes a
    // window with Alt+F4, handled by the window manager) it has no other.
    const bool platformQuitKey = !QKeySequence::keyBindings(QKeySequence::Quit).isEmpty();
    for (const QAction* a : menuActions(*w)) {
        if (!a->shortcuts().isEmpty() || kRareActions.contains(stripped(a->text()))) continue;
        if (a->menuRole() == QAction::QuitRole && !platformQuitKey) continue;
        missing << describe(a);
    }
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("menu actions without a shortcut (add one, or list it "
                                                          "in kRareActions with the reason):\n  ") +
                                           missing.join(QStringLiteral("\n  "))));

    // Every key that acts on the whole window: menu and panel actions, buttons' own keys.
    QHash<QString, QStringList> owners;
    QSet<const QAction*> seen;
    QList<QAction*> actions = menuActions(*w) + w->findChildren<QAction*>();
    for (const QAction* a : actions) {
        if (seen.contains(a) || a->shortcutContext() == Qt::WidgetShortcut ||
            a->shortcutContext() == Qt::WidgetWithChildrenShortcut)
            continue;
        seen.insert(a);
        for (const QKeySequence& key : a->shortcuts()) owners[key.toString()] << describe(a);
    }
    for (const QAbstractButton* b : w->findChildren<QAbstractButton*>())
        if (!b->shortcut().isEmpty()) owners[b->shortcut().toString()] << describe(b);
    QStringList clashes;
    for (auto it = owners.cbegin(); it != owners.cend(); ++it)
        if (it.value().size() > 1) clashes << it.key() + QStringLiteral(": ") + it.value().join(QStringLiteral(", "));
    QVERIFY2(clashes.isEmpty(),
             qPrintable(QStringLiteral("shortcuts used twice:\n  ") + clashes.join(QStringLiteral("\n  "))));
}

void TestGuiPolish::runControlsHaveTheirKeys() {
    auto w = makeWindow({});
    QVERIFY(w);
    TrainingPanel* panel = w->trainingPanel();
    const QList<QPair<QAction*, QKeySequence>> expected = {
        {panel->trainAction(), QKeySequence(Qt::Key_F5)},
        {panel->pauseAction(), QKeySequence(Qt::Key_F6)},
        {panel->stepAction(), QKeySequence(Qt::Key_F10)},
        {panel->stopAction(), QKeySequence(Qt::SHIFT | Qt::Key_F5)},
        {panel->resetAction(), QKeySequence(Qt::CTRL | Qt::Key_R)},
    };
    for (const auto& [action, key] : expected)
        QVERIFY2(action->shortcuts().contains(key), qPrintable(describe(action) + QStringLiteral(" lacks ") + key.toString()));
    // The key really reaches the action: F10 steps one epoch from a fresh window.
    QTRY_VERIFY(panel->stepAction()->isEnabled());
    QSignalSpy stepped(panel->stepAction(), &QAction::triggered);
    QTest::keyClick(w.get(), Qt::Key_F10);
    QCOMPARE(stepped.size(), 1);
}

void TestGuiPolish::dialogsExplainThemselvesAndCloseOnEscape() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csv = moe::testing::writeFile(dir, "two.csv", "x,y,label\n1,2,a\n3,4,b\n5,6,a\n");
    auto w = makeWindow({});
    QVERIFY(w);
    std::vector<std::unique_ptr<QDialog>> dialogs;
    dialogs.push_back(std::make_unique<CsvImportDialog>(csv, w.get()));
    dialogs.push_back(std::make_unique<ReportDialog>([] { return ReportInput{}; }, w.get()));
    dialogs.push_back(std::make_unique<ShortcutsDialog>(w.get()));
    for (const auto& dialog : dialogs) {
        QStringList offenders;
        QVERIFY(checkControls(*dialog, offenders) > 0);
        QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("%1 controls without an explaining tooltip:\n  %2")
                                                     .arg(QString::fromLatin1(dialog->metaObject()->className()),
                                                          offenders.join(QStringLiteral("\n  ")))));
        dialog->open();
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        QWidget* focus = dialog->focusWidget() ? dialog->focusWidget() : dialog.get();
        QTest::keyClick(focus, Qt::Key_Escape);
        QVERIFY2(!dialog->isVisible(), dialog->metaObject()->className());
    }
}

// Help > Keyboard shortcuts lists every key sequence of every action and button in the window.
void TestGuiPolish::shortcutsListNamesEveryShortcut() {
    auto w = makeWindow({});
    QVERIFY(w);
    QSet<QString> listed;
    QStringList unnamed;
    for (const ShortcutEntry& e : shortcutsOf(w.get())) {
        for (const QString& k : e.keys.split(QStringLiteral(" or "))) listed.insert(k);
        if (e.what.isEmpty()) unnamed << e.keys;
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(QStringLiteral("listed without a name: ") + unnamed.join(QStringLiteral(", "))));
    QStringList missing;
    const auto check = [&](const QKeySequence& k, const QString& what) {
        if (!k.isEmpty() && !listed.contains(k.toString(QKeySequence::NativeText)))
            missing << QStringLiteral("%1 (%2)").arg(k.toString(QKeySequence::NativeText), what);
    };
    for (QAction* a : w->findChildren<QAction*>())
        for (const QKeySequence& k : a->shortcuts()) check(k, a->text());
    for (QAbstractButton* b : w->findChildren<QAbstractButton*>()) check(b->shortcut(), b->text());
    QVERIFY2(missing.isEmpty(), qPrintable(QStringLiteral("not in Help > Keyboard shortcuts: ") + missing.join(QStringLiteral(", "))));
    QVERIFY(listed.contains(QKeySequence(Qt::CTRL | Qt::Key_L).toString(QKeySequence::NativeText)));  // Lessons
    ShortcutsDialog dialog(w.get());
    QVERIFY(dialog.list()->topLevelItemCount() >= 4);  // File, Training, View, Help, ...
}

void TestGuiPolish::fitsAtEveryScreenSize_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QSize>("size");
    const QList<QSize> sizes = {QSize(1024, 768), QSize(1366, 768), QSize(1280, 800), QSize(1920, 1080)};
    for (const QSize& size : sizes)
        for (const char* dataset : {"spirals", "digits", "diabetes"})
            QTest::addRow("%s %dx%d", dataset, size.width(), size.height()) << QString::fromLatin1(dataset) << size;
}

void TestGuiPolish::fitsAtEveryScreenSize() {
    QFETCH(QString, dataset);
    QFETCH(QSize, size);
    auto w = makeWindow(dataset, size);
    QVERIFY(w);
    const QSize minimum = w->minimumSizeHint().expandedTo(w->minimumSize());
    QVERIFY2(minimum.width() <= size.width() && minimum.height() <= size.height(),
             qPrintable(QStringLiteral("the window needs at least %1x%2").arg(minimum.width()).arg(minimum.height())));
    QCOMPARE(w->size(), size);
    // tst_gui_polish_2x runs this at QT_SCALE_FACTOR=2: 1280x800 is then a 2560x1600 screen.
    QCOMPARE(w->devicePixelRatio(), qEnvironmentVariable("QT_SCALE_FACTOR", QStringLiteral("1")).toDouble());

    QStringList offenders;
    visitEveryTab(*w, [&] {
        // Settings scroll only vertically: content wider than the view is cut off.
        for (QScrollArea* area : w->findChildren<QScrollArea*>())
            if (area->isVisible() && area->widget() && area->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff &&
                area->widget()->minimumSizeHint().width() > area->viewport()->width())
                offenders << QStringLiteral("%1 needs %2 px but shows %3 px")
                                 .arg(describe(area))
                                 .arg(area->widget()->minimumSizeHint().width())
                                 .arg(area->viewport()->width());
        for (QLabel* label : w->findChildren<QLabel*>()) {
            if (!label->isVisible() || label->wordWrap() || label->text().isEmpty()) continue;
            const int needed = label->sizeHint().width();
            if (needed > label->width() + 1)
                offenders << QStringLiteral("%1 needs %2 px but has %3 px").arg(describe(label)).arg(needed).arg(label->width());
            const QWidget* parent = label->parentWidget();
            if (parent && label->geometry().right() > parent->rect().right() + 1)
                offenders << QStringLiteral("%1 runs past the right edge of its parent").arg(describe(label));
        }
        // Tabs: every name whole, none under scroll arrows or elided ("His").
        for (QTabBar* bar : w->findChildren<QTabBar*>()) {
            if (!bar->isVisible() || bar->count() == 0) continue;
            int needed = 0;
            for (int i = 0; i < bar->count(); ++i) needed += bar->tabRect(i).width();
            if (needed > bar->width() + 1)
                offenders << QStringLiteral("%1 needs %2 px for its tabs but has %3 px")
                                 .arg(describe(bar->parentWidget() ? bar->parentWidget() : bar))
                                 .arg(needed)
                                 .arg(bar->width());
        }
        // Chart legends: QLegend elides a label that does not fit ("Dense ...").
        for (QChartView* view : w->findChildren<QChartView*>()) {
            if (!view->isVisible() || !view->chart()) continue;
            QLegend* legend = view->chart()->legend();
            if (!legend->isVisible()) continue;
            QStringList shown;
            QList<QGraphicsItem*> items = legend->childItems();
            while (!items.isEmpty()) {
                QGraphicsItem* item = items.takeFirst();
                if (auto* text = dynamic_cast<QGraphicsTextItem*>(item)) shown << text->toPlainText();
                items += item->childItems();
            }
            for (QLegendMarker* marker : legend->markers())
                if (marker->isVisible() && !marker->label().isEmpty() && !shown.contains(marker->label()))
                    offenders << QStringLiteral("%1 legend \"%2\" is cut").arg(describe(view), marker->label());
        }
    });
    offenders.removeDuplicates();
    QVERIFY2(offenders.isEmpty(), qPrintable(QStringLiteral("clipped at %1x%2:\n  ")
                                                 .arg(size.width())
                                                 .arg(size.height()) +
                                             offenders.join(QStringLiteral("\n  "))));
}

void TestGuiPolish::opensSizedToTheScreen() {
    // Room to spare: nine tenths of the available area, centred on it.
    const MainWindow::Placement big = MainWindow::placementFor(QRect(0, 0, 1920, 1040));
    QVERIFY(!big.maximised);
    QCOMPARE(big.geometry.size(), QSize(1728, 936));
    QCOMPARE(big.geometry.center(), QRect(0, 0, 1920, 1040).center());
    // A 1366x768 laptop, a 1280x800 screen, 2560x1600 at scale 2: maximised.
    for (const QRect& small : {QRect(0, 0, 1366, 728), QRect(0, 0, 1280, 800), QRect(0, 30, 1280, 770)}) {
        const MainWindow::Placement p = MainWindow::placementFor(small);
        QVERIFY(p.maximised);
        QCOMPARE(p.geometry, small);
    }
    // The real window on the offscreen screen.
    MainWindow w;
    w.showFittingScreen();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const MainWindow::Placement expected = MainWindow::placementFor(w.screen()->availableGeometry());
    if (expected.maximised) QVERIFY(w.isMaximized());
    else QCOMPARE(w.size(), expected.geometry.size());
}

QTEST_MAIN(TestGuiPolish)
#include "tst_gui_polish.moc"
