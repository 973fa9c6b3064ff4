#pragma once
// What the whole-window tests (tst_gui_polish, tst_whats_this) share: which widgets are the
// controls and views a person sees, how to name one in a failure message, and a walk that
// shows every page of every tab widget in turn.
//
//   visitEveryTab(window, [&] { for (QWidget* c : window.findChildren<QWidget*>())
//                                   if (isControl(c) && !isQtInternal(c)) check(c); });

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QGraphicsView>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QList>
#include <QPair>
#include <QSlider>
#include <QString>
#include <QTabBar>
#include <QTabWidget>
#include <QTextDocument>
#include <QTextEdit>
#include <QWidget>

#include <functional>

namespace moe::test {

inline QString stripped(QString text) {
    text.remove(QChar(0x2026));
    text.remove(QStringLiteral("..."));
    text.remove(QLatin1Char('&'));
    return text.trimmed();
}

inline QString plain(const QString& text) {
    if (!Qt::mightBeRichText(text)) return text;
    QTextDocument doc;
    doc.setHtml(text);
    return doc.toPlainText();
}

/// The widget by objectName (else class and text), after its nearest named ancestor.
inline QString describe(const QWidget* w) {
    QString text;
    if (auto* b = qobject_cast<const QAbstractButton*>(w)) text = b->text();
    else if (auto* l = qobject_cast<const QLabel*>(w)) text = plain(l->text());
    else if (auto* c = qobject_cast<const QComboBox*>(w)) text = c->currentText();
    else if (auto* e = qobject_cast<const QLineEdit*>(w)) text = e->placeholderText();
    QString path;
    for (const QWidget* p = w->parentWidget(); p && !p->isWindow(); p = p->parentWidget())
        if (!p->objectName().isEmpty() && !p->objectName().startsWith(QLatin1String("qt_"))) {
            path = p->objectName() + QStringLiteral(" > ");
            break;
        }
    const QString name = w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className())
                                                   : w->objectName();
    return path + name + (text.isEmpty() ? QString() : QStringLiteral(" \"%1\"").arg(text.left(40)));
}

inline QString describe(const QAction* a) { return QStringLiteral("action \"%1\"").arg(stripped(a->text())); }

/// Parts Qt builds inside composite widgets (a spin box's editor, a tab bar's scroll
/// arrows, the toolbar's overflow button): not controls the program chose to show.
inline bool isQtInternal(const QWidget* w) {
    if (w->objectName().startsWith(QLatin1String("qt_"))) return true;
    const QWidget* p = w->parentWidget();
    if (!p) return false;
    if (qobject_cast<const QAbstractSpinBox*>(p) || qobject_cast<const QComboBox*>(p) ||
        qobject_cast<const QTabBar*>(p))
        return true;
    return qstrcmp(w->metaObject()->className(), "QTableCornerButton") == 0;
}

/// Something a person operates: a button, box, field or slider.
inline bool isControl(const QWidget* w) {
    return qobject_cast<const QAbstractButton*>(w) || qobject_cast<const QComboBox*>(w) ||
           qobject_cast<const QAbstractSpinBox*>(w) || qobject_cast<const QLineEdit*>(w) ||
           qobject_cast<const QSlider*>(w) || qobject_cast<const QCheckBox*>(w);
}

/// Something a person reads: a table, list, chart, text view or one of the program's own
/// views (a class named ...View). A table's header is part of its table.
inline bool isView(const QWidget* w) {
    if (qobject_cast<const QHeaderView*>(w)) return false;
    return qobject_cast<const QAbstractItemView*>(w) || qobject_cast<const QGraphicsView*>(w) ||
           qobject_cast<const QTextEdit*>(w) ||
           QString::fromLatin1(w->metaObject()->className()).endsWith(QLatin1String("View"));
}

/// Shows the pages of the tab widgets that hold `w` (a tab widget inside another's page),
/// so that `w` can be seen; returns the pages each of those showed before.
inline QList<QPair<QTabWidget*, int>> showAncestorPages(QWidget* w) {
    QList<QPair<QTabWidget*, int>> shown;
    for (QWidget* child = w; child; child = child->parentWidget()) {
        QWidget* stack = child->parentWidget();
        auto* tabs = stack ? qobject_cast<QTabWidget*>(stack->parentWidget()) : nullptr;
        if (tabs && tabs->indexOf(child) >= 0) {
            shown.append({tabs, tabs->currentIndex()});
            tabs->setCurrentWidget(child);
        }
    }
    return shown;
}

/// Calls `check` once, then once with every page of every tab widget under `root` shown; a
/// tab widget nested in another's page is walked with that page shown.
inline void visitEveryTab(QWidget& root, const std::function<void()>& check) {
    check();
    for (QTabWidget* tabs : root.findChildren<QTabWidget*>()) {
        const QList<QPair<QTabWidget*, int>> outer = showAncestorPages(tabs);
        const int original = tabs->currentIndex();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            check();
        }
        tabs->setCurrentIndex(original);
        for (auto it = outer.crbegin(); it != outer.crend(); ++it) it->first->setCurrentIndex(it->second);
    }
}

}  // namespace moe::test
