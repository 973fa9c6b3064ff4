#include "ui/glossary/glossary_dock.h"

#include <QLineEdit>
#include <QListWidget>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

QString q(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

}  // namespace

GlossaryDock::GlossaryDock(const moe::Glossary* glossary, QWidget* parent)
    : QDockWidget(tr("Glossary"), parent), m_glossary(glossary) {
    setObjectName(QStringLiteral("glossaryDock"));
    m_search = new QLineEdit;
    m_search->setObjectName(QStringLiteral("glossarySearch"));
    m_search->setPlaceholderText(tr("Search terms and definitions"));
    m_search->setToolTip(tr("Type part of a term, another name for it or a word of its definition: terms that "
                            "match by name come first"));
    m_search->setAccessibleName(tr("Search the glossary"));
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("glossaryTerms"));
    m_list->setAccessibleName(tr("Glossary terms"));
    m_list->setToolTip(tr("Every MoE and machine-learning term the program uses; pick one to read it"));
    m_entry = new QTextBrowser;
    m_entry->setObjectName(QStringLiteral("glossaryEntry"));
    m_entry->setOpenLinks(false);
    m_entry->setAccessibleName(tr("Glossary entry"));
    m_entry->setToolTip(tr("The term in plain words, its formula, the paper it comes from and the views "
                           "that show it; click a related term to open it"));

    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(m_list);
    split->addWidget(m_entry);
    split->setStretchFactor(1, 1);
    auto* body = new QWidget;
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_search);
    layout->addWidget(split, 1);
    setWidget(body);

    connect(m_search, &QLineEdit::textChanged, this, &GlossaryDock::fill);
    connect(m_list, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* item) {
        if (item) display(item->data(Qt::UserRole).toString());
    });
    connect(m_entry, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) { showEntry(url.path()); });
    fill(QString());
}

void GlossaryDock::fill(const QString& text) {
    const QString keep = m_current;
    m_list->clear();
    if (!m_glossary) return;
    for (const moe::GlossaryEntry* e : m_glossary->search(text.toStdString())) {
        auto* item = new QListWidgetItem(QString::fromStdString(e->term), m_list);
        item->setData(Qt::UserRole, QString::fromStdString(e->id));
        item->setToolTip(QString::fromStdString(e->definition));
        if (item->data(Qt::UserRole).toString() == keep) m_list->setCurrentItem(item);
    }
    if (!m_list->currentItem() && m_list->count() > 0 && !text.isEmpty()) m_list->setCurrentRow(0);
}

QString GlossaryDock::entryHtml(const QString& id) const {
    const moe::GlossaryEntry* e = m_glossary ? m_glossary->find(id.toStdString()) : nullptr;
    if (!e) return {};
    QString html = QStringLiteral("<h3>%1</h3><p>%2</p>").arg(q(e->term), q(e->definition));
    if (!e->formula.empty()) html += QStringLiteral("<p><code>%1</code></p>").arg(q(e->formula));
    if (!e->aliases.empty()) {
        QStringList names;
        for (const std::string& a : e->aliases) names << q(a);
        html += tr("<p><b>Also called:</b> %1</p>").arg(names.join(QStringLiteral(", ")));
    }
    html += tr("<p><b>Source:</b> %1</p>").arg(q(e->source));
    QStringList views;
    for (const std::string& v : e->views) views << q(v);
    html += tr("<p><b>Shown in:</b> %1</p>").arg(views.join(QStringLiteral(", ")));
    QStringList links;
    for (const std::string& r : e->related)
        if (const moe::GlossaryEntry* other = m_glossary->find(r))
            links << QStringLiteral("<a href=\"glossary:%1\">%2</a>").arg(q(r), q(other->term));
    html += tr("<p><b>See also:</b> %1</p>").arg(links.join(QStringLiteral(" · ")));
    return html;
}

void GlossaryDock::display(const QString& id) {
    const QString html = entryHtml(id);
    if (html.isEmpty()) return;
    m_current = id;
    m_entry->setHtml(html);
}

void GlossaryDock::showEntry(const QString& id) {
    if (!m_glossary || !m_glossary->find(id.toStdString())) return;
    auto select = [&] {
        for (int i = 0; i < m_list->count(); ++i)
            if (m_list->item(i)->data(Qt::UserRole).toString() == id) {
                m_list->setCurrentRow(i);
                return true;
            }
        return false;
    };
    if (!select()) {
        m_search->clear();  // refills with every entry
        select();
    }
    display(id);
    QDockWidget::show();
    raise();
}

}  // namespace moe::ui
