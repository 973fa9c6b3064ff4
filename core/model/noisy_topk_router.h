#pragma once
// Intended usage: built through makeRouter() (router.h); see Router for the protocol.

#include "core/model/router.h"

namespace moe {

/// Noisy top-k gating (Shazeer et al. 2017). In training H = l + N(0, 1) * sigma with
/// sigma = softplus(x W_noise) + 1e-2 and a trainable W_noise; at inference H = l. The k
/// largest H are kept and their weights are a softmax over those kept values. Its auxiliary
/// losses are w (CV^2(importance) + CV^2(load)), with the smooth normal-CDF load estimate.
/// routing.logits holds H, so the z-loss and the balance loss see what the softmax saw.
class NoisyTopKRouter final : public Router {
public:
    NoisyTopKRouter(const ModelConfig& config, int inputs);
    std::unique_ptr<Router> clone() const override { return std::make_unique<NoisyTopKRouter>(*this); }
    RouterKind kind() const override { return RouterKind::NoisyTopK; }
    void initialize(Rng& rng) override;

    void zeroGrad() override;
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out) override;
    std::int64_t parameterCount() const override;
    /// Gate plus the noise network (both 2 d E in training; the gate alone at inference).
    double flopsPerSample() const override;

    /// Tests switch the sampled noise off (epsilon = 0) to check gradients exactly; sigma
    /// and the load estimate are still computed.
    void setNoiseEnabled(bool enabled) { m_noiseEnabled = enabled; }
    Linear& noise() { return m_noise; }               ///< inputs x E
    const Linear& noise() const { return m_noise; }

protected:
    void score(const Matrix& X, Phase phase, Routing& routing) override;
    void select(Routing& routing, Phase phase, const Matrix& hashKey) override;
    void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) override;
    void extraAuxLoss(const Routing& routing, const AuxLossWeights& aux) override;
    void extraAuxBackward(const Routing& routing, const AuxLossWeights& aux, Matrix& dWeight,
                          Matrix& dLogits) override;
    void scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) override;

private:
    /// The k-th largest H of the row without expert i, for the load estimate.
    float threshold(const Routing& routing, int t, int i, int* thresholdExpert) const;

    Linear m_noise;
    bool m_noiseEnabled = true;
    bool m_training = false;
    Matrix m_clean;           // T x E, l
    Matrix m_noisePre;        // T x E, x W_noise + b
    Matrix m_sigma;           // T x E
    Matrix m_epsilon;         // T x E, the sampled N(0, 1); zeros when noise is off
    Matrix m_dClean;          // T x E, gradient reaching l directly (load estimate)
    Matrix m_dSigma;          // T x E, gradient reaching sigma directly (load estimate)
};

}  // namespace moe
