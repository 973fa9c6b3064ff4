#pragma once
// Intended usage: the task losses, averaged over the batch. Each returns the mean loss and,
// when asked, writes its gradient with respect to the model output.
//
//   double loss = crossEntropy(logits, labels, &dLogits);   // logits: T x C

#include "core/model/tensor.h"

namespace moe {

/// Softmax cross-entropy. logits: T x C; labels: T class indices in [0, C).
/// Writes dLogits = (softmax(logits) - onehot) / T (T x C) if given.
double crossEntropy(const Matrix& logits, const int* labels, Matrix* dLogits = nullptr);

/// Mean squared error. predictions: T x 1; targets: T values.
/// Writes dPredictions = 2 (predictions - targets) / T (T x 1) if given.
double meanSquaredError(const Matrix& predictions, const float* targets, Matrix* dPredictions = nullptr);

}  // namespace moe
