#include "core/teach/derivation_steps.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace moe {
namespace {

std::string num(double v) { return formatNumber(v); }
std::string flops(double v) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.0f FLOPs", v);
    return buffer;
}
std::string percent(double share) {
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * share);
    return buffer;
}
std::string expertName(int e) { return "expert " + std::to_string(e + 1); }

std::string vec(const std::vector<float>& v) {
    std::string s = "[";
    const std::size_t shown = std::min(v.size(), kShownEntries);
    for (std::size_t i = 0; i < shown; ++i) s += (i ? ", " : "") + num(v[i]);
    if (v.size() > shown) s += ", ... (" + std::to_string(v.size()) + " in all)";
    return s + "]";
}

std::string shape(int rows, int cols) { return std::to_string(rows) + " x " + std::to_string(cols); }

class Builder {
public:
    explicit Builder(const RoutingDerivation& d) : m_d(d) {}

    std::vector<DerivationStep> build() {
        input();
        if (!m_d.unavailable.empty()) {
            add("Why this input's routing cannot be written out", "expert-choice", -1).lines.push_back({m_d.unavailable});
            return std::move(m_steps);
        }
        if (m_d.mode == MoeMode::Block) embedding();
        for (std::size_t l = 0; l < m_d.layers.size(); ++l) layer(static_cast<int>(l));
        prediction();
        cost();
        return std::move(m_steps);
    }

private:
    DerivationStep& add(std::string title, std::string glossaryId, int layer) {
        if (layer >= 0 && m_d.mode == MoeMode::Block) title = "Block " + std::to_string(layer + 1) + ": " + title;
        m_steps.push_back({std::move(title), std::move(glossaryId), layer, {}});
        return m_steps.back();
    }
    static void line(DerivationStep& s, std::string text, int expert = -1, bool chosen = false) {
        s.lines.push_back({std::move(text), expert, chosen});
    }

    void input() {
        DerivationStep& s = add("The input, standardised", "standardisation", -1);
        line(s, "x_std = (x - mean) / sd, with the mean and sd of the training split");
        const std::size_t shown = std::min(m_d.raw.size(), kShownEntries);
        for (std::size_t c = 0; c < shown; ++c) {
            const std::string name = c < m_d.featureNames.size() ? m_d.featureNames[c] : "x" + std::to_string(c + 1);
            line(s, name + ": (" + num(m_d.raw[c]) + " - " + num(m_d.mean[c]) + ") / " + num(m_d.scale[c]) + " = " +
                        num(m_d.standardised[c]));
        }
        if (m_d.raw.size() > shown) line(s, "... " + std::to_string(m_d.raw.size() - shown) + " more features");
        switch (m_d.context) {
            case InspectionContext::Alone: line(s, "Routed on its own: nothing else in a batch changes its routing."); break;
            case InspectionContext::EvaluationBatch:
                line(s, "Test row " + std::to_string(m_d.testRow + 1) + ", routed where it sits in the test batch of T = " +
                            std::to_string(m_d.batchSamples) + " (capacity or expert choice depend on the batch).");
                break;
            case InspectionContext::AppendedToBatch:
                line(s, "Routed as one more input at the end of the test batch, T = " + std::to_string(m_d.batchSamples) +
                            " (capacity or expert choice depend on the batch).");
                break;
        }
    }

    void embedding() {
        DerivationStep& s = add("Embedding", "block-mode", -1);
        line(s, "z_0 = x W_emb + b_emb, W_emb: " + shape(static_cast<int>(m_d.standardised.size()), m_d.modelWidth));
        line(s, "z_0 = " + vec(m_d.embedded));
    }

    void layer(int index) {
        const LayerDerivation& l = m_d.layers[static_cast<std::size_t>(index)];
        const std::string x = m_d.mode == MoeMode::Block ? "z_" + std::to_string(index) : "x";
        if (m_d.router == RouterKind::Hash) {
            DerivationStep& s = add("No learned gate", "hash-router", index);
            line(s, "The hash router has no gate weights: a fixed hash of the model's input chooses the experts.");
        } else {
            logits(l, x, index);
            scores(l, index);
        }
        selection(l, index);
        weights(l, index);
        experts(l, x, index);
        combine(l, x, index);
    }

    void logits(const LayerDerivation& l, const std::string& x, int index) {
        DerivationStep& s = add("Logits", "logit", index);
        line(s, "l = " + x + " W_g + b, W_g: " + shape(l.gateRows, l.experts) + ", " + x + " = " + vec(l.input));
        for (int e = 0; e < l.experts; ++e) line(s, "l_" + std::to_string(e + 1) + " = " + num(l.logits[static_cast<std::size_t>(e)]), e);
    }

    void scores(const LayerDerivation& l, int index) {
        if (m_d.router == RouterKind::SigmoidBias) {
            DerivationStep& s = add("Sigmoid scores and selection bias", "sigmoid-bias", index);
            line(s, "s = sigmoid(l) = 1 / (1 + exp(-l)); b is a per-expert bias moved by the load, with no gradient");
            for (int e = 0; e < l.experts; ++e) {
                const auto i = static_cast<std::size_t>(e);
                line(s, "s_" + std::to_string(e + 1) + " = " + num(l.sigmoid[i]) + ", b_" + std::to_string(e + 1) + " = " +
                            num(l.bias[i]) + ", s + b = " + num(l.selectionScore[i]), e);
            }
            return;
        }
        DerivationStep& s = add(m_d.groups > 1 ? "Two-level softmax" : "Softmax", m_d.groups > 1 ? "hierarchical-gate" : "softmax", index);
        if (m_d.groups > 1) {
            line(s, "p_e = softmax(group logits)_g(e) x softmax within group g(l)_e");
            for (std::size_t g = 0; g < l.groupProbs.size(); ++g)
                line(s, "group " + std::to_string(g + 1) + ": share of p = " + num(l.groupProbs[g]));
        } else {
            line(s, "p_e = exp(l_e) / sum_j exp(l_j)");
        }
        for (int e = 0; e < l.experts; ++e) line(s, "p_" + std::to_string(e + 1) + " = " + num(l.probs[static_cast<std::size_t>(e)]), e);
        if (m_d.router == RouterKind::NoisyTopK) {
            DerivationStep& n = add("Noise (training only)", "noisy-top-k", index);
            line(n, "In training H = l + N(0, 1) x sigma, sigma = softplus(" + std::string(m_d.mode == MoeMode::Block ? "z" : "x") +
                        " W_noise + b_noise) + 0.01. At inference the noise is zero, so H = l.");
            for (int e = 0; e < l.experts; ++e)
                line(n, "sigma_" + std::to_string(e + 1) + " = " + num(l.noiseScale[static_cast<std::size_t>(e)]) + " (not used now)", e);
        }
    }

    bool isChosen(const LayerDerivation& l, int e) const {
        return std::any_of(l.chosen.begin(), l.chosen.end(), [&](const ExpertTerm& t) { return t.expert == e; });
    }

    void selection(const LayerDerivation& l, int index) {
        switch (m_d.router) {
            case RouterKind::Dense: {
                DerivationStep& s = add("Selection: every expert", "dense-router", index);
                line(s, "The dense gate uses all " + std::to_string(l.experts) + " experts.");
                return;
            }
            case RouterKind::TopP: return topP(l, index);
            case RouterKind::ExpertChoice: return expertChoice(l, index);
            case RouterKind::Hash: return hash(l, index);
            default: break;
        }
        const std::string what = m_d.router == RouterKind::NoisyTopK ? "H" : m_d.router == RouterKind::SigmoidBias ? "s + b" : "p";
        const std::string id = m_d.router == RouterKind::Switch ? "switch-routing" : "top-k";
        const int k = m_d.router == RouterKind::Switch ? 1 : l.k;
        DerivationStep& s = add("Selection: the " + std::to_string(k) + " largest " + what, id, index);
        for (std::size_t r = 0; r < l.ranking.size(); ++r) {
            const int e = l.ranking[r];
            const bool chosen = isChosen(l, e);
            line(s, std::to_string(r + 1) + ". " + expertName(e) + ": " + what + " = " + num(l.selectionScore[static_cast<std::size_t>(e)]) +
                        (chosen ? "  <- chosen" : ""), e, chosen);
        }
    }

    void topP(const LayerDerivation& l, int index) {
        DerivationStep& s = add("Selection: running sum of p against " + num(m_d.topPThreshold), "top-p", index);
        line(s, "Experts in descending p, up to and including the first whose running sum exceeds the threshold.");
        for (const ExpertTerm& t : l.chosen) {
            const bool last = t.runningSum > m_d.topPThreshold;
            line(s, expertName(t.expert) + ": p = " + num(t.gate) + ", running sum " + num(t.runningSum) +
                        (last ? " > " + num(m_d.topPThreshold) + ": included, stop" : " <= " + num(m_d.topPThreshold) + ": included, go on"),
                 t.expert, true);
        }
    }

    void expertChoice(const LayerDerivation& l, int index) {
        DerivationStep& s = add("Selection: the experts that chose this input", "expert-choice", index);
        line(s, "Each expert takes the C = round(T c / E) = round(" + std::to_string(m_d.batchSamples) + " x " +
                    num(m_d.expertChoiceFactor) + " / " + std::to_string(l.experts) + ") = " + std::to_string(l.capacity) +
                    " inputs of the batch with the highest p for it.");
        for (const ExpertTerm& t : l.chosen)
            line(s, expertName(t.expert) + ": this input's p = " + num(t.gate) + " is number " + std::to_string(t.batchRank + 1) +
                        " of " + std::to_string(m_d.batchSamples) + " (its C-th highest is " + num(t.cutoff) + "): chosen",
                 t.expert, true);
        std::string others;
        for (int e = 0; e < l.experts; ++e)
            if (!isChosen(l, e)) others += (others.empty() ? "" : ", ") + std::to_string(e + 1);
        line(s, others.empty() ? "Every expert chose this input." : "Not among the C highest of experts " + others + ".");
    }

    void hash(const LayerDerivation& l, int index) {
        DerivationStep& s = add("Selection: a fixed hash", "hash-router", index);
        if (l.chosen.empty()) return;
        line(s, "first = FNV-1a hash of the input's bytes mod " + std::to_string(l.experts) + " = " + std::to_string(l.chosen.front().expert + 1) +
                    ", then the next " + std::to_string(l.chosen.size() - 1) + " cyclically (not learned)");
        for (const ExpertTerm& t : l.chosen) line(s, expertName(t.expert) + ": chosen", t.expert, true);
    }

    std::string rule(const LayerDerivation& l, const ExpertTerm& t) const {
        const std::string e = std::to_string(t.expert + 1);
        switch (m_d.router) {
            case RouterKind::SoftmaxTopK:
                if (!m_d.renormalize) return "w_" + e + " = p_" + e + " (raw)";
                [[fallthrough]];
            case RouterKind::NoisyTopK: {
                float sum = 0.0f;
                for (const ExpertTerm& c : l.chosen) sum += c.gate;
                return "w_" + e + " = p_" + e + " / sum of the chosen p = " + num(t.gate) + " / " + num(sum);
            }
            case RouterKind::SigmoidBias: {
                float sum = 0.0f;
                for (const ExpertTerm& c : l.chosen) sum += l.sigmoid[static_cast<std::size_t>(c.expert)];
                return "w_" + e + " = s_" + e + " / sum of the chosen s = " + num(l.sigmoid[static_cast<std::size_t>(t.expert)]) + " / " + num(sum);
            }
            case RouterKind::Hash: return "w_" + e + " = 1 / k";
            default: return "w_" + e + " = p_" + e + " (raw)";
        }
    }

    void weights(const LayerDerivation& l, int index) {
        const bool renorm = m_d.renormalize || m_d.router == RouterKind::NoisyTopK || m_d.router == RouterKind::SigmoidBias;
        DerivationStep& s = add("Combine weights", renorm ? "renormalisation" : "combine-weight", index);
        for (const ExpertTerm& t : l.chosen) {
            std::string text = rule(l, t) + " = " + num(t.ruleWeight);
            if (!t.kept) text += "; dropped by capacity: w = 0";
            else if (t.weight != t.ruleWeight) text += "; after capacity " + num(t.weight);
            line(s, text, t.expert, true);
        }
        if (l.capacity > 0 && m_d.router != RouterKind::ExpertChoice) {
            DerivationStep& c = add("Capacity", "capacity", index);
            line(c, "C = " + std::to_string(l.capacity) + " assignments per expert in this batch of T = " + std::to_string(m_d.batchSamples) + ".");
            const long dropped = std::count_if(l.chosen.begin(), l.chosen.end(), [](const ExpertTerm& t) { return !t.kept; });
            line(c, dropped == 0 ? "Every assignment of this input fitted."
                                 : std::to_string(dropped) + " of its assignments were dropped; the kept weights are " +
                                       (m_d.renormalizeAfterDrop ? "renormalised over the survivors." : "not renormalised again."));
        }
    }

    void experts(const LayerDerivation& l, const std::string& x, int index) {
        DerivationStep& s = add("Each chosen expert's output", "expert", index);
        for (const ExpertTerm& t : l.chosen)
            line(s, t.kept ? "E_" + std::to_string(t.expert + 1) + "(" + x + ") = " + vec(t.output)
                           : expertName(t.expert) + " was dropped: it does not run for this input", t.expert, true);
        for (std::size_t i = 0; i < l.sharedOutputs.size(); ++i)
            line(s, "shared expert " + std::to_string(i + 1) + " (weight 1): " + vec(l.sharedOutputs[i]));
    }

    void combine(const LayerDerivation& l, const std::string& x, int index) {
        DerivationStep& s = add("Combine", "mixture-of-experts", index);
        std::string sum;
        for (const ExpertTerm& t : l.chosen)
            if (t.kept) sum += (sum.empty() ? "" : " + ") + num(t.weight) + " E_" + std::to_string(t.expert + 1) + "(" + x + ")";
        for (std::size_t i = 0; i < l.sharedOutputs.size(); ++i) sum += (sum.empty() ? "" : " + ") + std::string("shared ") + std::to_string(i + 1);
        line(s, "y = sum_i w_i E_i(" + x + ") = " + (sum.empty() ? std::string("0 (no expert kept)") : sum));
        line(s, "y = " + vec(l.combined));
        if (m_d.mode == MoeMode::Block) {
            DerivationStep& r = add("Residual", "residual-block", index);
            line(r, "z_" + std::to_string(index + 1) + " = " + x + " + y = " + vec(l.residualOutput));
        }
    }

    void prediction() {
        const bool classification = m_d.task == Task::Classification;
        DerivationStep& s = add("Output and prediction", classification ? "softmax" : "mse", -1);
        if (m_d.mode == MoeMode::Block)
            line(s, "output = z_" + std::to_string(m_d.layers.size()) + " W_head + b_head (W_head: " +
                        shape(m_d.modelWidth, static_cast<int>(m_d.output.size())) + ") = " + vec(m_d.output));
        else if (classification && m_d.mixtureLoss == MixtureLoss::Competitive)
            line(s, "competitive mixture: output = log sum_i w_i softmax(E_i(x)) = " + vec(m_d.output));
        else
            line(s, "output = y = " + vec(m_d.output));
        if (classification) {
            line(s, "class probabilities = softmax(output):");
            for (std::size_t c = 0; c < m_d.classProbabilities.size(); ++c) {
                const std::string name = c < m_d.classNames.size() ? m_d.classNames[c] : "class " + std::to_string(c + 1);
                line(s, "  " + name + ": " + num(m_d.classProbabilities[c]) + (static_cast<int>(c) == m_d.predictedClass ? "  <- predicted" : ""));
            }
        } else {
            line(s, "prediction = target mean + target sd x output = " + num(m_d.predictedValue));
        }
    }

    void cost() {
        DerivationStep& s = add("Cost of this input", "flops", -1);
        line(s, "This input: " + flops(m_d.flops) + " (gate, the experts it used, combine" +
                    (m_d.mode == MoeMode::Block ? ", embedding, head, residual adds)" : ")"));
        line(s, "The MoE on average: " + flops(m_d.flopsMoe));
        line(s, "Dense, equal parameters: " + flops(m_d.flopsDenseEqualParams) +
                    (m_d.flopsDenseEqualParams > 0 ? "; saving for this input 1 - " + flops(m_d.flops) + " / " +
                                                         flops(m_d.flopsDenseEqualParams) + " = " + percent(1.0 - m_d.flops / m_d.flopsDenseEqualParams)
                                                   : ""));
        line(s, "Dense, equal compute: " + flops(m_d.flopsDenseEqualCompute));
    }

    const RoutingDerivation& m_d;
    std::vector<DerivationStep> m_steps;
};

}  // namespace

std::string formatNumber(double v) {
    if (!std::isfinite(v)) return "n/a";
    char buffer[48];
    const double a = std::fabs(v);
    if (a != 0.0 && (a >= 1e6 || a < 1e-4)) std::snprintf(buffer, sizeof buffer, "%.3e", v);
    else if (a >= 1000.0) std::snprintf(buffer, sizeof buffer, "%.0f", v);
    else std::snprintf(buffer, sizeof buffer, "%.4f", v);
    std::string s = buffer;
    return s == "-0.0000" ? "0.0000" : s;
}

std::vector<DerivationStep> derivationSteps(const RoutingDerivation& d) { return Builder(d).build(); }

std::string derivationText(const std::vector<DerivationStep>& steps, const Glossary* glossary) {
    std::string out;
    std::vector<const GlossaryEntry*> linked;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < steps.size(); ++i) {
        const DerivationStep& s = steps[i];
        const GlossaryEntry* e = glossary ? glossary->find(s.glossaryId) : nullptr;
        out += std::to_string(i + 1) + ". " + s.title;
        out += "  [glossary: " + (e ? e->term : s.glossaryId) + "]\n";
        for (const DerivationLine& l : s.lines) out += "   " + l.text + "\n";
        if (e && seen.insert(e->id).second) linked.push_back(e);
    }
    if (!linked.empty()) {
        out += "\nGlossary\n";
        for (const GlossaryEntry* e : linked) {
            out += "  " + e->term + ": " + e->definition + "\n";
            if (!e->formula.empty()) out += "    " + e->formula + "\n";
        }
    }
    return out;
}

}  // namespace moe
