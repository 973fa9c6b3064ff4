#include "app/cli/bench_command.h"

#include "app/cli/cli_common.h"
#include "core/io/json_text.h"
#include "core/model/dense_mlp.h"
#include "core/model/moe_model.h"
#include "core/train/optimizer.h"
#include "core/train/run_config.h"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <vector>

namespace moe::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Runs `step` until at least `minTime` seconds have passed; returns steps per second.
template <class Step>
double stepsPerSecond(Step&& step, double minTime) {
    const Clock::time_point start = Clock::now();
    long steps = 0;
    double elapsed = 0.0;
    do {
        step();
        ++steps;
        elapsed = secondsSince(start);
    } while (elapsed < minTime);
    return static_cast<double>(steps) / elapsed;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

/// One of the three models under test, with its optimizer and the timings so far.
struct Subject {
    const char* key;
    std::unique_ptr<Model> model;
    std::unique_ptr<Optimizer> optimizer;
    std::vector<Parameter> parameters;
    std::vector<double> infer;  // samples/s, one per repeat
    std::vector<double> train;

    void inferStep(const Matrix& X) { model->forward(X, Phase::Inference); }
    void trainStep(const Matrix& X, const std::vector<int>& labels) {
        model->forward(X, Phase::Training);
        model->zeroGrad();
        model->backwardTask({labels.data(), nullptr});
        optimizer->step(parameters);
        model->afterStep();
    }
};

/// Eigen's own rate on a large square float product (row-major, as the engine stores its
/// matrices), the rows of C split into one block per thread: the ceiling a GEMM-bound engine
/// can approach on this machine. GFLOP/s, median of `repeats`.
double referenceGemmGflops(int threads, double minTime, int repeats) {
    constexpr int n = 1024;
    Rng rng(7);
    std::normal_distribution<float> normal;
    Matrix A(n, n), B(n, n), C(n, n);
    for (Eigen::Index i = 0; i < A.size(); ++i) A.data()[i] = normal(rng);
    for (Eigen::Index i = 0; i < B.size(); ++i) B.data()[i] = normal(rng);
    const auto product = [&] {
        const int block = (n + threads - 1) / threads;
        tbb::parallel_for(0, threads, [&](int b) {
            const int r0 = b * block;
            const int rows = std::min(block, n - r0);
            if (rows > 0) C.middleRows(r0, rows).noalias() = A.middleRows(r0, rows) * B;
        });
    };
    product();  // warm-up
    std::vector<double> rates;
    for (int r = 0; r < repeats; ++r)
        rates.push_back(stepsPerSecond(product, minTime) * 2.0 * n * n * n * 1e-9);
    return median(rates);
}

void printTable(const nlohmann::ordered_json& j) {
    std::printf("%-20s %14s %14s %14s %9s\n", "model", "infer samp/s", "train samp/s",
                "FLOPs/sample", "GFLOP/s");
    for (const char* key : {"moe", "dense_equal_params", "dense_equal_compute"}) {
        const nlohmann::ordered_json& m = j[key];
        std::printf("%-20s %14.0f %14.0f %14.0f %9.2f\n", key,
                    m["infer_samples_per_s"].get<double>(), m["train_samples_per_s"].get<double>(),
                    m["flops_per_sample"].get<double>(), m["gflops"].get<double>());
    }
    std::printf("\nspeedup over dense_equal_params: theoretical %.2fx, measured %.2fx\n",
                j["theoretical_speedup"].get<double>(), j["measured_speedup"].get<double>());
    std::printf("Eigen 1024^3 float GEMM: %.2f GFLOP/s (MoE inference reaches %.0f%% of it)\n",
                j["reference_gemm_gflops"].get<double>(),
                100.0 * j["moe_gemm_fraction"].get<double>());
}

}  // namespace

BenchCommand::BenchCommand(CLI::App& parent)
    : m_app(parent.add_subcommand(
          "bench", "Time the MoE and the dense baselines on random data (samples per second)")) {
    CLI::App& a = *m_app;
    Options& o = m_options;
    a.add_option("--config", o.preset,
                 "Preset: toy (the GUI's model) or mid; options given "
                 "explicitly override it")
        ->check(CLI::IsMember({"toy", "mid"}));
    a.add_option("--dim", o.dim, "Input features d")->capture_default_str();
    a.add_option("--experts", o.experts, "Experts E")->capture_default_str();
    a.add_option("--hidden", o.hidden, "Expert hidden width h")->capture_default_str();
    a.add_option("--top-k", o.topK, "Experts per sample k")->capture_default_str();
    a.add_option("--classes", o.classes, "Output classes")->capture_default_str();
    a.add_option("--batch", o.batch, "Samples per forward pass")->capture_default_str();
    a.add_option("--threads", o.threads, "Worker threads, 0 = all cores")->capture_default_str();
    a.add_option("--min-time", o.minTime, "Seconds of timed work per measurement")
        ->capture_default_str();
    a.add_option("--repeats", o.repeats, "Measurements per figure (the median is reported)")
        ->capture_default_str();
    a.add_flag("--json", o.json, "Print one JSON object on stdout");
}

bool BenchCommand::selected() const { return m_app->parsed(); }

std::string BenchCommand::resolvePreset() {
    Options& o = m_options;
    if (!o.preset.empty()) {
        // design.md "Benchmarks": the two fixed configurations.
        const bool toy = o.preset == "toy";
        const auto preset = [&](const char* name, int& value, int toyValue, int midValue) {
            if (m_app->count(name) == 0) value = toy ? toyValue : midValue;
        };
        preset("--dim", o.dim, 2, 64);
        preset("--experts", o.experts, 8, 16);
        preset("--hidden", o.hidden, 32, 256);
        preset("--top-k", o.topK, 2, 2);
        preset("--classes", o.classes, 2, 10);
        preset("--batch", o.batch, 128, 1024);
    }
    if (o.dim < 1 || o.dim > 100000) return "--dim: must be between 1 and 100000";
    if (o.classes < 2 || o.classes > 100000) return "--classes: must be between 2 and 100000";
    if (o.hidden < 1 || o.hidden > 100000) return "--hidden: must be between 1 and 100000";
    if (!(o.minTime > 0.0) || o.minTime > 60.0) return "--min-time: must be in (0, 60] seconds";
    if (o.repeats < 1 || o.repeats > 100) return "--repeats: must be between 1 and 100";
    return {};
}

int BenchCommand::run() {
    if (const std::string error = resolvePreset(); !error.empty()) return fail(error);
    const Options& o = m_options;

    RunConfig config;
    ModelConfig& m = config.model;
    m.experts = o.experts;
    m.topK = o.topK;
    m.hidden = o.hidden;
    m.router = RouterKind::SoftmaxTopK;
    m.mode = MoeMode::Mixture;
    m.activation = Activation::Relu;
    TrainConfig& t = config.train;
    t.batch = o.batch;
    t.threads = o.threads;
    t.learningRate = 1e-3;
    t.optimizer = OptimizerKind::Adam;
    if (Status s = validateConfig(config); !s) return fail(s.error());

    const int threads = o.threads > 0 ? o.threads : tbb::this_task_arena::max_concurrency();
    tbb::task_arena arena(threads);

    Rng rng(1);
    Matrix X(o.batch, o.dim);
    std::normal_distribution<float> normal;
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = normal(rng);
    std::vector<int> labels(static_cast<std::size_t>(o.batch));
    std::uniform_int_distribution<int> label(0, o.classes - 1);
    for (int& l : labels) l = label(rng);

    const AuxLossWeights aux{t.balanceLoss, t.zLoss, t.importanceLoss, t.entropyLoss};
    std::array<Subject, 3> subjects{Subject{"moe", nullptr, nullptr, {}, {}, {}},
                                    Subject{"dense_equal_params", nullptr, nullptr, {}, {}, {}},
                                    Subject{"dense_equal_compute", nullptr, nullptr, {}, {}, {}}};
    {
        auto moeModel = std::make_unique<MoeModel>(m, o.dim, o.classes, aux);
        moeModel->initialize(rng);
        subjects[0].model = std::move(moeModel);
        const std::array<int, 2> widths{o.experts * o.hidden, o.topK * o.hidden};
        for (std::size_t i = 0; i < widths.size(); ++i) {
            auto mlp = std::make_unique<DenseMlp>(o.dim, widths[i], o.classes, m.activation);
            mlp->initialize(rng);
            subjects[i + 1].model = std::move(mlp);
        }
    }
    for (Subject& s : subjects) {
        s.optimizer = makeOptimizer(t);
        s.parameters = s.model->parameters();
    }

    double gemm = 0.0;
    arena.execute([&] {
        // Warm-up: caches, workspaces, the optimizer's moments, TBB's workers.
        const double warm = std::min(0.2, o.minTime);
        for (Subject& s : subjects) {
            stepsPerSecond([&] { s.inferStep(X); }, warm);
            stepsPerSecond([&] { s.trainStep(X, labels); }, warm);
        }
        // Models interleaved within each repeat, so a noisy neighbour hits all of them alike.
        for (int r = 0; r < o.repeats; ++r) {
            for (Subject& s : subjects) {
                s.infer.push_back(o.batch * stepsPerSecond([&] { s.inferStep(X); }, o.minTime));
                s.train.push_back(o.batch *
                                  stepsPerSecond([&] { s.trainStep(X, labels); }, o.minTime));
            }
        }
        gemm = referenceGemmGflops(threads, o.minTime, std::min(o.repeats, 3));
    });

    nlohmann::ordered_json j = nlohmann::ordered_json::object();
    j["config"] = {{"preset", o.preset.empty() ? "custom" : o.preset},
                   {"dim", o.dim},
                   {"experts", o.experts},
                   {"hidden", o.hidden},
                   {"top_k", o.topK},
                   {"classes", o.classes},
                   {"batch", o.batch},
                   {"threads", threads},
                   {"router", routerName(m.router)},
                   {"mode", modeName(m.mode)},
                   {"activation", activationName(m.activation)},
                   {"optimizer", optimizerName(t.optimizer)},
                   {"min_time", o.minTime},
                   {"repeats", o.repeats},
                   {"simd", Eigen::SimdInstructionSetsInUse()}};
    std::array<double, 3> infer{}, flops{};
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        const Subject& s = subjects[i];
        infer[i] = median(s.infer);
        flops[i] = s.model->cost().flopsPerSample;
        j[s.key] = {{"infer_samples_per_s", infer[i]},
                    {"train_samples_per_s", median(s.train)},
                    {"flops_per_sample", flops[i]},
                    {"gflops", flops[i] * infer[i] * 1e-9}};
    }
    j["theoretical_speedup"] = flops[1] / flops[0];
    j["measured_speedup"] = infer[0] / infer[1];
    j["reference_gemm_gflops"] = gemm;
    j["moe_gemm_fraction"] = flops[0] * infer[0] * 1e-9 / gemm;

    if (o.json)
        std::cout << toJsonText(j) << '\n';
    else
        printTable(j);
    return kExitOk;
}

}  // namespace moe::cli
