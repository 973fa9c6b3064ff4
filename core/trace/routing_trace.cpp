#include "core/trace/routing_trace.h"

namespace moe {

const char* weightRecipeName(WeightRecipe recipe) {
    switch (recipe) {
    case WeightRecipe::SoftmaxTopkRenormalised: return "softmax_topk_renorm";
    case WeightRecipe::SoftmaxTopk: return "softmax_topk";
    case WeightRecipe::TopkSoftmax: return "topk_softmax";
    case WeightRecipe::SigmoidBias: return "sigmoid_bias";
    }
    return "?";
}

std::optional<WeightRecipe> weightRecipeFromName(std::string_view name) {
    for (WeightRecipe r : kAllWeightRecipes)
        if (name == weightRecipeName(r)) return r;
    return std::nullopt;
}

std::string_view RoutingTrace::text(std::size_t token) const {
    if (textOffsets.empty()) return {};
    return std::string_view(textBytes).substr(textOffsets[token], textOffsets[token + 1] - textOffsets[token]);
}

}  // namespace moe
