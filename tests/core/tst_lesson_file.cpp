// Tests core/io/lesson_file.*: every shipped lesson loads with the shipped glossary; a
// minimal lesson and a full one read back as written (scene over the defaults, checks,
// questions, Show me actions); and bad files - not JSON, another format or version, an
// unknown key, control, action, view, metric, setting or event, a question without a right
// answer, a scene with an invalid setting, a link to no glossary entry, HTML in a text -
// are each refused with one line naming the file and the field.
#include "core/io/lesson_file.h"

#include "core/io/glossary_file.h"
#include "tests/support/temp_files.h"

#include <QDir>
#include <QTest>

#include <set>

using namespace moe;

namespace {

using Json = nlohmann::ordered_json;

Json minimalStep() { return Json{{"title", "Hello"}, {"text", "Some *words*."}}; }

Json minimalLesson() {
    return Json{{"format", kLessonFormat}, {"version", kLessonVersion}, {"id", "a-lesson"}, {"title", "A lesson"},
                {"summary", "What it is about."}, {"level", "first-steps"}, {"minutes", 5},
                {"sources", {"Jacobs et al. 1991"}}, {"steps", Json::array({minimalStep()})}};
}

Json fullStep() {
    Json step = minimalStep();
    step["text"] = "The [gate](glossary:gate) picks; see the [Cost tab](view:cost).";
    step["scene"] = {{"dataset", {{"kind", "generator"},
                                  {"generator", {{"name", "blobs"}, {"samples", 400}, {"noise", 0.3}, {"seed", 3}, {"clusters", 4}}}}},
                     {"config", {{"experts", 4}, {"top_k", 2}, {"epochs", 20}}}};
    step["hide"] = {"groups"};
    step["lock"] = {"experts"};
    step["spotlight"] = {"top-k", "train", "cost"};
    step["task"] = "Set top-k to 1 and train.";
    step["show_me"] = {{{"set", "top-k"}, {"to", 1}}, {{"press", "train"}}, {{"open", "cost"}}, {{"pin", 3}}};
    step["check"] = {{"all", {"config.top_k == 1", {{"label", "trained"}, {"is", "event run-finished"}},
                              "moe.test_accuracy >= 0.9"}}};
    step["question"] = {{"kind", "choice"}, {"prompt", "How many experts run per input?"},
                        {"choices", {{{"text", "one"}, {"right", true}, {"feedback", "Yes."}},
                                     {{"text", "all"}, {"right", false}, {"feedback", "No: only k."}}}}};
    step["wait_for_check"] = true;
    return step;
}

const Glossary& shippedGlossary() {
    static const Glossary g = [] {
        Result<Glossary> r = readGlossaryFile(MOE_GLOSSARY_FILE);
        if (!r) qFatal("%s", r.error().c_str());
        return r.value();
    }();
    return g;
}


}  // namespace

class TestLessonFile : public QObject {
    Q_OBJECT
private slots:
    void shippedLessonsLoad();
    void readsAMinimalLesson();
    void readsAFullStep();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void namesTheFileWhenReading();
    void findsTextLinks();
};

void TestLessonFile::shippedLessonsLoad() {
    const QDir dir(QStringLiteral(MOE_LESSONS_DIR));
    const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QVERIFY(!files.isEmpty());
    std::set<std::string> ids;
    for (const QString& file : files) {
        Result<Lesson> l = readLessonFile(dir.filePath(file).toStdString(), &shippedGlossary());
        QVERIFY2(l.ok(), l ? "" : l.error().c_str());
        QVERIFY2(ids.insert(l.value().id).second, qPrintable(file));
        bool metricCheck = false, question = false;
        for (const LessonStep& s : l.value().steps) {
            question = question || s.question.has_value();
            if (s.check) {
                std::vector<const LessonCondition*> todo{&*s.check};
                while (!todo.empty()) {
                    const LessonCondition* c = todo.back();
                    todo.pop_back();
                    metricCheck = metricCheck || (c->kind == LessonCondition::Kind::Compare && c->name.rfind("config.", 0) != 0);
                    for (const LessonCondition& child : c->children) todo.push_back(&child);
                }
            }
        }
        QVERIFY2(metricCheck, qPrintable(file + ": no check on a reached metric"));
        QVERIFY2(question, qPrintable(file + ": no question"));
        QVERIFY2(l.value().minutes >= 5 && l.value().minutes <= 10, qPrintable(file));
    }
}

void TestLessonFile::readsAMinimalLesson() {
    Result<Lesson> l = parseLesson(minimalLesson().dump(), "a.json");
    QVERIFY2(l.ok(), l ? "" : l.error().c_str());
    QCOMPARE(l.value().id, std::string("a-lesson"));
    QCOMPARE(l.value().steps.size(), std::size_t(1));
    QVERIFY(!l.value().steps[0].scene && !l.value().steps[0].check && !l.value().steps[0].question);
}

void TestLessonFile::readsAFullStep() {
    Json doc = minimalLesson();
    doc["steps"] = Json::array({fullStep()});
    Result<Lesson> l = parseLesson(doc.dump(), "a.json", &shippedGlossary());
    QVERIFY2(l.ok(), l ? "" : l.error().c_str());
    const LessonStep& s = l.value().steps[0];
    QVERIFY(s.scene);
    QCOMPARE(s.scene->config.model.topK, 2);
    QCOMPARE(s.scene->config.train.epochs, 20);
    QCOMPARE(s.scene->config.train.batch, RunConfig{}.train.batch);  // not set: the default
    QCOMPARE(s.scene->dataset.generator.name, std::string("blobs"));
    QCOMPARE(s.scene->configKeys, (std::vector<std::string>{"experts", "top_k", "epochs"}));
    QCOMPARE(s.showMe.size(), std::size_t(4));
    QVERIFY(s.showMe[0].value == Json(1));
    QCOMPARE(s.showMe[3].row, 3);
    QVERIFY(s.check && s.check->kind == LessonCondition::Kind::All);
    QCOMPARE(s.check->children.at(1).label, std::string("trained"));
    QCOMPARE(s.question->choices.size(), std::size_t(2));
    QVERIFY(s.waitForCheck);
}

void TestLessonFile::refusesBadFiles_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    const auto withStep = [](const std::function<void(Json&)>& edit) {
        Json doc = minimalLesson();
        Json step = fullStep();
        edit(step);
        doc["steps"] = Json::array({step});
        return QString::fromStdString(doc.dump());
    };
    const auto withDoc = [](const std::function<void(Json&)>& edit) {
        Json doc = minimalLesson();
        edit(doc);
        return QString::fromStdString(doc.dump());
    };
    QTest::newRow("not JSON") << "{\"format\": " << "bad.json: not valid JSON";
    QTest::newRow("other format") << withDoc([](Json& d) { d["format"] = "moe-explorer-glossary"; })
                                  << "bad.json: format: expected \"moe-explorer-lesson\"";
    QTest::newRow("other version") << withDoc([](Json& d) { d["version"] = 2; })
                                   << "bad.json: version: 2 is not supported";
    QTest::newRow("unknown key") << withDoc([](Json& d) { d["titel"] = "x"; }) << "bad.json: titel: unknown key";
    QTest::newRow("bad id") << withDoc([](Json& d) { d["id"] = "My Lesson"; }) << "bad.json: id:";
    QTest::newRow("bad level") << withDoc([](Json& d) { d["level"] = "expert"; }) << "bad.json: level: expected one of";
    QTest::newRow("no steps") << withDoc([](Json& d) { d["steps"] = Json::array(); }) << "bad.json: steps: holds no step";
    QTest::newRow("no sources") << withDoc([](Json& d) { d["sources"] = Json::array(); }) << "bad.json: sources";
    QTest::newRow("unknown control") << withStep([](Json& s) { s["hide"] = {"topk"}; })
                                     << "bad.json: steps[0].hide[0]: unknown control 'topk'";
    QTest::newRow("unknown spotlight") << withStep([](Json& s) { s["spotlight"] = {"costs"}; })
                                       << "bad.json: steps[0].spotlight[0]: unknown control, action or view";
    QTest::newRow("unknown action") << withStep([](Json& s) { s["show_me"][1] = {{"press", "go"}}; })
                                    << "bad.json: steps[0].show_me[1].press: unknown action 'go'";
    QTest::newRow("unknown view") << withStep([](Json& s) { s["show_me"][2] = {{"open", "costs"}}; })
                                  << "bad.json: steps[0].show_me[2].open: unknown view";
    QTest::newRow("wrong value type") << withStep([](Json& s) { s["show_me"][0]["to"] = "one"; })
                                      << "bad.json: steps[0].show_me[0].to: control top-k takes an integer";
    QTest::newRow("unknown choice") << withStep([](Json& s) { s["show_me"][0] = {{"set", "router"}, {"to", "topp"}}; })
                                    << "bad.json: steps[0].show_me[0].to: \"topp\" is not a choice of router";
    QTest::newRow("show me without task") << withStep([](Json& s) { s.erase("task"); })
                                          << "bad.json: steps[0].show_me: needs a \"task\"";
    QTest::newRow("unknown metric") << withStep([](Json& s) { s["check"]["all"][2] = "moe.lod_cv < 1"; })
                                    << "bad.json: steps[0].check.all[2]: unknown metric 'moe.lod_cv'";
    QTest::newRow("unknown setting") << withStep([](Json& s) { s["check"]["all"][0] = "config.topk == 1"; })
                                     << "bad.json: steps[0].check.all[0]: unknown setting 'config.topk'";
    QTest::newRow("unknown event") << withStep([](Json& s) { s["check"]["all"][1]["is"] = "event trained"; })
                                   << "bad.json: steps[0].check.all[1].is: unknown event 'trained'";
    QTest::newRow("empty all") << withStep([](Json& s) { s["check"] = {{"all", Json::array()}}; })
                               << "bad.json: steps[0].check.all: holds no condition";
    QTest::newRow("wait without check") << withStep([](Json& s) { s.erase("check"); })
                                        << "bad.json: steps[0].wait_for_check: the step has no check";
    QTest::newRow("no right answer") << withStep([](Json& s) { s["question"]["choices"][0]["right"] = false; })
                                     << "bad.json: steps[0].question.choices: no choice is right";
    QTest::newRow("one choice") << withStep([](Json& s) { s["question"]["choices"].erase(1); })
                                << "bad.json: steps[0].question.choices: needs at least two choices";
    QTest::newRow("question kind") << withStep([](Json& s) { s["question"]["kind"] = "essay"; })
                                   << "bad.json: steps[0].question.kind: expected \"choice\" or \"number\"";
    QTest::newRow("negative tolerance")
        << withStep([](Json& s) {
               s["question"] = {{"kind", "number"}, {"prompt", "How many?"}, {"answer", 2}, {"tolerance", -1},
                                {"feedback_right", "Yes."}, {"feedback_wrong", "No."}};
           })
        << "bad.json: steps[0].question.tolerance: cannot be negative";
    QTest::newRow("invalid setting") << withStep([](Json& s) { s["scene"]["config"]["top_k"] = 5; })
                                     << "bad.json: steps[0].scene.config.top_k: cannot exceed the number of experts";
    QTest::newRow("unknown setting key") << withStep([](Json& s) { s["scene"]["config"]["topk"] = 1; })
                                         << "bad.json: steps[0].scene.config.topk: unknown key";
    QTest::newRow("unknown generator") << withStep([](Json& s) { s["scene"]["dataset"]["generator"]["name"] = "moon"; })
                                       << "bad.json: steps[0].scene.dataset.generator.name: unknown generator 'moon'";
    QTest::newRow("csv scene") << withStep([](Json& s) { s["scene"]["dataset"] = {{"kind", "csv"}}; })
                               << "bad.json: steps[0].scene.dataset";
    QTest::newRow("glossary link") << withStep([](Json& s) { s["text"] = "A [gaet](glossary:gaet)."; })
                                   << "bad.json: steps[0].text: links to 'gaet', not a glossary entry";
    QTest::newRow("view link") << withStep([](Json& s) { s["text"] = "The [tab](view:costs)."; })
                               << "bad.json: steps[0].text: links to view 'costs'";
    QTest::newRow("other link") << withStep([](Json& s) { s["text"] = "A [file](file:/etc/passwd)."; })
                                << "bad.json: steps[0].text: link 'file:/etc/passwd'";
    QTest::newRow("html") << withStep([](Json& s) { s["text"] = "A <b>bold</b> word."; })
                          << "bad.json: steps[0].text: holds an HTML tag";
}

void TestLessonFile::refusesBadFiles() {
    QFETCH(QString, text);
    QFETCH(QString, message);
    Result<Lesson> l = parseLesson(text.toStdString(), "bad.json", &shippedGlossary());
    QVERIFY(!l);
    QVERIFY2(QString::fromStdString(l.error()).startsWith(message), l.error().c_str());
    QVERIFY(l.error().find('\n') == std::string::npos);
}

void TestLessonFile::namesTheFileWhenReading() {
    QTemporaryDir dir;
    const QString path = moe::testing::writeFile(dir, "broken.json", "{\"format\": 3");
    Result<Lesson> l = readLessonFile(path.toStdString());
    QVERIFY(!l);
    QVERIFY2(QString::fromStdString(l.error()).startsWith(path + ": not valid JSON"), l.error().c_str());
    Json doc = minimalLesson();
    doc["minutes"] = 0;
    const QString low = moe::testing::writeFile(dir, "low.json", QByteArray::fromStdString(doc.dump()));
    l = readLessonFile(low.toStdString());
    QVERIFY(!l);
    QVERIFY2(QString::fromStdString(l.error()).startsWith(low + ": minutes:"), l.error().c_str());
    const QString missing = dir.filePath("none.json");
    l = readLessonFile(missing.toStdString());
    QVERIFY(!l);
    QVERIFY2(QString::fromStdString(l.error()).startsWith(missing), l.error().c_str());
}

void TestLessonFile::findsTextLinks() {
    const std::string text = "The [gate](glossary:gate), [top-k](glossary:top-k) and [Cost](view:cost).";
    QCOMPARE(lessonTextLinks(text, "glossary"), (std::vector<std::string>{"gate", "top-k"}));
    QCOMPARE(lessonTextLinks(text, "view"), (std::vector<std::string>{"cost"}));
}

QTEST_APPLESS_MAIN(TestLessonFile)
#include "tst_lesson_file.moc"
