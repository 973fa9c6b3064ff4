#pragma once
// Intended usage: a Router turns a batch into a routing decision - which experts each
// sample goes to, with which combine weight, and which assignments survive capacity -
// and sends gradients back into its gate. MoeLayer owns one; makeRouter() builds the one
// a ModelConfig names (see allRouters() for the family).
//
//   std::unique_ptr<Router> r = makeRouter(config.model, d); r->initialize(rng);
//   Routing routing; r->route(X, Phase::Training, routing, aux);   // X: T x d
//   r->backward(X, routing, dWeight, aux, &dX);                    // dWeight: T x places
//   r->afterStep(routing);                                         // after the optimizer step
//
// Every sample has `places` places; a place holds an expert index or -1 when unused (top-p,
// expert choice, where the number of experts per sample varies). Capacity (moe-spec
// section 3) then drops assignments: a dropped one keeps its expert index, is not kept, and
// has weight 0. Routers whose scores are not a softmax (sigmoid-bias, hash) still fill
// `probs` with a distribution over the experts, for the metrics and the balance loss.

#include "core/model/linear.h"

#include <memory>
#include <vector>

namespace moe {

/// The routing decision for a batch of T samples.
struct Routing {
    int samples = 0;                    ///< T
    int experts = 0;                    ///< E
    int places = 0;                      ///< places per sample (k for token choice)
    Matrix logits;                      ///< T x E, the gate's logits (clean: no noise)
    Matrix probs;                       ///< T x E, the router's distribution over experts
    std::vector<int> expert;            ///< T * places: chosen expert, best first; -1 unused
    Matrix weight;                      ///< T x places combine weights; 0 where unused or dropped
    std::vector<unsigned char> kept;    ///< T * places: 1 if assigned and within capacity
    std::vector<int> position;          ///< T * places: row in its expert's buffer, -1 if not kept
    std::vector<int> countsBefore;      ///< E: assignments per expert before capacity
    std::vector<int> countsAfter;       ///< E: assignments per expert after capacity
    int capacity = 0;                   ///< C per expert; 0 = unlimited

    std::size_t index(int sample, int slot) const { return static_cast<std::size_t>(sample * places + slot); }
    int expertAt(int sample, int slot) const { return expert[index(sample, slot)]; }
    bool assignedAt(int sample, int slot) const { return expert[index(sample, slot)] >= 0; }
    bool keptAt(int sample, int slot) const { return kept[index(sample, slot)] != 0; }
    int assignments() const;            ///< assigned places, before capacity
    int keptAssignments() const;        ///< after capacity
};

/// Weights of the auxiliary losses a router adds to the training objective.
struct AuxLossWeights {
    double balance = 0.0;      ///< alpha, Switch load balancing
    double z = 0.0;            ///< beta, router z-loss
    double importance = 0.0;   ///< w, Shazeer's importance + load (noisy top-k only)
    double entropy = 0.0;      ///< gate entropy (top-p only)
};

/// Values of the auxiliary losses of the last training route(), already weighted.
struct AuxLossValues {
    double balance = 0.0;
    double z = 0.0;
    double importance = 0.0;   ///< w * CV^2(importance)
    double load = 0.0;         ///< w * CV^2(load)
    double entropy = 0.0;
    double total() const { return balance + z + importance + load + entropy; }
};

/// A non-trainable tensor that is part of a router's state (saved with the model).
struct Buffer {
    std::string name;
    Matrix* value = nullptr;
};

class Router {
public:
    Router(const ModelConfig& config, int inputs);
    virtual ~Router() = default;
    virtual std::unique_ptr<Router> clone() const = 0;
    virtual RouterKind kind() const = 0;

    /// Initialises the learned weights and seeds the router's own noise generator.
    virtual void initialize(Rng& rng);

    /// X: T x inputs. `hashKey` (T x anything) is what the hash router hashes: the model's
    /// own input, which training never changes; nullptr means X. Fills every field of
    /// `routing` and, in training, the auxiliary loss values.
    void route(const Matrix& X, Phase phase, Routing& routing, const AuxLossWeights& aux,
               const Matrix* hashKey = nullptr);
    /// X and routing from route(); dWeight: T x places, d loss / d combine weight. Adds the
    /// task gradient and the auxiliary-loss gradients to the router's parameters; writes
    /// *dX (T x inputs) if given.
    void backward(const Matrix& X, const Routing& routing, const Matrix& dWeight,
                  const AuxLossWeights& aux, Matrix* dX);
    /// Called once after each optimizer step with the step's routing (sigmoid-bias uses it).
    virtual void afterStep(const Routing& routing) { (void)routing; }

    const AuxLossValues& auxLoss() const { return m_aux; }

    virtual void zeroGrad() { m_gate.zeroGrad(); }
    virtual void collectParameters(const std::string& prefix, std::vector<Parameter>& out);
    virtual void collectBuffers(const std::string& prefix, std::vector<Buffer>& out) {
        (void)prefix, (void)out;
    }

    int inputs() const { return m_gate.inputs(); }
    int experts() const { return m_experts; }
    /// Places per sample: k for token-choice routers, E for dense, top-p and expert choice.
    virtual int places() const { return m_k; }
    /// Experts a sample uses on average when nothing is dropped (k; c for expert choice).
    virtual double expectedExpertsPerSample() const { return m_k; }
    /// Whether the number of experts a sample uses depends on the input (top-p): then the
    /// cost counts the measured average, not expectedExpertsPerSample() (moe-spec section 6).
    virtual bool expertsPerSampleVaries() const { return false; }
    int k() const { return m_k; }
    const ModelConfig& config() const { return m_config; }
    Linear& gate() { return m_gate; }                  ///< inputs x E
    const Linear& gate() const { return m_gate; }
    /// groups > 1: the top gate, inputs x G, choosing a group (Jordan & Jacobs 1994).
    Linear& groupGate() { return m_groupGate; }
    const Linear& groupGate() const { return m_groupGate; }
    int groups() const { return m_groups; }
    virtual std::int64_t parameterCount() const { return m_gate.parameterCount(); }
    /// Gate FLOPs per sample: the logits' 2 d E (softmax and top-k are O(E), not counted).
    virtual double flopsPerSample() const { return m_gate.flopsPerSample(); }

protected:
    /// Writes routing.logits and routing.probs for X. Default: the gate, then a softmax;
    /// with groups, p_e = softmax(group logits)_g(e) * softmax within the group(logits)_e.
    virtual void score(const Matrix& X, Phase phase, Routing& routing);
    /// Fills routing.expert and routing.weight (all places; unused ones -1 and 0).
    virtual void select(Routing& routing, Phase phase, const Matrix& hashKey) = 0;
    /// Adds to dLogits (T x E) the gradient that reaches the logits through the combine
    /// weights, given dWeight (T x places; zero where unused or dropped).
    virtual void weightBackward(const Routing& routing, const Matrix& dWeight, Matrix& dLogits) = 0;
    /// Adds to dLogits the gradient of a loss whose gradient with respect to routing.probs
    /// is dProbs. Default: through the softmax.
    virtual void probsBackward(const Routing& routing, const Matrix& dProbs, Matrix& dLogits);
    /// Router-specific auxiliary losses: values into m_aux in route(); in backward(), their
    /// gradient added to dWeight (T x places) and dLogits (T x E).
    virtual void extraAuxLoss(const Routing& routing, const AuxLossWeights& aux) { (void)routing, (void)aux; }
    virtual void extraAuxBackward(const Routing& routing, const AuxLossWeights& aux,
                                  Matrix& dWeight, Matrix& dLogits) {
        (void)routing, (void)aux, (void)dWeight, (void)dLogits;
    }
    /// Backward from dLogits to the parameters and to *dX. Default: the gate.
    virtual void scoreBackward(const Matrix& X, const Matrix& dLogits, Matrix* dX);
    /// Whether capacity applies (not to expert choice, which sets its own).
    virtual bool usesCapacity() const { return true; }
    /// A score per assignment for the "probs" overflow policy: routing.probs by default.
    virtual float assignmentScore(const Routing& routing, int sample, int expert) const {
        return routing.probs(sample, expert);
    }

    /// dProbs -> the gradient of the weights given as raw p of the assigned slots
    /// (w = p_e) or renormalised over them (w = p_e / sum of the assigned p).
    static void rawWeightsToProbs(const Routing& routing, const Matrix& dWeight, Matrix& dProbs);
    static void renormalizedWeightsToProbs(const Routing& routing, const Matrix& dWeight, Matrix& dProbs);

    AuxLossValues m_aux;
    Linear m_gate;
    Linear m_groupGate;
    Rng m_noiseRng;
    Matrix m_groupProbs;      // T x G, hierarchical scoring
    Matrix m_withinProbs;     // T x E, softmax within each group
    Matrix m_dGroupLogits;    // T x G, accumulated by probsBackward

private:
    void applyCapacity(Routing& routing, Phase phase) const;
    void assignPositions(Routing& routing) const;

    ModelConfig m_config;
    int m_experts = 1;
    int m_k = 1;
    int m_groups = 1;
    Matrix m_dLogits;   // workspace, T x E
    Matrix m_dProbs;    // workspace, T x E
    Matrix m_dWeight;   // workspace, T x places
    Matrix m_preDropWeight;  // T x places: the weights before renormalise-after-drop
};

/// The router `config` names, untrained (call initialize()).
std::unique_ptr<Router> makeRouter(const ModelConfig& config, int inputs);

}  // namespace moe
