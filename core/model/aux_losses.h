#pragma once
// Intended usage: the auxiliary router losses of moe-spec section 4, as pure functions of
// the router's probabilities, logits and assignment counts. Each returns the loss value
// and, when asked, ADDS its gradient to the matrix given (so several losses can share one).

#include "core/model/tensor.h"

#include <vector>

namespace moe {

/// Switch load-balancing loss divided by its weight alpha: E * sum_i f_i P_i with
/// P_i = mean_t probs(t, i) and f_i = counts[i] / sum(counts) (no gradient through f; with
/// k choices per sample sum(counts) = T k, as in the spec).
/// probs: T x E; counts: E assignment counts over all choices (before capacity).
/// Adds alpha * d/dprobs to *dProbs (T x E) if given. 1 at perfect balance, E at collapse.
double loadBalancingLoss(const Matrix& probs, const std::vector<int>& counts,
                         double alpha = 1.0, Matrix* dProbs = nullptr);

/// Squared coefficient of variation with the unbiased variance (Shazeer 2017):
/// var(v) / (mean(v)^2 + 1e-10); 0 for fewer than 2 values. Writes d/dv to *dv if given.
double squaredCv(const std::vector<double>& v, std::vector<double>* dv = nullptr);

/// Router z-loss divided by its weight beta: (1/T) sum_t (logsumexp_j logits(t, j))^2.
/// logits: T x E. Adds beta * d/dlogits to *dLogits (T x E) if given.
double routerZLoss(const Matrix& logits, double beta = 1.0, Matrix* dLogits = nullptr);

/// Row-wise numerically stable softmax. logits: T x E -> probs: T x E.
void softmaxRows(const Matrix& logits, Matrix& probs);

/// Backward through a row-wise softmax: dLogits += p * (dProbs - rowsum(dProbs * p)).
/// probs, dProbs, dLogits: T x E.
void softmaxBackwardAdd(const Matrix& probs, const Matrix& dProbs, Matrix& dLogits);

}  // namespace moe
