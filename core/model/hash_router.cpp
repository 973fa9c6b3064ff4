#include "core/model/hash_router.h"

#include <cstdint>
#include <cstring>

namespace moe {
namespace {

// FNV-1a over the bytes of one row: a fixed function of the input, independent of training.
std::uint64_t hashRow(const Matrix& key, Eigen::Index row) {
    std::uint64_t h = 14695981039346656037ull;
    for (Eigen::Index c = 0; c < key.cols(); ++c) {
        float v = key(row, c);
        if (v == 0.0f) v = 0.0f;  // -0 and +0 hash alike
        unsigned char bytes[sizeof(float)];
        std::memcpy(bytes, &v, sizeof v);
        for (unsigned char b : bytes) h = (h ^ b) * 1099511628211ull;
    }
    return h;
}

}  // namespace

HashRouter::HashRouter(const ModelConfig& config, int inputs) : Router(config, inputs) {}

void HashRouter::score(const Matrix& X, Phase, Routing& routing) {
    routing.logits.setZero(X.rows(), experts());
    routing.probs.setConstant(X.rows(), experts(), 1.0f / static_cast<float>(experts()));
}

void HashRouter::select(Routing& routing, Phase, const Matrix& hashKey) {
    const int k = routing.places;
    for (int t = 0; t < routing.samples; ++t) {
        const auto first = static_cast<int>(hashRow(hashKey, t) % static_cast<std::uint64_t>(routing.experts));
        for (int j = 0; j < k; ++j) {
            routing.expert[routing.index(t, j)] = (first + j) % routing.experts;
            routing.weight(t, j) = 1.0f / static_cast<float>(k);
        }
    }
}

void HashRouter::weightBackward(const Routing&, const Matrix&, Matrix&) {}

void HashRouter::scoreBackward(const Matrix& X, const Matrix&, Matrix* dX) {
    if (dX) dX->setZero(X.rows(), X.cols());
}

}  // namespace moe
