#include "core/train/territory_detail.h"

#include "core/model/block_moe_model.h"

namespace moe {

Matrix expertAloneOutput(MoeNetwork& net, int layer, int expert, const Matrix& X) {
    const Expert& e = net.moeLayer(layer).experts()[static_cast<std::size_t>(expert)];
    Expert::Cache cache;
    Matrix out;
    auto* block = dynamic_cast<BlockMoeModel*>(&net);
    if (!block) {
        e.forward(X, cache, out);
        return out;
    }
    const Matrix& zl = block->blockInput(layer);  // T x m, from the last forward
    e.forward(zl, cache, out);
    Matrix z = zl + out;
    Matrix blockOut;
    for (int later = layer + 1; later < net.moeLayerCount(); ++later) {
        net.moeLayer(later).forward(z, Phase::Inference, blockOut, &X);
        z += blockOut;
    }
    block->head().forward(z, out);
    return out;
}

int territoryExpert(const Routing& routing, RouterKind router, int t, float& confidence) {
    if ((router == RouterKind::Hash || router == RouterKind::SigmoidBias) && routing.places > 0 &&
        routing.assignedAt(t, 0)) {
        const int e = routing.expertAt(t, 0);
        confidence = router == RouterKind::Hash ? 1.0f : routing.probs(t, e);
        return e;
    }
    Eigen::Index best = 0;
    confidence = routing.probs.row(t).maxCoeff(&best);
    return static_cast<int>(best);
}

void fillTerritoryDetail(TerritoryGrid& grid, MoeNetwork& net, const Matrix& X, const TargetScaler& targetScaler,
                         bool classification) {
    const auto cells = static_cast<std::size_t>(X.rows());
    const RouterKind router = net.config().router;
    grid.hashRouted = router == RouterKind::Hash;
    grid.layerExpert.assign(static_cast<std::size_t>(net.moeLayerCount()), std::vector<int>(cells));
    grid.layerConfidence.assign(static_cast<std::size_t>(net.moeLayerCount()), std::vector<float>(cells));
    for (int l = 0; l < net.moeLayerCount(); ++l) {
        const Routing& r = net.moeLayer(l).routing();
        auto& experts = grid.layerExpert[static_cast<std::size_t>(l)];
        auto& confidence = grid.layerConfidence[static_cast<std::size_t>(l)];
        for (std::size_t c = 0; c < cells; ++c) experts[c] = territoryExpert(r, router, static_cast<int>(c), confidence[c]);
    }
    grid.expert = grid.layerExpert.front();
    grid.confidence = grid.layerConfidence.front();

    // Each expert alone at the first layer. Last: in block mode it reruns the later layers.
    const int E = net.config().experts;
    grid.expertClass.clear();
    grid.expertValue.clear();
    for (int e = 0; e < E; ++e) {
        const Matrix out = expertAloneOutput(net, 0, e, X);
        if (classification) {
            std::vector<int> cls(cells);
            for (std::size_t c = 0; c < cells; ++c) {
                Eigen::Index best = 0;
                out.row(static_cast<Eigen::Index>(c)).maxCoeff(&best);
                cls[c] = static_cast<int>(best);
            }
            grid.expertClass.push_back(std::move(cls));
        } else {
            std::vector<float> value(cells);
            for (std::size_t c = 0; c < cells; ++c)
                value[c] = targetScaler.mean + targetScaler.scale * out(static_cast<Eigen::Index>(c), 0);
            grid.expertValue.push_back(std::move(value));
        }
    }
}

}  // namespace moe
