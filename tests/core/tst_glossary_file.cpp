// Tests core/io/glossary_file.*: the shipped glossary loads, has every term issue 16 asks
// for, and every link resolves; a broken link, a duplicate id or term, a missing or empty
// field, a bad id and a wrong format or version are each refused with one line naming the
// file and the field.
#include "core/io/glossary_file.h"
#include "tests/support/temp_files.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace moe;

namespace {

using Json = nlohmann::ordered_json;

Json entry(const std::string& id, const std::string& term, std::vector<std::string> related) {
    return Json{{"id", id},           {"term", term},         {"definition", "Words."},
                {"source", "A paper"}, {"views", {"Formula"}}, {"related", related}};
}

Json twoEntries() {
    return Json{{"format", kGlossaryFormat},
                {"version", kGlossaryVersion},
                {"entries", {entry("gate", "Gate", {"logit"}), entry("logit", "Logit", {"gate"})}}};
}

}  // namespace

class TestGlossaryFile : public QObject {
    Q_OBJECT
private slots:
    void shippedFileLoads();
    void shippedFileHasTheTermsTheAppUses();
    void acceptsAMinimalFile();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void namesTheFileWhenReading();
};

void TestGlossaryFile::shippedFileLoads() {
    const Result<Glossary> g = readGlossaryFile(MOE_GLOSSARY_FILE);
    QVERIFY2(g.ok(), g.ok() ? "" : g.error().c_str());
    QVERIFY(g.value().size() >= 40);
    for (const GlossaryEntry& e : g.value().entries()) {
        QVERIFY2(!e.views.empty() && !e.source.empty() && !e.definition.empty(), e.id.c_str());
        for (const std::string& r : e.related) QVERIFY2(g.value().find(r), (e.id + " -> " + r).c_str());
    }
}

void TestGlossaryFile::shippedFileHasTheTermsTheAppUses() {
    const Result<Glossary> g = readGlossaryFile(MOE_GLOSSARY_FILE);
    QVERIFY(g.ok());
    // The terms issue 16 lists, and the eight routers.
    for (const char* id : {"expert", "gate", "logit", "softmax", "top-k", "renormalisation", "sparsity",
                           "active-parameters", "flops", "capacity", "capacity-factor", "dropped-assignment",
                           "token-choice", "expert-choice", "load", "load-cv", "maxvio", "usage-entropy",
                           "gate-entropy", "load-balancing-loss", "z-loss", "importance-loss", "shared-expert",
                           "hierarchical-gate", "residual-block", "dense-equal-params", "dense-equal-compute",
                           "pareto-front", "collapse", "dead-expert", "specialisation", "nmi", "dense-router",
                           "switch-routing", "noisy-top-k", "top-p", "sigmoid-bias", "hash-router",
                           "competitive-loss", "cooperative-loss", "standardisation", "pca", "epoch", "batch",
                           "learning-rate"})
        QVERIFY2(g.value().find(id), id);
    // Formulas as docs/moe-definitions.md writes them.
    QVERIFY(g.value().find("z-loss")->formula.find("beta * (1/T) sum_t (logsumexp_j l_tj)^2") != std::string::npos);
    QVERIFY(g.value().find("load-balancing-loss")->formula.find("alpha * E * sum_i f_i P_i") != std::string::npos);
    QVERIFY(g.value().find("capacity")->formula.find("C = ceil(capacity_factor * T * k / E)") != std::string::npos);
    QVERIFY(g.value().find("maxvio")->formula.find("(max load - mean load) / mean load") != std::string::npos);
}

void TestGlossaryFile::acceptsAMinimalFile() {
    const Result<Glossary> g = parseGlossary(twoEntries().dump(), "mini.json");
    QVERIFY2(g.ok(), g.ok() ? "" : g.error().c_str());
    QCOMPARE(g.value().size(), std::size_t{2});
    QVERIFY(g.value().find("logit")->formula.empty());
}

void TestGlossaryFile::refusesBadFiles_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    auto with = [](auto change) {
        Json j = twoEntries();
        change(j);
        return QString::fromStdString(j.dump());
    };
    QTest::newRow("broken link") << with([](Json& j) { j["entries"][1]["related"][0] = "gat"; })
                                 << "g.json: entries[1] (\"logit\").related[0]: \"gat\" is not an entry's id";
    QTest::newRow("self link") << with([](Json& j) { j["entries"][0]["related"][0] = "gate"; })
                               << "g.json: entries[0] (\"gate\").related[0]: an entry cannot link to itself";
    QTest::newRow("duplicate id") << with([](Json& j) { j["entries"][1]["id"] = "gate"; })
                                  << "g.json: entries[1].id: \"gate\" is also the id of entries[0]";
    QTest::newRow("duplicate term") << with([](Json& j) { j["entries"][1]["term"] = "GATE"; })
                                    << "g.json: entries[1].term: \"GATE\" is also the term of entries[0]";
    QTest::newRow("missing definition") << with([](Json& j) { j["entries"][0].erase("definition"); })
                                        << "g.json: entries[0] (\"gate\").definition: missing";
    QTest::newRow("empty source") << with([](Json& j) { j["entries"][1]["source"] = "  "; })
                                  << "g.json: entries[1] (\"logit\").source: is empty";
    QTest::newRow("no views") << with([](Json& j) { j["entries"][1]["views"] = Json::array(); })
                              << "g.json: entries[1] (\"logit\").views: expected between 1 and 64 entries, got 0";
    QTest::newRow("bad id") << with([](Json& j) { j["entries"][0]["id"] = "Load CV"; })
                            << "g.json: entries[0].id: \"Load CV\" is not lower-case words joined by '-'";
    // Found by tests/fuzz/fuzz_glossary_file: text from the file reached the message raw, so an
    // ESC or a CR in an id, a term or a link went to the terminal as is.
    QTest::newRow("escape in id") << with([](Json& j) { j["entries"][0]["id"] = "gate\x1b[2J\r"; })
                                  << "g.json: entries[0].id: \"gate\\x1b[2J\\r\" is not lower-case words joined by '-'";
    QTest::newRow("escape in term") << with([](Json& j) { j["entries"][1]["term"] = "Gat\x07"; j["entries"][0]["term"] = "gat\x07"; })
                                    << "g.json: entries[1].term: \"Gat\\x07\" is also the term of entries[0]";
    QTest::newRow("escape in link") << with([](Json& j) { j["entries"][1]["related"][0] = "ga\x1bte"; })
                                    << "g.json: entries[1] (\"logit\").related[0]: \"ga\\x1bte\" is not an entry's id";
    QTest::newRow("unknown key") << with([](Json& j) { j["entries"][0]["defintion"] = "x"; })
                                 << "g.json: entries[0].defintion: unknown key";
    QTest::newRow("wrong format") << with([](Json& j) { j["format"] = "other"; })
                                  << "g.json: format: expected \"moe-explorer-glossary\"";
    QTest::newRow("future version") << with([](Json& j) { j["version"] = 2; })
                                    << "g.json: version: 2 is not supported";
    QTest::newRow("not json") << QString("{\"format\": ") << "g.json: not valid JSON";
    QTest::newRow("no entries") << with([](Json& j) { j["entries"] = Json::array(); })
                                << "g.json: entries: holds no entry";
}

void TestGlossaryFile::refusesBadFiles() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    const Result<Glossary> g = parseGlossary(text.toStdString(), "g.json");
    QVERIFY(!g.ok());
    const QString error = QString::fromStdString(g.error());
    QVERIFY2(error.startsWith(message), qPrintable(error));
    QVERIFY(!error.contains('\n'));
    for (QChar c : error) QVERIFY2(c.unicode() >= 0x20 && c.unicode() != 0x7f, qPrintable(error));
}

void TestGlossaryFile::namesTheFileWhenReading() {
    QTemporaryDir dir;
    Json j = twoEntries();
    j["entries"][0]["related"][0] = "nowhere";
    const QString path = testing::writeFile(dir, "broken.json", QByteArray::fromStdString(j.dump()));
    const Result<Glossary> g = readGlossaryFile(path.toStdString());
    QVERIFY(!g.ok());
    QVERIFY2(QString::fromStdString(g.error()).startsWith(path + ": entries[0]"), g.error().c_str());
    const Result<Glossary> missing = readGlossaryFile(dir.filePath("none.json").toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(QString::fromStdString(missing.error()).contains("none.json"));
}

QTEST_APPLESS_MAIN(TestGlossaryFile)
#include "tst_glossary_file.moc"
