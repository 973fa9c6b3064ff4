// Google Benchmark micro-benchmarks of the sparse MoE layer's parts, on the two fixed
// configurations of design.md (argument 0 = toy, 1 = mid): the gate (route()), one layer's
// whole forward pass (gate, dispatch, experts, combine), one expert's product on an
// average-sized group, the raw forward products (Eigen against the packed kernel), the
// gather of a group's rows and the combine. Gather and combine are MoeLayer internals;
// their benchmarks run the same loops over the public routing, so they show what those
// loops cost. The second argument is the thread count of the task arena.
//
//   build-bench/bench/moe_micro_bench --benchmark_min_time=0.2

#include "core/model/expert.h"
#include "core/model/moe_layer.h"
#include "core/model/moe_model.h"
#include "core/model/packed_gemm.h"
#include "core/train/optimizer.h"
#include "core/train/run_config.h"

#include <benchmark/benchmark.h>
#include <tbb/task_arena.h>

#include <memory>
#include <random>
#include <vector>

namespace {

using namespace moe;

struct Shape {
    int dim, experts, hidden, topK, classes, batch;
};
constexpr Shape kShapes[] = {{2, 8, 32, 2, 2, 128}, {64, 16, 256, 2, 10, 1024}};

const Shape& shapeOf(const benchmark::State& state) {
    return kShapes[static_cast<std::size_t>(state.range(0))];
}

ModelConfig configOf(const Shape& s) {
    ModelConfig c;
    c.experts = s.experts;
    c.topK = s.topK;
    c.hidden = s.hidden;
    c.router = RouterKind::SoftmaxTopK;
    return c;
}

Matrix randomBatch(int rows, int cols, Rng& rng) {
    std::normal_distribution<float> normal;
    Matrix X(rows, cols);
    for (Eigen::Index i = 0; i < X.size(); ++i) X.data()[i] = normal(rng);
    return X;
}

/// A layer of the shape, initialised, with one forward pass done on a random batch.
struct Fixture {
    explicit Fixture(const Shape& s) : layer(configOf(s), s.dim, s.classes), rng(1) {
        layer.initialize(rng);
        X = randomBatch(s.batch, s.dim, rng);
        layer.forward(X, Phase::Inference, Y);
    }
    MoeLayer layer;
    Rng rng;
    Matrix X, Y;
};

void setItems(benchmark::State& state, const Shape& s) {
    state.SetItemsProcessed(state.iterations() * s.batch);
    state.counters["samples/s"] = benchmark::Counter(static_cast<double>(s.batch),
                                                     benchmark::Counter::kIsIterationInvariantRate);
}

void BM_Gate(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Fixture f(s);
    Routing routing;
    tbb::task_arena arena(static_cast<int>(state.range(1)));
    arena.execute([&] {
        for (auto _ : state) {
            f.layer.router().route(f.X, Phase::Inference, routing, {});
            benchmark::DoNotOptimize(routing.weight.data());
        }
    });
    setItems(state, s);
}

void BM_LayerForward(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Fixture f(s);
    tbb::task_arena arena(static_cast<int>(state.range(1)));
    arena.execute([&] {
        for (auto _ : state) {
            f.layer.forward(f.X, Phase::Inference, f.Y);
            benchmark::DoNotOptimize(f.Y.data());
        }
    });
    setItems(state, s);
    state.counters["GFLOP/s"] = benchmark::Counter(f.layer.cost().flopsPerSample * s.batch,
                                                   benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
}

/// One expert on the rows an expert receives on average under balanced routing: T k / E.
void BM_ExpertProduct(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Rng rng(2);
    Expert expert(s.dim, s.hidden, s.classes, Activation::Relu);
    expert.initialize(rng);
    const int rows = s.batch * s.topK / s.experts;
    const Matrix X = randomBatch(rows, s.dim, rng);
    Expert::Cache cache;
    Matrix Y;
    for (auto _ : state) {
        expert.forward(X, cache, Y);
        benchmark::DoNotOptimize(Y.data());
    }
    const double flops =
        2.0 * rows *
        (static_cast<double>(s.dim) * s.hidden + static_cast<double>(s.hidden) * s.classes);
    state.counters["rows"] = rows;
    state.counters["GFLOP/s"] = benchmark::Counter(
        flops, benchmark::Counter::kIsIterationInvariantRate, benchmark::Counter::kIs1000);
}

/// The forward products alone, Eigen against the packed kernel (core/model/packed_gemm.h),
/// on mid's shapes: argument 0 picks the shape, argument 1 the engine (0 Eigen, 1 packed).
struct GemmShape {
    int rows, depth, cols;
};
constexpr GemmShape kGemmShapes[] = {{128, 64, 256},  // an expert's first layer (T k / E rows)
                                     {128, 256, 10},  // its second layer
                                     {256, 64, 16},   // the gate, one block of 256 rows
                                     {1024, 1024, 1024}};

void BM_Gemm(benchmark::State& state) {
    const GemmShape& g = kGemmShapes[static_cast<std::size_t>(state.range(0))];
    Rng rng(3);
    const Matrix A = randomBatch(g.rows, g.depth, rng), B = randomBatch(g.depth, g.cols, rng);
    const Matrix bias = randomBatch(1, g.cols, rng);
    Matrix C(g.rows, g.cols);
    const bool packed = state.range(1) == 1;
    for (auto _ : state) {
        if (packed) {
            gemmForward(constView(A), constView(B), bias.data(), GemmActivation::None, mutableView(C));
        } else {
            C = bias.replicate(g.rows, 1);
            C.noalias() += A * B;
        }
        benchmark::DoNotOptimize(C.data());
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * g.rows * g.depth * g.cols,
                                                   benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
}

/// The gather of every expert's rows into contiguous blocks, as MoeLayer::dispatch does.
void BM_Gather(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Fixture f(s);
    const Routing& r = f.layer.routing();
    std::vector<std::vector<int>> rows(static_cast<std::size_t>(s.experts));
    std::vector<Matrix> blocks(static_cast<std::size_t>(s.experts));
    for (auto _ : state) {
        for (int e = 0; e < s.experts; ++e)
            rows[static_cast<std::size_t>(e)].resize(
                static_cast<std::size_t>(r.countsAfter[static_cast<std::size_t>(e)]));
        for (int t = 0; t < r.samples; ++t)
            for (int j = 0; j < r.places; ++j)
                if (r.keptAt(t, j))
                    rows[static_cast<std::size_t>(r.expertAt(t, j))]
                        [static_cast<std::size_t>(r.position[r.index(t, j)])] = t;
        for (std::size_t e = 0; e < rows.size(); ++e) {
            const auto n = static_cast<Eigen::Index>(rows[e].size());
            blocks[e].resize(n, f.X.cols());
            for (Eigen::Index i = 0; i < n; ++i)
                blocks[e].row(i) = f.X.row(rows[e][static_cast<std::size_t>(i)]);
        }
        benchmark::DoNotOptimize(blocks.data());
    }
    setItems(state, s);
}

/// The combine: each sample sums its kept places' expert outputs in rank order.
void BM_Combine(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Fixture f(s);
    const Routing& r = f.layer.routing();
    Matrix Y(s.batch, s.classes);
    for (auto _ : state) {
        Y.setZero();
        for (int t = 0; t < r.samples; ++t)
            for (int j = 0; j < r.places; ++j)
                if (r.keptAt(t, j)) Y.row(t) += r.weight(t, j) * f.layer.placeOutput(t, j);
        benchmark::DoNotOptimize(Y.data());
    }
    setItems(state, s);
}

void BM_LayerBackward(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Fixture f(s);
    Matrix dY = randomBatch(s.batch, s.classes, f.rng), dX;
    tbb::task_arena arena(static_cast<int>(state.range(1)));
    arena.execute([&] {
        f.layer.forward(f.X, Phase::Training, f.Y);
        for (auto _ : state) {
            f.layer.zeroGrad();
            f.layer.backward(f.X, dY, &dX);
            benchmark::DoNotOptimize(dX.data());
        }
    });
    setItems(state, s);
}

/// One whole training step of the MoE model as `moe bench` trains it: forward, cross-entropy
/// plus the balance and z losses, backward, Adam. The target of a profiler run:
///   perf record -g build/bench/moe_micro_bench --benchmark_filter=TrainStep/mid:1/threads:1
void BM_TrainStep(benchmark::State& state) {
    const Shape& s = shapeOf(state);
    Rng rng(1);
    TrainConfig t;
    t.optimizer = OptimizerKind::Adam;
    t.learningRate = 1e-3;
    MoeModel model(configOf(s), s.dim, s.classes, {t.balanceLoss, t.zLoss, t.importanceLoss, t.entropyLoss});
    model.initialize(rng);
    const Matrix X = randomBatch(s.batch, s.dim, rng);
    std::vector<int> labels(static_cast<std::size_t>(s.batch));
    std::uniform_int_distribution<int> label(0, s.classes - 1);
    for (int& l : labels) l = label(rng);
    const std::unique_ptr<Optimizer> optimizer = makeOptimizer(t);
    const std::vector<Parameter> parameters = model.parameters();
    tbb::task_arena arena(static_cast<int>(state.range(1)));
    arena.execute([&] {
        for (auto _ : state) {
            model.forward(X, Phase::Training);
            model.zeroGrad();
            benchmark::DoNotOptimize(model.backwardTask({labels.data(), nullptr}));
            optimizer->step(parameters);
            model.afterStep();
        }
    });
    setItems(state, s);
}

// {shape, threads}: toy and mid, 1 and 2 threads where the work is parallel. Work on the
// arena's threads is timed by the wall clock: CPU time would count the calling thread only.
BENCHMARK(BM_Gate)->UseRealTime()->ArgsProduct({{0, 1}, {1}})->ArgNames({"mid", "threads"});
BENCHMARK(BM_LayerForward)
    ->UseRealTime()
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->ArgNames({"mid", "threads"});
BENCHMARK(BM_LayerBackward)
    ->UseRealTime()
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->ArgNames({"mid", "threads"});
BENCHMARK(BM_TrainStep)
    ->UseRealTime()
    ->ArgsProduct({{0, 1}, {1, 2}})
    ->ArgNames({"mid", "threads"});
BENCHMARK(BM_ExpertProduct)->ArgsProduct({{0, 1}, {1}})->ArgNames({"mid", "threads"});
BENCHMARK(BM_Gemm)->ArgsProduct({{0, 1, 2, 3}, {0, 1}})->ArgNames({"shape", "packed"});
BENCHMARK(BM_Gather)->ArgsProduct({{0, 1}, {1}})->ArgNames({"mid", "threads"});
BENCHMARK(BM_Combine)->ArgsProduct({{0, 1}, {1}})->ArgNames({"mid", "threads"});

}  // namespace

BENCHMARK_MAIN();
