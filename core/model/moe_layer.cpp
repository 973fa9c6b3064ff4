#include "core/model/moe_layer.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>

namespace moe {
namespace {

// Rows per task when a pass is split over samples. Each row's result depends only on its
// own data, so the split changes the speed and never the numbers.
constexpr int kRowGrain = 256;

template <class Body>
void forEachRowBlock(int rows, const Body& body) {
    tbb::parallel_for(tbb::blocked_range<int>(0, rows, kRowGrain),
                      [&](const tbb::blocked_range<int>& r) { body(r.begin(), r.end()); });
}

template <class Body>
void forEachExpert(int experts, const Body& body) {
    tbb::parallel_for(tbb::blocked_range<int>(0, experts, 1), [&](const tbb::blocked_range<int>& r) {
        for (int e = r.begin(); e < r.end(); ++e) body(e);
    });
}

}  // namespace

MoeLayer::MoeLayer(const ModelConfig& config, int inputs, int outputs)
    : m_router(makeRouter(config, inputs)),
      m_experts(static_cast<std::size_t>(config.experts),
                Expert(inputs, config.hidden, outputs, config.activation)),
      m_work(static_cast<std::size_t>(config.experts)) {}

MoeLayer::MoeLayer(const MoeLayer& other)
    : m_router(other.m_router->clone()),
      m_experts(other.m_experts),
      m_auxWeights(other.m_auxWeights),
      m_routing(other.m_routing),
      m_work(other.m_work.size()) {}

MoeLayer& MoeLayer::operator=(const MoeLayer& other) {
    if (this != &other) {
        MoeLayer copy(other);
        *this = std::move(copy);
    }
    return *this;
}

MoeLayer::~MoeLayer() = default;

void MoeLayer::initialize(Rng& rng) {
    m_router->initialize(rng);
    for (Expert& e : m_experts) e.initialize(rng);
}

void MoeLayer::dispatch(const Matrix& X) {
    const Routing& r = m_routing;
    // Counting sort of the kept assignments by expert: the router already numbered each
    // assignment's row in its expert's buffer (routing.position).
    for (std::size_t e = 0; e < m_work.size(); ++e) {
        m_work[e].rows.resize(static_cast<std::size_t>(r.countsAfter[e]));
        m_work[e].places.resize(static_cast<std::size_t>(r.countsAfter[e]));
    }
    for (int t = 0; t < r.samples; ++t) {
        for (int j = 0; j < r.places; ++j) {
            if (!r.keptAt(t, j)) continue;
            ExpertWork& w = m_work[static_cast<std::size_t>(r.expertAt(t, j))];
            const auto row = static_cast<std::size_t>(r.position[r.index(t, j)]);
            w.rows[row] = t;
            w.places[row] = j;
        }
    }
    forEachExpert(static_cast<int>(m_work.size()), [&](int e) {
        ExpertWork& w = m_work[static_cast<std::size_t>(e)];
        const auto n = static_cast<Eigen::Index>(w.rows.size());
        w.input.resize(n, X.cols());
        for (Eigen::Index i = 0; i < n; ++i) w.input.row(i) = X.row(w.rows[static_cast<std::size_t>(i)]);
        if (n > 0) m_experts[static_cast<std::size_t>(e)].forward(w.input, w.cache, w.output);
        else w.output.resize(0, outputs());
    });
}

void MoeLayer::forward(const Matrix& X, Phase phase, Matrix& Y) {
    m_router->route(X, phase, m_routing, m_auxWeights);
    dispatch(X);
    const int k = m_routing.places;
    Y.setZero(X.rows(), outputs());
    // Combine: each sample sums its own slots in rank order, independent of the thread split.
    forEachRowBlock(m_routing.samples, [&](int begin, int end) {
        for (int t = begin; t < end; ++t) {
            for (int j = 0; j < k; ++j) {
                const int row = m_routing.position[m_routing.index(t, j)];
                if (row < 0) continue;
                const ExpertWork& w = m_work[static_cast<std::size_t>(m_routing.expertAt(t, j))];
                Y.row(t) += m_routing.weight(t, j) * w.output.row(row);
            }
        }
    });
}

void MoeLayer::backward(const Matrix& X, const Matrix& dY, Matrix* dX) {
    const int k = m_routing.places;
    const int T = m_routing.samples;
    // d loss / d combine weight = dY(t) . expert output; zero for a dropped slot.
    m_dWeight.setZero(T, k);
    forEachRowBlock(T, [&](int begin, int end) {
        for (int t = begin; t < end; ++t) {
            for (int j = 0; j < k; ++j) {
                const int row = m_routing.position[m_routing.index(t, j)];
                if (row < 0) continue;
                const ExpertWork& w = m_work[static_cast<std::size_t>(m_routing.expertAt(t, j))];
                m_dWeight(t, j) = dY.row(t).dot(w.output.row(row));
            }
        }
    });
    forEachExpert(static_cast<int>(m_work.size()), [&](int e) {
        ExpertWork& w = m_work[static_cast<std::size_t>(e)];
        const auto n = static_cast<Eigen::Index>(w.rows.size());
        if (n == 0) return;
        w.dOutput.resize(n, outputs());
        for (Eigen::Index i = 0; i < n; ++i) {
            const auto s = static_cast<std::size_t>(i);
            w.dOutput.row(i) = m_routing.weight(w.rows[s], w.places[s]) * dY.row(w.rows[s]);
        }
        m_experts[static_cast<std::size_t>(e)].backward(w.input, w.cache, w.dOutput,
                                                         dX ? &w.dInput : nullptr);
    });
    m_router->backward(X, m_routing, m_dWeight, m_auxWeights, dX);
    if (dX) {
        forEachRowBlock(T, [&](int begin, int end) {
            for (int t = begin; t < end; ++t) {
                for (int j = 0; j < k; ++j) {
                    const int row = m_routing.position[m_routing.index(t, j)];
                    if (row < 0) continue;
                    dX->row(t) += m_work[static_cast<std::size_t>(m_routing.expertAt(t, j))].dInput.row(row);
                }
            }
        });
    }
}

void MoeLayer::zeroGrad() {
    m_router->zeroGrad();
    for (Expert& e : m_experts) e.zeroGrad();
}

void MoeLayer::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    m_router->collectParameters(prefix + "router", out);
    for (std::size_t e = 0; e < m_experts.size(); ++e)
        m_experts[e].collectParameters(prefix + "experts." + std::to_string(e), out);
}

ModelCost MoeLayer::cost() const {
    const Expert& expert = m_experts.front();
    const double k = m_router->expectedExpertsPerSample();
    ModelCost c;
    c.gateFlops = m_router->flopsPerSample();
    c.expertFlops = k * expert.flopsPerSample();
    c.combineFlops = 2.0 * k * outputs();
    c.flopsPerSample = c.gateFlops + c.expertFlops + c.combineFlops;
    c.paramsTotal = m_router->parameterCount() +
                    static_cast<std::int64_t>(m_experts.size()) * expert.parameterCount();
    c.paramsActive = m_router->parameterCount() +
                     static_cast<std::int64_t>(std::llround(k * static_cast<double>(expert.parameterCount())));
    return c;
}

}  // namespace moe
