#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Auxiliary-loss-free balancing (DeepSeek-V3): scores s = sigmoid(l); the top-k of s + b
/// are chosen, where b is a per-expert bias with no gradient; weights are the chosen s over
/// their sum. After each training step b_i += u sign(mean load - load_i). routing.probs holds
/// s normalised over all experts, for the metrics and an optional balance loss.
class SigmoidBiasRouter final : public Router {
public:
    SigmoidBiasRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<SigmoidBiasRouter>(*this); }
    RouterKind kind() const override { return RouterKind::SigmoidBias; }
    void initialize(Rng& rng) override;
    void afterStep(const Routing& routing) override;
    void collectBuffers(const std::string& prefix, std::vector<Buffer>& out) override;

    const Matrix& bias() const { return m_bias; }     ///< 1 x E
    Matrix& bias() { return m_bias; }

protected:
    void score(const Matrix& X, Phase phase, Routing& routing) override;
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    void probsBackward(const Routing& routing, const Matrix& dProbs, Matrix& dLogits) override;
    float assignmentScore(const Routing& routing, int sample, int expert) const override {
        (void)routing;
        return m_scores(sample, expert);
    }

private:
    Matrix m_bias;     // 1 x E, no gradient
    Matrix m_scores;   // T x E, s = sigmoid(l)
};

}  // namespace moe
