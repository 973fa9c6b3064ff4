// Tests core/io/model_file.*: a saved model loads back bit for bit and predicts the same
// bits; saving is atomic and leaves nothing behind when it fails; every kind of damaged
// file is refused with one line naming the file and the field, never a crash.
#include "core/data/generators.h"
#include "core/io/json_fields.h"
#include "core/io/model_file.h"
#include "core/train/evaluate.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"
#include "tests/support/experiment_fixtures.h"
#include "tests/support/temp_files.h"

#include <nlohmann/json.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <random>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

using namespace moe;
using moe::testing::readText;
using moe::testing::writeText;
using Json = nlohmann::ordered_json;
using Mutation = std::function<void(Json&)>;
Q_DECLARE_METATYPE(Mutation)
using Setup = std::function<void(ModelConfig&)>;  ///< changes a small config before training
Q_DECLARE_METATYPE(Setup)

namespace {

struct Quiet : TrainingObserver {
    bool onEpoch(const EpochSnapshot&) override { return true; }
};

Dataset makeData(const std::string& name, int samples) { return testing::generated(name, samples, 3, true); }

TrainedModel trainSmall(const std::string& dataset, int topK, Activation activation,
                        const Setup& setup = {}) {
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = topK;
    c.model.hidden = 5;
    c.model.activation = activation;
    if (setup) setup(c.model);
    c.train.epochs = 2;
    c.train.batch = 32;
    c.train.seed = 9;
    c.train.threads = 1;
    Result<std::unique_ptr<Experiment>> e = Experiment::create(makeData(dataset, 120), c);
    if (!e) qFatal("%s", e.error().c_str());
    Quiet quiet;
    e.value()->run(quiet);
    return e.value()->trainedModel();
}

bool sameBits(const Matrix& a, const Matrix& b) {
    if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
    const auto bytes = static_cast<std::size_t>(a.size()) * sizeof(float);
    return bytes == 0 || std::memcmp(a.data(), b.data(), bytes) == 0;  // empty: may be null
}

template <class T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() &&
           (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

QStringList entries(const QString& dir) {
    return QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden);
}

}  // namespace

class TestModelFile : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsBitExact_data();
    void roundTripIsBitExact();
    void numbersSurviveTheTextExactly();
    void saveIsAtomicAndLeavesNoTemporaryFile();
    void saveFailsCleanlyOnABadDestination_data();
    void saveFailsCleanlyOnABadDestination();
    void saveFailsCleanlyInAReadOnlyDirectory();
    void nonFiniteWeightsAreNotSaved();
    void loadRefusesDamagedFiles_data();
    void loadRefusesDamagedFiles();
    void loadRefusesDamagedText_data();
    void loadRefusesDamagedText();
    void loadRefusesMissingFileAndDirectory();

private:
    QTemporaryDir m_dir;
    std::string path(const char* name) const { return m_dir.filePath(name).toStdString(); }
    /// The text of a valid saved classification model (top-2, 4 experts, 2 features).
    std::string validText();
};

std::string TestModelFile::validText() {
    static std::string text;
    if (text.empty()) {
        const std::string p = path("valid.json");
        const Status s = saveModel(p, trainSmall("spirals", 2, Activation::Relu));
        if (!s) qFatal("%s", s.error().c_str());
        text = readText(p);
    }
    return text;
}

void TestModelFile::roundTripIsBitExact_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("topK");
    QTest::addColumn<int>("activation");
    QTest::addColumn<Setup>("setup");
    const int relu = int(Activation::Relu);
    const Setup plain;
    QTest::newRow("spirals top-2 relu") << "spirals" << 2 << relu << plain;
    QTest::newRow("blobs top-1 tanh") << "blobs" << 1 << int(Activation::Tanh) << plain;
    QTest::newRow("piecewise regression gelu")
        << "piecewise" << 2 << int(Activation::Gelu) << plain;
    QTest::newRow("hierarchical gate")
        << "moons" << 2 << relu << Setup([](ModelConfig& m) { m.groups = 2; });
    QTest::newRow("shared experts")
        << "moons" << 2 << relu << Setup([](ModelConfig& m) { m.sharedExperts = 1; });
    QTest::newRow("competitive mixture")
        << "moons" << 2 << relu
        << Setup([](ModelConfig& m) { m.mixtureLoss = MixtureLoss::Competitive; });
    QTest::newRow("block mode, two layers") << "moons" << 2 << relu << Setup([](ModelConfig& m) {
        m.mode = MoeMode::Block;
        m.layers = 2;
        m.modelWidth = 6;
    });
    QTest::newRow("block regression, shared expert")
        << "piecewise" << 1 << relu << Setup([](ModelConfig& m) {
               m.mode = MoeMode::Block;
               m.sharedExperts = 1;
           });
    // Every router: extra parameters (noise), a buffer (selection bias), none at all (hash).
    for (RouterKind r : allRouters())
        QTest::newRow(routerName(r)) << "circles" << (r == RouterKind::Switch ? 1 : 2) << relu
                                     << Setup([r](ModelConfig& m) { m.router = r; });
}

void TestModelFile::roundTripIsBitExact() {
    QFETCH(QString, dataset);
    QFETCH(int, topK);
    QFETCH(int, activation);
    QFETCH(Setup, setup);
    const TrainedModel saved =
        trainSmall(dataset.toStdString(), topK, static_cast<Activation>(activation), setup);
    const std::string p = path("roundtrip.json");
    const Status s = saveModel(p, saved);
    QVERIFY2(s.ok(), s.ok() ? "" : s.error().c_str());

    Result<TrainedModel> loaded = loadModel(p);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
    const TrainedModel& back = loaded.value();

    QCOMPARE(back.datasetName, saved.datasetName);
    QCOMPARE(back.task, saved.task);
    QCOMPARE(back.featureNames, saved.featureNames);
    QCOMPARE(back.classNames, saved.classNames);
    QCOMPARE(back.config.model.experts, saved.config.model.experts);
    QCOMPARE(back.config.model.topK, saved.config.model.topK);
    QCOMPARE(back.config.model.hidden, saved.config.model.hidden);
    QCOMPARE(back.config.model.activation, saved.config.model.activation);
    QCOMPARE(back.config.model.renormalize, saved.config.model.renormalize);
    QCOMPARE(back.config.model.router, saved.config.model.router);
    QCOMPARE(back.config.model.groups, saved.config.model.groups);
    QCOMPARE(back.config.model.mode, saved.config.model.mode);
    QCOMPARE(back.config.model.layers, saved.config.model.layers);
    QCOMPARE(back.config.model.sharedExperts, saved.config.model.sharedExperts);
    QCOMPARE(back.config.model.mixtureLoss, saved.config.model.mixtureLoss);
    QCOMPARE(back.config.train.seed, saved.config.train.seed);
    QCOMPARE(back.config.train.learningRate, saved.config.train.learningRate);
    QCOMPARE(back.config.train.testFraction, saved.config.train.testFraction);
    QVERIFY(sameBits(back.inputScaler.mean(), saved.inputScaler.mean()));
    QVERIFY(sameBits(back.inputScaler.scale(), saved.inputScaler.scale()));
    QVERIFY(std::memcmp(&back.targetScaler, &saved.targetScaler, sizeof(TargetScaler)) == 0);

    std::vector<Parameter> a = saved.model->parameters(), b = back.model->parameters();
    QCOMPARE(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].name, a[i].name);
        QVERIFY2(sameBits(*b[i].value, *a[i].value), a[i].name.c_str());
    }

    const Dataset fresh = makeData(dataset.toStdString(), 50);
    const Predictions pa = predict(saved, fresh), pb = predict(back, fresh);
    QCOMPARE(pb.gateProbabilities.size(), pa.gateProbabilities.size());
    for (std::size_t l = 0; l < pa.gateProbabilities.size(); ++l)
        QVERIFY(sameBits(pb.gateProbabilities[l], pa.gateProbabilities[l]));
    QVERIFY(sameBits(pb.classProbabilities, pa.classProbabilities));
    QVERIFY(sameBits(pb.predictedValue, pa.predictedValue));
    QCOMPARE(pb.predictedClass, pa.predictedClass);
    QVERIFY(pb.routed == pa.routed);

    // Saving what was loaded writes the same text: nothing is lost or reformatted.
    const std::string again = path("roundtrip-again.json");
    QVERIFY(saveModel(again, back).ok());
    QCOMPARE(readText(again), readText(p));
}

void TestModelFile::numbersSurviveTheTextExactly() {
    // jsonNumber() picks the shortest decimal only when it reads back (through a double,
    // as every JSON reader does) as the same float; check that on hard cases and on
    // random bit patterns.
    std::vector<float> values{0.0f,
                              -0.0f,
                              1.0f,
                              0.1f,
                              -1.9194523f,
                              std::numeric_limits<float>::min(),
                              std::numeric_limits<float>::denorm_min(),
                              std::numeric_limits<float>::max(),
                              std::numeric_limits<float>::lowest(),
                              std::numeric_limits<float>::epsilon()};
    std::mt19937 rng(12345);
    while (values.size() < 200000) {
        const auto bits = static_cast<std::uint32_t>(rng());
        float f;
        std::memcpy(&f, &bits, sizeof f);
        if (std::isfinite(f)) values.push_back(f);
    }
    const Json text = Json::parse(floatsToJson(values).dump());
    QCOMPARE(text.size(), values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto back = static_cast<float>(text[i].get<double>());
        if (std::memcmp(&back, &values[i], sizeof back) != 0)
            QFAIL(qPrintable(QString("value %1 came back as %2")
                                 .arg(double(values[i]), 0, 'g', 9)
                                 .arg(double(back), 0, 'g', 9)));
    }
}

void TestModelFile::saveIsAtomicAndLeavesNoTemporaryFile() {
    QTemporaryDir dir;
    const std::string p = dir.filePath("model.json").toStdString();
    const TrainedModel first = trainSmall("moons", 1, Activation::Relu);
    QVERIFY(saveModel(p, first).ok());
    QCOMPARE(entries(dir.path()), QStringList{"model.json"});

    // Replacing an existing file: still one file, now holding the new model, mode kept.
    QVERIFY(::chmod(p.c_str(), 0640) == 0);
    const TrainedModel second = trainSmall("moons", 2, Activation::Tanh);
    QVERIFY(saveModel(p, second).ok());
    QCOMPARE(entries(dir.path()), QStringList{"model.json"});
    struct stat st {};
    QVERIFY(::stat(p.c_str(), &st) == 0);
    QCOMPARE(st.st_mode & 0777, 0640u);
    Result<TrainedModel> back = loadModel(p);
    QVERIFY(back.ok());
    QCOMPARE(back.value().config.model.topK, 2);

    // A bare file name saves into the working directory.
    const QString old = QDir::currentPath();
    QVERIFY(QDir::setCurrent(dir.path()));
    const Status bare = saveModel("bare.json", first);
    QDir::setCurrent(old);
    QVERIFY(bare.ok());
    QCOMPARE(entries(dir.path()), (QStringList{"bare.json", "model.json"}));
}

void TestModelFile::saveFailsCleanlyOnABadDestination_data() {
    QTest::addColumn<QString>("relative");
    QTest::newRow("missing directory") << "no-such-dir/model.json";
    QTest::newRow("parent is a file") << "plain-file/model.json";
    QTest::newRow("destination is a directory") << "a-directory";
    QTest::newRow("trailing slash") << "a-directory/";
    QTest::newRow("empty path") << "";
}

void TestModelFile::saveFailsCleanlyOnABadDestination() {
    QFETCH(QString, relative);
    QTemporaryDir dir;
    writeText(dir.filePath("plain-file").toStdString(), "not a directory");
    QVERIFY(QDir(dir.path()).mkdir("a-directory"));
    const QStringList before = entries(dir.path());
    const std::string p = relative.isEmpty() ? std::string() : dir.filePath(relative).toStdString();

    const Status s = saveModel(p, trainSmall("xor", 1, Activation::Relu));
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find(p) != std::string::npos, s.error().c_str());
    QVERIFY2(s.error().find('\n') == std::string::npos, s.error().c_str());
    QCOMPARE(entries(dir.path()), before);
    QVERIFY(entries(dir.filePath("a-directory")).isEmpty());
}

void TestModelFile::saveFailsCleanlyInAReadOnlyDirectory() {
    if (::geteuid() == 0) QSKIP("root writes into read-only directories");
    QTemporaryDir dir;
    const std::string p = dir.filePath("model.json").toStdString();
    QVERIFY(::chmod(dir.path().toLocal8Bit().constData(), 0500) == 0);
    const Status s = saveModel(p, trainSmall("xor", 1, Activation::Relu));
    ::chmod(dir.path().toLocal8Bit().constData(), 0700);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find(p) != std::string::npos, s.error().c_str());
    QVERIFY2(s.error().find(std::strerror(EACCES)) != std::string::npos, s.error().c_str());
    QVERIFY(entries(dir.path()).isEmpty());
}

void TestModelFile::nonFiniteWeightsAreNotSaved() {
    QTemporaryDir dir;
    const std::string p = dir.filePath("model.json").toStdString();
    const TrainedModel good = trainSmall("circles", 2, Activation::Relu);
    QVERIFY(saveModel(p, good).ok());
    const std::string before = readText(p);

    TrainedModel bad = trainSmall("circles", 2, Activation::Relu);
    for (const Parameter& param : bad.model->parameters())
        if (param.name == "experts.1.fc2.weight")
            (*param.value)(0, 0) = std::numeric_limits<float>::quiet_NaN();
    const Status s = saveModel(p, bad);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find("experts.1.fc2.weight") != std::string::npos, s.error().c_str());
    QVERIFY2(s.error().find("non-finite") != std::string::npos, s.error().c_str());
    // The earlier file is untouched and nothing else was left behind.
    QCOMPARE(readText(p), before);
    QCOMPARE(entries(dir.path()), QStringList{"model.json"});

    TrainedModel empty = good;
    empty.model.reset();
    QVERIFY(!saveModel(p, empty).ok());
    QCOMPARE(readText(p), before);
}

void TestModelFile::loadRefusesDamagedFiles_data() {
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("expected");
    const auto row = [](const char* name, Mutation m, const char* expected) {
        QTest::newRow(name) << m << QString(expected);
    };
    // clang-format off
    row("top level is an array", [](Json& j) { j = Json::array({1, 2}); }, "expected an object");
    row("another format", [](Json& j) { j["format"] = "something-else"; }, "format: expected");
    row("format missing", [](Json& j) { j.erase("format"); }, "format: missing");
    row("version 2", [](Json& j) { j["format_version"] = 2; }, "format_version");
    row("version as text", [](Json& j) { j["format_version"] = "1"; }, "format_version");
    row("unknown top-level key", [](Json& j) { j["extra"] = 1; }, "extra: unknown key");
    row("config missing", [](Json& j) { j.erase("config"); }, "config: missing");
    row("config field missing", [](Json& j) { j["config"].erase("hidden"); },
        "config.hidden: missing");
    row("experts 0", [](Json& j) { j["config"]["experts"] = 0; }, "config.experts: must be");
    row("top-k above experts", [](Json& j) { j["config"]["top_k"] = 5; },
        "config.top_k: cannot exceed the number of experts (4), got 5");
    row("lr 0", [](Json& j) { j["config"]["lr"] = 0.0; }, "config.lr");
    row("unknown router", [](Json& j) { j["config"]["router"] = "magic"; }, "config.router");
    // The config decides which tensors the file must hold: another router needs its own.
    row("router with a buffer", [](Json& j) { j["config"]["router"] = "sigmoid-bias"; },
        "model.buffers[\"router.selection_bias\"]: missing");
    row("router with extra weights", [](Json& j) { j["config"]["router"] = "noisy-topk"; },
        "model.parameters[\"router.noise.weight\"]: missing");
    row("config far larger than the file",
        [](Json& j) { j["config"]["experts"] = 256; j["config"]["hidden"] = 4096; },
        "numbers, but its config describes a network of at least");
    row("hidden as text", [](Json& j) { j["config"]["hidden"] = "5"; },
        "config.hidden: expected an integer");
    row("negative seed", [](Json& j) { j["config"]["seed"] = -1; }, "config.seed");
    row("unknown task", [](Json& j) { j["dataset"]["task"] = "clustering"; }, "dataset.task");
    row("no features", [](Json& j) { j["dataset"]["features"] = Json::array(); },
        "dataset.features");
    row("one class name short", [](Json& j) { j["dataset"]["classes"].erase(1); },
        "model.outputs");
    row("duplicate class names", [](Json& j) { j["dataset"]["classes"] = Json::array({"a", "a"}); },
        "dataset.classes");
    row("regression with classes", [](Json& j) { j["dataset"]["task"] = "regression"; },
        "dataset.classes");
    row("standardizer too short", [](Json& j) { j["input_standardization"]["mean"].erase(1); },
        "input_standardization.mean: expected 2 numbers, got 1");
    row("standardizer scale 0", [](Json& j) { j["input_standardization"]["scale"][0] = 0; },
        "input_standardization.scale[0]: must be greater than 0");
    row("target scale negative", [](Json& j) { j["target_scaling"]["scale"] = -1.0; },
        "target_scaling.scale");
    row("inputs disagree", [](Json& j) { j["model"]["inputs"] = 3; }, "model.inputs");
    row("gate shape", [](Json& j) { j["model"]["parameters"]["router.gate.weight"]["shape"] = {3, 4}; },
        "model.parameters[\"router.gate.weight\"].shape: expected [2, 4] from the config, got [3, 4]");
    row("shape not a pair", [](Json& j) { j["model"]["parameters"]["router.gate.bias"]["shape"] = {4}; },
        "model.parameters[\"router.gate.bias\"].shape");
    row("data too short", [](Json& j) { j["model"]["parameters"]["experts.1.fc2.bias"]["data"].erase(0); },
        "model.parameters[\"experts.1.fc2.bias\"].data: expected 2 numbers, got 1");
    row("data missing", [](Json& j) { j["model"]["parameters"]["experts.0.fc1.weight"].erase("data"); },
        "model.parameters[\"experts.0.fc1.weight\"].data: missing");
    row("weight is null (how JSON writes NaN)",
        [](Json& j) { j["model"]["parameters"]["experts.2.fc1.weight"]["data"][3] = nullptr; },
        "model.parameters[\"experts.2.fc1.weight\"].data[3]: expected a number, found null");
    row("weight is text", [](Json& j) { j["model"]["parameters"]["router.gate.weight"]["data"][0] = "0.5"; },
        "model.parameters[\"router.gate.weight\"].data[0]: expected a number");
    row("weight overflows a float",
        [](Json& j) { j["model"]["parameters"]["router.gate.bias"]["data"][1] = 1e39; },
        "model.parameters[\"router.gate.bias\"].data[1]: not a finite number");
    row("a tensor missing", [](Json& j) { j["model"]["parameters"].erase("experts.2.fc1.weight"); },
        "model.parameters[\"experts.2.fc1.weight\"]: missing");
    row("a tensor too many",
        [](Json& j) { j["model"]["parameters"]["experts.4.fc1.weight"] = j["model"]["parameters"]["experts.0.fc1.weight"]; },
        "model.parameters[\"experts.4.fc1.weight\"]: unknown key");
    row("buffers missing", [](Json& j) { j["model"].erase("buffers"); }, "model.buffers: missing");
    row("hidden disagrees with weights", [](Json& j) { j["config"]["hidden"] = 6; },
        "model.parameters[\"experts.0.fc1.weight\"].shape: expected [2, 6]");
    // clang-format on
}

void TestModelFile::loadRefusesDamagedFiles() {
    QFETCH(Mutation, mutate);
    QFETCH(QString, expected);
    Json doc = Json::parse(validText());
    mutate(doc);
    const std::string p = path("damaged.json");
    writeText(p, doc.dump(1));

    const Result<TrainedModel> r = loadModel(p);
    QVERIFY(!r.ok());
    const std::string& e = r.error();
    QVERIFY2(e.rfind(p + ": ", 0) == 0, e.c_str());
    QVERIFY2(e.find(expected.toStdString()) != std::string::npos, e.c_str());
    QVERIFY2(e.find('\n') == std::string::npos, e.c_str());
}

void TestModelFile::loadRefusesDamagedText_data() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("truncated") << "truncated";
    QTest::newRow("empty") << "empty";
    QTest::newRow("not JSON") << "not json";
    QTest::newRow("binary") << "binary";
    QTest::newRow("number overflows a double") << "overflow";
    QTest::newRow("NaN literal") << "nan";
}

void TestModelFile::loadRefusesDamagedText() {
    QFETCH(QString, kind);
    const std::string valid = validText();
    std::string text;
    if (kind == "truncated")
        text = valid.substr(0, valid.size() / 2);
    else if (kind == "not json")
        text = "hello, model";
    else if (kind == "binary")
        text = std::string("\x00\xff\xfe{\x01", 5);
    else if (kind == "overflow" || kind == "nan") {
        text = valid;
        const std::size_t at = text.find("\"data\": [") + 9;
        text.insert(at, kind == "overflow" ? "1e999, " : "NaN, ");
    }
    const std::string p = path("damaged.txt");
    writeText(p, text);
    const Result<TrainedModel> r = loadModel(p);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().rfind(p + ": not valid JSON: ", 0) == 0, r.error().c_str());
    QVERIFY2(r.error().find('\n') == std::string::npos, r.error().c_str());
}

void TestModelFile::loadRefusesMissingFileAndDirectory() {
    const std::string missing = path("does-not-exist.json");
    Result<TrainedModel> r = loadModel(missing);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().rfind(missing + ": cannot open", 0) == 0, r.error().c_str());

    r = loadModel(m_dir.path().toStdString());
    QVERIFY(!r.ok());
    QVERIFY2(r.error().find("is a directory") != std::string::npos, r.error().c_str());
}

QTEST_GUILESS_MAIN(TestModelFile)
#include "tst_model_file.moc"
