#pragma once
// Intended usage: the sparse MoE layer. The router picks experts per sample; the layer
// groups the batch by expert (a counting sort on the router's buffer positions), gathers
// each expert's rows into one contiguous block, runs one product per expert and layer, and
// combines the results with the combine weights. Shared experts (DeepSeekMoE), if any, see
// every sample with weight 1. Experts run in parallel on oneTBB; each expert's work is
// serial and the combine walks each sample's places in rank order, so the result is
// bit-identical for any thread count.
//
//   MoeLayer layer(config.model, d, out); layer.initialize(rng);
//   layer.forward(X, Phase::Training, Y);     // X: T x d -> Y: T x out
//   layer.backward(X, dY, &dX);               // dY: T x out; dX: T x d (optional)
//   layer.afterStep();                        // after the optimizer step

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

    /// X: T x inputs -> Y: T x outputs.
    /// Y(t) = sum over kept places j of weight(t, j) * expert_j(X(t)) + sum of shared experts.
    /// `hashKey`: what a hash router hashes (the model's own input); nullptr means X.
    void forward(const Matrix& X, Phase phase, Matrix& Y, const Matrix* hashKey = nullptr);
    /// X: the forward input; dY: T x outputs. Writes *dX (T x inputs) if given.
    void backward(const Matrix& X, const Matrix& dY, Matrix* dX);
    /// The general backward: dWeight (T x places) is d loss / d combine weight and
    /// dPlaceOutput ((T * places) x outputs) is d loss / d the output of the expert at each
    /// kept place (rows of other places are ignored). Shared experts get nothing here.
    void backwardPlaces(const Matrix& X, const Matrix& dWeight, const Matrix& dPlaceOutput, Matrix* dX);
    /// The routed expert's output at a kept place (sample t, place j): 1 x outputs.
    auto placeOutput(int t, int j) const {
        const ExpertWork& w = m_work[static_cast<std::size_t>(m_routing.expertAt(t, j))];
        return w.output.row(m_routing.position[m_routing.index(t, j)]);
    }
    void afterStep() { m_router->afterStep(m_routing); }

    const Routing& routing() const { return m_routing; }
    const AuxLossValues& auxLoss() const { return m_router->auxLoss(); }
    void setAuxWeights(const AuxLossWeights& weights) { m_auxWeights = weights; }
    const AuxLossWeights& auxWeights() const { return m_auxWeights; }

    Router& router() { return *m_router; }
    const Router& router() const { return *m_router; }
    std::vector<Expert>& experts() { return m_experts; }
    const std::vector<Expert>& experts() const { return m_experts; }
    std::vector<Expert>& sharedExperts() { return m_shared; }
    const std::vector<Expert>& sharedExperts() const { return m_shared; }
    int inputs() const { return m_router->inputs(); }
    int outputs() const { return m_experts.front().outputs(); }

    void zeroGrad();
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out);
    void collectBuffers(const std::string& prefix, std::vector<Buffer>& out);
    /// Costs of one sample: gate, the routed experts it uses on average (k), shared experts,
    /// combine (2 k out). `measuredExpertsPerSample` > 0 replaces k when the router's count
    /// depends on the input (top-p), as moe-spec section 6 asks; other routers ignore it.
    ModelCost cost(double measuredExpertsPerSample = 0.0) const;

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
    int expertCount() const { return static_cast<int>(m_experts.size() + m_shared.size()); }

    std::unique_ptr<Router> m_router;
    std::vector<Expert> m_experts;
    std::vector<Expert> m_shared;
    AuxLossWeights m_auxWeights;
    Routing m_routing;
    std::vector<ExpertWork> m_work;          ///< routed experts, then shared ones
    Matrix m_dWeight;                        ///< T x places workspace
    Matrix m_dPlaceOutput;                   ///< (T * places) x outputs workspace
};

}  // namespace moe
