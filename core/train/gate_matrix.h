#pragma once
// Intended usage: the gate's view of every test sample, as a plain value the GUI can carry
// across threads and draw as a samples x experts heatmap (the gate probability matrix).
// One GateMatrix per MoE layer comes from one inference forward over the test split:
//
//   std::vector<GateMatrix> g = experiment.gateMatrices();     // one per MoE layer
//   float p = g[0].prob(sample, expert);                       // router's probability
//   bool used = g[0].isKept(sample, expert);                   // chosen and within capacity
//
// Or, from a routing decision you already have: makeGateMatrix(routing, labels, layer).
// probs are the router's distribution over the experts (moe-spec section 2): a softmax for
// the softmax family, so each row sums to 1; for sigmoid-bias and hash it is the
// distribution the router reports for its metrics.

#include "core/data/dataset.h"

#include <vector>

namespace moe {

struct Routing;
class MoeNetwork;

struct GateMatrix {
    int layer = 0;                      ///< MoE layer, 0-based
    int epoch = 0;                      ///< epochs completed when it was computed
    int samples = 0;                    ///< T test samples, in the test split's order
    int experts = 0;                    ///< E routed experts
    int places = 0;                     ///< places per sample (k for token choice)
    std::vector<float> probs;           ///< T x E, row-major
    std::vector<int> labels;            ///< T class indices; empty for regression
    std::vector<int> chosen;            ///< T x places: expert at each place, -1 unused
    std::vector<unsigned char> kept;    ///< T x places: 1 if assigned and within capacity

    bool empty() const { return samples == 0 || experts == 0; }
    float prob(int sample, int expert) const {
        return probs[static_cast<std::size_t>(sample) * static_cast<std::size_t>(experts) +
                     static_cast<std::size_t>(expert)];
    }
    /// Expert with the highest probability (the lowest index on ties).
    int topExpert(int sample) const;
    /// The router assigned `expert` to `sample` (kept or dropped by capacity).
    bool isChosen(int sample, int expert) const;
    /// Assigned and kept within capacity: the expert really computed this sample.
    bool isKept(int sample, int expert) const;
};

/// The gate matrix of one routing decision over `labels.size()` samples (or routing.samples
/// when `labels` is empty, for regression).
GateMatrix makeGateMatrix(const Routing& routing, const std::vector<int>& labels, int layer);

/// One Inference forward of `standardisedData` through `network`; one matrix per MoE layer.
/// Overwrites the network's last routing, like any forward.
std::vector<GateMatrix> computeGateMatrices(MoeNetwork& network, const Dataset& standardisedData);

}  // namespace moe
