#include "ui/help/whats_this_book.h"

#include "ui/glossary/app_glossary.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QSet>
#include <QTextDocument>

// The resource lives in the static library moe_ui: registering it by name keeps the linker
// from dropping it.
static void registerHelpResource() { Q_INIT_RESOURCE(help); }

namespace moe::ui {
namespace {

// A string field, trimmed (empty when absent).
QString text(const QJsonObject& o, const char* key) { return o.value(QLatin1String(key)).toString().trimmed(); }

QStringList strings(const QJsonValue& v, bool& wrongType) {
    QStringList out;
    if (v.isUndefined()) return out;
    if (!v.isArray()) {
        wrongType = true;
        return out;
    }
    for (const QJsonValue& item : v.toArray()) {
        if (!item.isString() || item.toString().trimmed().isEmpty()) {
            wrongType = true;
            return {};
        }
        out << item.toString().trimmed();
    }
    return out;
}

}  // namespace

WhatsThisBook::Parsed WhatsThisBook::parse(const QByteArray& json, const QString& source,
                                           const moe::Glossary* glossary) {
    Parsed out;
    auto fail = [&](const QString& why) {
        out.book = WhatsThisBook();
        out.error = source + QStringLiteral(": ") + why;
        return out;
    };
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("not JSON (%1 at byte %2)").arg(parseError.errorString()).arg(parseError.offset));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String("moe-explorer-whats-this"))
        return fail(QStringLiteral("\"format\" must be \"moe-explorer-whats-this\""));
    if (!root.value(QLatin1String("entries")).isArray()) return fail(QStringLiteral("\"entries\" must be an array"));

    QSet<QString> seen;
    const QJsonArray entries = root.value(QLatin1String("entries")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = QStringLiteral("entries[%1]").arg(i);
        if (!entries[i].isObject()) return fail(where + QStringLiteral(" must be an object"));
        const QJsonObject o = entries[i].toObject();
        // A misspelt field is refused rather than silently ignored.
        static const QStringList kKeys = {QStringLiteral("widgets"), QStringLiteral("name"), QStringLiteral("what"),
                                          QStringLiteral("idea"), QStringLiteral("try"), QStringLiteral("terms")};
        for (const QString& key : o.keys())
            if (!kKeys.contains(key)) return fail(QStringLiteral("%1: unknown field \"%2\"").arg(where, key));
        WhatsThisEntry e;
        bool wrongType = false;
        e.widgets = strings(o.value(QLatin1String("widgets")), wrongType);
        if (wrongType || e.widgets.isEmpty())
            return fail(where + QStringLiteral(".widgets must be a non-empty array of object names"));
        e.name = text(o, "name");
        e.what = text(o, "what");
        e.idea = text(o, "idea");
        e.tryThis = text(o, "try");
        for (const char* key : {"name", "idea", "try"})
            if (text(o, key).isEmpty())
                return fail(QStringLiteral("%1 (%2): \"%3\" is missing or empty").arg(where, e.widgets.first(), QLatin1String(key)));
        e.terms = strings(o.value(QLatin1String("terms")), wrongType);
        if (wrongType) return fail(where + QStringLiteral(".terms must be an array of glossary ids"));
        for (const QString& w : e.widgets) {
            if (seen.contains(w)) return fail(QStringLiteral("%1: the object name \"%2\" is listed twice").arg(where, w));
            seen.insert(w);
        }
        if (glossary)
            for (const QString& t : e.terms)
                if (!glossary->find(t.toStdString()))
                    return fail(QStringLiteral("%1 (%2): the term \"%3\" is not in the glossary").arg(where, e.widgets.first(), t));
        out.book.m_entries.append(std::move(e));
    }
    out.book.m_glossary = glossary;
    return out;
}

const WhatsThisEntry* WhatsThisBook::find(const QString& objectName) const {
    if (objectName.isEmpty()) return nullptr;
    for (const WhatsThisEntry& e : m_entries)
        if (e.widgets.contains(objectName)) return &e;
    for (const WhatsThisEntry& e : m_entries)
        for (const QString& w : e.widgets)
            if (w.endsWith(QLatin1Char('*')) && objectName.startsWith(w.chopped(1))) return &e;
    return nullptr;
}

QString WhatsThisBook::html(const WhatsThisEntry& entry, const QString& tooltip) const {
    // A tooltip may itself be rich text; a plain one is escaped.
    const QString what = !entry.what.isEmpty() ? entry.what.toHtmlEscaped()
                         : Qt::mightBeRichText(tooltip) ? tooltip
                                                        : tooltip.toHtmlEscaped();
    QString out = QStringLiteral("<p><b>%1</b></p>").arg(entry.name.toHtmlEscaped());
    if (!what.isEmpty()) out += QStringLiteral("<p>%1</p>").arg(what);
    out += QStringLiteral("<p><i>%1</i> %2</p>").arg(QObject::tr("The idea:"), entry.idea.toHtmlEscaped());
    out += QStringLiteral("<p><i>%1</i> %2</p>").arg(QObject::tr("Try this:"), entry.tryThis.toHtmlEscaped());
    QStringList links;
    for (const QString& id : entry.terms) {
        const moe::GlossaryEntry* g = m_glossary ? m_glossary->find(id.toStdString()) : nullptr;
        const QString term = g ? QString::fromStdString(g->term) : id;
        links << QStringLiteral("<a href=\"glossary:%1\">%2</a>").arg(id, term.toHtmlEscaped());
    }
    if (!links.isEmpty())
        out += QStringLiteral("<p><i>%1</i> %2</p>").arg(QObject::tr("In the glossary:"), links.join(QStringLiteral(", ")));
    return out;
}

namespace {

const WhatsThisBook::Parsed& loadedBook() {
    static const WhatsThisBook::Parsed once = [] {
        registerHelpResource();
        const QString path = QStringLiteral(":/help/whats-this.json");
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return WhatsThisBook::Parsed{WhatsThisBook(), path + QStringLiteral(": cannot open the resource")};
        return WhatsThisBook::parse(f.readAll(), path, &applicationGlossary());
    }();
    return once;
}

}  // namespace

const WhatsThisBook& applicationWhatsThis() { return loadedBook().book; }

QString applicationWhatsThisError() { return loadedBook().error; }

}  // namespace moe::ui
