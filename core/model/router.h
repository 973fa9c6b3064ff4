#pragma once
// Intended usage: a Router turns a batch into a routing decision - which experts each
// sample goes to, with which combine weight, and which assignments survive capacity -
// and sends gradients back into its gate. MoeLayer owns one; makeRouter() builds the one
// a ModelConfig names.
//
//   std::unique_ptr<Router> r = makeRouter(config.model, d); r->initialize(rng);
//   Routing routing; r->route(X, Phase::Training, routing);       // X: T x d
//   r->backward(X, routing, dWeight, &dX);                        // dWeight: T x k
//
// Conventions (moe-spec sections 2-4): logits l = X W_g + b, p = softmax(l); capacity
// C = ceil(factor * T * k / E), filled "choice-major"; a dropped assignment has weight 0
// and the kept weights are not renormalised again.

#include "core/model/linear.h"

#include <memory>
#include <vector>

namespace moe {

/// The routing decision for a batch of T samples with k slots each.
struct Routing {
    int samples = 0;                    ///< T
    int experts = 0;                    ///< E
    int k = 0;                          ///< assignments per sample
    Matrix logits;                      ///< T x E
    Matrix probs;                       ///< T x E, softmax of logits
    std::vector<int> expert;            ///< T * k chosen experts, best first per sample
    Matrix weight;                      ///< T x k combine weights, 0 where dropped
    std::vector<unsigned char> kept;    ///< T * k, 1 if the assignment survived capacity
    std::vector<int> countsBefore;      ///< E assignments per expert before capacity
    std::vector<int> countsAfter;       ///< E assignments per expert after capacity
    int capacity = 0;                   ///< C per expert, 0 = unlimited

    int expertAt(int sample, int slot) const { return expert[static_cast<std::size_t>(sample * k + slot)]; }
    bool keptAt(int sample, int slot) const { return kept[static_cast<std::size_t>(sample * k + slot)] != 0; }
};

/// Weights of the auxiliary losses the router adds to the training objective.
struct AuxLossWeights {
    double balance = 0.0;   ///< alpha, Switch load balancing
    double z = 0.0;         ///< beta, router z-loss
};

/// Values of the auxiliary losses of the last route(), already multiplied by their weights.
struct AuxLossValues {
    double balance = 0.0;
    double z = 0.0;
    double total() const { return balance + z; }
};

class Router {
public:
    Router(int inputs, int experts, int k, double capacityFactor);
    virtual ~Router() = default;
    virtual std::unique_ptr<Router> clone() const = 0;
    virtual RouterKind kind() const = 0;

    void initialize(Rng& rng);

    /// X: T x inputs. Fills every field of `routing` and the auxiliary loss values.
    void route(const Matrix& X, Phase phase, Routing& routing, const AuxLossWeights& aux);
    /// X and routing from route(); dWeight: T x k, d loss / d combine weight. Adds the task
    /// gradient and the auxiliary-loss gradients to the gate; writes *dX (T x inputs) if given.
    void backward(const Matrix& X, const Routing& routing, const Matrix& dWeight,
                  const AuxLossWeights& aux, Matrix* dX);

    const AuxLossValues& auxLoss() const { return m_aux; }

    void zeroGrad() { m_gate.zeroGrad(); }
    void collectParameters(const std::string& prefix, std::vector<Parameter>& out);

    int inputs() const { return m_gate.inputs(); }
    int experts() const { return m_gate.outputs(); }
    int k() const { return m_k; }
    double capacityFactor() const { return m_capacityFactor; }
    Linear& gate() { return m_gate; }                  ///< d x E
    const Linear& gate() const { return m_gate; }
    std::int64_t parameterCount() const { return m_gate.parameterCount(); }
    /// Gate FLOPs per sample: the logits' 2 d E (softmax and top-k are O(E), not counted).
    double flopsPerSample() const { return m_gate.flopsPerSample(); }

protected:
    /// Picks routing.expert and sets routing.weight for every slot from logits and probs.
    virtual void select(Routing& routing) const = 0;
    /// Adds d loss / d logits (T x E) caused by the combine weights, given dWeight (T x k).
    virtual void weightBackward(const Routing& routing, const Matrix& dWeight,
                                Matrix& dLogits) const = 0;

private:
    void applyCapacity(Routing& routing) const;

    Linear m_gate;
    int m_k = 1;
    double m_capacityFactor = 0.0;
    AuxLossValues m_aux;
    Matrix m_dLogits;   // workspace, T x E
    Matrix m_dProbs;    // workspace, T x E
};

/// The router `config` names, untrained (call initialize()).
std::unique_ptr<Router> makeRouter(const ModelConfig& config, int inputs);

}  // namespace moe
