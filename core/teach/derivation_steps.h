#pragma once
// Intended usage: a RoutingDerivation (routing_derivation.h) as the numbered steps a
// learner reads: each step has a title, the glossary entry it explains, and lines of
// arithmetic with the real numbers; a line about one expert carries that expert's index,
// so a view can highlight it as the learner hovers that expert's gate bar (and back).
//
//   std::vector<DerivationStep> steps = derivationSteps(derivation);
//   std::string text = derivationText(steps, &glossary);   // Copy as text
//
// Experts are numbered from 1 in the text, as everywhere on screen; DerivationLine::expert
// is the 0-based index. Numbers are written with 4 decimals (scientific notation when very
// large or small); vectors longer than kShownEntries show their first entries and a count.

#include "core/teach/glossary.h"
#include "core/teach/routing_derivation.h"

#include <string>
#include <vector>

namespace moe {

struct DerivationLine {
    std::string text;
    int expert = -1;     ///< the 0-based expert this line is about, or -1
    bool chosen = false; ///< the line marks an expert the selection chose (a top-k mark)
};

struct DerivationStep {
    std::string title;       ///< "Block 2 - combine weights"
    std::string glossaryId;  ///< the entry that explains this step (exists in the shipped glossary)
    int layer = -1;          ///< the MoE layer, or -1 for steps outside the layers
    std::vector<DerivationLine> lines;
};

/// Entries of a vector written out before "... (N in all)".
inline constexpr std::size_t kShownEntries = 8;

std::vector<DerivationStep> derivationSteps(const RoutingDerivation& d);

/// Plain text: "1. Title  [glossary: Term]" then the lines indented; with `glossary`, the
/// term's name, and a closing list of the linked entries with their definitions.
std::string derivationText(const std::vector<DerivationStep>& steps, const Glossary* glossary);

/// A number as the steps write it.
std::string formatNumber(double v);

}  // namespace moe
