// The real window under a seeded stream of random input for a bounded time (a monkey test):
// clicks on whatever is visible and enabled, keys and the window's shortcuts, drags and the
// wheel on the views and splitters, the menus' actions, the Lessons dock, and the fuzz
// corpora's bad files fed to the CSV importer, the session opener and the lesson opener
// through their file dialogs. A watchdog answers every modal dialog with one of its own
// buttons (and counts them); a modal with no button, or one that stays up, is a finding.
// At the end the window must answer a queued event within 1 s and train a tiny run.
//
//   MOE_MONKEY_SECONDS=600 MOE_MONKEY_SEED=7 ./tst_gui_monkey    # a longer run, another seed
#include "tests/support/worker_waits.h"
#include "core/data/dataset_source.h"
#include "core/data/generators.h"
#include "core/train/run_config.h"
#include "core/train/training_pace.h"
#include "ui/import/dataset_opener.h"
#include "ui/lessons/lesson_player.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/window/main_window.h"
#include "ui/window/session_controller.h"
#include "stall_detector.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QGraphicsView>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitterHandle>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QWheelEvent>

#include <deque>
#include <functional>
#include <random>

using namespace moe::ui;

namespace {

using Rng = std::mt19937;

int below(Rng& rng, int n) { return n <= 0 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng); }
bool chance(Rng& rng, double p) { return std::bernoulli_distribution(p)(rng); }
template <typename T>
T pickFrom(Rng& rng, const QList<T>& list) {
    return list.at(below(rng, static_cast<int>(list.size())));
}
QPoint somewhere(Rng& rng, const QWidget* w) {
    return {below(rng, std::max(1, w->width())), below(rng, std::max(1, w->height()))};
}
QString describe(const QWidget* w) {
    if (!w) return QStringLiteral("(none)");
    QString text = QString::fromLatin1(w->metaObject()->className());
    if (!w->objectName().isEmpty()) text += QLatin1Char('#') + w->objectName();
    if (const auto* b = qobject_cast<const QAbstractButton*>(w); b && !b->text().isEmpty())
        text += QStringLiteral(" '%1'").arg(b->text());
    if (!w->windowTitle().isEmpty() && w->isWindow()) text += QStringLiteral(" '%1'").arg(w->windowTitle());
    return text;
}
/// Runs `f` on the next turn of the event loop unless `guard` is gone by then: an answer to a
/// dialog must not run inside the watchdog's own timer slot (it may open the next dialog).
void later(QObject* guard, std::function<void()> f) {
    QTimer::singleShot(0, guard, std::move(f));
}

/// The files the monkey feeds to the openers: the fuzz corpora of every loader, and a few
/// hostile files made here (empty, random bytes, NUL bytes, a truncated and a corrupted
/// session, a file that is a JSON object of nothing).
struct HostileFiles {
    QStringList csv, lessons, sessions, all;

    void collect(const QString& corpus, const QString& scratch, Rng& rng) {
        // Copies: a session opened from the corpus becomes the window's file, and Save writes it.
        QDirIterator it(corpus, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString original = it.next();
            const QString path = scratch + QStringLiteral("/corpus/") + QDir(corpus).relativeFilePath(original);
            QDir().mkpath(QFileInfo(path).path());
            if (!QFile::copy(original, path)) continue;
            if (path.contains(QStringLiteral("/csv/"))) csv << path;
            else if (path.contains(QStringLiteral("/lesson_file/"))) lessons << path;
            else if (path.contains(QStringLiteral("/session_file/"))) sessions << path;
            all << path;
        }
        auto write = [&](const QString& name, const QByteArray& bytes) {
            QFile f(scratch + QLatin1Char('/') + name);
            if (f.open(QIODevice::WriteOnly)) f.write(bytes);
            all << f.fileName();
            return f.fileName();
        };
        QByteArray noise(64 * 1024, '\0');
        for (char& c : noise) c = static_cast<char>(below(rng, 256));
        csv << write(QStringLiteral("empty.csv"), {}) << write(QStringLiteral("noise.csv"), noise)
            << write(QStringLiteral("nul.csv"), QByteArray("a,b\n1,\0\n2,3\n", 12))
            << write(QStringLiteral("lines.csv"), QByteArray("\n\n\n\r\n"))
            << write(QStringLiteral("one-column.csv"), QByteArray("x\n1\n2\n3\n"))
            << write(QStringLiteral("header-only.csv"), QByteArray("a,b,c\n"));
        lessons << write(QStringLiteral("object.json"), QByteArray("{}"))
                << write(QStringLiteral("noise.json"), noise.left(4096));
        for (const QString& session : QStringList(sessions)) {
            QFile f(session);
            if (!f.open(QIODevice::ReadOnly)) continue;
            QByteArray bytes = f.readAll();
            const QString base = QFileInfo(session).completeBaseName();
            sessions << write(base + QStringLiteral("-truncated.moe-session"), bytes.left(bytes.size() / 2));
            for (int i = 0; i < 8 && !bytes.isEmpty(); ++i) bytes[below(rng, static_cast<int>(bytes.size()))] = '9';
            sessions << write(base + QStringLiteral("-corrupted.moe-session"), bytes);
        }
        sessions << write(QStringLiteral("object.moe-session"), QByteArray("{}"));
    }
};

/// Answers every modal dialog and closes stray popups, on a timer that also runs inside the
/// nested event loops of exec(). Each answer is one of the dialog's own buttons (or Escape),
/// so a dialog without a way out shows up as a finding instead of a hang.
class ModalWatchdog : public QObject {
public:
    ModalWatchdog(unsigned seed, const HostileFiles* files, QString scratch)
        : m_rng(seed), m_files(files), m_scratch(std::move(scratch)) {
        m_timer.setInterval(25);
        m_timer.callOnTimeout(this, &ModalWatchdog::tick);
        m_timer.start();
    }

    int modals = 0, messageBoxes = 0, fileDialogs = 0, otherDialogs = 0, answers = 0, popups = 0, filesChosen = 0;
    QStringList findings;
    QStringList titles;  ///< of every modal seen, for the figures

private:
    void tick() {
        if (QWidget* popup = QApplication::activePopupWidget()) {
            if (popup != m_popup) {
                m_popup = popup;
                m_popupTicks = 0;
            }
            if (++m_popupTicks > 4) answerPopup(popup);
        }
        QWidget* modal = QApplication::activeModalWidget();
        if (!modal) return;
        if (modal != m_modal) {
            m_modal = modal;
            m_ticks = 0;
            ++modals;
            titles << describe(modal);
            if (qobject_cast<QMessageBox*>(modal)) ++messageBoxes;
            else if (qobject_cast<QFileDialog*>(modal)) ++fileDialogs;
            else ++otherDialogs;
        }
        ++m_ticks;
        if (m_ticks == 400) {  // 10 s of answers did not close it
            findings << QStringLiteral("a modal that its buttons do not close: %1").arg(describe(modal));
            modal->close();
            return;
        }
        if (m_ticks % 8 == 2) answer(modal);  // first after one paint, then every 0.2 s
    }

    void answerPopup(QWidget* popup) {
        ++popups;
        QPointer<QWidget> guard(popup);
        auto* menu = qobject_cast<QMenu*>(popup);
        QList<QAction*> actions;
        if (menu)
            for (QAction* a : menu->actions())
                if (a->isEnabled() && a->isVisible() && !a->isSeparator() && !a->menu()) actions << a;
        if (menu && !actions.isEmpty() && chance(m_rng, 0.5)) {
            QPointer<QAction> action = pickFrom(m_rng, actions);
            popup->close();
            later(this, [action] {
                if (action) action->trigger();
            });
            return;
        }
        popup->close();
        m_popup = nullptr;
    }

    void answer(QWidget* modal) {
        ++answers;
        if (auto* files = qobject_cast<QFileDialog*>(modal)) return answerFileDialog(files);
        if (auto* box = qobject_cast<QMessageBox*>(modal)) {
            const QList<QAbstractButton*> buttons = box->buttons();
            if (buttons.isEmpty()) {
                findings << QStringLiteral("a message box without a button: %1 '%2'").arg(describe(box), box->text());
                box->close();
                return;
            }
            press(pickFrom(m_rng, buttons));
            return;
        }
        QList<QAbstractButton*> buttons;
        for (auto* bar : modal->findChildren<QDialogButtonBox*>())
            for (QAbstractButton* b : bar->buttons())
                if (b->isVisible() && b->isEnabled()) buttons << b;
        if (buttons.isEmpty()) {
            for (auto* b : modal->findChildren<QAbstractButton*>())
                if (b->isVisible() && b->isEnabled()) buttons << b;
        }
        if (buttons.isEmpty()) {
            findings << QStringLiteral("a modal without an enabled button: %1").arg(describe(modal));
            if (auto* dialog = qobject_cast<QDialog*>(modal)) dialog->reject();
            else modal->close();
            return;
        }
        if (chance(m_rng, 0.15)) {
            QPointer<QWidget> guard(modal);
            later(this, [guard] {
                if (guard) QTest::keyClick(guard, Qt::Key_Escape);
            });
            return;
        }
        press(pickFrom(m_rng, buttons));
    }

    void answerFileDialog(QFileDialog* dialog) {
        QAbstractButton* cancel = nullptr;
        for (auto* bar : dialog->findChildren<QDialogButtonBox*>())
            if (QPushButton* b = bar->button(QDialogButtonBox::Cancel)) cancel = b;
        if (!cancel) findings << QStringLiteral("a file dialog without Cancel: %1").arg(describe(dialog));
        if (cancel && chance(m_rng, 0.35)) return press(cancel);
        QString path;
        if (dialog->acceptMode() == QFileDialog::AcceptSave) {
            const QString suffix = dialog->defaultSuffix().isEmpty() ? QStringLiteral("out") : dialog->defaultSuffix();
            path = QStringLiteral("%1/saved-%2.%3").arg(m_scratch).arg(++m_saved).arg(suffix);
        } else {
            const QString title = dialog->windowTitle().toLower();
            const QStringList& fitting = title.contains(QStringLiteral("lesson"))    ? m_files->lessons
                                         : title.contains(QStringLiteral("session")) ? m_files->sessions
                                                                                     : m_files->csv;
            path = pickFrom(m_rng, chance(m_rng, 0.7) && !fitting.isEmpty() ? fitting : m_files->all);
            ++filesChosen;
        }
        QPointer<QFileDialog> guard(dialog);
        later(this, [guard, path] {
            if (!guard) return;
            guard->selectFile(path);
            static_cast<QDialog*>(guard.data())->accept();  // QFileDialog::accept, as its Open button
        });
    }

    void press(QAbstractButton* button) {
        QPointer<QAbstractButton> guard(button);
        later(this, [guard] {
            if (guard) guard->click();
        });
    }

    Rng m_rng;
    const HostileFiles* m_files;
    QString m_scratch;
    QTimer m_timer;
    QPointer<QWidget> m_modal;
    QPointer<QWidget> m_popup;
    int m_ticks = 0;
    int m_popupTicks = 0;
    int m_saved = 0;
};

/// The stream of random input on one window.
class Monkey {
public:
    Monkey(MainWindow* window, unsigned seed, const HostileFiles* files, StallDetector* stalls)
        : m_w(window), m_rng(seed), m_files(files), m_stalls(stalls) {}

    qint64 events = 0, clicks = 0, keys = 0, shortcuts = 0, drags = 0, wheels = 0, actions = 0, lessonMoves = 0,
           filesFed = 0;
    /// The last events, for the message of a failure.
    std::deque<QString> recent;

    void step() {
        ++events;
        // What a person can reach: only the modal dialog while one is up (window-modal ones
        // opened with open() leave the monkey running), and nothing but it.
        // A file dialog is the watchdog's: its own context menu deletes files.
        if (QWidget* modal = QApplication::activeModalWidget())
            return qobject_cast<QFileDialog*>(modal) ? void() : poke(modal);
        switch (below(m_rng, 100) / 10) {
        case 0: case 1: case 2: return poke(m_w);
        case 3: return typeKey();
        case 4: return pressShortcut();
        case 5: return chance(m_rng, 0.6) ? drag() : wheel();
        case 6: return triggerMenuAction();
        case 7: case 8: return playLesson();
        default: return chance(m_rng, 0.5) ? feedFile() : poke(m_w);
        }
    }

    void note(const QString& what) {
        if (m_stalls) m_stalls->note(what);
        recent.push_back(what);
        if (recent.size() > 40) recent.pop_front();
    }

private:
    QList<QWidget*> reachable(QWidget* root) const {
        QList<QWidget*> out;
        for (QWidget* w : root->findChildren<QWidget*>()) {
            if (!w->isVisible() || !w->isEnabled() || w->width() <= 0 || w->height() <= 0) continue;
            if (qobject_cast<QMenuBar*>(w) || qobject_cast<QMenu*>(w)) continue;  // menus: QAction::trigger
            if (w->window() != root->window()) continue;  // a floating dock or a dialog: its own root
            out << w;
        }
        return out;
    }

    /// A click (or double click, or right click) on something visible and enabled in `root`.
    void poke(QWidget* root) {
        QList<QWidget*> targets = reachable(root);
        // Floating docks are windows of their own, still part of the main window.
        if (root == m_w)
            for (auto* dock : m_w->findChildren<QDockWidget*>())
                if (dock->isFloating() && dock->isVisible()) targets += reachable(dock);
        if (targets.isEmpty()) return;
        QWidget* target = pickFrom(m_rng, targets);
        ++clicks;
        note(QStringLiteral("click %1").arg(describe(target)));
        if (auto* tabs = qobject_cast<QTabBar*>(target); tabs && tabs->count() > 0) {
            QTest::mouseClick(tabs, Qt::LeftButton, {}, tabs->tabRect(below(m_rng, tabs->count())).center());
        } else if (auto* combo = qobject_cast<QComboBox*>(target); combo && combo->count() > 0) {
            chooseComboItem(combo);
        } else if (auto* spin = qobject_cast<QAbstractSpinBox*>(target)) {
            // The arrows are at the right edge: the upper half steps up, the lower down.
            const QPoint arrow(spin->width() - 4, chance(m_rng, 0.5) ? spin->height() / 4 : spin->height() * 3 / 4);
            QTest::mouseClick(spin, Qt::LeftButton, {}, chance(m_rng, 0.8) ? arrow : somewhere(m_rng, spin));
        } else if (auto* view = qobject_cast<QAbstractItemView*>(target); view && view->model()) {
            clickItem(view);
        } else if (auto* edit = qobject_cast<QLineEdit*>(target)) {
            QTest::mouseClick(edit, Qt::LeftButton);
            if (chance(m_rng, 0.5)) edit->selectAll();
            QTest::keyClicks(edit, randomText());
            if (chance(m_rng, 0.5)) QTest::keyClick(edit, Qt::Key_Return);
        } else if (chance(m_rng, 0.08)) {
            QTest::mouseClick(target, Qt::RightButton, {}, somewhere(m_rng, target));  // context menus
        } else if (chance(m_rng, 0.08)) {
            QTest::mouseDClick(target, Qt::LeftButton, {}, somewhere(m_rng, target));
        } else {
            const bool button = qobject_cast<QAbstractButton*>(target);
            QTest::mouseClick(target, Qt::LeftButton, {}, button ? target->rect().center() : somewhere(m_rng, target));
        }
    }

    void chooseComboItem(QComboBox* combo) {
        if (chance(m_rng, 0.3)) {  // by keyboard
            combo->setFocus();
            QTest::keyClick(combo, chance(m_rng, 0.5) ? Qt::Key_Down : Qt::Key_Up);
            return;
        }
        combo->showPopup();
        QAbstractItemView* list = combo->view();
        const QModelIndex item = combo->model()->index(below(m_rng, combo->count()), combo->modelColumn(), combo->rootModelIndex());
        list->scrollTo(item);
        const QRect rect = list->visualRect(item);
        if (list->isVisible() && rect.isValid()) QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, rect.center());
        if (list->isVisible()) combo->hidePopup();
    }

    void clickItem(QAbstractItemView* view) {
        QAbstractItemModel* model = view->model();
        QModelIndex item;
        const int rows = model->rowCount(view->rootIndex());
        const int cols = model->columnCount(view->rootIndex());
        if (rows > 0 && cols > 0) {
            item = model->index(below(m_rng, rows), below(m_rng, cols), view->rootIndex());
            // A tree's groups (the course's levels) hold the interesting rows.
            if (qobject_cast<QTreeView*>(view) && model->rowCount(item.siblingAtColumn(0)) > 0 && chance(m_rng, 0.8))
                item = model->index(below(m_rng, model->rowCount(item.siblingAtColumn(0))), 0, item.siblingAtColumn(0));
        }
        QPoint at = somewhere(m_rng, view->viewport());
        if (item.isValid()) {
            view->scrollTo(item);
            const QRect rect = view->visualRect(item);
            if (rect.isValid()) at = rect.center();
        }
        if (chance(m_rng, 0.15)) QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, at);
        else QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, at);
    }

    QString randomText() {
        static const QString alphabet = QStringLiteral("0123456789.-e,abcxyz ");
        QString text;
        for (int i = below(m_rng, 6); i >= 0; --i) text += alphabet.at(below(m_rng, static_cast<int>(alphabet.size())));
        return text;
    }

    void typeKey() {
        static const QList<Qt::Key> keyList{Qt::Key_Tab,    Qt::Key_Backtab, Qt::Key_Left,     Qt::Key_Right,
                                            Qt::Key_Up,     Qt::Key_Down,    Qt::Key_Return,   Qt::Key_Enter,
                                            Qt::Key_Escape, Qt::Key_Space,   Qt::Key_PageUp,   Qt::Key_PageDown,
                                            Qt::Key_Home,   Qt::Key_End,     Qt::Key_Backspace, Qt::Key_Delete,
                                            Qt::Key_0,      Qt::Key_1,       Qt::Key_5,        Qt::Key_9,
                                            Qt::Key_Minus,  Qt::Key_Period,  Qt::Key_A,        Qt::Key_E,
                                            Qt::Key_K,      Qt::Key_X};
        QWidget* to = QApplication::focusWidget();
        if (!to || to->window() != m_w) to = m_w;
        const Qt::Key key = pickFrom(m_rng, keyList);
        ++keys;
        note(QStringLiteral("key %1 to %2").arg(QKeySequence(key).toString(), describe(to)));
        QTest::keyClick(to, key, chance(m_rng, 0.1) ? Qt::ShiftModifier : Qt::NoModifier);
    }

    void pressShortcut() {
        // Every shortcut of the window but Quit (a closed window is not a test of anything).
        static const QList<QKeySequence> keyList{
            QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::Key_F5),  QKeySequence(Qt::Key_F6),
            QKeySequence(Qt::SHIFT | Qt::Key_F5),    QKeySequence(Qt::Key_F10), QKeySequence(Qt::CTRL | Qt::Key_F10),
            QKeySequence(Qt::CTRL | Qt::Key_R),      QKeySequence(Qt::CTRL | Qt::Key_L),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H),
            QKeySequence(Qt::ALT | Qt::Key_Left),    QKeySequence(Qt::ALT | Qt::Key_Right),
            QKeySequence(Qt::CTRL | Qt::Key_O),      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O),
            QKeySequence(Qt::CTRL | Qt::Key_S),      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
            QKeySequence(Qt::CTRL | Qt::Key_E),      QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M),
            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), QKeySequence(Qt::Key_F1)};
        const QKeySequence chosen = pickFrom(m_rng, keyList);
        ++shortcuts;
        note(QStringLiteral("shortcut %1").arg(chosen.toString()));
        const QKeyCombination combo = chosen[0];
        QWidget* to = QApplication::focusWidget();
        if (!to || to->window() != m_w) to = m_w;
        QTest::keyClick(to, combo.key(), combo.keyboardModifiers());
    }

    /// The views the mouse drags and wheels on: charts, the map and heatmaps, tables,
    /// scroll areas and the splitters' handles.
    QList<QWidget*> views() const {
        QList<QWidget*> out;
        for (QWidget* w : reachable(m_w)) {
            const QByteArray name = w->metaObject()->className();
            if (qobject_cast<QGraphicsView*>(w) || qobject_cast<QSplitterHandle*>(w) || qobject_cast<QScrollBar*>(w) ||
                name.endsWith("View") || name.endsWith("Map") || name.contains("Viewport"))
                out << w;
            else if (auto* area = qobject_cast<QAbstractScrollArea*>(w))
                out << area->viewport();
        }
        return out;
    }

    /// One of views(), noted as `what` on it; null when none is on screen.
    QWidget* pickView(const char* what) {
        const QList<QWidget*> targets = views();
        if (targets.isEmpty()) return nullptr;
        QWidget* target = pickFrom(m_rng, targets);
        note(QStringLiteral("%1 on %2").arg(QLatin1String(what), describe(target)));
        return target;
    }

    void drag() {
        QWidget* target = pickView("drag");
        if (!target) return;
        ++drags;
        const Qt::MouseButton button = chance(m_rng, 0.85) ? Qt::LeftButton : Qt::RightButton;
        QPoint at = somewhere(m_rng, target);
        QTest::mousePress(target, button, {}, at);
        for (int i = 0, moves = 2 + below(m_rng, 6); i < moves; ++i) {
            at += QPoint(below(m_rng, 161) - 80, below(m_rng, 161) - 80);
            QMouseEvent move(QEvent::MouseMove, at, target->mapToGlobal(at), Qt::NoButton, button, Qt::NoModifier);
            QApplication::sendEvent(target, &move);
            if (!target->isVisible()) return;  // the drag closed what it started on
        }
        QTest::mouseRelease(target, button, {}, at);
    }

    void wheel() {
        QWidget* target = pickView("wheel");
        if (!target) return;
        ++wheels;
        const QPoint at = somewhere(m_rng, target);
        const int delta = (chance(m_rng, 0.5) ? 1 : -1) * 120 * (1 + below(m_rng, 3));
        const Qt::KeyboardModifiers mods = chance(m_rng, 0.2) ? Qt::ControlModifier : Qt::NoModifier;
        QWheelEvent event(at, target->mapToGlobal(at), {}, QPoint(0, delta), Qt::NoButton, mods, Qt::NoScrollPhase,
                          false);
        QApplication::sendEvent(target, &event);
    }

    void collectActions(const QMenu* menu, QList<QAction*>& out) const {
        for (QAction* a : menu->actions()) {
            if (a->menu()) collectActions(a->menu(), out);
            else if (!a->isSeparator() && a->isEnabled() && a->isVisible() && a->menuRole() != QAction::QuitRole)
                out << a;
        }
    }

    void triggerMenuAction() {
        QList<QAction*> all;
        for (QAction* top : m_w->menuBar()->actions())
            if (top->menu()) collectActions(top->menu(), all);
        if (all.isEmpty()) return;
        QAction* action = pickFrom(m_rng, all);
        ++actions;
        note(QStringLiteral("menu %1").arg(action->text()));
        action->trigger();
    }

    /// The Lessons dock: a lesson from the course, Show me, Next, Back, Leave, the answers.
    void playLesson() {
        auto* dock = m_w->findChild<QDockWidget*>(QStringLiteral("lessonDock"));
        if (!dock) return;
        ++lessonMoves;
        if (!dock->isVisible()) {
            note(QStringLiteral("Help > Lessons"));
            m_w->findChild<QAction*>(QStringLiteral("lessonsAction"))->trigger();
            return;
        }
        QList<QWidget*> buttons;
        for (const char* name : {"lessonStart", "lessonShowMe", "lessonNext", "lessonBack", "lessonLeave",
                                 "lessonAnswerButton", "lessonAnswer", "lessonCourse"}) {
            auto* w = dock->findChild<QWidget*>(QString::fromLatin1(name));
            if (w && w->isVisible() && w->isEnabled()) buttons << w;
        }
        if (auto* question = dock->findChild<QWidget*>(QStringLiteral("lessonQuestion")); question && question->isVisible())
            for (auto* choice : question->findChildren<QRadioButton*>())
                if (choice->isVisible() && choice->isEnabled()) buttons << choice;
        if (buttons.isEmpty()) return;
        QWidget* target = pickFrom(m_rng, buttons);
        note(QStringLiteral("lesson %1").arg(describe(target)));
        if (auto* course = qobject_cast<QAbstractItemView*>(target)) {
            clickItem(course);
            if (auto* start = dock->findChild<QAbstractButton*>(QStringLiteral("lessonStart"));
                start && start->isVisible() && start->isEnabled() && chance(m_rng, 0.6))
                QTest::mouseClick(start, Qt::LeftButton);
        } else if (auto* edit = qobject_cast<QLineEdit*>(target)) {
            edit->selectAll();
            QTest::keyClicks(edit, randomText());
            QTest::keyClick(edit, Qt::Key_Return);
        } else {
            QTest::mouseClick(target, Qt::LeftButton, {}, target->rect().center());
        }
    }

    /// A bad file straight into the functions the menus call after their dialogs: the CSV
    /// read with random options, the import dialog, and the session opener.
    void feedFile() {
        ++filesFed;
        switch (below(m_rng, 3)) {
        case 0: {
            moe::CsvOptions options;
            options.delimiter = "\0,;\t|x"[below(m_rng, 6)];
            options.header = static_cast<moe::CsvHeader>(below(m_rng, 3));
            options.decimal = static_cast<moe::CsvDecimal>(below(m_rng, 3));
            options.label = QStringList{{}, QStringLiteral("1"), QStringLiteral("-1"), QStringLiteral("99"),
                                        QStringLiteral("label"), QStringLiteral("Species")}
                                .at(below(m_rng, 6))
                                .toStdString();
            options.missing = static_cast<moe::MissingPolicy>(below(m_rng, 3));
            // Not featuresOnly: that is `moe predict`'s, a dataset without a target, which
            // neither the import dialog nor the command line asks the window for.
            const QString path = pickFrom(m_rng, chance(m_rng, 0.8) ? m_files->csv : m_files->all);
            note(QStringLiteral("read %1 (delimiter %2, header %3, decimal %4, label '%5', missing %6)")
                     .arg(path)
                     .arg(int(options.delimiter))
                     .arg(int(options.header))
                     .arg(int(options.decimal))
                     .arg(QString::fromStdString(options.label))
                     .arg(int(options.missing)));
            m_w->opener()->load(path, options);
            return;
        }
        case 1: {
            const QString path = pickFrom(m_rng, chance(m_rng, 0.8) ? m_files->csv : m_files->all);
            note(QStringLiteral("import %1").arg(path));
            m_w->opener()->importFile(path);
            return;
        }
        default: {
            const QString path = pickFrom(m_rng, chance(m_rng, 0.6) ? m_files->sessions : m_files->all);
            note(QStringLiteral("open session %1").arg(path));
            m_w->sessions()->openFile(path);  // a refusal is its message; the window stays
            return;
        }
        }
    }

    MainWindow* m_w;
    Rng m_rng;
    const HostileFiles* m_files;
    StallDetector* m_stalls;
};

unsigned envNumber(const char* name, unsigned fallback) {
    bool ok = false;
    const unsigned value = qEnvironmentVariable(name).toUInt(&ok);
    return ok ? value : fallback;
}

}  // namespace

namespace {
QtMessageHandler qtHandler = nullptr;
// The offscreen platform's notes on raise() and keyboard grabs are not findings; the rest
// goes to QTest as usual.
void quietOffscreen(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (type == QtWarningMsg && message.startsWith(QStringLiteral("This plugin does not support"))) return;
    qtHandler(type, context, message);
}
}  // namespace

class TestGuiMonkey : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // recent files and lesson progress
        QCoreApplication::setOrganizationName(QStringLiteral("MoE Explorer monkey"));
        QSettings().clear();
        qtHandler = qInstallMessageHandler(quietOffscreen);  // after QTest's own
    }
    void survivesRandomInput();
};

void TestGuiMonkey::survivesRandomInput() {
    const unsigned seed = envNumber("MOE_MONKEY_SEED", 20261203);
    const unsigned seconds = envNumber("MOE_MONKEY_SECONDS", 60);
    const QString replay = QStringLiteral("replay with MOE_MONKEY_SEED=%1 MOE_MONKEY_SECONDS=%2").arg(seed).arg(seconds);
    qInfo("monkey: seed %u for %u s (%s)", seed, seconds, qPrintable(replay));

    // A step that does not return ends the test with a diagnosis after 45 s, well inside
    // ctest's 300 s; the phases after the steps are timed the same way.
    StallDetector stalls(std::chrono::seconds(45));
    stalls.phase(QStringLiteral("opening the window"), std::chrono::seconds(60));
    QTemporaryDir scratch;
    QVERIFY(scratch.isValid());
    Rng fileRng(seed);
    HostileFiles files;
    files.collect(QStringLiteral(MOE_FUZZ_CORPUS), scratch.path(), fileRng);
    QVERIFY2(!files.csv.isEmpty() && !files.lessons.isEmpty() && !files.sessions.isEmpty(), MOE_FUZZ_CORPUS);
    QDir::setCurrent(scratch.path());  // where the file dialogs start

    MainWindow w;
    w.resize(MainWindow::preferredSize());
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTRY_VERIFY_WITH_TIMEOUT(w.controller()->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    w.dataPanel();  // the default dataset; the monkey changes it at will

    QSignalSpy runsEnded(w.controller(), &TrainingController::runEnded);
    QSignalSpy lessonSteps(w.lessonPlayer(), &LessonPlayer::stepChanged);
    QSignalSpy lessonsFinished(w.lessonPlayer(), &LessonPlayer::finished);
    ModalWatchdog watchdog(seed + 1, &files, scratch.path());
    Monkey monkey(&w, seed, &files, &stalls);
    Rng pause(seed + 2);
    QElapsedTimer clock;
    clock.start();
    auto lastEvents = [&] {
        QStringList list(monkey.recent.begin(), monkey.recent.end());
        return QStringLiteral("%1; last events:\n  %2").arg(replay, list.join(QStringLiteral("\n  ")));
    };
    QString thrown;
    try {
        while (clock.elapsed() < qint64(seconds) * 1000) {
            stalls.stepBegan();
            monkey.step();
            stalls.stepEnded();
            if (!w.isVisible()) w.show();  // nothing closes it, but a closed window tests nothing
            if (!w.isActiveWindow() && !QApplication::activeModalWidget() && !QApplication::activePopupWidget())
                w.activateWindow();  // a floating dock took the focus: shortcuts go to the window
            QTest::qWait(below(pause, 12));
        }
    } catch (const std::exception& e) {  // out of an event handler: a bug of the window
        thrown = QString::fromUtf8(e.what());
    }
    QVERIFY2(thrown.isEmpty(), qPrintable(QStringLiteral("exception: %1; %2").arg(thrown, lastEvents())));
    const qint64 ran = clock.elapsed();
    stalls.phase(QStringLiteral("waiting for the last modal to close"), std::chrono::seconds(40));
    // Every modal gets closed by the watchdog: none is left.
    QTRY_VERIFY2_WITH_TIMEOUT(!QApplication::activeModalWidget(), qPrintable(lastEvents()), 20000);
    if (QWidget* popup = QApplication::activePopupWidget()) popup->close();
    qInfo("monkey: %lld ms, %lld events (%lld clicks, %lld keys, %lld shortcuts, %lld drags, %lld wheels, "
          "%lld menu actions, %lld lesson moves, %lld files fed), %d modals closed (%d message boxes, %d file "
          "dialogs with %d files chosen, %d other dialogs) with %d answers, %d popups closed",
          ran, monkey.events, monkey.clicks, monkey.keys, monkey.shortcuts, monkey.drags, monkey.wheels,
          monkey.actions, monkey.lessonMoves, monkey.filesFed, watchdog.modals, watchdog.messageBoxes,
          watchdog.fileDialogs, watchdog.filesChosen, watchdog.otherDialogs, watchdog.answers, watchdog.popups);
    qInfo("monkey: the window meanwhile: %lld runs ended, %lld lesson steps shown, %lld lessons finished",
          qint64(runsEnded.count()), qint64(lessonSteps.count()), qint64(lessonsFinished.count()));
    QStringList kinds = watchdog.titles;
    kinds.removeDuplicates();
    qInfo("monkey: modal kinds seen: %s", qPrintable(kinds.join(QStringLiteral(" | "))));
    QVERIFY2(watchdog.findings.isEmpty(),
             qPrintable(watchdog.findings.join(QLatin1Char('\n')) + QLatin1Char('\n') + lastEvents()));
    QVERIFY2(monkey.events > 0 && watchdog.modals > 0, qPrintable(replay));

    // Still responsive: a queued event comes back within a second.
    bool echoed = false;
    QMetaObject::invokeMethod(&w, [&echoed] { echoed = true; }, Qt::QueuedConnection);
    QTRY_VERIFY2_WITH_TIMEOUT(echoed, qPrintable(lastEvents()), 1000);

    // And it still trains: out of any lesson and run, a tiny dataset to the end.
    stalls.phase(QStringLiteral("stopping, then a tiny run to the end"), std::chrono::seconds(150));
    if (w.lessonPlayer()->isPlaying()) w.lessonPlayer()->leave();
    if (w.controller()->isBusy()) w.controller()->stop();
    QTRY_VERIFY2_WITH_TIMEOUT(!w.controller()->isBusy(), qPrintable(lastEvents()), 30000);
    w.controller()->setSpeed(moe::TrainingSpeed::Full);
    moe::GeneratorParams params;
    params.name = "moons";
    params.samples = 80;
    moe::RunConfig config;
    config.train.epochs = 3;
    QCOMPARE(w.showSetup(moe::DatasetSource::generated(params), config), QString());
    QTRY_VERIFY2_WITH_TIMEOUT(w.controller()->state() == TrainingState::Ready, qPrintable(lastEvents()), 30000);
    QSignalSpy ended(w.controller(), &TrainingController::runEnded);
    QVERIFY2(w.trainingPanel()->trainAction()->isEnabled(), qPrintable(lastEvents()));
    w.trainingPanel()->trainAction()->trigger();
    QTRY_VERIFY2_WITH_TIMEOUT(ended.count() == 1, qPrintable(lastEvents()), 60000);
    QCOMPARE(ended.at(0).at(0).toBool(), true);
    QCOMPARE(w.controller()->epochsCompleted(), 3);
    stalls.phase(QStringLiteral("closing the window"), std::chrono::seconds(30));  // w ends before `stalls`
}

int main(int argc, char** argv) {
    // Qt's own file dialog (a widget the watchdog can fill in), whatever the platform theme.
    QCoreApplication::setAttribute(Qt::AA_DontUseNativeDialogs);
    QApplication app(argc, argv);
    TestGuiMonkey test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_gui_monkey.moc"
