#include "core/train/gate_matrix.h"

#include "core/model/moe_network.h"
#include "core/model/router.h"
#include "core/train/evaluate.h"

#include <cassert>

namespace moe {

int GateMatrix::topExpert(int sample) const {
    int best = 0;
    for (int e = 1; e < experts; ++e)
        if (prob(sample, e) > prob(sample, best)) best = e;
    return best;
}

bool GateMatrix::isChosen(int sample, int expert) const {
    for (int j = 0; j < places; ++j)
        if (chosen[static_cast<std::size_t>(sample * places + j)] == expert) return true;
    return false;
}

bool GateMatrix::isKept(int sample, int expert) const {
    for (int j = 0; j < places; ++j) {
        const auto i = static_cast<std::size_t>(sample * places + j);
        if (chosen[i] == expert && kept[i] != 0) return true;
    }
    return false;
}

GateMatrix makeGateMatrix(const Routing& routing, const std::vector<int>& labels, int layer) {
    assert(labels.empty() || static_cast<int>(labels.size()) == routing.samples);
    GateMatrix g;
    g.layer = layer;
    g.samples = routing.samples;
    g.experts = routing.experts;
    g.places = routing.places;
    g.probs.assign(routing.probs.data(), routing.probs.data() + routing.probs.size());  // row-major T x E
    g.labels = labels;
    g.chosen = routing.expert;
    g.kept = routing.kept;
    return g;
}

std::vector<GateMatrix> computeGateMatrices(MoeNetwork& network, const Dataset& standardisedData) {
    std::vector<GateMatrix> out;
    if (standardisedData.rows == 0) return out;
    Matrix X;  // rows x cols
    toMatrix(standardisedData, X);
    network.forward(X, Phase::Inference);
    const std::vector<int> labels =
        standardisedData.task == Task::Classification ? standardisedData.labels : std::vector<int>{};
    for (int l = 0; l < network.moeLayerCount(); ++l)
        out.push_back(makeGateMatrix(network.moeLayer(l).routing(), labels, l));
    return out;
}

}  // namespace moe
