#include "core/model/losses.h"

#include "core/model/row_blocks.h"

#include <cassert>
#include <cmath>

namespace moe {

double crossEntropy(const Matrix& logits, const int* labels, Matrix* dLogits) {
    const Eigen::Index T = logits.rows();
    assert(T > 0);
    if (dLogits) dLogits->resize(T, logits.cols());
    const double total = orderedRowSum(static_cast<int>(T), [&](Eigen::Index t) {
        const float maxLogit = logits.row(t).maxCoeff();
        const auto shifted = (logits.row(t).array() - maxLogit).exp();
        const double sum = shifted.cast<double>().sum();
        const int y = labels[t];
        assert(y >= 0 && y < logits.cols());
        if (dLogits) {
            dLogits->row(t) = (shifted / static_cast<float>(sum)).matrix();
            (*dLogits)(t, y) -= 1.0f;
            dLogits->row(t) /= static_cast<float>(T);
        }
        return std::log(sum) - static_cast<double>(logits(t, y) - maxLogit);
    });
    return total / static_cast<double>(T);
}

double meanSquaredError(const Matrix& predictions, const float* targets, Matrix* dPredictions) {
    const Eigen::Index T = predictions.rows();
    assert(T > 0 && predictions.cols() == 1);
    if (dPredictions) dPredictions->resize(T, 1);
    double total = 0.0;
    for (Eigen::Index t = 0; t < T; ++t) {
        const double diff = static_cast<double>(predictions(t, 0)) - targets[t];
        total += diff * diff;
        if (dPredictions) (*dPredictions)(t, 0) = static_cast<float>(2.0 * diff / static_cast<double>(T));
    }
    return total / static_cast<double>(T);
}

}  // namespace moe
