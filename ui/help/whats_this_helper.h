#pragma once
// Intended usage: gives the widgets of the application their What's This from a
// WhatsThisBook (ui/help/whats_this_book.h), so no widget sets its own:
//
//   WhatsThisHelper* help = WhatsThisHelper::install(&applicationWhatsThis(), qApp);
//   connect(help, &WhatsThisHelper::termClicked, glossaryDock, &GlossaryDock::showEntry);
//
// Every widget gets its text when it is first polished (just before it is first shown) and
// again when its tooltip changes (the "what" of many entries is the tooltip).

#include <QObject>
#include <QString>

class QWidget;

namespace moe::ui {

class WhatsThisBook;

/// Gives every widget of the application its What's This when it is first polished, and
/// again when its tooltip changes (the "what" of many entries is the tooltip): the book's
/// text, and, where Qt finds none, an accessible name (the entry's name) and description
/// (its "what", or the tooltip).
class WhatsThisHelper : public QObject {
    Q_OBJECT
public:
    /// The helper of `app` (created on the first call, which also applies the book to the
    /// widgets that already exist); `book` must outlive it.
    static WhatsThisHelper* install(const WhatsThisBook* book, QObject* app);
    /// Sets `widget`'s texts from the book if it has an entry; true if it had one.
    bool apply(QWidget* widget) const;

signals:
    /// A glossary link in a What's This bubble was clicked.
    void termClicked(const QString& glossaryId);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    WhatsThisHelper(const WhatsThisBook* book, QObject* parent);
    const WhatsThisBook* m_book;
};

}  // namespace moe::ui
