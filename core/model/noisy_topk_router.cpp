#include "core/model/noisy_topk_router.h"

#include "core/model/aux_losses.h"
#include "core/model/top_k.h"

#include <cmath>

namespace moe {
namespace {

constexpr float kMinSigma = 1e-2f;  // the "+1e-2" of moe-spec section 2

float softplus(float x) { return x > 20.0f ? x : std::log1p(std::exp(x)); }
float logistic(float x) { return 1.0f / (1.0f + std::exp(-x)); }
double normalPdf(double z) { return std::exp(-0.5 * z * z) * 0.3989422804014327; }
double normalCdf(double z) { return 0.5 * std::erfc(-z * 0.7071067811865476); }

}  // namespace

NoisyTopKRouter::NoisyTopKRouter(const ModelConfig& config, int inputs)
    : Router(config, inputs), m_noise(inputs, config.experts) {}

void NoisyTopKRouter::initialize(Rng& rng) {
    Router::initialize(rng);
    // Shazeer et al. start the noise network at zero: every expert begins equally noisy.
    m_noise.weight().setZero();
    m_noise.bias().setZero();
}

void NoisyTopKRouter::zeroGrad() {
    Router::zeroGrad();
    m_noise.zeroGrad();
}

void NoisyTopKRouter::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    Router::collectParameters(prefix, out);
    m_noise.collectParameters(prefix + ".noise", out);
}

std::int64_t NoisyTopKRouter::parameterCount() const {
    return Router::parameterCount() + m_noise.parameterCount();
}

double NoisyTopKRouter::flopsPerSample() const {
    return Router::flopsPerSample() + m_noise.flopsPerSample();
}

void NoisyTopKRouter::score(const Matrix& X, Phase phase, Routing& routing) {
    m_gate.forward(X, m_clean);
    m_noise.forward(X, m_noisePre);
    m_sigma = m_noisePre.unaryExpr([](float v) { return softplus(v) + kMinSigma; });
    m_training = phase == Phase::Training;
    m_epsilon.setZero(m_clean.rows(), m_clean.cols());
    if (m_training && m_noiseEnabled) {
        std::normal_distribution<float> normal(0.0f, 1.0f);
        for (Eigen::Index i = 0; i < m_epsilon.size(); ++i) m_epsilon.data()[i] = normal(m_noiseRng);
    }
    routing.logits = m_clean + m_epsilon.cwiseProduct(m_sigma);
    softmaxRows(routing.logits, routing.probs);
}

void NoisyTopKRouter::select(Routing& routing, Phase, const Matrix&) {
    const int k = routing.places;
    std::vector<int> order;
    for (int t = 0; t < routing.samples; ++t) {
        topK(routing.experts, k, order, [&](int e) { return routing.logits(t, e); });
        float chosenSum = 0.0f;
        for (int j = 0; j < k; ++j) chosenSum += routing.probs(t, order[static_cast<std::size_t>(j)]);
        for (int j = 0; j < k; ++j) {
            const int e = order[static_cast<std::size_t>(j)];
            routing.expert[routing.index(t, j)] = e;
            // A softmax over the kept H equals their p renormalised over the kept.
            routing.weight(t, j) = routing.probs(t, e) / chosenSum;
        }
    }
}

void NoisyTopKRouter::weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) {
    Matrix dProbs = Matrix::Zero(routing.samples, routing.experts);
    renormalizedWeightsToProbs(routing, dWeight, dProbs);
    softmaxBackwardAdd(routing.probs, dProbs, dLogits);
}

float NoisyTopKRouter::threshold(const Routing& routing, int t, int i, int* thresholdExpert) const {
    // The k-th largest H among the other experts: i is in the top k exactly when its clean
    // logit plus its own noise beats it.
    const int k = routing.places;
    std::vector<int> order;
    topK(routing.experts, k + 1, order, [&](int e) { return routing.logits(t, e); });
    bool inTop = false;
    for (int j = 0; j < k; ++j) inTop = inTop || order[static_cast<std::size_t>(j)] == i;
    *thresholdExpert = order[static_cast<std::size_t>(inTop ? k : k - 1)];
    return routing.logits(t, *thresholdExpert);
}

void NoisyTopKRouter::extraAuxLoss(const Routing& routing, const AuxLossWeights& aux) {
    if (aux.importance <= 0.0) return;
    const int E = routing.experts;
    std::vector<double> importance(static_cast<std::size_t>(E), 0.0);
    for (int t = 0; t < routing.samples; ++t)
        for (int j = 0; j < routing.places; ++j)
            if (routing.keptAt(t, j)) importance[static_cast<std::size_t>(routing.expertAt(t, j))] += routing.weight(t, j);
    m_aux.importance = aux.importance * squaredCv(importance);
    if (routing.places >= E) return;  // every expert always chosen: the load is constant
    std::vector<double> load(static_cast<std::size_t>(E), 0.0);
    for (int t = 0; t < routing.samples; ++t)
        for (int i = 0; i < E; ++i) {
            int m = 0;
            const double thr = threshold(routing, t, i, &m);
            load[static_cast<std::size_t>(i)] += normalCdf((m_clean(t, i) - thr) / m_sigma(t, i));
        }
    m_aux.load = aux.importance * squaredCv(load);
}

void NoisyTopKRouter::extraAuxBackward(const Routing& routing, const AuxLossWeights& aux,
                                       Matrix& dWeight, Matrix&) {
    const int E = routing.experts;
    const int T = routing.samples;
    m_dClean.setZero(T, E);
    m_dSigma.setZero(T, E);
    if (aux.importance <= 0.0) return;
    std::vector<double> importance(static_cast<std::size_t>(E), 0.0), dImportance;
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < routing.places; ++j)
            if (routing.keptAt(t, j)) importance[static_cast<std::size_t>(routing.expertAt(t, j))] += routing.weight(t, j);
    squaredCv(importance, &dImportance);
    for (int t = 0; t < T; ++t)
        for (int j = 0; j < routing.places; ++j)
            if (routing.keptAt(t, j))
                dWeight(t, j) += static_cast<float>(aux.importance * dImportance[static_cast<std::size_t>(routing.expertAt(t, j))]);

    if (routing.places >= E) return;
    std::vector<double> load(static_cast<std::size_t>(E), 0.0), dLoad;
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < E; ++i) {
            int m = 0;
            const double thr = threshold(routing, t, i, &m);
            load[static_cast<std::size_t>(i)] += normalCdf((m_clean(t, i) - thr) / m_sigma(t, i));
        }
    squaredCv(load, &dLoad);
    for (int t = 0; t < T; ++t)
        for (int i = 0; i < E; ++i) {
            int m = 0;
            const double thr = threshold(routing, t, i, &m);
            const double sigma = m_sigma(t, i);
            const double z = (m_clean(t, i) - thr) / sigma;
            const double g = aux.importance * dLoad[static_cast<std::size_t>(i)] * normalPdf(z) / sigma;
            m_dClean(t, i) += static_cast<float>(g);
            m_dSigma(t, i) -= static_cast<float>(g * z);
            // The threshold is H of expert m = l_m + eps_m sigma_m.
            m_dClean(t, m) -= static_cast<float>(g);
            m_dSigma(t, m) -= static_cast<float>(g * m_epsilon(t, m));
        }
}

void NoisyTopKRouter::scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX) {
    // H = l + eps * sigma, sigma = softplus(x W_noise + b) + 1e-2.
    const Matrix dClean = dLogits + m_dClean;
    const Matrix dSigma = dLogits.cwiseProduct(m_epsilon) + m_dSigma;
    const Matrix dNoisePre = dSigma.cwiseProduct(m_noisePre.unaryExpr([](float v) { return logistic(v); }));
    m_gate.backward(X, dClean, dX);
    Matrix dXNoise;
    m_noise.backward(X, dNoisePre, dX ? &dXNoise : nullptr);
    if (dX) *dX += dXNoise;
}

}  // namespace moe
