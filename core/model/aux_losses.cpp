#include "core/model/aux_losses.h"

#include "core/model/row_blocks.h"

#include <cassert>
#include <cmath>

namespace moe {

void softmaxRows(const Matrix& logits, Matrix& probs) {
    probs.resize(logits.rows(), logits.cols());
    forEachRowBlock(static_cast<int>(logits.rows()), [&](int begin, int end) {
        for (Eigen::Index t = begin; t < end; ++t) {
            const float maxLogit = logits.row(t).maxCoeff();
            probs.row(t) = (logits.row(t).array() - maxLogit).exp().matrix();
            probs.row(t) /= probs.row(t).sum();
        }
    });
}

void softmaxBackwardAdd(const Matrix& probs, const Matrix& dProbs, Matrix& dLogits) {
    forEachRowBlock(static_cast<int>(probs.rows()), [&](int begin, int end) {
        for (Eigen::Index t = begin; t < end; ++t) {
            const float dot = probs.row(t).dot(dProbs.row(t));
            dLogits.row(t).array() += probs.row(t).array() * (dProbs.row(t).array() - dot);
        }
    });
}

double loadBalancingLoss(const Matrix& probs, const std::vector<int>& counts, double alpha,
                         Matrix* dProbs) {
    const auto T = probs.rows();
    const auto E = probs.cols();
    assert(static_cast<Eigen::Index>(counts.size()) == E && T > 0);
    double assignments = 0.0;
    for (int c : counts) assignments += c;
    if (assignments == 0.0) return 0.0;
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
    const double loss = orderedRowSum(static_cast<int>(T), [&](Eigen::Index t) {
        const float maxLogit = logits.row(t).maxCoeff();
        const auto shifted = (logits.row(t).array() - maxLogit).exp();
        const double sum = shifted.cast<double>().sum();
        const double lse = static_cast<double>(maxLogit) + std::log(sum);
        if (dLogits) {
            const double scale = beta * 2.0 * lse / static_cast<double>(T) / sum;
            dLogits->row(t).array() += shifted * static_cast<float>(scale);
        }
        return lse * lse;
    });
    return loss / static_cast<double>(T);
}

double squaredCv(const std::vector<double>& v, std::vector<double>* dv) {
    const auto n = static_cast<double>(v.size());
    if (dv) dv->assign(v.size(), 0.0);
    if (v.size() < 2) return 0.0;
    double mean = 0.0;
    for (double x : v) mean += x;
    mean /= n;
    double ss = 0.0;
    for (double x : v) ss += (x - mean) * (x - mean);
    const double var = ss / (n - 1.0);
    const double denom = mean * mean + 1e-10;
    if (dv) {
        // d var / d v_i = 2 (v_i - mean) / (n - 1); d mean / d v_i = 1 / n.
        for (std::size_t i = 0; i < v.size(); ++i)
            (*dv)[i] = 2.0 * (v[i] - mean) / (n - 1.0) / denom - var * 2.0 * mean / n / (denom * denom);
    }
    return var / denom;
}

}  // namespace moe
