#include "core/model/moe_layer.h"

#include "core/model/row_blocks.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <cmath>

namespace moe {
namespace {

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
      m_shared(static_cast<std::size_t>(config.sharedExperts),
               Expert(inputs, config.hidden, outputs, config.activation)),
      m_work(static_cast<std::size_t>(config.experts + config.sharedExperts)) {}

MoeLayer::MoeLayer(const MoeLayer& other)
    : m_router(other.m_router->clone()),
      m_experts(other.m_experts),
      m_shared(other.m_shared),
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
    for (Expert& e : m_shared) e.initialize(rng);
}

void MoeLayer::dispatch(const Matrix& X) {
    const Routing& r = m_routing;
    // Counting sort of the kept assignments by expert: the router already numbered each
    // assignment's row in its expert's buffer (routing.position).
    for (std::size_t e = 0; e < m_experts.size(); ++e) {
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
    const int routed = static_cast<int>(m_experts.size());
    forEachExpert(expertCount(), [&](int e) {
        ExpertWork& w = m_work[static_cast<std::size_t>(e)];
        if (e >= routed) {  // a shared expert sees the whole batch
            m_shared[static_cast<std::size_t>(e - routed)].forward(X, w.cache, w.output);
            return;
        }
        const auto n = static_cast<Eigen::Index>(w.rows.size());
        w.input.resize(n, X.cols());
        for (Eigen::Index i = 0; i < n; ++i) w.input.row(i) = X.row(w.rows[static_cast<std::size_t>(i)]);
        if (n > 0) m_experts[static_cast<std::size_t>(e)].forward(w.input, w.cache, w.output);
        else w.output.resize(0, outputs());
    });
}

void MoeLayer::forward(const Matrix& X, Phase phase, Matrix& Y, const Matrix* hashKey) {
    m_router->route(X, phase, m_routing, m_auxWeights, hashKey);
    dispatch(X);
    const int places = m_routing.places;
    const auto routed = m_experts.size();
    Y.setZero(X.rows(), outputs());
    // Combine: each sample sums its own places in rank order, independent of the thread split.
    forEachRowBlock(m_routing.samples, [&](int begin, int end) {
        for (int t = begin; t < end; ++t) {
            for (int j = 0; j < places; ++j) {
                if (!m_routing.keptAt(t, j)) continue;
                Y.row(t) += m_routing.weight(t, j) * placeOutput(t, j);
            }
            for (std::size_t s = 0; s < m_shared.size(); ++s) Y.row(t) += m_work[routed + s].output.row(t);
        }
    });
}

void MoeLayer::backward(const Matrix& X, const Matrix& dY, Matrix* dX) {
    const int places = m_routing.places;
    const int T = m_routing.samples;
    // d loss / d combine weight = dY(t) . expert output; d loss / d expert output = w dY(t).
    m_dWeight.setZero(T, places);
    m_dPlaceOutput.resize(static_cast<Eigen::Index>(T) * places, outputs());
    forEachRowBlock(T, [&](int begin, int end) {
        for (int t = begin; t < end; ++t) {
            for (int j = 0; j < places; ++j) {
                if (!m_routing.keptAt(t, j)) continue;
                m_dWeight(t, j) = dY.row(t).dot(placeOutput(t, j));
                m_dPlaceOutput.row(static_cast<Eigen::Index>(m_routing.index(t, j))) = m_routing.weight(t, j) * dY.row(t);
            }
        }
    });
    backwardPlaces(X, m_dWeight, m_dPlaceOutput, dX);
    if (m_shared.empty()) return;
    const auto routed = m_experts.size();
    // Shared experts: weight 1 on every sample, so their output gradient is dY itself.
    tbb::parallel_for(0, static_cast<int>(m_shared.size()), [&](int s) {
        ExpertWork& w = m_work[routed + static_cast<std::size_t>(s)];
        m_shared[static_cast<std::size_t>(s)].backward(X, w.cache, dY, dX ? &w.dInput : nullptr);
    });
    if (dX)
        for (std::size_t s = 0; s < m_shared.size(); ++s) *dX += m_work[routed + s].dInput;
}

void MoeLayer::backwardPlaces(const Matrix& X, const Matrix& dWeight, const Matrix& dPlaceOutput,
                              Matrix* dX) {
    const int places = m_routing.places;
    const int T = m_routing.samples;
    forEachExpert(static_cast<int>(m_experts.size()), [&](int e) {
        ExpertWork& w = m_work[static_cast<std::size_t>(e)];
        const auto n = static_cast<Eigen::Index>(w.rows.size());
        if (n == 0) return;
        w.dOutput.resize(n, outputs());
        for (Eigen::Index i = 0; i < n; ++i) {
            const auto s = static_cast<std::size_t>(i);
            w.dOutput.row(i) = dPlaceOutput.row(static_cast<Eigen::Index>(m_routing.index(w.rows[s], w.places[s])));
        }
        m_experts[static_cast<std::size_t>(e)].backward(w.input, w.cache, w.dOutput, dX ? &w.dInput : nullptr);
    });
    m_router->backward(X, m_routing, dWeight, m_auxWeights, dX);
    if (dX) {
        forEachRowBlock(T, [&](int begin, int end) {
            for (int t = begin; t < end; ++t) {
                for (int j = 0; j < places; ++j) {
                    if (!m_routing.keptAt(t, j)) continue;
                    const ExpertWork& w = m_work[static_cast<std::size_t>(m_routing.expertAt(t, j))];
                    dX->row(t) += w.dInput.row(m_routing.position[m_routing.index(t, j)]);
                }
            }
        });
    }
}

void MoeLayer::zeroGrad() {
    m_router->zeroGrad();
    forEachExpert(expertCount(), [&](int e) {
        const auto routed = static_cast<int>(m_experts.size());
        (e < routed ? m_experts[static_cast<std::size_t>(e)] : m_shared[static_cast<std::size_t>(e - routed)]).zeroGrad();
    });
}

void MoeLayer::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    m_router->collectParameters(prefix + "router", out);
    for (std::size_t e = 0; e < m_experts.size(); ++e)
        m_experts[e].collectParameters(prefix + "experts." + std::to_string(e), out);
    for (std::size_t e = 0; e < m_shared.size(); ++e)
        m_shared[e].collectParameters(prefix + "shared_experts." + std::to_string(e), out);
}

void MoeLayer::collectBuffers(const std::string& prefix, std::vector<Buffer>& out) {
    m_router->collectBuffers(prefix + "router", out);
}

ModelCost MoeLayer::cost(double measuredExpertsPerSample) const {
    const Expert& expert = m_experts.front();
    const bool measured = m_router->expertsPerSampleVaries() && measuredExpertsPerSample > 0.0;
    const double k = measured ? measuredExpertsPerSample : m_router->expectedExpertsPerSample();
    const auto shared = static_cast<double>(m_shared.size());
    ModelCost c;
    c.gateFlops = m_router->flopsPerSample();
    c.expertFlops = (k + shared) * expert.flopsPerSample();
    c.combineFlops = 2.0 * (k + shared) * outputs();
    c.flopsPerSample = c.gateFlops + c.expertFlops + c.combineFlops;
    const auto expertParams = static_cast<double>(expert.parameterCount());
    c.paramsTotal = m_router->parameterCount() +
                    static_cast<std::int64_t>(m_experts.size() + m_shared.size()) * expert.parameterCount();
    c.paramsActive = m_router->parameterCount() + static_cast<std::int64_t>(std::llround((k + shared) * expertParams));
    return c;
}

}  // namespace moe
