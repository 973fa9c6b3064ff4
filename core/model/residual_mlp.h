#pragma once
// Intended usage: the dense baseline of the block mode - the same embedding, residual
// blocks and head as BlockMoeModel, each block one dense feed-forward network of `width`
// hidden units (E h for equal parameters, k h for equal compute).
//
//   ResidualMlp mlp(d, m, width, layers, out, Activation::Relu); mlp.initialize(rng);
//   const Matrix& Y = mlp.forward(X, Phase::Training);   // X: T x d -> T x out

#include "core/model/expert.h"
#include "core/model/model.h"

namespace moe {

class ResidualMlp final : public Model {
public:
    ResidualMlp(int inputs, int modelWidth, int width, int layers, int outputs, Activation activation);
    void initialize(Rng& rng);

    int inputs() const override { return m_embedding.inputs(); }
    int outputs() const override { return m_head.outputs(); }
    const Matrix& forward(const Matrix& X, Phase phase) override;
    const Matrix& lastOutput() const override { return m_output; }
    void backward(const Matrix& dY) override;
    void zeroGrad() override;
    std::vector<Parameter> parameters() override;
    ModelCost cost() const override;

private:
    Linear m_embedding;
    std::vector<Expert> m_blocks;
    std::vector<Expert::Cache> m_caches;
    Linear m_head;
    std::vector<Matrix> m_z;
    Matrix m_blockOut, m_output, m_dz, m_dBlockIn;
    const Matrix* m_input = nullptr;
};

}  // namespace moe
