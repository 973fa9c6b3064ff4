// Tests ui/glossary/glossary_dock.* and app_glossary.*: the shipped glossary is compiled in
// and loads; the search filters terms (names first); an entry shows its definition, formula,
// source and views; a related link and showEntry() open other entries, clearing a search
// that hides them; unknown ids change nothing.
#include "ui/glossary/app_glossary.h"
#include "ui/glossary/glossary_dock.h"

#include <QLineEdit>
#include <QListWidget>
#include <QTest>
#include <QTextBrowser>
#include <QUrl>

using namespace moe::ui;

class TestGlossaryDock : public QObject {
    Q_OBJECT
private slots:
    void theShippedGlossaryIsCompiledIn() {
        QVERIFY2(applicationGlossaryError().isEmpty(), qPrintable(applicationGlossaryError()));
        QVERIFY(applicationGlossary().size() >= 40);
    }

    void searchFiltersTerms() {
        GlossaryDock dock(&applicationGlossary());
        QCOMPARE(static_cast<std::size_t>(dock.list()->count()), applicationGlossary().size());
        dock.searchField()->setText("capacity");
        QVERIFY(dock.list()->count() > 1);
        QVERIFY(static_cast<std::size_t>(dock.list()->count()) < applicationGlossary().size());
        QCOMPARE(dock.list()->item(0)->text(), QString("Capacity"));
        QCOMPARE(dock.currentId(), QString("capacity"));  // the first match is shown
        dock.searchField()->setText("no such words at all");
        QCOMPARE(dock.list()->count(), 0);
    }

    void entriesShowTheirFieldsAndLinks() {
        GlossaryDock dock(&applicationGlossary());
        dock.showEntry("load-cv");
        QCOMPARE(dock.currentId(), QString("load-cv"));
        const QString text = dock.entryView()->toPlainText();
        QVERIFY(text.contains("Load CV"));
        QVERIFY(text.contains("CV = std(load) / mean(load), population variance"));
        QVERIFY(text.contains("Source:"));
        QVERIFY(text.contains("Utilization"));
        QVERIFY(dock.entryView()->toHtml().contains("glossary:maxvio"));
        emit dock.entryView()->anchorClicked(QUrl("glossary:maxvio"));
        QCOMPARE(dock.currentId(), QString("maxvio"));
        QCOMPARE(dock.list()->currentItem()->text(), QString("MaxVio"));
    }

    void showEntryClearsAHidingSearch() {
        GlossaryDock dock(&applicationGlossary());
        dock.searchField()->setText("capacity");  // no match in the z-loss entry
        dock.showEntry("z-loss");
        QVERIFY(dock.searchField()->text().isEmpty());
        QCOMPARE(dock.currentId(), QString("z-loss"));
        QCOMPARE(dock.list()->currentItem()->text(), QString("Router z-loss"));
        dock.showEntry("not-an-entry");
        QCOMPARE(dock.currentId(), QString("z-loss"));
        QVERIFY(dock.entryHtml("not-an-entry").isEmpty());
    }
};

QTEST_MAIN(TestGlossaryDock)
#include "tst_glossary_dock.moc"
