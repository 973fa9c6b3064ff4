// Tests core/model/packed_gemm.*
#include "core/model/packed_gemm.h"
#include "core/model/tensor.h"
#include "gradient_check.h"

#include <QTest>

#include <cmath>
#include <limits>

using namespace moe;
using namespace moe::test;

namespace {

constexpr float kGuard = 1234.5f;  // fills the padding around C; must survive every product

/// A matrix of `rows` x `cols` inside a larger buffer: `pad` extra floats per row and one
/// extra row before and after, all set to kGuard, so a write outside the view shows.
struct Padded {
    Padded(int r, int c, int p) : rows(r), cols(c), stride(c + p), buffer(r + 2, c + p) {
        buffer.setConstant(kGuard);
    }
    float* data() { return buffer.data() + stride; }
    ConstMatrixView view() const { return {buffer.data() + stride, rows, cols, stride}; }
    MutableMatrixView mutableView() { return {data(), rows, cols, stride}; }
    float at(int i, int j) const { return buffer.data()[stride * (i + 1) + j]; }
    float& at(int i, int j) { return buffer.data()[stride * (i + 1) + j]; }
    bool guardsIntact() const {
        for (int i = 0; i < rows + 2; ++i)
            for (int j = 0; j < stride; ++j) {
                const bool inside = i >= 1 && i <= rows && j < cols;
                if (!inside && buffer(i, j) != kGuard) return false;
            }
        return true;
    }
    int rows, cols, stride;
    Matrix buffer;
};

Padded randomPadded(int rows, int cols, int pad, Rng& rng) {
    Padded m(rows, cols, pad);
    std::normal_distribution<float> normal;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < cols; ++j) m.at(i, j) = normal(rng);
    return m;
}

}  // namespace

class TestPackedGemm : public QObject {
    Q_OBJECT
private slots:
    void matchesNaiveProduct_data();
    void matchesNaiveProduct();
    void rowsDoNotDependOnTheirBlock();
    void reluKeepsNaN();
};

void TestPackedGemm::matchesNaiveProduct_data() {
    QTest::addColumn<int>("M");
    QTest::addColumn<int>("N");
    QTest::addColumn<int>("K");
    QTest::addColumn<int>("pad");  // extra floats per row of A, B and C
    // Tiles are 6 rows x 16 columns, B panels 256 deep: every edge on either side.
    QTest::newRow("no rows") << 0 << 16 << 64 << 0;
    QTest::newRow("no columns") << 5 << 0 << 7 << 0;
    QTest::newRow("no depth") << 7 << 19 << 0 << 0;
    QTest::newRow("1x1x1") << 1 << 1 << 1 << 0;
    QTest::newRow("one row") << 1 << 16 << 64 << 0;
    QTest::newRow("one column") << 9 << 1 << 33 << 2;
    QTest::newRow("one tile") << 6 << 16 << 64 << 0;
    QTest::newRow("tile - 1") << 5 << 15 << 63 << 0;
    QTest::newRow("tile + 1") << 7 << 17 << 65 << 0;
    QTest::newRow("8 columns") << 6 << 8 << 5 << 1;
    QTest::newRow("9 columns") << 11 << 9 << 3 << 3;
    QTest::newRow("depth block - 1") << 12 << 32 << 255 << 0;
    QTest::newRow("depth block") << 12 << 31 << 256 << 0;
    QTest::newRow("depth block + 1") << 13 << 33 << 257 << 4;
    QTest::newRow("two depth blocks") << 3 << 10 << 512 << 0;
    QTest::newRow("strided") << 17 << 40 << 20 << 5;
    QTest::newRow("expert first layer") << 128 << 256 << 64 << 0;
    QTest::newRow("expert second layer") << 128 << 10 << 256 << 0;
    QTest::newRow("gate") << 256 << 16 << 64 << 0;
    QTest::newRow("large") << 131 << 300 << 600 << 3;
}

void TestPackedGemm::matchesNaiveProduct() {
    QFETCH(int, M);
    QFETCH(int, N);
    QFETCH(int, K);
    QFETCH(int, pad);
    Rng rng(static_cast<std::uint64_t>(M * 1000003 + N * 1009 + K));
    const Padded A = randomPadded(M, K, pad, rng);
    const Padded B = randomPadded(K, N, pad, rng);
    const Matrix bias = randomMatrix(1, std::max(N, 1), rng);
    for (const bool withBias : {false, true}) {
        for (const bool relu : {false, true}) {
            Padded C(M, N, pad);
            gemmForward(A.view(), B.view(), withBias ? bias.data() : nullptr,
                        relu ? GemmActivation::Relu : GemmActivation::None, C.mutableView());
            QVERIFY2(C.guardsIntact(), "wrote outside C");
            double worst = 0.0;
            bool sameBitsAsFmaChain = true;
            for (int i = 0; i < M; ++i) {
                for (int j = 0; j < N; ++j) {
                    const double b0 = withBias ? bias(0, j) : 0.0;
                    double exact = b0, magnitude = std::abs(b0);
                    float chain = static_cast<float>(b0);
                    for (int k = 0; k < K; ++k) {
                        const double term = static_cast<double>(A.at(i, k)) * B.at(k, j);
                        exact += term;
                        magnitude += std::abs(term);
                        chain = std::fma(A.at(i, k), B.at(k, j), chain);
                    }
                    if (relu) {
                        exact = std::max(exact, 0.0);
                        chain = std::max(chain, 0.0f);
                    }
                    // Any order of K float additions errs by at most about K u sum |terms|.
                    const double bound = (K + 1) * 0x1p-24 * magnitude + 1e-30;
                    worst = std::max(worst, std::abs(C.at(i, j) - exact) / bound);
                    sameBitsAsFmaChain = sameBitsAsFmaChain && C.at(i, j) == chain;
                }
            }
            QVERIFY2(worst <= 1.0, qPrintable(QString("error %1 x the bound (bias %2, relu %3)")
                                                  .arg(worst)
                                                  .arg(withBias)
                                                  .arg(relu)));
            // The kernel's promise: bias, then one FMA per k in ascending order.
            if (gemmForwardIsVectorized()) QVERIFY(sameBitsAsFmaChain);
        }
    }
}

void TestPackedGemm::rowsDoNotDependOnTheirBlock() {
    // A row's result must not depend on which rows share its call (Linear splits batches
    // into blocks, experts get any number of rows): rows 5..16 of a 23-row product, alone.
    if (!gemmForwardIsVectorized()) QSKIP("the Eigen fallback makes no such promise");
    Rng rng(9);
    const Matrix A = randomMatrix(23, 70, rng), B = randomMatrix(70, 21, rng);
    const Matrix bias = randomMatrix(1, 21, rng);
    Matrix whole(23, 21), part(12, 21);
    gemmForward(constView(A), constView(B), bias.data(), GemmActivation::None, mutableView(whole));
    gemmForward(constView(A, 5, 12), constView(B), bias.data(), GemmActivation::None, mutableView(part));
    for (int i = 0; i < 12; ++i)
        for (int j = 0; j < 21; ++j) QVERIFY(part(i, j) == whole(i + 5, j));  // same bits
}

void TestPackedGemm::reluKeepsNaN() {
    // A diverging run must stay visible: ReLU passes NaN through instead of turning it to 0.
    Matrix A = Matrix::Ones(2, 3), B = Matrix::Ones(3, 18);
    A(1, 2) = std::numeric_limits<float>::quiet_NaN();
    Matrix C(2, 18);
    const Matrix bias = Matrix::Constant(1, 18, -10.0f);
    gemmForward(constView(A), constView(B), bias.data(), GemmActivation::Relu, mutableView(C));
    for (int j = 0; j < 18; ++j) {
        QVERIFY(C(0, j) == 0.0f);
        QVERIFY(std::isnan(C(1, j)));
    }
}

QTEST_APPLESS_MAIN(TestPackedGemm)
#include "tst_packed_gemm.moc"
