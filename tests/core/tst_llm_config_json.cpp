// Tests core/scale/llm_config_json.*: a model description reads back what was written, and a
// bad one is refused with one line naming the field (a top-k above the experts, zero or
// negative sizes, an unknown key, a misspelt kind) - never a crash or a silent misread.
#include "core/scale/llm_config_json.h"
#include "core/scale/llm_presets.h"
#include "tests/support/temp_files.h"

#include <QTest>

#include <nlohmann/json.hpp>

using namespace moe;
using Json = nlohmann::ordered_json;

namespace {

Json small() {
    return Json::parse(R"({
      "name": "small", "hidden": 64, "layers": 4, "vocab": 1000,
      "attention": {"kind": "grouped", "heads": 4, "kv_heads": 2, "head_dim": 16},
      "moe": {"experts": 8, "top_k": 2, "intermediate": 128}
    })");
}

}  // namespace

class TestLlmConfigJson : public QObject {
    Q_OBJECT
private slots:
    void readsWithDefaults();
    void roundTripsEveryPreset();
    void refusesBadInputNamingTheField_data();
    void refusesBadInputNamingTheField();
    void readsAFileAndNamesIt();
};

void TestLlmConfigJson::readsWithDefaults() {
    const Result<LlmDescription> d = readLlmDescription(small(), "small.json");
    QVERIFY2(d.ok(), d.ok() ? "" : d.error().c_str());
    const LlmConfig& c = d.value().config;
    QCOMPARE(c.hidden, 64);
    QCOMPARE(c.attention.kvHeads, 2);
    QCOMPARE(c.moe.topK, 2);
    QVERIFY(c.gatedFfn);
    QVERIFY(!c.tiedEmbeddings);
    QCOMPARE(c.denseLayers, 0);
    QCOMPARE(c.moe.sharedExperts, 0);
    QVERIFY(!d.value().published);
}

void TestLlmConfigJson::roundTripsEveryPreset() {
    for (const std::string& name : llmPresetNames()) {
        const LlmDescription d = loadLlmPreset(name).value();
        Json j = llmConfigToJson(d.config);
        j["published"] = publishedToJson(*d.published);
        const Result<LlmDescription> back = readLlmDescription(j, name);
        QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
        QCOMPARE(llmConfigToJson(back.value().config).dump(), llmConfigToJson(d.config).dump());
        QCOMPARE(publishedToJson(*back.value().published).dump(), publishedToJson(*d.published).dump());
    }
}

void TestLlmConfigJson::refusesBadInputNamingTheField_data() {
    QTest::addColumn<QString>("pointer");  // JSON pointer of the value to change
    QTest::addColumn<QString>("value");    // JSON text; "REMOVE" deletes the member
    QTest::addColumn<QString>("message");
    QTest::newRow("top-k above experts") << "/moe/top_k" << "9" << "f.json: moe.top_k: cannot exceed moe.experts (8), got 9";
    QTest::newRow("zero hidden") << "/hidden" << "0" << "f.json: hidden: must be between 1 and";
    QTest::newRow("negative experts") << "/moe/experts" << "-8" << "f.json: moe.experts: must be between 1 and";
    QTest::newRow("fractional layers") << "/layers" << "4.5" << "f.json: layers: expected an integer";
    QTest::newRow("missing vocab") << "/vocab" << "REMOVE" << "f.json: vocab: missing";
    QTest::newRow("misspelt key") << "/moe/topk" << "2" << "f.json: moe.topk: unknown key";
    QTest::newRow("kind") << "/attention/kind" << "\"mqa\"" << "f.json: attention.kind: must be one of grouped, latent, got 'mqa'";
    // Found by tests/fuzz/fuzz_llm_config: the name read reached the message raw, so an ESC
    // or a CR in it went to the terminal as is.
    QTest::newRow("escape in kind") << "/attention/kind" << "\"mqa\\u001b[2J\\r\""
                                    << "f.json: attention.kind: must be one of grouped, latent, got 'mqa\\x1b[2J\\r'";
    QTest::newRow("escape in part") << "/published" << R"({"params_total": 1e9, "params_active": 1e8, "source": "x", "active_without": ["emb\u0007"]})"
                                    << "f.json: published.active_without[0]: not a part name: 'emb\\x07'";
    QTest::newRow("latent key in grouped") << "/attention/kv_lora_rank" << "512" << "f.json: attention.kv_lora_rank: unknown key";
    QTest::newRow("kv heads") << "/attention/kv_heads" << "3" << "f.json: attention.kv_heads: must divide attention.heads (4)";
    QTest::newRow("string size") << "/moe/intermediate" << "\"128\"" << "f.json: moe.intermediate: expected an integer";
    QTest::newRow("published part") << "/published" << R"({"params_total": 1e9, "params_active": 1e8, "source": "x", "active_without": ["embeddings"]})"
                                    << "f.json: published.active_without[0]: not a part name: 'embeddings'";
    QTest::newRow("published zero") << "/published" << R"({"params_total": 0, "params_active": 1e8, "source": "x"})"
                                    << "f.json: published.params_total: must be positive";
    QTest::newRow("not an object") << "" << "[1, 2]" << "f.json: the document: expected an object";
}

void TestLlmConfigJson::refusesBadInputNamingTheField() {
    QFETCH(QString, pointer);
    QFETCH(QString, value);
    QFETCH(QString, message);
    Json doc = small();
    const Json::json_pointer at(pointer.toStdString());
    if (value == "REMOVE")
        doc.at(at.parent_pointer()).erase(at.back());
    else
        doc[at] = Json::parse(value.toStdString());
    const Result<LlmDescription> d = readLlmDescription(doc, "f.json");
    QVERIFY(!d.ok());
    QVERIFY2(QString::fromStdString(d.error()).startsWith(message), d.error().c_str());
    QVERIFY(d.error().find('\n') == std::string::npos);
    for (unsigned char c : d.error()) QVERIFY2(c >= 0x20 && c != 0x7f, d.error().c_str());
}

void TestLlmConfigJson::readsAFileAndNamesIt() {
    QTemporaryDir dir;
    const QString good = moe::testing::writeFile(dir, "good.json", QByteArray::fromStdString(small().dump()));
    QVERIFY(readLlmDescriptionFile(good.toStdString()).ok());
    const QString bad = moe::testing::writeFile(dir, "bad.json", "{\"hidden\": 64,");
    const Result<LlmDescription> d = readLlmDescriptionFile(bad.toStdString());
    QVERIFY(!d.ok());
    QVERIFY2(d.error().find("bad.json: not valid JSON") != std::string::npos, d.error().c_str());
    const Result<LlmDescription> missing = readLlmDescriptionFile(dir.filePath("none.json").toStdString());
    QVERIFY(!missing.ok());
    QVERIFY(missing.error().find("none.json") != std::string::npos);
}

QTEST_APPLESS_MAIN(TestLlmConfigJson)
#include "tst_llm_config_json.moc"
