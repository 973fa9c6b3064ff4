#pragma once
// Intended usage: the forward products of the layers, C = act(A B + bias), on a packed,
// register-blocked AVX2 + FMA kernel in the BLIS / GotoBLAS style, tuned for the shapes a
// sparse MoE runs: few rows per expert (M ~ 128), a small depth (K = 64 .. 256) and N from
// 10 to a few thousand, where Eigen's general product reaches only a third of its large-GEMM
// rate. All matrices are row-major raw views; the engine's Eigen matrices convert with
// constView() / mutableView() (core/model/tensor.h).
//
//   // X: T x d, W: d x h, b: 1 x h  ->  H: T x h, H = max(X W + b, 0)
//   gemmForward(constView(X), constView(W), b.data(), GemmActivation::Relu, mutableView(H));
//
// How: B is copied, row by row (sequential reads, which the prefetchers follow), into
// panels of 16 columns by at most 256 rows (64 KiB at most per block of panels, zero-padded
// past B's last column). Each panel then stays in L1 while every 6-row tile of A streams
// past it: a 6 x 16 microkernel keeps the tile's 12 vectors of 8 floats in registers, starts
// them at the bias, adds one FMA per k and applies the ReLU as it stores. A is read in place
// (no copy): an expert's gathered rows are already contiguous. Edge tiles (fewer than 6
// rows, fewer than 16 columns) run the same arithmetic, storing only the valid part.
//
// B is packed on every call rather than once per weight update: packing reads B once, as
// any product must, and writes at most 64 KiB that stays in L2 for the microkernel; a copy
// packed in advance would be read from L2 or L3 all the same (mid's 16 experts hold 1.2 MiB
// of weights, more than L2). So a cached copy would save only the write, and packing per
// call leaves nothing to invalidate when the optimizer, a loaded file or a test writes the
// weights through their raw pointers.
//
// Determinism: every C element is bias + a(i,0) b(0,j) + a(i,1) b(1,j) + ... in ascending k,
// one fused multiply-add per term (a k beyond 256 continues from the stored partial sum,
// which is exact), whatever M is, the tile the row falls in or the thread that runs it. So
// a row's result never depends on the other rows in its block, nor on the thread count. It
// differs from Eigen's product in the last bits (another summation order).
//
// Without AVX2 + FMA at compile time (MOE_ARCH=v2) the same function runs on Eigen.

#include <cstddef>

namespace moe {

/// A read-only row-major matrix: element (i, j) at data[i * stride + j].
struct ConstMatrixView {
    const float* data = nullptr;
    int rows = 0;
    int cols = 0;
    std::ptrdiff_t stride = 0;  ///< floats from one row to the next, >= cols
};

/// A writable row-major matrix, as ConstMatrixView.
struct MutableMatrixView {
    float* data = nullptr;
    int rows = 0;
    int cols = 0;
    std::ptrdiff_t stride = 0;
};

/// What gemmForward applies to A B + bias as it stores C.
enum class GemmActivation { None, Relu };

/// A: M x K, B: K x N, bias: N floats or nullptr (zero), C: M x N (must not overlap A or B).
/// C = act(A B + bias). M, N or K may be 0 (K = 0 gives C = act(bias)).
void gemmForward(ConstMatrixView A, ConstMatrixView B, const float* bias, GemmActivation activation,
                 MutableMatrixView C);

/// True when gemmForward runs the AVX2 + FMA kernel, false when it falls back to Eigen.
bool gemmForwardIsVectorized();

}  // namespace moe
