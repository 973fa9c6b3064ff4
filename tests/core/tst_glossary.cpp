// Tests core/teach/glossary.*: lookup by id and the search the Glossary dock runs (term and
// alias matches before definition matches, case ignored, empty text lists everything).
#include "core/teach/glossary.h"

#include <QTest>

using namespace moe;

namespace {

GlossaryEntry entry(std::string id, std::string term, std::vector<std::string> aliases, std::string definition) {
    GlossaryEntry e;
    e.id = std::move(id);
    e.term = std::move(term);
    e.aliases = std::move(aliases);
    e.definition = std::move(definition);
    return e;
}

Glossary sample() {
    return Glossary({entry("capacity", "Capacity", {"C"}, "The most assignments one expert takes."),
                     entry("dropped-assignment", "Dropped assignment", {}, "Beyond the expert's capacity."),
                     entry("gate", "Gate", {"router"}, "Decides which experts answer.")});
}

QStringList ids(const std::vector<const GlossaryEntry*>& hits) {
    QStringList out;
    for (const GlossaryEntry* e : hits) out << QString::fromStdString(e->id);
    return out;
}

}  // namespace

class TestGlossary : public QObject {
    Q_OBJECT
private slots:
    void findsById() {
        const Glossary g = sample();
        QVERIFY(g.find("gate"));
        QCOMPARE(QString::fromStdString(g.find("gate")->term), QString("Gate"));
        QVERIFY(!g.find("Gate"));
        QVERIFY(!g.find("nothing"));
    }
    void searchPutsNameMatchesFirst() {
        const Glossary g = sample();
        // "capacity" is the first entry's term and in the second's definition.
        QCOMPARE(ids(g.search("CAPACITY")), QStringList({"capacity", "dropped-assignment"}));
        QCOMPARE(ids(g.search("router")), QStringList({"gate"}));
        QCOMPARE(ids(g.search("expert")), QStringList({"capacity", "dropped-assignment", "gate"}));
        QCOMPARE(ids(g.search("")).size(), 3);
        QVERIFY(g.search("zzz").empty());
    }
};

QTEST_APPLESS_MAIN(TestGlossary)
#include "tst_glossary.moc"
