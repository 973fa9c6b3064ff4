#pragma once
// Intended usage: the matrix types of the engine. Samples are rows (row-major), so a batch
// X is T x d and gathering the rows routed to one expert copies contiguous memory.

#include "core/model/packed_gemm.h"

#include <Eigen/Core>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace moe {

using Matrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;

/// The one random generator type; always owned by the caller and seeded from the run config.
using Rng = std::mt19937_64;

/// Rows [begin, begin + rows) of M (all rows by default) as the raw views gemmForward takes.
inline ConstMatrixView constView(const Matrix& M, Eigen::Index begin = 0, Eigen::Index rows = -1) {
    if (rows < 0) rows = M.rows() - begin;
    return {M.data() + begin * M.cols(), static_cast<int>(rows), static_cast<int>(M.cols()), M.cols()};
}
inline MutableMatrixView mutableView(Matrix& M, Eigen::Index begin = 0, Eigen::Index rows = -1) {
    if (rows < 0) rows = M.rows() - begin;
    return {M.data() + begin * M.cols(), static_cast<int>(rows), static_cast<int>(M.cols()), M.cols()};
}

/// A trainable tensor and its gradient, both the same shape; the optimizer updates value.
struct Parameter {
    std::string name;    ///< dotted path, e.g. "experts.3.fc1.weight"
    Matrix* value = nullptr;
    Matrix* grad = nullptr;
};

/// Training enables noise and jitter and records what backward() needs; Inference does not.
enum class Phase { Training, Inference };

}  // namespace moe
