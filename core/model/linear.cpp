#include "core/model/linear.h"

#include "core/model/row_blocks.h"

#include <algorithm>
#include <cmath>

namespace moe {

Linear::Linear(int inputs, int outputs)
    : m_weight(Matrix::Zero(inputs, outputs)),
      m_bias(Matrix::Zero(1, outputs)),
      m_weightGrad(Matrix::Zero(inputs, outputs)),
      m_biasGrad(Matrix::Zero(1, outputs)) {}

void Linear::initialize(Rng& rng, std::optional<Activation> followedBy) {
    const double fanIn = std::max(1, inputs());
    const double fanOut = std::max(1, outputs());
    // He for rectifier-like layers keeps the activations' variance; Glorot elsewhere.
    const bool rectifier = followedBy && *followedBy != Activation::Tanh;
    const double limit = rectifier ? std::sqrt(6.0 / fanIn) : std::sqrt(6.0 / (fanIn + fanOut));
    std::uniform_real_distribution<double> uniform(-limit, limit);
    for (Eigen::Index i = 0; i < m_weight.size(); ++i)
        m_weight.data()[i] = static_cast<float>(uniform(rng));
    m_bias.setZero();
    zeroGrad();
}

void Linear::forward(const Matrix& X, Matrix& Y, GemmActivation activation) const {
    // Fixed row blocks on oneTBB; the bias is each product's starting value, so no
    // separate pass adds it.
    Y.resize(X.rows(), outputs());
    forEachRowBlock(static_cast<int>(X.rows()), [&](int begin, int end) {
        gemmForward(constView(X, begin, end - begin), constView(m_weight), m_bias.data(), activation,
                    mutableView(Y, begin, end - begin));
    });
}

void Linear::backward(const Matrix& X, const Matrix& dY, Matrix* dX) {
    m_weightGrad.noalias() += X.transpose() * dY;
    m_biasGrad += dY.colwise().sum();
    if (dX) {
        dX->resize(dY.rows(), inputs());
        forEachRowBlock(static_cast<int>(dY.rows()), [&](int begin, int end) {
            dX->middleRows(begin, end - begin).noalias() = dY.middleRows(begin, end - begin) * m_weight.transpose();
        });
    }
}

void Linear::zeroGrad() {
    m_weightGrad.setZero(m_weight.rows(), m_weight.cols());
    m_biasGrad.setZero(1, m_bias.cols());
}

void Linear::collectParameters(const std::string& prefix, std::vector<Parameter>& out) {
    out.push_back({prefix + ".weight", &m_weight, &m_weightGrad});
    out.push_back({prefix + ".bias", &m_bias, &m_biasGrad});
}

}  // namespace moe
