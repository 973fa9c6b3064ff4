#pragma once
// Intended usage: What's This (Shift+F1, Help > What's This, the toolbar's "?" button) for
// every control and view of the window. The texts live in one data file,
// resources/help/whats-this.json (compiled in as :/help/whats-this.json), keyed by the
// widgets' object names; docs/whats-this.md describes its format. Each entry says what the
// widget is (or, without a "what", the widget's own tooltip at the moment it is asked), the
// MoE idea behind it, something to try, and the glossary entries it links to.
//
//   WhatsThisBook::Parsed p = WhatsThisBook::parse(bytes, "whats-this.json", &glossary);
//   if (!p.error.isEmpty()) report(p.error);                  // names the entry and field
//   const WhatsThisEntry* e = p.book.find(widget->objectName());
//   widget->setWhatsThis(p.book.html(*e, widget->toolTip()));
//
// WhatsThisHelper (ui/help/whats_this_helper.h) hands the texts to the widgets.

#include "core/teach/glossary.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace moe::ui {

struct WhatsThisEntry {
    QStringList widgets;  ///< object names; a name ending in '*' matches by prefix ("lessonChoice*")
    QString name;         ///< what a screen reader calls the widget: "Top-k"
    QString what;         ///< what it is; empty: the widget's tooltip says it
    QString idea;         ///< the MoE (or machine-learning) idea behind it
    QString tryThis;      ///< something to try with it
    QStringList terms;    ///< glossary ids, each one existing
};

class WhatsThisBook {
public:
    struct Parsed;

    /// Reads the book. With `glossary`, every term must be one of its ids. Refuses (an
    /// empty book and a one-line error naming `source`, the entry and the field) a file
    /// that is not JSON of format "moe-explorer-whats-this", an entry without name, idea or try, an
    /// object name listed twice, and a term the glossary does not have.
    static Parsed parse(const QByteArray& json, const QString& source, const moe::Glossary* glossary);

    const QList<WhatsThisEntry>& entries() const { return m_entries; }
    /// The entry for this object name (exact names before prefixes), or nullptr.
    const WhatsThisEntry* find(const QString& objectName) const;
    /// The rich text of the What's This bubble: the name, what (or `tooltip`), the idea,
    /// "Try this:" and the glossary links (href "glossary:<id>", shown by their terms).
    QString html(const WhatsThisEntry& entry, const QString& tooltip) const;

private:
    QList<WhatsThisEntry> m_entries;
    const moe::Glossary* m_glossary = nullptr;
};

struct WhatsThisBook::Parsed {
    WhatsThisBook book;
    QString error;  ///< empty when the book was read
};

/// The shipped book, read once; empty (with applicationWhatsThisError() saying why) if the
/// resource should fail to parse, which tests/ui/help/tst_whats_this_book rules out.
const WhatsThisBook& applicationWhatsThis();
QString applicationWhatsThisError();

}  // namespace moe::ui
