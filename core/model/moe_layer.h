#pragma once
// Intended usage: the sparse MoE layer. The router picks k experts per sample; the layer
// groups the batch by expert (a counting sort), gathers each expert's rows into one
// contiguous block, runs one product per expert and layer, and combines the results
// with the combine weights. Experts run in parallel on oneTBB; each expert's work is
// serial and the combine walks each sample's slots in rank order, so the result is
// bit-identical for any thread count.
//
//   MoeLayer layer(config.model, d, out); layer.initialize(rng);
//   layer.forward(X, Phase::Training, Y);     // X: T x d -> Y: T x out
//   layer.backward(X, dY, nullptr);           // dY: T x out

#include "core/cost/cost_report.h"
#include "core/model/expert.h"
#include "core/model/router.h"

#include <memory>
#include <vector>

namespace moe {

class MoeLayer {
public:
    MoeLayer(const ModelConfig& config, int inputs, int outputs);
    MoeLayer(const MoeLayer& other);
    MoeLayer& operator=(const MoeLayer& other);
    MoeLayer(MoeLayer&&) noexcept = default;
    MoeLayer& operator=(MoeLayer&&) noexcept = default;
    ~MoeLayer();

    void initialize(Rng& rng);

    /// X: T x inputs -> Y: T x outputs. Y(t) = sum over kept slots j of weight(t, j) * expert_j(X(t)).
    void forward(const Matrix& X, Phase phase, Matrix& Y);
    /// X: the forward input; dY: T x outputs. Writes *dX (T x inputs) if given.
    void backward(const Matrix& X, const Matrix& dY, Matrix* dX);

    const Routing& routing() const { return m_routing; }
    const AuxLossValues& auxLoss() const { return m_router->auxLoss(); }
    void setAuxWeights(const AuxLossWeights& weights) { m_auxWeights = weights; }
    const AuxLossWeights& auxWeights() const { return m_auxWeights; }

    Router& router() { return *m_router; }
    const Router& router() const { return *m_router; }
    std::vector<Expert>& experts() { return m_experts; }
    const std::vector<Expert>& experts() const { return m_experts; }
    int inputs() const { return m_router->inputs(); }
    int outputs() const { return m_experts.front().outputs(); }

    void zeroGrad();
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out);
    /// Costs of one sample with k experts: gate, k experts, combine (2 k out).
    ModelCost cost() const;

private:
    /// Per-expert workspace, reused across batches so the hot loop does not allocate.
    struct ExpertWork {
        std::vector<int> rows;   ///< sample of each gathered row
        std::vector<int> places; ///< place j (in its sample) of each gathered row
        Matrix input;            ///< n x inputs
        Matrix output;           ///< n x outputs
        Matrix dOutput;          ///< n x outputs
        Matrix dInput;           ///< n x inputs
        Expert::Cache cache;
    };

    void dispatch(const Matrix& X);

    std::unique_ptr<Router> m_router;
    std::vector<Expert> m_experts;
    AuxLossWeights m_auxWeights;
    Routing m_routing;
    std::vector<ExpertWork> m_work;
    Matrix m_dWeight;               ///< T x k workspace
};

}  // namespace moe
