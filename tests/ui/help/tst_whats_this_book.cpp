// WhatsThisBook: the shipped book reads, with every glossary link resolving; a broken file
// is refused with one line naming the entry and the field, never the application; the
// bubble's text; and WhatsThisHelper giving widgets their texts when they are polished.
#include "ui/glossary/app_glossary.h"
#include "ui/help/whats_this_book.h"
#include "ui/help/whats_this_helper.h"

#include <QAccessible>
#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>
#include <QVBoxLayout>
#include <QWhatsThisClickedEvent>

#include <memory>

using namespace moe::ui;

namespace {

moe::Glossary smallGlossary() {
    moe::GlossaryEntry topK;
    topK.id = "top-k";
    topK.term = "Top-k";
    topK.definition = "Each input goes to the k experts with the highest gate probability.";
    return moe::Glossary({topK});
}

QByteArray book(const QByteArray& entries) {
    return R"({"format": "moe-explorer-whats-this", "version": 1, "entries": [)" + entries + "]}";
}

const QByteArray kTopK = R"({"widgets": ["top-k"], "name": "Top-k", "idea": "k experts per input.",
                             "try": "Set k = 1.", "terms": ["top-k"]})";

}  // namespace

class TestWhatsThisBook : public QObject {
    Q_OBJECT
private slots:
    void theShippedBookReadsWithEveryLinkResolving();
    void badBooksAreRefusedNamingTheEntryAndField_data();
    void badBooksAreRefusedNamingTheEntryAndField();
    void findsExactNamesBeforePrefixes();
    void theBubbleSaysWhatTheIdeaAndWhatToTry();
    void theHelperGivesPolishedWidgetsTheirTexts();
};

void TestWhatsThisBook::theShippedBookReadsWithEveryLinkResolving() {
    QFile f(QStringLiteral(MOE_WHATS_THIS_FILE));
    QVERIFY(f.open(QIODevice::ReadOnly));
    const WhatsThisBook::Parsed p = WhatsThisBook::parse(f.readAll(), f.fileName(), &applicationGlossary());
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QVERIFY(p.book.entries().size() >= 60);
    // The compiled-in resource is the same file.
    QVERIFY2(applicationWhatsThisError().isEmpty(), qPrintable(applicationWhatsThisError()));
    QCOMPARE(applicationWhatsThis().entries().size(), p.book.entries().size());
    for (const WhatsThisEntry& e : p.book.entries()) {
        QVERIFY2(e.idea.size() >= 40, qPrintable(e.name + QStringLiteral(": the idea is too short to explain anything")));
        QVERIFY2(!e.terms.isEmpty(), qPrintable(e.name + QStringLiteral(": links to no glossary entry")));
    }
}

void TestWhatsThisBook::badBooksAreRefusedNamingTheEntryAndField_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("says");
    QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QStringLiteral("not JSON");
    QTest::newRow("wrong format") << QByteArray(R"({"format": "x", "entries": []})") << QStringLiteral("\"format\"");
    QTest::newRow("no widgets") << book(R"({"name": "A", "idea": "i", "try": "t"})") << QStringLiteral("entries[0].widgets");
    QTest::newRow("no idea") << book(R"({"widgets": ["a"], "name": "A", "try": "t"})") << QStringLiteral("entries[0] (a): \"idea\"");
    QTest::newRow("blank try") << book(R"({"widgets": ["a"], "name": "A", "idea": "i", "try": " "})")
                               << QStringLiteral("entries[0] (a): \"try\"");
    QTest::newRow("duplicate name") << book(kTopK + "," + kTopK) << QStringLiteral("entries[1]: the object name \"top-k\" is listed twice");
    QTest::newRow("broken link") << book(R"({"widgets": ["a"], "name": "A", "idea": "i", "try": "t", "terms": ["nope"]})")
                                 << QStringLiteral("entries[0] (a): the term \"nope\" is not in the glossary");
    QTest::newRow("misspelt field") << book(R"({"widgets": ["a"], "name": "A", "idea": "i", "try": "t", "trm": []})")
                                    << QStringLiteral("entries[0]: unknown field \"trm\"");
    QTest::newRow("terms not strings") << book(R"({"widgets": ["a"], "name": "A", "idea": "i", "try": "t", "terms": [1]})")
                                       << QStringLiteral("entries[0].terms");
}

void TestWhatsThisBook::badBooksAreRefusedNamingTheEntryAndField() {
    QFETCH(QByteArray, json);
    QFETCH(QString, says);
    const moe::Glossary glossary = smallGlossary();
    const WhatsThisBook::Parsed p = WhatsThisBook::parse(json, QStringLiteral("book.json"), &glossary);
    QVERIFY(p.book.entries().isEmpty());
    QVERIFY2(p.error.startsWith(QStringLiteral("book.json: ")), qPrintable(p.error));
    QVERIFY2(p.error.contains(says), qPrintable(p.error));
    QVERIFY(!p.error.contains(QLatin1Char('\n')));
}

void TestWhatsThisBook::findsExactNamesBeforePrefixes() {
    const moe::Glossary glossary = smallGlossary();
    const auto p = WhatsThisBook::parse(
        book(R"({"widgets": ["choice*"], "name": "Any", "idea": "i", "try": "t"},
                {"widgets": ["choice2", "other"], "name": "Second", "idea": "i", "try": "t"})"),
        QStringLiteral("b"), &glossary);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    QCOMPARE(p.book.find(QStringLiteral("choice0"))->name, QStringLiteral("Any"));
    QCOMPARE(p.book.find(QStringLiteral("choice2"))->name, QStringLiteral("Second"));
    QCOMPARE(p.book.find(QStringLiteral("other"))->name, QStringLiteral("Second"));
    QVERIFY(!p.book.find(QStringLiteral("choic")));
    QVERIFY(!p.book.find(QString()));
}

void TestWhatsThisBook::theBubbleSaysWhatTheIdeaAndWhatToTry() {
    const moe::Glossary glossary = smallGlossary();
    const auto p = WhatsThisBook::parse(book(kTopK), QStringLiteral("b"), &glossary);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    const WhatsThisEntry& e = p.book.entries().front();
    // Without its own "what", the entry says what the tooltip says, escaped when plain.
    const QString html = p.book.html(e, QStringLiteral("Experts per input <k>"));
    QVERIFY(html.contains(QStringLiteral("<b>Top-k</b>")));
    QVERIFY(html.contains(QStringLiteral("Experts per input &lt;k&gt;")));
    QVERIFY(html.contains(QStringLiteral("The idea:</i> k experts per input.")));
    QVERIFY(html.contains(QStringLiteral("Try this:</i> Set k = 1.")));
    QVERIFY(html.contains(QStringLiteral("<a href=\"glossary:top-k\">Top-k</a>")));
}

void TestWhatsThisBook::theHelperGivesPolishedWidgetsTheirTexts() {
    const moe::Glossary glossary = smallGlossary();
    const auto p = WhatsThisBook::parse(book(kTopK + R"(, {"widgets": ["plot"], "name": "Plot", "what": "A plot.",
                                                          "idea": "i", "try": "t"})"),
                                        QStringLiteral("b"), &glossary);
    QVERIFY2(p.error.isEmpty(), qPrintable(p.error));
    // Deleted at the end, which also removes it from the application's event filters.
    std::unique_ptr<WhatsThisHelper> helper(WhatsThisHelper::install(&p.book, qApp));
    QCOMPARE(WhatsThisHelper::install(&p.book, qApp), helper.get());  // one per application
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* spin = new QSpinBox;
    spin->setObjectName(QStringLiteral("top-k"));
    spin->setToolTip(QStringLiteral("How many experts each input is sent to"));
    auto* plot = new QWidget;
    plot->setObjectName(QStringLiteral("plot"));
    auto* unknown = new QSpinBox;
    layout->addWidget(spin);
    layout->addWidget(plot);
    layout->addWidget(unknown);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(spin->whatsThis().contains(QStringLiteral("How many experts each input is sent to")));
    QVERIFY(plot->whatsThis().contains(QStringLiteral("A plot.")));
    QVERIFY(unknown->whatsThis().isEmpty());
    // No label names the spin box: the entry does; the tooltip describes it.
    QCOMPARE(spin->accessibleName(), QStringLiteral("Top-k"));
    QAccessibleInterface* iface = QAccessible::queryAccessibleInterface(spin);
    QVERIFY(iface);
    QCOMPARE(iface->text(QAccessible::Description), spin->toolTip());
    QCOMPARE(plot->accessibleDescription(), QStringLiteral("A plot."));
    // A tooltip that changes changes the bubble.
    spin->setToolTip(QStringLiteral("A new tooltip"));
    QVERIFY(spin->whatsThis().contains(QStringLiteral("A new tooltip")));
    // A glossary link clicked in the bubble.
    QSignalSpy clicked(helper.get(), &WhatsThisHelper::termClicked);
    QWhatsThisClickedEvent click(QStringLiteral("glossary:top-k"));
    QCoreApplication::sendEvent(spin, &click);
    QCOMPARE(clicked.count(), 1);
    QCOMPARE(clicked.front().front().toString(), QStringLiteral("top-k"));
}

QTEST_MAIN(TestWhatsThisBook)
#include "tst_whats_this_book.moc"
