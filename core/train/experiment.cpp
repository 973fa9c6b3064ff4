#include "core/train/experiment.h"

#include "core/cost/latency.h"
#include "core/data/pca.h"
#include "core/data/split.h"
#include "core/model/dense_mlp.h"
#include "core/model/moe_network.h"
#include "core/model/residual_mlp.h"
#include "core/train/evaluate.h"
#include "core/model/losses.h"
#include "core/train/lr_schedule.h"
#include "core/train/model_run.h"
#include "core/train/top_k_sweep.h"
#include "core/train/sample_inspector.h"
#include "core/train/territory_detail.h"
#include "core/train/trained_model.h"
#include "core/util/worker_priority.h"

#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>

namespace moe {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Independent, reproducible streams from the one run seed.
Rng makeStream(std::uint64_t seed, std::uint64_t stream) {
    std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                      static_cast<std::uint32_t>(stream)};
    return Rng(seq);
}

enum Stream : std::uint64_t { kMoeInit = 1, kDenseParamsInit, kDenseComputeInit, kShuffle };

// The validation split is drawn from the training split with its own seed, so it differs from
// the test split's draw while staying a function of the run seed alone.
constexpr std::uint64_t kValidationSeedOffset = 0x9E3779B97F4A7C15ull;

const char* const kModelNames[3] = {"the MoE", "the dense model of equal parameters",
                                    "the dense model of equal compute"};

// `history`'s last entry with each model chosen by `take` at the epoch it kept (see keptSnapshot).
template <class Take>
EpochSnapshot keptScores(const std::vector<EpochSnapshot>& history, Take take) {
    if (history.empty()) return {};
    const EpochSnapshot& last = history.back();
    EpochSnapshot out = last;
    const auto kept = [&](ModelMetrics EpochSnapshot::*model) {
        const ModelMetrics& now = last.*model;
        if (!take(now)) return;
        if (now.bestEpoch < 0 || static_cast<std::size_t>(now.bestEpoch) >= history.size()) return;
        ModelMetrics m = history[static_cast<std::size_t>(now.bestEpoch)].*model;
        m.trainSeconds = now.trainSeconds;
        m.bestEpoch = now.bestEpoch;
        m.stoppedEarly = now.stoppedEarly;
        m.diverged = now.diverged;
        out.*model = m;
    };
    kept(&EpochSnapshot::moe);
    kept(&EpochSnapshot::denseEqualParams);
    kept(&EpochSnapshot::denseEqualCompute);
    const int best = last.moe.bestEpoch;
    if (take(last.moe) && best >= 0 && static_cast<std::size_t>(best) < history.size()) {
        out.routing = history[static_cast<std::size_t>(best)].routing;
        out.layers = history[static_cast<std::size_t>(best)].layers;
    }
    return out;
}

}  // namespace

EpochSnapshot keptSnapshot(const std::vector<EpochSnapshot>& history) {
    return keptScores(history, [](const ModelMetrics&) { return true; });
}

EpochSnapshot lastEpochResult(const std::vector<EpochSnapshot>& history) {
    return keptScores(history, [](const ModelMetrics& m) { return m.stoppedEarly || m.diverged; });
}

struct Experiment::Impl {
    RunConfig config;
    Dataset data;
    Dataset train;
    Dataset validation;                // carved from the training split; empty without one
    Dataset test;
    std::shared_ptr<const Dataset> sharedTest;  // the test split handed to inspectors
    Standardizer standardizer;
    FeaturePlane plane;                // the territory map's plane (>= 2 features)
    TargetScaler targetScaler;
    std::vector<float> trainTargets;   // regression: standardised targets of the train split
    tbb::task_arena arena;
    // Made by the first lowerWorkerPriority() only, so an Experiment that never asks (the
    // CLI, the tests) runs without oneTBB observers. Declared after the arena it observes.
    std::unique_ptr<WorkerPriority> workerPriority;
    Rng shuffleRng;

    MoeNetwork* moe = nullptr;
    std::vector<std::vector<int>> epochCounts;  // per MoE layer: kept assignments this training epoch
    std::vector<std::vector<int>> lastEpochCounts;
    std::vector<ModelRun> members;     // MoE, dense equal params, dense equal compute

    int epochsCompleted = 0;
    bool restored = false;             // a saved run reopened: ended, views only
    int batchCursor = 0;               // batches done in the open epoch
    bool epochOpen = false;
    std::vector<std::size_t> order;    // this epoch's shuffled training rows
    double elapsed = 0.0;
    EpochSnapshot snapshot;            // history.back(), or once the run ended the kept epochs'
    std::vector<EpochSnapshot> history;
    bool ended = false;                // finish() ran: the kept weights are in place

    Matrix batchX;                     // B x d
    std::vector<int> batchLabels;      // B
    std::vector<float> batchTargets;   // B

    Impl(const Dataset& d, const RunConfig& c)
        : config(c),
          data(d),
          arena(c.train.threads > 0 ? c.train.threads : tbb::this_task_arena::max_concurrency()),
          shuffleRng(makeStream(c.train.seed, kShuffle)) {}

    int batchesPerEpoch() const {
        return static_cast<int>((train.rows + static_cast<std::size_t>(config.train.batch) - 1) /
                                static_cast<std::size_t>(config.train.batch));
    }

    bool selectByValidation() const { return validation.rows > 0 && config.train.patience > 0; }

    // Splits test, then validation from the rest; "" or why the data cannot be split so.
    std::string split() {
        TrainTestSplit first = splitTrainTest(data, config.train.testFraction, config.train.seed);
        test = std::move(first.test);
        if (config.train.validationFraction > 0.0 && first.train.rows >= 2) {
            TrainTestSplit second = splitTrainTest(first.train, config.train.validationFraction,
                                                   config.train.seed + kValidationSeedOffset);
            train = std::move(second.train);
            validation = std::move(second.test);
        } else {
            train = std::move(first.train);
        }
        const bool wantValidation = config.train.validationFraction > 0.0;
        if (train.rows == 0 || test.rows == 0 || (wantValidation && validation.rows == 0))
            return "the dataset '" + data.name + "' has " + std::to_string(data.rows) +
                   " rows, too few for the splits: " + std::to_string(train.rows) + " to train, " +
                   (wantValidation ? std::to_string(validation.rows) + " to validate, " : std::string()) +
                   std::to_string(test.rows) + " to test (--test-fraction, --validation-fraction)";
        if (data.task == Task::Classification) {
            std::vector<int> seen(static_cast<std::size_t>(data.classCount()), 0);
            for (int label : train.labels) seen[static_cast<std::size_t>(label)] = 1;
            std::vector<int> present(seen.size(), 0);
            for (int label : data.labels) present[static_cast<std::size_t>(label)] = 1;
            for (std::size_t c = 0; c < seen.size(); ++c)
                if (present[c] && !seen[c])
                    return std::string(wantValidation ? "--validation-fraction" : "--test-fraction") +
                           ": leaves class '" + data.classNames[c] + "' with no training row (" +
                           std::to_string(train.rows) + " to train, " + std::to_string(validation.rows) +
                           " to validate, " + std::to_string(test.rows) + " to test)";
        }
        return {};
    }

    void prepare() {
        standardizer.fit(train);
        if (data.cols == 2) {
            plane = FeaturePlane::firstTwoFeatures();
        } else if (data.cols > 2) {
            // Fitted on the raw training rows, so its origin is the standardizer's mean.
            Pca pca;
            pca.fit(train, 2);
            plane = FeaturePlane::principal(pca);
        }
        standardizer.apply(train);
        standardizer.apply(validation);
        standardizer.apply(test);
        sharedTest = std::make_shared<const Dataset>(test);
        if (data.task == Task::Regression) {
            double mean = 0.0, sq = 0.0;
            for (float v : train.values) mean += v;
            mean /= static_cast<double>(train.rows);
            for (float v : train.values) sq += (v - mean) * (v - mean);
            const double sd = std::sqrt(sq / static_cast<double>(train.rows));
            targetScaler = {static_cast<float>(mean), sd > 0.0 ? static_cast<float>(sd) : 1.0f};
            trainTargets.resize(train.rows);
            for (std::size_t i = 0; i < train.rows; ++i)
                trainTargets[i] = (train.values[i] - targetScaler.mean) / targetScaler.scale;
        }

        const ModelConfig& m = config.model;
        const int d = static_cast<int>(data.cols);
        const int out = data.outputWidth();
        const TrainConfig& t = config.train;
        const AuxLossWeights aux{t.balanceLoss, t.zLoss, t.importanceLoss, t.entropyLoss};
        auto moeModel = makeMoeNetwork(m, d, out, aux);
        Rng moeRng = makeStream(config.train.seed, kMoeInit);
        moeModel->initialize(moeRng);
        moe = moeModel.get();
        members.emplace_back(std::move(moeModel), moe, kModelNames[0], config.train);
        epochCounts.assign(static_cast<std::size_t>(moe->moeLayerCount()), std::vector<int>(static_cast<std::size_t>(m.experts), 0));
        lastEpochCounts = epochCounts;

        // Equal parameters: the MoE's expert capacity as one dense layer of E h units; equal
        // compute: the k h units a sample actually uses (c h for expert choice).
        const int activeWidth = static_cast<int>(std::lround(moe->moeLayer(0).router().expectedExpertsPerSample() *
                                                             (m.hidden))) + m.sharedExperts * m.hidden;
        const int fullWidth = (m.experts + m.sharedExperts) * m.hidden;
        members.emplace_back(makeBaseline(fullWidth, d, out, kDenseParamsInit), nullptr, kModelNames[1], config.train);
        members.emplace_back(makeBaseline(std::max(1, activeWidth), d, out, kDenseComputeInit), nullptr,
                             kModelNames[2], config.train);
        evaluateAll();
    }

    std::unique_ptr<Model> makeBaseline(int width, int d, int out, Stream stream) const {
        const ModelConfig& m = config.model;
        Rng rng = makeStream(config.train.seed, stream);
        if (m.mode == MoeMode::Block) {
            auto mlp = std::make_unique<ResidualMlp>(d, m.blockWidth(), width, m.layers, out, m.activation);
            mlp->initialize(rng);
            return mlp;
        }
        auto mlp = std::make_unique<DenseMlp>(d, width, out, m.activation);
        mlp->initialize(rng);
        return mlp;
    }

    void startEpoch() {
        order.resize(train.rows);
        std::iota(order.begin(), order.end(), std::size_t{0});
        std::shuffle(order.begin(), order.end(), shuffleRng);
        batchCursor = 0;
        epochOpen = true;
        for (ModelRun& member : members) member.takeEpochLoss();
        for (auto& counts : epochCounts) std::fill(counts.begin(), counts.end(), 0);
    }

    void gatherBatch(int batch) {
        const std::size_t begin = static_cast<std::size_t>(batch) * static_cast<std::size_t>(config.train.batch);
        const std::size_t end = std::min(train.rows, begin + static_cast<std::size_t>(config.train.batch));
        const auto rows = static_cast<Eigen::Index>(end - begin);
        batchX.resize(rows, static_cast<Eigen::Index>(train.cols));
        batchLabels.clear();
        batchTargets.clear();
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t row = order[i];
            batchX.row(static_cast<Eigen::Index>(i - begin)) =
                Eigen::Map<const RowVector>(&train.features[row * train.cols], static_cast<Eigen::Index>(train.cols));
            if (train.task == Task::Classification) batchLabels.push_back(train.labels[row]);
            else batchTargets.push_back(trainTargets[row]);
        }
    }

    double trainStep(ModelRun& member) {
        const Targets targets = train.task == Task::Classification ? Targets{batchLabels.data(), nullptr}
                                                                    : Targets{nullptr, batchTargets.data()};
        const long total = static_cast<long>(config.train.epochs) * batchesPerEpoch();
        const long step = static_cast<long>(epochsCompleted) * batchesPerEpoch() + batchCursor;
        return member.step(batchX, targets, scheduledLearningRate(config.train, step, total), epochsCompleted + 1,
                           batchCursor + 1);
    }

    // Scores every model that trained this epoch (a stopped one keeps its last scores), lets
    // each keep its best weights, and appends the epoch to the history.
    void evaluateAll() {
        const bool moeScored = members[0].training() || epochsCompleted == 0;
        for (std::size_t i = 0; i < members.size(); ++i) {
            ModelRun& member = members[i];
            const double trainLoss = member.takeEpochLoss();
            if (member.training() || epochsCompleted == 0) {
                ModelMetrics v;
                if (validation.rows > 0) v = evaluateModel(member.model(), validation, targetScaler);
                // The test split last: the MoE's routing on it is the one to report.
                ModelMetrics m = evaluateModel(member.model(), test, targetScaler);
                m.validationLoss = v.testLoss;
                m.validationAccuracy = v.testAccuracy;
                m.validationR2 = v.testR2;
                m.trainLoss = trainLoss;
                member.metrics = m;
                member.endEpoch(epochsCompleted, m.validationLoss, selectByValidation(), config.train.patience);
            }
            member.metrics.trainSeconds = member.trainSeconds();
            member.metrics.bestEpoch = member.bestEpoch();
            member.metrics.stoppedEarly = member.stoppedEarly();
            member.metrics.diverged = member.diverged();
        }
        if (moeScored) reportRouting();
        snapshot.epoch = epochsCompleted;
        snapshot.epochs = config.train.epochs;
        snapshot.elapsedSeconds = elapsed;
        snapshot.moe = members[0].metrics;
        snapshot.denseEqualParams = members[1].metrics;
        snapshot.denseEqualCompute = members[2].metrics;
        history.push_back(snapshot);
    }

    bool allStopped() const {
        for (const ModelRun& member : members)
            if (member.training()) return false;
        return true;
    }

    // The end of the run: every model back to its kept epoch, and the snapshot made of
    // those epochs' scores (the weights are those scored then, so the numbers are too).
    void finish() {
        if (ended) return;
        ended = true;
        arena.execute([&] {
            for (ModelRun& member : members) member.finish();
        });
        snapshot = keptSnapshot(history);
    }

    void reportRouting() {
        const bool classification = test.task == Task::Classification;
        snapshot.layers.clear();
        for (int l = 0; l < moe->moeLayerCount(); ++l) {
            RoutingStats stats = routingStats(moe->moeLayer(l).routing(), classification ? test.labels.data() : nullptr,
                                              classification ? test.classCount() : 0);
            if (epochsCompleted > 0) {
                const auto& counts = lastEpochCounts[static_cast<std::size_t>(l)];
                for (std::size_t e = 0; e < counts.size(); ++e)
                    if (counts[e] == 0) stats.deadExperts.push_back(static_cast<int>(e));
            }
            snapshot.layers.push_back(std::move(stats));
        }
        snapshot.routing = snapshot.layers.front();
    }

    void countTrainingRouting() {
        for (int l = 0; l < moe->moeLayerCount(); ++l) {
            const auto& after = moe->moeLayer(l).routing().countsAfter;
            auto& counts = epochCounts[static_cast<std::size_t>(l)];
            for (std::size_t e = 0; e < counts.size(); ++e) counts[e] += after[e];
        }
    }

    bool runEpoch(TrainingObserver& observer) {
        if (restored || ended) return true;
        const auto start = Clock::now();
        bool goOn = true;
        arena.execute([&] {
            if (!epochOpen) startEpoch();
            const int batches = batchesPerEpoch();
            while (batchCursor < batches) {
                gatherBatch(batchCursor);
                double moeLoss = kNotApplicable;
                if (members[0].training()) {
                    moeLoss = trainStep(members[0]);
                    countTrainingRouting();
                }
                for (std::size_t i = 1; i < members.size(); ++i)
                    if (members[i].training()) trainStep(members[i]);
                ++batchCursor;
                if (!observer.onBatch({epochsCompleted, batchCursor, batches, moeLoss})) {
                    goOn = false;
                    return;
                }
            }
            epochOpen = false;
            ++epochsCompleted;
            lastEpochCounts = epochCounts;
            evaluateAll();
        });
        elapsed += secondsSince(start);
        snapshot.elapsedSeconds = elapsed;
        if (goOn) history.back().elapsedSeconds = elapsed;
        if (!goOn) return false;
        const EpochSnapshot epoch = history.back();
        if (epochsCompleted >= config.train.epochs || allStopped()) finish();
        return observer.onEpoch(epoch);
    }
};

Experiment::Experiment(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Experiment::~Experiment() = default;

void Experiment::lowerWorkerPriority(int nice) {
    if (!m_impl->workerPriority) m_impl->workerPriority = std::make_unique<WorkerPriority>(m_impl->arena);
    m_impl->workerPriority->lower(nice);
}

Result<std::unique_ptr<Experiment>> Experiment::create(const Dataset& data, const RunConfig& config) {
    if (Status s = validateConfig(config); !s) return Error{s.error()};
    if (data.rows < 2) return Error{"the dataset '" + data.name + "' needs at least 2 rows"};
    if (data.cols < 1) return Error{"the dataset '" + data.name + "' has no feature columns"};
    if (data.task == Task::Classification && data.classCount() < 2)
        return Error{"the dataset '" + data.name + "' has fewer than 2 classes"};
    auto impl = std::make_unique<Impl>(data, config);
    if (const std::string why = impl->split(); !why.empty()) return Error{why};
    impl->arena.execute([&] { impl->prepare(); });
    return std::unique_ptr<Experiment>(new Experiment(std::move(impl)));
}

namespace {

std::string shapeText(const Matrix& m) {
    return std::to_string(m.rows()) + " x " + std::to_string(m.cols());
}

// Why `saved` cannot stand in for `built` (same names and shapes, in the same order), or "".
std::string tensorMismatch(const std::vector<Parameter>& built, const std::vector<Parameter>& saved) {
    if (built.size() != saved.size())
        return "it has " + std::to_string(saved.size()) + " weight tensors, the config gives " +
               std::to_string(built.size());
    for (std::size_t i = 0; i < built.size(); ++i) {
        if (built[i].name != saved[i].name) return "tensor " + saved[i].name + " where " + built[i].name + " belongs";
        if (built[i].value->rows() != saved[i].value->rows() || built[i].value->cols() != saved[i].value->cols())
            return "tensor " + saved[i].name + " is " + shapeText(*saved[i].value) + ", the config gives " +
                   shapeText(*built[i].value);
    }
    return {};
}

}  // namespace

Result<std::unique_ptr<Experiment>> Experiment::restore(const Dataset& data, const RunConfig& config,
                                                        const TrainedModel& model,
                                                        std::vector<EpochSnapshot> history) {
    if (!model.model) return Error{"the saved model is empty"};
    if (history.empty() || history.front().epoch != 0)
        return Error{"the saved history must start with epoch 0 (the untrained models)"};
    for (std::size_t i = 0; i < history.size(); ++i)
        if (history[i].epoch != static_cast<int>(i) || history[i].epoch > config.train.epochs)
            return Error{"the saved history's epochs are not 0, 1, 2, ... up to the planned " +
                         std::to_string(config.train.epochs)};
    Result<std::unique_ptr<Experiment>> created = create(data, config);
    if (!created) return created;
    Impl& impl = *created.value()->m_impl;
    const std::string differs = "the data '" + data.name + "' is not the data the saved model was trained on: ";
    if (model.task != data.task) return Error{differs + "the task differs"};
    if (model.featureNames != data.featureNames) return Error{differs + "the feature columns differ"};
    if (model.classNames != data.classNames) return Error{differs + "the classes differ"};
    if (model.inputScaler.mean() != impl.standardizer.mean() || model.inputScaler.scale() != impl.standardizer.scale())
        return Error{differs + "the training split's mean and scale differ (different rows or values)"};
    if (model.targetScaler.mean != impl.targetScaler.mean || model.targetScaler.scale != impl.targetScaler.scale)
        return Error{differs + "the training split's target mean and scale differ"};
    std::unique_ptr<MoeNetwork> network = model.model->clone();
    if (network->moeLayerCount() != impl.moe->moeLayerCount())
        return Error{"the saved model has " + std::to_string(network->moeLayerCount()) + " MoE layers, the config gives " +
                     std::to_string(impl.moe->moeLayerCount())};
    if (const std::string why = tensorMismatch(impl.moe->parameters(), network->parameters()); !why.empty())
        return Error{"the saved model does not fit the config: " + why};
    for (EpochSnapshot& s : history)
        if (s.layers.size() != static_cast<std::size_t>(impl.moe->moeLayerCount()))
            return Error{"the saved history's epoch " + std::to_string(s.epoch) + " has routing for " +
                         std::to_string(s.layers.size()) + " MoE layers, the model has " +
                         std::to_string(impl.moe->moeLayerCount())};
    impl.moe = network.get();
    MoeNetwork* raw = network.get();
    impl.members[0].replaceModel(std::move(network), raw);
    impl.epochsCompleted = history.back().epoch;
    impl.restored = impl.epochsCompleted > 0;
    impl.elapsed = history.back().elapsedSeconds;
    impl.snapshot = impl.restored ? keptSnapshot(history) : history.back();
    impl.ended = impl.restored;
    impl.members[0].metrics = impl.snapshot.moe;
    impl.members[1].metrics = impl.snapshot.denseEqualParams;
    impl.members[2].metrics = impl.snapshot.denseEqualCompute;
    impl.history = std::move(history);
    return created;
}

const RunConfig& Experiment::config() const { return m_impl->config; }
const Dataset& Experiment::data() const { return m_impl->data; }
const Dataset& Experiment::trainSet() const { return m_impl->train; }
const Dataset& Experiment::testSet() const { return m_impl->test; }
const Standardizer& Experiment::standardizer() const { return m_impl->standardizer; }
int Experiment::epochsCompleted() const { return m_impl->epochsCompleted; }
bool Experiment::finished() const { return m_impl->restored || m_impl->ended; }
const Dataset& Experiment::validationSet() const { return m_impl->validation; }

std::vector<std::string> Experiment::divergences() const {
    std::vector<std::string> messages;
    for (const ModelRun& member : m_impl->members)
        if (member.diverged()) messages.push_back(member.divergence());
    return messages;
}
bool Experiment::isRestored() const { return m_impl->restored; }
const EpochSnapshot& Experiment::snapshot() const { return m_impl->snapshot; }
const std::vector<EpochSnapshot>& Experiment::history() const { return m_impl->history; }

bool Experiment::runEpoch(TrainingObserver& observer) { return m_impl->runEpoch(observer); }

bool Experiment::run(TrainingObserver& observer) {
    while (!finished())
        if (!m_impl->runEpoch(observer)) return false;
    return true;
}

CostReport Experiment::cost() const {
    CostReport report;
    // Top-p's experts per sample depend on the input: its cost counts the average measured
    // in the latest (or kept) epoch, per MoE layer (moe-spec section 6).
    std::vector<double> measured;
    for (const RoutingStats& layer : m_impl->snapshot.layers) measured.push_back(layer.expertsPerSample);
    report.moe = m_impl->moe ? m_impl->moe->cost(measured) : m_impl->members[0].model().cost();
    report.denseEqualParams = m_impl->members[1].model().cost();
    report.denseEqualCompute = m_impl->members[2].model().cost();
    return report;
}

GridSpec Experiment::defaultGrid(int width, int height) const {
    GridSpec spec;
    spec.width = width;
    spec.height = height;
    const Dataset& d = m_impl->data;
    if (d.cols < 2 || d.rows == 0) return spec;
    spec.plane = m_impl->plane;
    // The extent of the data's points on the plane (their projections), with a margin.
    double minX = 0.0, maxX = 0.0, minY = 0.0, maxY = 0.0;
    for (std::size_t r = 0; r < d.rows; ++r) {
        const std::array<double, 2> uv = spec.plane->project(&d.features[r * d.cols]);
        if (r == 0 || uv[0] < minX) minX = uv[0];
        if (r == 0 || uv[0] > maxX) maxX = uv[0];
        if (r == 0 || uv[1] < minY) minY = uv[1];
        if (r == 0 || uv[1] > maxY) maxY = uv[1];
    }
    const double marginX = 0.08 * std::max(1e-6, maxX - minX);
    const double marginY = 0.08 * std::max(1e-6, maxY - minY);
    spec.xMin = minX - marginX;
    spec.xMax = maxX + marginX;
    spec.yMin = minY - marginY;
    spec.yMax = maxY + marginY;
    return spec;
}

TerritoryGrid Experiment::territory(const GridSpec& spec) const {
    TerritoryGrid grid;
    grid.spec = spec;
    const Impl& impl = *m_impl;
    grid.experts = impl.config.model.experts;
    const std::size_t cols = impl.data.cols;
    if (cols < 2 || spec.width <= 0 || spec.height <= 0) return grid;
    if (spec.plane && spec.plane->cols() != cols) return grid;
    const auto cells = static_cast<Eigen::Index>(spec.width) * spec.height;
    // Without a plane, other features stay at the training mean, which is 0 after
    // standardisation.
    Matrix X = Matrix::Zero(cells, static_cast<Eigen::Index>(cols));
    const auto& mean = impl.standardizer.mean();
    std::vector<double> point(cols);
    std::vector<float> rawCell(cols);
    for (int row = 0; row < spec.height; ++row) {
        const double y = spec.yMax - (row + 0.5) * (spec.yMax - spec.yMin) / spec.height;
        for (int col = 0; col < spec.width; ++col) {
            const double x = spec.xMin + (col + 0.5) * (spec.xMax - spec.xMin) / spec.width;
            const Eigen::Index cell = static_cast<Eigen::Index>(row) * spec.width + col;
            if (spec.plane) {
                // Raw floats standardised by applyRow(), exactly as any input the model is
                // asked about: a hash router then sees the bits the gate inspector sees.
                spec.plane->pointAt(x, y, point.data());
                for (std::size_t c = 0; c < cols; ++c) rawCell[c] = static_cast<float>(point[c]);
                impl.standardizer.applyRow(rawCell.data());
                for (std::size_t c = 0; c < cols; ++c) X(cell, static_cast<Eigen::Index>(c)) = rawCell[c];
            } else {
                for (std::size_t c = 0; c < cols; ++c) rawCell[c] = mean[c];
                rawCell[0] = static_cast<float>(x);
                rawCell[1] = static_cast<float>(y);
                impl.standardizer.applyRow(rawCell.data());
                for (std::size_t c = 0; c < cols; ++c) X(cell, static_cast<Eigen::Index>(c)) = rawCell[c];
            }
        }
    }
    MoeNetwork& model = *m_impl->moe;
    Matrix Y;
    m_impl->arena.execute([&] { Y = model.forward(X, Phase::Inference); });
    const Routing& routing = model.moeLayer(0).routing();
    grid.expert.resize(static_cast<std::size_t>(cells));
    grid.confidence.resize(static_cast<std::size_t>(cells));
    const bool classification = impl.data.task == Task::Classification;
    if (classification) grid.predictedClass.resize(static_cast<std::size_t>(cells));
    else grid.predictedValue.resize(static_cast<std::size_t>(cells));
    for (Eigen::Index c = 0; c < cells; ++c) {
        Eigen::Index best = 0;
        grid.confidence[static_cast<std::size_t>(c)] = routing.probs.row(c).maxCoeff(&best);
        grid.expert[static_cast<std::size_t>(c)] = static_cast<int>(best);
        if (classification) {
            Y.row(c).maxCoeff(&best);
            grid.predictedClass[static_cast<std::size_t>(c)] = static_cast<int>(best);
        } else {
            grid.predictedValue[static_cast<std::size_t>(c)] =
                impl.targetScaler.mean + impl.targetScaler.scale * Y(c, 0);
        }
    }
    // Every layer, the routers' real choice, and each expert alone (the map's other modes).
    m_impl->arena.execute([&] { fillTerritoryDetail(grid, model, X, impl.targetScaler, classification); });
    return grid;
}

LatencyReport Experiment::measureLatency(int batch, const LatencyOptions& options) const {
    Impl& impl = *m_impl;
    const Dataset& test = impl.test;
    const auto cols = static_cast<Eigen::Index>(test.cols);
    Matrix many(std::max(1, batch), cols);
    for (Eigen::Index r = 0; r < many.rows(); ++r)
        many.row(r) = Eigen::Map<const RowVector>(&test.features[(static_cast<std::size_t>(r) % test.rows) * test.cols], cols);
    const Matrix one = many.topRows(1);
    LatencyReport report;
    report.threads = impl.arena.max_concurrency();
    std::array<ModelLatency*, 3> out{&report.moe, &report.denseEqualParams, &report.denseEqualCompute};
    impl.arena.execute([&] {
        for (std::size_t i = 0; i < impl.members.size(); ++i) {
            out[i]->single = moe::measureLatency(impl.members[i].model(), one, options);
            out[i]->batch = moe::measureLatency(impl.members[i].model(), many, options);
        }
    });
    return report;
}

std::vector<TopKPoint> Experiment::topKSweep() const {
    std::vector<TopKPoint> points;
    m_impl->arena.execute([&] { points = sweepTopK(*m_impl->moe, m_impl->test, m_impl->targetScaler); });
    return points;
}

std::vector<GateMatrix> Experiment::gateMatrices() const {
    std::vector<GateMatrix> matrices;
    m_impl->arena.execute([&] { matrices = computeGateMatrices(*m_impl->moe, m_impl->test); });
    for (GateMatrix& g : matrices) g.epoch = m_impl->epochsCompleted;
    return matrices;
}

TrainedModel Experiment::trainedModel() const {
    const Impl& impl = *m_impl;
    TrainedModel tm;
    tm.config = impl.config;
    tm.datasetName = impl.data.name;
    tm.task = impl.data.task;
    tm.featureNames = impl.data.featureNames;
    tm.classNames = impl.data.classNames;
    tm.inputScaler = impl.standardizer;
    tm.targetScaler = impl.targetScaler;
    tm.model = std::shared_ptr<MoeNetwork>(impl.moe->clone());
    return tm;
}

std::shared_ptr<SampleInspector> Experiment::inspector() const {
    return std::make_shared<SampleInspector>(trainedModel(), m_impl->sharedTest);
}

}  // namespace moe
