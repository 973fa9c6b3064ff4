#include "ui/help/shortcuts_dialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

QString plain(QString text) {
    text.remove(QLatin1Char('&'));
    text.remove(QChar(0x2026));
    text.remove(QStringLiteral("..."));
    return text.trimmed();
}

// What a shortcut is called in the list: the text, else the accessible name, else the
// tooltip's first sentence.
QString nameOf(const QString& text, const QString& accessible, const QString& tip) {
    if (!plain(text).isEmpty()) return plain(text);
    if (!accessible.isEmpty()) return accessible;
    QString t = tip;
    t.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
    return t.section(QLatin1Char('.'), 0, 0).trimmed();
}

QString keysOf(const QList<QKeySequence>& keys) {
    QStringList out;
    for (const QKeySequence& k : keys)
        if (!k.isEmpty()) out << k.toString(QKeySequence::NativeText);
    return out.join(QObject::tr(" or "));
}

void collect(QMenu* menu, const QString& group, QSet<const QAction*>& seen, QList<ShortcutEntry>& out) {
    for (QAction* a : menu->actions()) {
        if (a->menu()) {
            collect(a->menu(), group, seen, out);
            continue;
        }
        if (a->isSeparator() || seen.contains(a)) continue;
        seen.insert(a);
        if (a->shortcuts().isEmpty()) continue;
        out.append({group, plain(a->text()), keysOf(a->shortcuts()), a->statusTip()});
    }
}

}  // namespace

QList<ShortcutEntry> shortcutsOf(QWidget* window) {
    QList<ShortcutEntry> out;
    QSet<const QAction*> seen;
    if (auto* main = qobject_cast<QMainWindow*>(window))
        for (QAction* top : main->menuBar()->actions())
            if (top->menu()) collect(top->menu(), plain(top->text()), seen, out);
    const QString other = QObject::tr("Panels and buttons");
    for (QAction* a : window->findChildren<QAction*>()) {
        if (seen.contains(a) || a->shortcuts().isEmpty() || a->menu()) continue;
        seen.insert(a);
        out.append({other, nameOf(a->text(), {}, a->toolTip()), keysOf(a->shortcuts()), a->statusTip()});
    }
    for (QAbstractButton* b : window->findChildren<QAbstractButton*>()) {
        if (b->shortcut().isEmpty()) continue;
        // A tool button showing an action has the action's keys, listed above.
        if (auto* tool = qobject_cast<QToolButton*>(b); tool && tool->defaultAction() && seen.contains(tool->defaultAction()))
            continue;
        out.append({other, nameOf(b->text(), b->accessibleName(), b->toolTip()), keysOf({b->shortcut()}), b->toolTip()});
    }
    return out;
}

ShortcutsDialog::ShortcutsDialog(QWidget* window) : QDialog(window) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard shortcuts"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Every shortcut of this window, read from its menus and buttons. The whole "
                                "flow works from the keyboard: Tab moves between controls, Space or Enter "
                                "presses them."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_list = new QTreeWidget(this);
    m_list->setObjectName(QStringLiteral("shortcutsList"));
    m_list->setToolTip(tr("Every keyboard shortcut, by menu; hover a row for what it does"));
    m_list->setHeaderLabels({tr("Action"), tr("Keys")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    QTreeWidgetItem* group = nullptr;
    for (const ShortcutEntry& e : shortcutsOf(window)) {
        if (!group || group->text(0) != e.group) {
            group = new QTreeWidgetItem(m_list, {e.group});
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFirstColumnSpanned(true);
        }
        auto* item = new QTreeWidgetItem(group, {e.what, e.keys});
        item->setToolTip(0, e.explains);
        item->setToolTip(1, e.explains);
    }
    m_list->expandAll();
    auto* filter = new QLineEdit(this);
    filter->setObjectName(QStringLiteral("shortcutsFilter"));
    filter->setPlaceholderText(tr("Find an action or a key"));
    filter->setToolTip(tr("Shows only the rows whose action or keys contain this text"));
    connect(filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (int g = 0; g < m_list->topLevelItemCount(); ++g) {
            QTreeWidgetItem* heading = m_list->topLevelItem(g);
            int shown = 0;
            for (int i = 0; i < heading->childCount(); ++i) {
                QTreeWidgetItem* item = heading->child(i);
                const bool match = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive) ||
                                   item->text(1).contains(text, Qt::CaseInsensitive);
                item->setHidden(!match);
                shown += match;
            }
            heading->setHidden(shown == 0);
        }
    });
    layout->addWidget(filter);
    layout->addWidget(m_list, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->button(QDialogButtonBox::Close)->setToolTip(tr("Close this list (Escape)"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 560);
}

}  // namespace moe::ui
