#include "core/model/moe_model.h"

#include "core/model/aux_losses.h"

#include <cassert>
#include <cmath>

namespace moe {
namespace {

constexpr double kTinyProbability = 1e-30;  // keeps log() finite when every expert was dropped

}  // namespace

MoeModel::MoeModel(const ModelConfig& config, int inputs, int outputs, const AuxLossWeights& aux)
    : m_config(config), m_layer(config, inputs, outputs) {
    m_layer.setAuxWeights(aux);
}

void MoeModel::initialize(Rng& rng) { m_layer.initialize(rng); }

const Matrix& MoeModel::forward(const Matrix& X, Phase phase) {
    assert(X.cols() == inputs());
    m_input = &X;
    if (!competitive() || outputs() == 1) {
        // Regression keeps the mixture mean as its prediction under either loss.
        m_layer.forward(X, phase, m_output);
        return m_output;
    }
    m_layer.forward(X, phase, m_combined);
    const Routing& r = m_layer.routing();
    m_output.resize(X.rows(), outputs());
    for (int t = 0; t < r.samples; ++t) {
        Eigen::Matrix<double, 1, Eigen::Dynamic> mixture = Eigen::Matrix<double, 1, Eigen::Dynamic>::Zero(outputs());
        for (int j = 0; j < r.places; ++j) {
            if (!r.keptAt(t, j)) continue;
            const auto o = m_layer.placeOutput(t, j);
            const Eigen::ArrayXd q = (o.array() - o.maxCoeff()).exp().cast<double>().transpose();
            mixture += r.weight(t, j) * (q / q.sum()).matrix().transpose();
        }
        m_output.row(t) = mixture.array().max(kTinyProbability).log().cast<float>().matrix();
    }
    return m_output;
}

void MoeModel::backward(const Matrix& dY) {
    assert(m_input && dY.rows() == m_input->rows() && !(competitive() && outputs() > 1));
    m_layer.backward(*m_input, dY, nullptr);
}

double MoeModel::backwardTask(const Targets& targets) {
    return competitive() ? competitiveBackward(targets) : Model::backwardTask(targets);
}

double MoeModel::competitiveBackward(const Targets& targets) {
    // L = -(1/T) sum_t log M_t, M_t = sum_j w_tj P_tj: P is the expert's probability of the
    // true class, or exp(-||y - o||^2 / 2) for regression. With responsibilities
    // h_j = w_j P_j / M: dL/dw_j = -P_j / (M T) and dL/do_j = h_j dP_j/do_j / (-P_j T).
    const Routing& r = m_layer.routing();
    const int T = r.samples;
    const int out = outputs();
    Matrix dWeight = Matrix::Zero(T, r.places);
    Matrix dPlace = Matrix::Zero(static_cast<Eigen::Index>(T) * r.places, out);
    double loss = 0.0;
    std::vector<double> P(static_cast<std::size_t>(r.places));
    for (int t = 0; t < T; ++t) {
        double mixture = 0.0;
        for (int j = 0; j < r.places; ++j) {
            P[static_cast<std::size_t>(j)] = 0.0;
            if (!r.keptAt(t, j)) continue;
            const auto o = m_layer.placeOutput(t, j);
            double p;
            if (targets.labels) {
                const Eigen::ArrayXd q = (o.array() - o.maxCoeff()).exp().cast<double>().transpose();
                p = q(targets.labels[t]) / q.sum();
            } else {
                const double diff = targets.values[t] - o(0);
                p = std::exp(-0.5 * diff * diff);
            }
            P[static_cast<std::size_t>(j)] = p;
            mixture += r.weight(t, j) * p;
        }
        mixture = std::max(mixture, kTinyProbability);
        loss -= std::log(mixture);
        for (int j = 0; j < r.places; ++j) {
            if (!r.keptAt(t, j)) continue;
            const double p = P[static_cast<std::size_t>(j)];
            const double h = r.weight(t, j) * p / mixture;  // responsibility
            dWeight(t, j) = static_cast<float>(-p / mixture / T);
            const auto o = m_layer.placeOutput(t, j);
            auto dRow = dPlace.row(static_cast<Eigen::Index>(r.index(t, j)));
            if (targets.labels) {
                // dP/do = P (q - onehot) * -1  ->  dL/do = h (q - onehot) / T.
                const Eigen::ArrayXf q = (o.array() - o.maxCoeff()).exp().transpose();
                dRow = (q / q.sum()).matrix().transpose() * static_cast<float>(h / T);
                dRow(targets.labels[t]) -= static_cast<float>(h / T);
            } else {
                dRow(0) = static_cast<float>(h * (o(0) - targets.values[t]) / T);
            }
        }
    }
    m_layer.backwardPlaces(*m_input, dWeight, dPlace, nullptr);
    return loss / T;
}

std::vector<Parameter> MoeModel::parameters() {
    std::vector<Parameter> out;
    m_layer.collectParameters("", out);
    return out;
}

}  // namespace moe
