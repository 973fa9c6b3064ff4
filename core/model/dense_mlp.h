#pragma once
// Intended usage: the dense baselines, one hidden layer of `width` units:
// Linear(d, width) -> activation -> Linear(width, out). Equal parameters means
// width = E * h, equal compute width = k * h (moe-spec section 6). Rows are processed in
// fixed blocks on oneTBB and the blocks' gradients summed in block order, so results do not
// depend on the thread count.
//
//   DenseMlp mlp(d, E * h, out, Activation::Relu); mlp.initialize(rng);
//   const Matrix& Y = mlp.forward(X, Phase::Training);  // X: T x d -> T x out

#include "core/model/expert.h"
#include "core/model/model.h"

namespace moe {

class DenseMlp final : public Model {
public:
    DenseMlp(int inputs, int width, int outputs, Activation activation);

    void initialize(Rng& rng) { m_net.initialize(rng); }

    int inputs() const override { return m_net.inputs(); }
    int outputs() const override { return m_net.outputs(); }
    int width() const { return m_net.hidden(); }
    const Matrix& forward(const Matrix& X, Phase phase) override;
    const Matrix& lastOutput() const override { return m_output; }
    void backward(const Matrix& dY) override;
    void zeroGrad() override { m_net.zeroGrad(); }
    std::vector<Parameter> parameters() override;
    ModelCost cost() const override;

    Expert& network() { return m_net; }
    const Expert& network() const { return m_net; }

private:
    /// One fixed slice of rows; its parameter gradients are summed in block order.
    struct Block {
        Matrix preActivation, hidden, dHidden;   ///< rows x width
        Matrix gradW1, gradB1, gradW2, gradB2;   ///< this block's parameter gradients
    };

    Expert m_net;                ///< the same two-layer MLP an expert is
    std::vector<Block> m_blocks;
    Matrix m_output;
    const Matrix* m_input = nullptr;
};

}  // namespace moe
