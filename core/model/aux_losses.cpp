#include "core/model/aux_losses.h"

#include <cassert>
#include <cmath>

namespace moe {

void softmaxRows(const Matrix& logits, Matrix& probs) {
    probs.resize(logits.rows(), logits.cols());
    for (Eigen::Index t = 0; t < logits.rows(); ++t) {
        const float maxLogit = logits.row(t).maxCoeff();
        probs.row(t) = (logits.row(t).array() - maxLogit).exp().matrix();
        probs.row(t) /= probs.row(t).sum();
    }
}

void softmaxBackwardAdd(const Matrix& probs, const Matrix& dProbs, Matrix& dLogits) {
    for (Eigen::Index t = 0; t < probs.rows(); ++t) {
        const float dot = probs.row(t).dot(dProbs.row(t));
        dLogits.row(t).array() += probs.row(t).array() * (dProbs.row(t).array() - dot);
    }
}

double loadBalancingLoss(const Matrix& probs, const std::vector<int>& counts, int k, double alpha,
                         Matrix* dProbs) {
    const auto T = probs.rows();
    const auto E = probs.cols();
    assert(static_cast<Eigen::Index>(counts.size()) == E && T > 0 && k > 0);
    const double assignments = static_cast<double>(T) * k;
    double loss = 0.0;
    for (Eigen::Index i = 0; i < E; ++i) {
        const double f = counts[static_cast<std::size_t>(i)] / assignments;
        const double P = probs.col(i).cast<double>().mean();
        loss += f * P;
        // f carries no gradient (it counts discrete choices); P_i = mean_t p_ti does.
        if (dProbs) dProbs->col(i).array() += static_cast<float>(alpha * static_cast<double>(E) * f / static_cast<double>(T));
    }
    return static_cast<double>(E) * loss;
}

double routerZLoss(const Matrix& logits, double beta, Matrix* dLogits) {
    const auto T = logits.rows();
    assert(T > 0);
    double loss = 0.0;
    for (Eigen::Index t = 0; t < T; ++t) {
        const float maxLogit = logits.row(t).maxCoeff();
        const auto shifted = (logits.row(t).array() - maxLogit).exp();
        const double sum = shifted.cast<double>().sum();
        const double lse = static_cast<double>(maxLogit) + std::log(sum);
        loss += lse * lse;
        if (dLogits) {
            const double scale = beta * 2.0 * lse / static_cast<double>(T) / sum;
            dLogits->row(t).array() += shifted * static_cast<float>(scale);
        }
    }
    return loss / static_cast<double>(T);
}

}  // namespace moe
