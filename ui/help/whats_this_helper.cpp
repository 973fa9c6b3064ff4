#include "ui/help/whats_this_helper.h"

#include "ui/help/whats_this_book.h"

#include <QAccessible>
#include <QApplication>
#include <QAction>
#include <QEvent>
#include <QToolButton>
#include <QWhatsThisClickedEvent>
#include <QWidget>

namespace moe::ui {

WhatsThisHelper::WhatsThisHelper(const WhatsThisBook* book, QObject* parent) : QObject(parent), m_book(book) {
    setObjectName(QStringLiteral("whatsThisHelper"));
}

WhatsThisHelper* WhatsThisHelper::install(const WhatsThisBook* book, QObject* app) {
    if (auto* existing = app->findChild<WhatsThisHelper*>(QStringLiteral("whatsThisHelper"), Qt::FindDirectChildrenOnly))
        return existing;
    auto* helper = new WhatsThisHelper(book, app);
    app->installEventFilter(helper);
    for (QWidget* w : QApplication::allWidgets()) helper->apply(w);
    return helper;
}

bool WhatsThisHelper::apply(QWidget* widget) const {
    const WhatsThisEntry* entry = m_book->find(widget->objectName());
    if (!entry) return false;
    const QString html = m_book->html(*entry, widget->toolTip());
    // A tool button copies its action's texts whenever the action changes: the action
    // carries the text too, or the next change would wipe it.
    if (auto* tool = qobject_cast<QToolButton*>(widget); tool && tool->defaultAction())
        tool->defaultAction()->setWhatsThis(html);
    widget->setWhatsThis(html);
    // Qt names a button by its text and a field by its label's buddy; only where it finds
    // no name does the entry give one. The description is the tooltip unless there is none.
    if (widget->accessibleName().isEmpty()) {
        QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(widget);
        if (!iface || iface->text(QAccessible::Name).trimmed().isEmpty()) widget->setAccessibleName(entry->name);
    }
    if (widget->accessibleDescription().isEmpty() && widget->toolTip().isEmpty())
        widget->setAccessibleDescription(entry->what.isEmpty() ? entry->idea : entry->what);
    return true;
}

bool WhatsThisHelper::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::Polish:
    case QEvent::ToolTipChange:
        if (watched->isWidgetType()) apply(static_cast<QWidget*>(watched));
        break;
    case QEvent::WhatsThisClicked: {
        const QString href = static_cast<QWhatsThisClickedEvent*>(event)->href();
        if (href.startsWith(QLatin1String("glossary:"))) {
            emit termClicked(href.mid(9));
            return true;
        }
        break;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace moe::ui
