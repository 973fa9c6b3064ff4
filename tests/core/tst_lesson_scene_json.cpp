// Tests core/io/lesson_scene_json.*: a scene saved as a lesson step reads back with the
// lesson reader as the same data and settings, names only the settings that differ from
// the defaults, keeps the hidden controls, and a CSV source is refused.
#include "core/io/json_text.h"
#include "core/io/lesson_file.h"
#include "core/io/lesson_scene_json.h"

#include <nlohmann/json.hpp>

#include <QTest>

using namespace moe;

class TestLessonSceneJson : public QObject {
    Q_OBJECT
private slots:
    void defaultsChangeNothing() { QVERIFY(changedConfigJson(RunConfig{}).empty()); }

    void aSavedSceneReadsBack() {
        GeneratorParams blobs;
        blobs.name = "blobs";
        blobs.samples = 300;
        blobs.noise = 0.35;
        blobs.seed = 4;
        blobs.clusters = 3;
        RunConfig config;
        config.model.experts = 6;
        config.model.topK = 3;
        config.train.epochs = 25;
        const Result<nlohmann::ordered_json> doc = sceneLessonJson(DatasetSource::generated(blobs), config, {"groups", "layers"});
        QVERIFY(doc.ok());
        const Result<Lesson> lesson = parseLesson(toJsonText(doc.value()), "saved.json");
        QVERIFY2(lesson.ok(), lesson.ok() ? "" : lesson.error().c_str());
        const LessonStep& step = lesson.value().steps.at(0);
        QVERIFY(step.scene.has_value());
        QCOMPARE(step.scene->dataset.generator.name, std::string("blobs"));
        QCOMPARE(step.scene->dataset.generator.samples, 300);
        QCOMPARE(step.scene->dataset.generator.seed, std::uint64_t{4});
        QCOMPARE(step.scene->config.model.experts, 6);
        QCOMPARE(step.scene->config.model.topK, 3);
        QCOMPARE(step.scene->config.train.epochs, 25);
        QCOMPARE(step.scene->configKeys, (std::vector<std::string>{"experts", "top_k", "epochs"}));
        QCOMPARE(step.hide, (std::vector<std::string>{"groups", "layers"}));
    }

    void aBundledSceneReadsBack() {
        const Result<nlohmann::ordered_json> doc = sceneLessonJson(DatasetSource::bundled("iris"), RunConfig{}, {});
        QVERIFY(doc.ok());
        const Result<Lesson> lesson = parseLesson(toJsonText(doc.value()), "saved.json");
        QVERIFY2(lesson.ok(), lesson.ok() ? "" : lesson.error().c_str());
        QCOMPARE(lesson.value().steps.at(0).scene->dataset.bundledName, std::string("iris"));
    }

    void aCsvSourceIsRefused() {
        const Result<nlohmann::ordered_json> doc =
            sceneLessonJson(DatasetSource::csvFile("/tmp/data.csv", CsvOptions{}), RunConfig{}, {});
        QVERIFY(!doc.ok());
        QVERIFY2(QString::fromStdString(doc.error()).contains(QStringLiteral("CSV")), doc.error().c_str());
    }
};

QTEST_APPLESS_MAIN(TestLessonSceneJson)
#include "tst_lesson_scene_json.moc"
