#include "core/model/packed_gemm.h"

#include <algorithm>
#include <cassert>
#include <type_traits>
#include <utility>

#if defined(__AVX2__) && defined(__FMA__)
#define MOE_GEMM_AVX2 1
#include <immintrin.h>
#else
#include <Eigen/Core>
#endif

namespace moe {

#if MOE_GEMM_AVX2
namespace {

constexpr int kTileRows = 6;      // rows of A per microkernel call
constexpr int kPanelCols = 16;    // columns of B per panel: two vectors of 8 floats
constexpr int kDepthBlock = 256;  // rows of B per panel: at most 16 KiB, inside L1
constexpr int kPackFloats = 16384;  // the packed block of B: 64 KiB on the stack, in L2

alignas(64) constexpr int kMaskSource[32] = {-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                             -1, -1, -1, -1, -1, 0,  0,  0,  0,  0,  0,
                                             0,  0,  0,  0,  0,  0,  0,  0,  0,  0};

/// Lanes [0, n) all ones, the rest zero (0 <= n <= 8).
inline __m256i columnMask(int n) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(kMaskSource + kPanelCols - n));
}

/// B(k0 .. k0+depth, col0 .. col0+cols) -> consecutive panels of depth x 16 floats, the
/// last one zero past `cols`. B is read row by row, sequentially: reading it a panel at a
/// time would stride through memory and defeat the prefetchers, and the weights (1 MiB
/// for mid's 16 experts) come from L3.
void packBlock(const ConstMatrixView& B, int k0, int depth, int col0, int cols, float* packed) {
    const int fullPanels = cols / kPanelCols;
    const int rest = cols % kPanelCols;
    const std::ptrdiff_t panelSize = static_cast<std::ptrdiff_t>(depth) * kPanelCols;
    const __m256i restLo = columnMask(std::min(rest, 8));
    const __m256i restHi = columnMask(std::max(rest - 8, 0));
    const float* src = B.data + static_cast<std::ptrdiff_t>(k0) * B.stride + col0;
    for (int k = 0; k < depth; ++k, src += B.stride) {
        float* dst = packed + k * kPanelCols;
        for (int p = 0; p < fullPanels; ++p, dst += panelSize) {
            _mm256_store_ps(dst, _mm256_loadu_ps(src + p * kPanelCols));
            _mm256_store_ps(dst + 8, _mm256_loadu_ps(src + p * kPanelCols + 8));
        }
        if (rest > 0) {  // masked loads read nothing past B's last column and give zeros
            const float* last = src + fullPanels * kPanelCols;
            _mm256_store_ps(dst, _mm256_maskload_ps(last, restLo));
            _mm256_store_ps(dst + 8, rest > 8 ? _mm256_maskload_ps(last + 8, restHi) : _mm256_setzero_ps());
        }
    }
}

/// Where a tile's accumulators start and how it stores.
struct TileMode {
    const float* start = nullptr;  ///< 16 floats every row starts from; nullptr: C's own values
    bool relu = false;             ///< apply max(0, .) as the tile is stored
    int cols = kPanelCols;         ///< valid columns of C, 1..16
};

/// Calls f(std::integral_constant<int, r>) for r = 0 .. Rows - 1, unrolled at compile time:
/// the accumulators are then indexed by constants only, so they live in registers.
template <int Rows, class F>
inline void forEachRow(const F& f) {
    [&]<int... R>(std::integer_sequence<int, R...>) {
        (f(std::integral_constant<int, R>{}), ...);
    }(std::make_integer_sequence<int, Rows>{});
}

/// C(0 .. Rows, 0 .. mode.cols) = [relu](start + A(0 .. Rows, 0 .. depth) panel), where the
/// start is mode.start or C itself. a: the tile's first row of A (stride lda); panel: depth x 16.
template <int Rows>
void microKernel(int depth, const float* a, std::ptrdiff_t lda, const float* panel, float* c,
                 std::ptrdiff_t ldc, const TileMode& mode) {
    const bool full = mode.cols == kPanelCols;
    const bool twoHalves = mode.cols > 8;
    // The masks are made where they are used: kept live across the k loop they would push
    // accumulators out of the 16 ymm registers.
    const auto maskLo = [&] { return columnMask(std::min(mode.cols, 8)); };
    const auto maskHi = [&] { return columnMask(std::max(mode.cols - 8, 0)); };

    __m256 lo[Rows], hi[Rows];  // columns 0-7 and 8-15 of each row
    if (mode.start) {
        const __m256 startLo = _mm256_load_ps(mode.start), startHi = _mm256_load_ps(mode.start + 8);
        forEachRow<Rows>([&](auto r) {
            lo[r] = startLo;
            hi[r] = startHi;
        });
    } else {
        forEachRow<Rows>([&](auto r) {
            const float* row = c + r * ldc;
            if (full) {
                lo[r] = _mm256_loadu_ps(row);
                hi[r] = _mm256_loadu_ps(row + 8);
            } else {
                lo[r] = _mm256_maskload_ps(row, maskLo());
                hi[r] = twoHalves ? _mm256_maskload_ps(row + 8, maskHi()) : _mm256_setzero_ps();
            }
        });
    }

    for (int k = 0; k < depth; ++k, panel += kPanelCols) {
        const __m256 b0 = _mm256_load_ps(panel);
        const __m256 b1 = _mm256_load_ps(panel + 8);
        forEachRow<Rows>([&](auto r) {
            const __m256 ar = _mm256_broadcast_ss(a + r * lda + k);
            lo[r] = _mm256_fmadd_ps(ar, b0, lo[r]);
            hi[r] = _mm256_fmadd_ps(ar, b1, hi[r]);
        });
    }

    if (full) {
        if (mode.relu) {
            // max(0, x): x when x is NaN, so a diverging run still shows NaN downstream.
            forEachRow<Rows>([&](auto r) {
                lo[r] = _mm256_max_ps(_mm256_setzero_ps(), lo[r]);
                hi[r] = _mm256_max_ps(_mm256_setzero_ps(), hi[r]);
            });
        }
        forEachRow<Rows>([&](auto r) {
            _mm256_storeu_ps(c + r * ldc, lo[r]);
            _mm256_storeu_ps(c + r * ldc + 8, hi[r]);
        });
        return;
    }
    // An edge tile: through a buffer, so that no register is held for the masks above.
    alignas(32) float tile[Rows][kPanelCols];
    forEachRow<Rows>([&](auto r) {
        _mm256_store_ps(tile[r], lo[r]);
        _mm256_store_ps(tile[r] + 8, hi[r]);
    });
    for (int r = 0; r < Rows; ++r)
        for (int j = 0; j < mode.cols; ++j) {
            const float x = tile[r][j];
            c[r * ldc + j] = mode.relu && x < 0.0f ? 0.0f : x;
        }
}

using MicroKernel = void (*)(int, const float*, std::ptrdiff_t, const float*, float*, std::ptrdiff_t,
                             const TileMode&);
constexpr MicroKernel kKernels[kTileRows + 1] = {nullptr,         microKernel<1>, microKernel<2>,
                                                 microKernel<3>, microKernel<4>, microKernel<5>,
                                                 microKernel<6>};

}  // namespace

void gemmForward(ConstMatrixView A, ConstMatrixView B, const float* bias, GemmActivation activation,
                 MutableMatrixView C) {
    assert(A.cols == B.rows && C.rows == A.rows && C.cols == B.cols);
    const int M = A.rows, N = B.cols, K = B.rows;
    if (M == 0 || N == 0) return;
    // Columns are taken in blocks whose packed panels fill at most kPackFloats; within a
    // block, each 16-column panel meets every 6-row tile of A before the next panel.
    alignas(64) float packed[kPackFloats];
    alignas(32) float start[kPanelCols];
    const int depthBlock = std::clamp(K, 1, kDepthBlock);
    const int colBlock = kPackFloats / depthBlock / kPanelCols * kPanelCols;
    for (int block0 = 0; block0 < N; block0 += colBlock) {
        const int blockCols = std::min(colBlock, N - block0);
        // At least one pass, so that K = 0 still writes act(bias).
        for (int k0 = 0; k0 == 0 || k0 < K; k0 += kDepthBlock) {
            const int depth = std::min(kDepthBlock, K - k0);
            packBlock(B, k0, depth, block0, blockCols, packed);
            const float* panel = packed;
            for (int col0 = block0; col0 < block0 + blockCols; col0 += kPanelCols) {
                const int cols = std::min(kPanelCols, N - col0);
                TileMode mode;
                if (k0 == 0) {
                    for (int j = 0; j < kPanelCols; ++j) start[j] = bias && j < cols ? bias[col0 + j] : 0.0f;
                    mode.start = start;
                }
                mode.relu = activation == GemmActivation::Relu && k0 + depth >= K;
                mode.cols = cols;
                for (int row0 = 0; row0 < M; row0 += kTileRows) {
                    const int rows = std::min(kTileRows, M - row0);
                    // K = 0: A may have no storage, and the kernel reads none of it.
                    const float* a = K > 0 ? A.data + row0 * A.stride + k0 : nullptr;
                    kKernels[rows](depth, a, A.stride, panel, C.data + row0 * C.stride + col0,
                                   C.stride, mode);
                }
                panel += static_cast<std::ptrdiff_t>(depth) * kPanelCols;
            }
        }
    }
}

bool gemmForwardIsVectorized() { return true; }

#else  // no AVX2 + FMA: Eigen

void gemmForward(ConstMatrixView A, ConstMatrixView B, const float* bias, GemmActivation activation,
                 MutableMatrixView C) {
    assert(A.cols == B.rows && C.rows == A.rows && C.cols == B.cols);
    using Stride = Eigen::OuterStride<>;
    using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
    using RowVector = Eigen::Matrix<float, 1, Eigen::Dynamic>;
    if (C.rows == 0 || C.cols == 0) return;
    const Eigen::Map<const RowMajor, 0, Stride> a(A.data, A.rows, A.cols, Stride(A.stride));
    const Eigen::Map<const RowMajor, 0, Stride> b(B.data, B.rows, B.cols, Stride(B.stride));
    Eigen::Map<RowMajor, 0, Stride> c(C.data, C.rows, C.cols, Stride(C.stride));
    if (bias) c = Eigen::Map<const RowVector>(bias, C.cols).replicate(C.rows, 1);
    else c.setZero();
    if (A.cols > 0) c.noalias() += a * b;
    // As the kernel: NaN passes through (x < 0 is false for it).
    if (activation == GemmActivation::Relu) c = c.unaryExpr([](float x) { return x < 0.0f ? 0.0f : x; });
}

bool gemmForwardIsVectorized() { return false; }

#endif

}  // namespace moe
