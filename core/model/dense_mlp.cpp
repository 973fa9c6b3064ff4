#include "core/model/dense_mlp.h"

#include "core/model/activation.h"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cassert>

namespace moe {
namespace {

// Fixed rows per block: the partition (and so the order of the gradient sum) never depends
// on how many threads run the blocks.
constexpr int kBlockRows = 128;

int blockCount(Eigen::Index rows) { return static_cast<int>((rows + kBlockRows - 1) / kBlockRows); }

}  // namespace

DenseMlp::DenseMlp(int inputs, int width, int outputs, Activation activation)
    : m_net(inputs, width, outputs, activation) {}

const Matrix& DenseMlp::forward(const Matrix& X, Phase phase) {
    (void)phase;
    assert(X.cols() == inputs());
    m_input = &X;
    const Eigen::Index T = X.rows();
    const int blocks = blockCount(T);
    if (static_cast<int>(m_blocks.size()) < blocks) m_blocks.resize(static_cast<std::size_t>(blocks));
    m_output.resize(T, outputs());
    const Linear& fc1 = m_net.fc1();
    const Linear& fc2 = m_net.fc2();
    tbb::parallel_for(0, blocks, [&](int b) {
        Block& block = m_blocks[static_cast<std::size_t>(b)];
        const Eigen::Index begin = static_cast<Eigen::Index>(b) * kBlockRows;
        const Eigen::Index rows = std::min<Eigen::Index>(kBlockRows, T - begin);
        // The same packed products as the MoE's experts (core/model/packed_gemm.h), so the
        // comparison is fair: biases are the starting values, ReLU is applied as they store,
        // other activations in place.
        const bool relu = m_net.activation() == Activation::Relu;
        block.hidden.resize(rows, fc1.outputs());
        gemmForward(constView(X, begin, rows), constView(fc1.weight()), fc1.bias().data(),
                    relu ? GemmActivation::Relu : GemmActivation::None, mutableView(block.hidden));
        if (!relu) activateInPlace(m_net.activation(), block.hidden, block.preActivation);
        gemmForward(constView(block.hidden), constView(fc2.weight()), fc2.bias().data(),
                    GemmActivation::None, mutableView(m_output, begin, rows));
    });
    return m_output;
}

void DenseMlp::backward(const Matrix& dY) {
    assert(m_input && dY.rows() == m_input->rows());
    const Matrix& X = *m_input;
    const Eigen::Index T = X.rows();
    const int blocks = blockCount(T);
    const Linear& fc2 = m_net.fc2();
    tbb::parallel_for(0, blocks, [&](int b) {
        Block& block = m_blocks[static_cast<std::size_t>(b)];
        const Eigen::Index begin = static_cast<Eigen::Index>(b) * kBlockRows;
        const Eigen::Index rows = std::min<Eigen::Index>(kBlockRows, T - begin);
        const auto dYb = dY.middleRows(begin, rows);
        block.gradW2.noalias() = block.hidden.transpose() * dYb;
        block.gradB2 = dYb.colwise().sum();
        block.dHidden.noalias() = dYb * fc2.weight().transpose();
        activationBackwardInPlace(m_net.activation(), block.hidden, block.preActivation, block.dHidden);
        block.gradW1.noalias() = X.middleRows(begin, rows).transpose() * block.dHidden;
        block.gradB1 = block.dHidden.colwise().sum();
    });
    // Ordered reduction: every element sums the blocks in block order, whatever the thread
    // count; the elements are split over oneTBB in fixed chunks.
    const std::vector<Parameter> params = parameters();
    assert(params.size() == 4);
    const std::array<Matrix Block::*, 4> parts{&Block::gradW1, &Block::gradB1, &Block::gradW2, &Block::gradB2};
    constexpr Eigen::Index kChunk = 8192;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        auto total = params[p].grad->reshaped<Eigen::RowMajor>();
        const auto chunks = static_cast<int>((total.size() + kChunk - 1) / kChunk);
        tbb::parallel_for(0, chunks, [&](int c) {
            const Eigen::Index begin = c * kChunk;
            const Eigen::Index n = std::min(kChunk, total.size() - begin);
            auto dst = total.segment(begin, n);
            for (int b = 0; b < blocks; ++b)
                dst += (m_blocks[static_cast<std::size_t>(b)].*parts[p]).reshaped<Eigen::RowMajor>().segment(begin, n);
        });
    }
}

std::vector<Parameter> DenseMlp::parameters() {
    std::vector<Parameter> out;
    m_net.collectParameters("mlp", out);
    return out;
}

ModelCost DenseMlp::cost() const {
    ModelCost c;
    c.expertFlops = m_net.flopsPerSample();
    c.flopsPerSample = c.expertFlops;
    c.paramsTotal = m_net.parameterCount();
    c.paramsActive = c.paramsTotal;
    return c;
}

}  // namespace moe
