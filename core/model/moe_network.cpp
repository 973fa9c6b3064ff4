#include "core/model/moe_network.h"

#include "core/model/block_moe_model.h"
#include "core/model/moe_model.h"

namespace moe {

double MoeNetwork::auxLoss() const {
    double total = 0.0;
    for (int l = 0; l < moeLayerCount(); ++l) total += moeLayer(l).auxLoss().total();
    return total;
}

void MoeNetwork::afterStep() {
    for (int l = 0; l < moeLayerCount(); ++l) moeLayer(l).afterStep();
}

std::vector<Buffer> MoeNetwork::buffers() {
    std::vector<Buffer> out;
    if (moeLayerCount() == 1 && config().mode == MoeMode::Mixture) {
        moeLayer(0).collectBuffers("", out);
    } else {
        for (int l = 0; l < moeLayerCount(); ++l) moeLayer(l).collectBuffers("layers." + std::to_string(l) + ".", out);
    }
    return out;
}

std::unique_ptr<MoeNetwork> makeMoeNetwork(const ModelConfig& config, int inputs, int outputs,
                                           const AuxLossWeights& aux) {
    if (config.mode == MoeMode::Block) return std::make_unique<BlockMoeModel>(config, inputs, outputs, aux);
    return std::make_unique<MoeModel>(config, inputs, outputs, aux);
}

}  // namespace moe
