#pragma once
// Intended usage: the searchable Glossary dock (Help > Glossary opens it). A search field
// filters the terms (term and alias matches first, then definitions: Glossary::search); the
// selected entry shows its definition, formula, source, the views that show it and links
// to its related entries. Other views open an entry with showEntry(id) - the formula view's
// step links, tooltips and lessons.
//
//   auto* dock = new GlossaryDock(&applicationGlossary(), window);
//   window->addDockWidget(Qt::RightDockWidgetArea, dock);
//   connect(formula, &FormulaView::glossaryRequested, dock, &GlossaryDock::showEntry);

#include "core/teach/glossary.h"

#include <QDockWidget>
#include <QString>

class QLineEdit;
class QListWidget;
class QTextBrowser;

namespace moe::ui {

class GlossaryDock : public QDockWidget {
    Q_OBJECT
public:
    explicit GlossaryDock(const moe::Glossary* glossary, QWidget* parent = nullptr);

    /// Shows (and raises) the entry `id`; clears the search if it hides that entry.
    /// Unknown ids are ignored.
    void showEntry(const QString& id);
    /// The id of the entry shown, or empty.
    QString currentId() const { return m_current; }
    /// Entry HTML for `id` (empty if unknown): what the entry pane shows.
    QString entryHtml(const QString& id) const;

    QLineEdit* searchField() const { return m_search; }
    QListWidget* list() const { return m_list; }
    QTextBrowser* entryView() const { return m_entry; }

private:
    void fill(const QString& text);
    void display(const QString& id);

    const moe::Glossary* m_glossary;
    QLineEdit* m_search = nullptr;
    QListWidget* m_list = nullptr;
    QTextBrowser* m_entry = nullptr;
    QString m_current;
};

}  // namespace moe::ui
