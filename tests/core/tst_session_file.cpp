// Tests core/io/session_file.* (with core/io/snapshot_json, cost_json, run_record_json,
// dataset_source_json and core/data/dataset_source): a saved session loads back with every
// number bit for bit; the restored Experiment has the same split and computes the same
// territory, gate matrices and top-k sweep as the one saved; every kind of damaged or
// mismatched file is refused with one line naming the file and the field; a failed save
// leaves nothing behind.
#include "core/data/csv_reader.h"
#include "core/data/dataset_source.h"
#include "core/data/generators.h"
#include "core/io/json_fields.h"
#include "core/io/json_text.h"
#include "core/io/session_file.h"
#include "core/model/moe_network.h"
#include "core/train/experiment.h"
#include "core/train/gate_matrix.h"
#include "core/train/run_record.h"
#include "core/train/top_k_point.h"
#include "core/train/trained_model.h"

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
#include <sstream>

using namespace moe;
using moe::testing::readText;
using moe::testing::writeText;
using Json = nlohmann::ordered_json;
using Mutation = std::function<void(Json&)>;
Q_DECLARE_METATYPE(Mutation)
using Setup = std::function<void(RunConfig&, GeneratorParams&)>;
Q_DECLARE_METATYPE(Setup)

namespace {

struct Quiet : TrainingObserver {
    bool onEpoch(const EpochSnapshot&) override { return true; }
};

/// Stops after `epochs` epochs (a run paused or stopped early).
struct StopAfter : TrainingObserver {
    int epochs;
    explicit StopAfter(int n) : epochs(n) {}
    bool onEpoch(const EpochSnapshot& s) override { return s.epoch < epochs; }
};

struct Fixture {
    Dataset data;
    std::unique_ptr<Experiment> experiment;
    Session session;
};

RunConfig smallConfig() {
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.model.hidden = 6;
    c.train.epochs = 4;
    c.train.batch = 32;
    c.train.seed = 11;
    c.train.threads = 1;
    return c;
}

GeneratorParams smallData(const std::string& name = "moons") {
    GeneratorParams p;
    p.name = name;
    p.samples = 160;
    p.seed = 5;
    p.noise = findGenerator(name)->defaultNoise;
    return p;
}

/// Trains `config` on the generated data (stopping after `stopAfter` epochs when > 0) and
/// gathers a session as the window does: the current run, and its record plus an earlier one.
Fixture train(RunConfig config, const GeneratorParams& params, int stopAfter = 0) {
    Fixture f;
    f.data = generateDataset(params).value();
    Result<std::unique_ptr<Experiment>> e = Experiment::create(f.data, config);
    if (!e) qFatal("%s", e.error().c_str());
    f.experiment = std::move(e).value();
    if (stopAfter > 0) {
        StopAfter stop(stopAfter);
        f.experiment->run(stop);
    } else {
        Quiet quiet;
        f.experiment->run(quiet);
    }
    Session& s = f.session;
    s.dataset = DatasetSource::generated(params);
    s.config = config;
    s.model = f.experiment->trainedModel();
    s.history = f.experiment->history();
    s.cost = f.experiment->cost();
    s.latency = f.experiment->measureLatency(16, LatencyOptions{0, 1, 0.0, 0.01});
    s.savings.add(1234, s.cost.moe.flopsPerSample, s.cost.denseEqualParams.flopsPerSample);
    RunRecord earlier = makeRunRecord(f.data, config, s.cost, {s.history.front()}, RunEnd::Stopped,
                                      std::chrono::system_clock::now());
    earlier.id = 1;
    RunRecord current = makeRunRecord(f.data, config, s.cost, s.history,
                                      f.experiment->finished() ? RunEnd::Finished : RunEnd::Stopped,
                                      std::chrono::system_clock::now());
    current.id = 2;
    s.runs = {earlier, current};
    return f;
}

template <class T>
bool sameBits(const std::vector<T>& a, const std::vector<T>& b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// NaN marks "does not apply": any NaN stands for it, whatever its payload.
bool sameBits(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }

bool sameBits(const ModelMetrics& a, const ModelMetrics& b) {
    return sameBits(a.trainLoss, b.trainLoss) && sameBits(a.testLoss, b.testLoss) &&
           sameBits(a.testAccuracy, b.testAccuracy) && sameBits(a.testR2, b.testR2) &&
           sameBits(a.testMse, b.testMse) && sameBits(a.trainSeconds, b.trainSeconds);
}

bool sameBits(const RoutingStats& a, const RoutingStats& b) {
    bool same = sameBits(a.expertLoad, b.expertLoad) && sameBits(a.expertLoadBefore, b.expertLoadBefore) &&
                sameBits(a.expertCount, b.expertCount) && sameBits(a.meanGate, b.meanGate) &&
                sameBits(a.loadCv, b.loadCv) && sameBits(a.loadCvBefore, b.loadCvBefore) &&
                sameBits(a.maxViolation, b.maxViolation) && sameBits(a.usageEntropy, b.usageEntropy) &&
                sameBits(a.gateEntropy, b.gateEntropy) && sameBits(a.routerConfidence, b.routerConfidence) &&
                sameBits(a.droppedFraction, b.droppedFraction) && sameBits(a.samplesLeftBehind, b.samplesLeftBehind) &&
                sameBits(a.expertsPerSample, b.expertsPerSample) &&
                sameBits(a.expertsPerSampleHistogram, b.expertsPerSampleHistogram) &&
                a.classExpert.size() == b.classExpert.size() && sameBits(a.classExpertNmi, b.classExpertNmi) &&
                sameBits(a.deadExperts, b.deadExperts) && sameBits(a.balanceLoss, b.balanceLoss) &&
                sameBits(a.zLoss, b.zLoss);
    for (std::size_t c = 0; same && c < a.classExpert.size(); ++c) same = sameBits(a.classExpert[c], b.classExpert[c]);
    return same;
}

bool sameBits(const EpochSnapshot& a, const EpochSnapshot& b) {
    bool same = a.epoch == b.epoch && a.epochs == b.epochs && sameBits(a.elapsedSeconds, b.elapsedSeconds) &&
                sameBits(a.moe, b.moe) && sameBits(a.denseEqualParams, b.denseEqualParams) &&
                sameBits(a.denseEqualCompute, b.denseEqualCompute) && sameBits(a.routing, b.routing) &&
                a.layers.size() == b.layers.size();
    for (std::size_t l = 0; same && l < a.layers.size(); ++l) same = sameBits(a.layers[l], b.layers[l]);
    return same;
}

bool sameBits(const std::vector<EpochSnapshot>& a, const std::vector<EpochSnapshot>& b) {
    bool same = a.size() == b.size();
    for (std::size_t i = 0; same && i < a.size(); ++i) same = sameBits(a[i], b[i]);
    return same;
}

bool sameBits(const ModelCost& a, const ModelCost& b) {
    return a.paramsTotal == b.paramsTotal && a.paramsActive == b.paramsActive &&
           sameBits(a.flopsPerSample, b.flopsPerSample) && sameBits(a.gateFlops, b.gateFlops) &&
           sameBits(a.expertFlops, b.expertFlops) && sameBits(a.combineFlops, b.combineFlops);
}

bool sameBits(const CostReport& a, const CostReport& b) {
    return sameBits(a.moe, b.moe) && sameBits(a.denseEqualParams, b.denseEqualParams) &&
           sameBits(a.denseEqualCompute, b.denseEqualCompute);
}

bool sameBits(const Latency& a, const Latency& b) {
    return a.batch == b.batch && sameBits(a.secondsPerBatch, b.secondsPerBatch) && a.repeats == b.repeats &&
           a.forwardsPerRepeat == b.forwardsPerRepeat;
}

bool sameBits(const LatencyReport& a, const LatencyReport& b) {
    return a.threads == b.threads && sameBits(a.moe.single, b.moe.single) && sameBits(a.moe.batch, b.moe.batch) &&
           sameBits(a.denseEqualParams.single, b.denseEqualParams.single) &&
           sameBits(a.denseEqualParams.batch, b.denseEqualParams.batch) &&
           sameBits(a.denseEqualCompute.single, b.denseEqualCompute.single) &&
           sameBits(a.denseEqualCompute.batch, b.denseEqualCompute.batch);
}

bool sameWeights(MoeNetwork& a, MoeNetwork& b) {
    const std::vector<Parameter> pa = a.parameters(), pb = b.parameters();
    bool same = pa.size() == pb.size();
    for (std::size_t i = 0; same && i < pa.size(); ++i)
        same = pa[i].name == pb[i].name && pa[i].value->rows() == pb[i].value->rows() &&
               pa[i].value->cols() == pb[i].value->cols() &&
               std::memcmp(pa[i].value->data(), pb[i].value->data(),
                           static_cast<std::size_t>(pa[i].value->size()) * sizeof(float)) == 0;
    return same;
}

bool sameGrids(const TerritoryGrid& a, const TerritoryGrid& b) {
    bool same = a.experts == b.experts && sameBits(a.expert, b.expert) && sameBits(a.confidence, b.confidence) &&
                sameBits(a.predictedClass, b.predictedClass) && sameBits(a.predictedValue, b.predictedValue) &&
                a.layerExpert.size() == b.layerExpert.size() && a.expertClass.size() == b.expertClass.size() &&
                a.expertValue.size() == b.expertValue.size();
    for (std::size_t l = 0; same && l < a.layerExpert.size(); ++l)
        same = sameBits(a.layerExpert[l], b.layerExpert[l]) && sameBits(a.layerConfidence[l], b.layerConfidence[l]);
    for (std::size_t e = 0; same && e < a.expertClass.size(); ++e) same = sameBits(a.expertClass[e], b.expertClass[e]);
    for (std::size_t e = 0; same && e < a.expertValue.size(); ++e) same = sameBits(a.expertValue[e], b.expertValue[e]);
    return same;
}

}  // namespace

class TestSessionFile : public QObject {
    Q_OBJECT
private slots:
    void roundTripIsBitExact_data();
    void roundTripIsBitExact();
    void restoredExperimentComputesTheSame_data();
    void restoredExperimentComputesTheSame();
    void restoredAtEpochZeroStillTrains();
    void trainingSpeedIsKept();
    void csvSessionRestoresAndNoticesChanges();
    void badFilesAreRefused_data();
    void badFilesAreRefused();
    void damagedTextIsRefused_data();
    void damagedTextIsRefused();
    void mismatchedDataIsRefused();
    void unwritableDestinationLeavesNothing();
};

void TestSessionFile::roundTripIsBitExact_data() {
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<int>("stopAfter");
    QTest::newRow("mixture, finished") << Setup{} << 0;
    QTest::newRow("mixture, stopped after 2 of 4") << Setup{} << 2;
    QTest::newRow("block mode, 2 layers") << Setup{[](RunConfig& c, GeneratorParams&) {
        c.model.mode = MoeMode::Block;
        c.model.layers = 2;
    }} << 0;
    QTest::newRow("regression (piecewise)") << Setup{[](RunConfig&, GeneratorParams& p) { p = smallData("piecewise"); }}
                                            << 0;
    QTest::newRow("sigmoid-bias router, capacity") << Setup{[](RunConfig& c, GeneratorParams&) {
        c.model.router = RouterKind::SigmoidBias;
        c.model.capacityFactor = 1.0;
    }} << 0;
}

void TestSessionFile::roundTripIsBitExact() {
    QFETCH(Setup, setup);
    QFETCH(int, stopAfter);
    RunConfig config = smallConfig();
    GeneratorParams params = smallData();
    if (setup) setup(config, params);
    Fixture f = train(config, params, stopAfter);
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("work.moe-session").toStdString();
    const Status saved = saveSession(path, f.session);
    QVERIFY2(saved.ok(), saved.ok() ? "" : saved.error().c_str());
    Result<Session> loaded = loadSession(path);
    QVERIFY2(loaded.ok(), loaded.ok() ? "" : loaded.error().c_str());
    const Session& s = loaded.value();
    QVERIFY(!s.savedAt.empty());
    QVERIFY(s.dataset.kind == DatasetSource::Kind::Generator);
    QCOMPARE(s.dataset.generator.name, params.name);
    QCOMPARE(s.dataset.generator.samples, params.samples);
    QVERIFY(sameBits(s.dataset.generator.noise, params.noise));
    QCOMPARE(s.dataset.generator.seed, params.seed);
    QVERIFY(sameBits(s.history, f.session.history));
    QVERIFY(sameBits(s.cost, f.session.cost));
    QVERIFY(s.latency.has_value());
    QVERIFY(sameBits(*s.latency, *f.session.latency));
    QCOMPARE(s.savings.samples, f.session.savings.samples);
    QVERIFY(sameBits(s.savings.moeFlops, f.session.savings.moeFlops));
    QVERIFY(sameBits(s.savings.denseFlops, f.session.savings.denseFlops));
    QVERIFY(sameWeights(*s.model.model, *f.session.model.model));
    QCOMPARE(s.runs.size(), f.session.runs.size());
    for (std::size_t i = 0; i < s.runs.size(); ++i) {
        const RunRecord &a = s.runs[i], &b = f.session.runs[i];
        QCOMPARE(a.id, b.id);
        QCOMPARE(a.datasetName, b.datasetName);
        QVERIFY(a.end == b.end);
        QCOMPARE(a.endedAt, b.endedAt);
        QCOMPARE(a.samples, b.samples);
        QCOMPARE(a.classes, b.classes);
        QVERIFY(sameBits(a.history, b.history));
        QVERIFY(sameBits(a.cost, b.cost));
    }
    // Every field: the loaded session writes the same document (saved_at aside).
    Session again = s;
    again.savedAt = f.session.savedAt;
    QCOMPARE(toJsonText(sessionToJson(again).value()), toJsonText(sessionToJson(f.session).value()));
    // The file is written once more from what was read: no drift over save-open cycles.
    const std::string path2 = QDir(dir.path()).filePath("again.moe-session").toStdString();
    QVERIFY(saveSession(path2, s).ok());
    QVERIFY(sameBits(loadSession(path2).value().history, f.session.history));
}

void TestSessionFile::restoredExperimentComputesTheSame_data() {
    roundTripIsBitExact_data();
}

void TestSessionFile::restoredExperimentComputesTheSame() {
    QFETCH(Setup, setup);
    QFETCH(int, stopAfter);
    RunConfig config = smallConfig();
    GeneratorParams params = smallData();
    if (setup) setup(config, params);
    Fixture f = train(config, params, stopAfter);
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("work.moe-session").toStdString();
    QVERIFY(saveSession(path, f.session).ok());
    Result<RestoredSession> r = openSession(path);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    Experiment& back = *r.value().experiment;
    const Experiment& original = *f.experiment;
    // The same split and standardisation, from the config's seed alone.
    QVERIFY(sameBits(back.trainSet().features, original.trainSet().features));
    QVERIFY(sameBits(back.testSet().features, original.testSet().features));
    QVERIFY(sameBits(back.testSet().labels, original.testSet().labels));
    QVERIFY(sameBits(back.standardizer().mean(), original.standardizer().mean()));
    // Ended, views only; the history is the saved one.
    QVERIFY(back.isRestored());
    QVERIFY(back.finished());
    QCOMPARE(back.epochsCompleted(), original.epochsCompleted());
    QVERIFY(sameBits(back.history(), original.history()));
    QVERIFY(sameBits(back.snapshot(), original.snapshot()));
    QVERIFY(sameBits(back.cost(), original.cost()));
    Quiet quiet;
    QVERIFY(back.runEpoch(quiet));
    QCOMPARE(back.epochsCompleted(), original.epochsCompleted());  // runEpoch did nothing
    // The views that compute from the weights: territory, gate matrices, top-k sweep.
    const GridSpec spec = original.defaultGrid(40, 30);
    QVERIFY(sameGrids(back.territory(back.defaultGrid(40, 30)), original.territory(spec)));
    const std::vector<GateMatrix> ga = back.gateMatrices(), gb = original.gateMatrices();
    QCOMPARE(ga.size(), gb.size());
    for (std::size_t l = 0; l < ga.size(); ++l) {
        QCOMPARE(ga[l].epoch, gb[l].epoch);
        QVERIFY(sameBits(ga[l].probs, gb[l].probs));
        QVERIFY(sameBits(ga[l].chosen, gb[l].chosen));
        QVERIFY(sameBits(ga[l].kept, gb[l].kept));
    }
    const std::vector<TopKPoint> ka = back.topKSweep(), kb = original.topKSweep();
    QCOMPARE(ka.size(), kb.size());
    for (std::size_t i = 0; i < ka.size(); ++i) {
        QCOMPARE(ka[i].k, kb[i].k);
        QVERIFY(sameBits(ka[i].metrics, kb[i].metrics));
        QVERIFY(sameBits(ka[i].cost, kb[i].cost));
    }
}

void TestSessionFile::restoredAtEpochZeroStillTrains() {
    // A session saved before the first epoch restores a fresh run: Train goes on from there
    // exactly as the original would have.
    Fixture f = train(smallConfig(), smallData(), 0);
    Result<std::unique_ptr<Experiment>> fresh = Experiment::create(f.data, smallConfig());
    f.session.model = fresh.value()->trainedModel();
    f.session.history = fresh.value()->history();
    Result<RestoredSession> r = restoreSession(f.session);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    Experiment& back = *r.value().experiment;
    QVERIFY(!back.isRestored());
    QVERIFY(!back.finished());
    Quiet quiet;
    QVERIFY(back.run(quiet));
    QVERIFY(sameBits(back.history().back().moe.testLoss, f.experiment->history().back().moe.testLoss));
    QVERIFY(sameBits(back.history().back().denseEqualParams.testLoss,
                     f.experiment->history().back().denseEqualParams.testLoss));
}

void TestSessionFile::csvSessionRestoresAndNoticesChanges() {
    QTemporaryDir dir;
    const std::string csv = QDir(dir.path()).filePath("points.csv").toStdString();
    {
        const Dataset d = generateDataset(smallData()).value();
        std::ostringstream text;
        text << "a;b;kind\n";
        for (std::size_t r = 0; r < d.rows; ++r)
            text << d.feature(r, 0) << ';' << d.feature(r, 1) << ';' << d.classNames[static_cast<std::size_t>(d.labels[r])]
                 << '\n';
        writeText(csv, text.str());
    }
    CsvOptions options;
    options.label = "kind";
    options.delimiter = ';';
    options.missing = MissingPolicy::FillMean;
    DatasetSource source = DatasetSource::csvFile(csv, options);
    QVERIFY(source.hashFile().ok());
    QVERIFY(source.contentHash.rfind("fnv1a64:", 0) == 0);
    Result<Dataset> data = readCsv(csv, options);
    QVERIFY(data.ok());
    Result<std::unique_ptr<Experiment>> e = Experiment::create(data.value(), smallConfig());
    Quiet quiet;
    e.value()->run(quiet);
    Session s;
    s.dataset = source;
    s.config = smallConfig();
    s.model = e.value()->trainedModel();
    s.history = e.value()->history();
    s.cost = e.value()->cost();
    const std::string path = QDir(dir.path()).filePath("csv.moe-session").toStdString();
    QVERIFY(saveSession(path, s).ok());

    Result<RestoredSession> r = openSession(path);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    QCOMPARE(r.value().session.dataset.csv.label, std::string("kind"));
    QCOMPARE(r.value().session.dataset.csv.delimiter, ';');
    QVERIFY(r.value().session.dataset.csv.missing == MissingPolicy::FillMean);
    QCOMPARE(r.value().session.dataset.contentHash, source.contentHash);
    QVERIFY(sameBits(r.value().experiment->testSet().features, e.value()->testSet().features));
    QVERIFY(sameGrids(r.value().experiment->territory(e.value()->defaultGrid(20, 20)),
                      e.value()->territory(e.value()->defaultGrid(20, 20))));

    // Moved together with the session: found next to it.
    QTemporaryDir moved;
    const std::string movedSession = QDir(moved.path()).filePath("csv.moe-session").toStdString();
    std::filesystem::copy_file(path, movedSession);
    std::filesystem::rename(csv, QDir(moved.path()).filePath("points.csv").toStdString());
    Result<RestoredSession> m = openSession(movedSession);
    QVERIFY2(m.ok(), m.ok() ? "" : m.error().c_str());
    QCOMPARE(m.value().dataset.path, QDir(moved.path()).filePath("points.csv").toStdString());

    // Missing altogether.
    Result<RestoredSession> missing = openSession(path);
    QVERIFY(!missing.ok());
    QVERIFY2(missing.error().find(path + ": dataset: " + csv) == 0, missing.error().c_str());
    QVERIFY2(missing.error().find("missing") != std::string::npos, missing.error().c_str());

    // Changed since: refused, whatever the data now says.
    std::filesystem::rename(QDir(moved.path()).filePath("points.csv").toStdString(), csv);
    writeText(csv, readText(csv) + "0.5;0.5;upper moon\n");
    Result<RestoredSession> changed = openSession(path);
    QVERIFY(!changed.ok());
    QVERIFY2(changed.error().find("has changed since the session was saved") != std::string::npos,
             changed.error().c_str());
}

void TestSessionFile::trainingSpeedIsKept() {
    Fixture f = train(smallConfig(), smallData(), 0);
    f.session.trainingSpeed = TrainingSpeed::Slow;
    const Result<Json> doc = sessionToJson(f.session);
    QVERIFY(doc.ok());
    QCOMPARE(QString::fromStdString(doc.value()["training_speed"].get<std::string>()), QString("slow"));
    Result<Session> back = sessionFromJson(doc.value());
    QVERIFY2(back.ok(), back.ok() ? "" : back.error().c_str());
    QVERIFY(back.value().trainingSpeed == TrainingSpeed::Slow);
    // A file written before the speed control: full speed.
    Json old = doc.value();
    old.erase("training_speed");
    back = sessionFromJson(old);
    QVERIFY(back.ok());
    QVERIFY(back.value().trainingSpeed == TrainingSpeed::Full);
}

void TestSessionFile::badFilesAreRefused_data() {
    QTest::addColumn<Mutation>("mutate");
    QTest::addColumn<QString>("expected");
    QTest::newRow("another format") << Mutation{[](Json& j) { j["format"] = "moe-explorer-model"; }}
                                    << "format: not a MoE Explorer session file";
    QTest::newRow("a model file") << Mutation{[](Json& j) { j = j["model"]; }}
                                  << "format: not a MoE Explorer session file (expected \"moe-explorer-session\", "
                                     "found \"moe-explorer-model\")";
    QTest::newRow("a newer version") << Mutation{[](Json& j) { j["version"] = 2; }}
                                     << "version: this program reads session files of version 1, the file is version 2";
    QTest::newRow("not an object") << Mutation{[](Json& j) { j = Json::array({1, 2}); }}
                                   << "the document: expected an object";
    QTest::newRow("missing cost") << Mutation{[](Json& j) { j.erase("cost"); }} << "cost: missing";
    QTest::newRow("mistyped config") << Mutation{[](Json& j) { j["config"]["top_k"] = "two"; }}
                                     << "config.top_k: expected an integer";
    QTest::newRow("unknown key") << Mutation{[](Json& j) { j["extra"] = 1; }} << "extra: unknown key";
    QTest::newRow("unknown training speed") << Mutation{[](Json& j) { j["training_speed"] = "warp"; }}
                                            << "training_speed: \"warp\" is not full, fast, moderate or slow";
    QTest::newRow("load of the wrong length")
        << Mutation{[](Json& j) { j["history"][1]["layers"][0]["expert_load"].erase(0); }}
        << "history[1].layers[0].expert_load: expected 4 numbers, got 3";
    QTest::newRow("class table of the wrong shape")
        << Mutation{[](Json& j) { j["history"][2]["layers"][0]["class_expert"].erase(0); }}
        << "history[2].layers[0].class_expert: expected 2 rows (one per class), got 1";
    QTest::newRow("too many layers") << Mutation{[](Json& j) {
        j["history"][0]["layers"].push_back(j["history"][0]["layers"][0]);
    }} << "history[0].layers: expected at most 1 entries, got 2";
    QTest::newRow("epochs out of order") << Mutation{[](Json& j) { j["history"][2]["epoch"] = 3; }}
                                         << "history[2].epoch: expected 2 (epochs are consecutive from 0), got 3";
    QTest::newRow("empty history") << Mutation{[](Json& j) { j["history"] = Json::array(); }}
                                   << "history: empty";
    QTest::newRow("model of another run") << Mutation{[](Json& j) { j["config"]["lr"] = 0.5; }}
                                          << "model.config: differs from the session's config";
    QTest::newRow("weight of the wrong shape") << Mutation{[](Json& j) {
        for (auto& item : j["model"]["model"]["parameters"].items()) {
            item.value()["data"].erase(0);
            break;
        }
    }} << "model.model.parameters";
    QTest::newRow("model not an object") << Mutation{[](Json& j) { j["model"] = 3; }}
                                         << "model: expected an object, found a number";
    QTest::newRow("negative latency") << Mutation{[](Json& j) {
        j["latency"]["moe"]["batch"]["seconds_per_batch"] = -1.0;
    }} << "latency.moe.batch.seconds_per_batch: must not be negative";
    QTest::newRow("unknown dataset kind") << Mutation{[](Json& j) { j["dataset"]["kind"] = "url"; }}
                                          << "dataset.kind: expected \"generator\", \"bundled\" or \"csv\", got \"url\"";
    QTest::newRow("bad CSV option") << Mutation{[](Json& j) {
        j["dataset"] = {{"kind", "csv"}, {"path", "/x.csv"}, {"content_hash", ""},
                        {"options", {{"delimiter", ";;"}}}};
    }} << "dataset.options.delimiter: expected one character";
    QTest::newRow("run record end") << Mutation{[](Json& j) { j["runs"][1]["end"] = "crashed"; }}
                                    << "runs[1].end: expected \"finished\" or \"stopped\", got \"crashed\"";
    QTest::newRow("run record history") << Mutation{[](Json& j) { j["runs"][0]["history"][0]["moe"].erase("test_loss"); }}
                                        << "runs[0].history[0].moe.test_loss: missing";
    QTest::newRow("metric as text") << Mutation{[](Json& j) { j["history"][1]["moe"]["test_accuracy"] = "high"; }}
                                    << "history[1].moe.test_accuracy: expected a number or null, found string";
}

void TestSessionFile::badFilesAreRefused() {
    QFETCH(Mutation, mutate);
    QFETCH(QString, expected);
    Fixture f = train(smallConfig(), smallData());
    Json doc = sessionToJson(f.session).value();
    mutate(doc);
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("bad.moe-session").toStdString();
    writeText(path, doc.dump());
    Result<Session> loaded = loadSession(path);
    QVERIFY(!loaded.ok());
    const std::string& message = loaded.error();
    QVERIFY2(message.rfind(path + ": ", 0) == 0, message.c_str());
    QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    QVERIFY2(message.find('\n') == std::string::npos, message.c_str());
}

void TestSessionFile::damagedTextIsRefused_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("truncated") << "truncated" << "not valid JSON: parse error";
    QTest::newRow("not JSON") << "text" << "not valid JSON: parse error";
    QTest::newRow("empty") << "empty" << "not valid JSON";
    QTest::newRow("missing file") << "missing" << "cannot open";
    QTest::newRow("a directory") << "directory" << "cannot open: is a directory";
}

void TestSessionFile::damagedTextIsRefused() {
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    Fixture f = train(smallConfig(), smallData());
    QTemporaryDir dir;
    std::string path = QDir(dir.path()).filePath("damaged.moe-session").toStdString();
    QVERIFY(saveSession(path, f.session).ok());
    const std::string text = readText(path);
    if (kind == "truncated") writeText(path, text.substr(0, text.size() / 2));
    else if (kind == "text") writeText(path, "MoE Explorer session\nepochs: 4\n");
    else if (kind == "empty") writeText(path, "");
    else if (kind == "missing") std::filesystem::remove(path);
    else if (kind == "directory") path = dir.path().toStdString();
    Result<RestoredSession> r = openSession(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().rfind(path + ": ", 0) == 0, r.error().c_str());
    QVERIFY2(r.error().find(expected.toStdString()) != std::string::npos, r.error().c_str());
}

void TestSessionFile::mismatchedDataIsRefused() {
    // A generator whose points moved (another data seed) gives another split: the saved
    // standardisation no longer fits, and restoring says so rather than showing wrong maps.
    Fixture f = train(smallConfig(), smallData());
    Session s = f.session;
    s.dataset.generator.seed += 1;
    Result<RestoredSession> r = restoreSession(s);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().find("is not the data the saved model was trained on") != std::string::npos, r.error().c_str());
    s = f.session;
    s.dataset.generator.name = "no-such-generator";
    r = restoreSession(s);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().find("dataset: unknown dataset 'no-such-generator'") == 0, r.error().c_str());
}

void TestSessionFile::unwritableDestinationLeavesNothing() {
    Fixture f = train(smallConfig(), smallData());
    QTemporaryDir dir;
    const std::string path = QDir(dir.path()).filePath("no/such/dir/work.moe-session").toStdString();
    const Status s = saveSession(path, f.session);
    QVERIFY(!s.ok());
    QVERIFY2(s.error().find(path) == 0, s.error().c_str());
    QCOMPARE(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
    // A model that diverged cannot be saved: the message says where, and no file appears.
    Session diverged = f.session;
    diverged.model.model = std::shared_ptr<MoeNetwork>(f.session.model.model->clone());
    (*diverged.model.model->parameters().front().value)(0, 0) = std::numeric_limits<float>::quiet_NaN();
    const std::string path2 = QDir(dir.path()).filePath("nan.moe-session").toStdString();
    const Status n = saveSession(path2, diverged);
    QVERIFY(!n.ok());
    QVERIFY2(n.error().find(path2 + ": cannot save: model: ") == 0, n.error().c_str());
    QVERIFY(!std::filesystem::exists(path2));
}

QTEST_APPLESS_MAIN(TestSessionFile)
#include "tst_session_file.moc"
