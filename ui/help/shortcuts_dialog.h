#pragma once
// Intended usage: Help > Keyboard shortcuts - every shortcut the window has, read from the
// window's own actions and buttons when the dialog opens, so the list cannot go stale: the
// menus' actions grouped by menu, then the buttons and actions outside the menus (the
// Lessons panel's Back, Next and Show me). A filter finds an action or a key.
//
//   ShortcutsDialog dialog(window);
//   dialog.exec();
//   QStringList keys = shortcutsOf(window);   // "Ctrl+L", "F5", ... every one listed

#include <QDialog>
#include <QList>
#include <QString>

class QTreeWidget;

namespace moe::ui {

struct ShortcutEntry {
    QString group;   ///< the menu ("Training"), or "Panels and buttons"
    QString what;    ///< the action's text without '&' and '…'
    QString keys;    ///< every key sequence, native text, "F5 or Ctrl+Return"
    QString explains;  ///< its status tip or tooltip
};

/// Every shortcut of `window`: its menu bar's actions (submenus included), then every other
/// action or button under it that has one. Each action once.
QList<ShortcutEntry> shortcutsOf(QWidget* window);

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ShortcutsDialog(QWidget* window);
    QTreeWidget* list() const { return m_list; }

private:
    QTreeWidget* m_list;
};

}  // namespace moe::ui
