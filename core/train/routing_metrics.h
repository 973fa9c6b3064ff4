#pragma once
// Intended usage: the load and specialisation metrics of moe-spec section 5, on plain counts,
// shared by the evaluation of a trained model (evaluate.h) and the statistics of a recorded
// routing trace (core/trace/trace_stats.h), so both report the same numbers by the same
// conventions.
//
//   std::vector<double> f = loadFractions(counts);        // E counts -> E fractions
//   double cv = coefficientOfVariation(counts);           // population std / mean
//   double nmi = normalisedMutualInformation(joint);      // classes x E counts

#include <vector>

namespace moe {

/// Population coefficient of variation of E counts (std / mean), 0 when all are zero.
double coefficientOfVariation(const std::vector<double>& counts);
double coefficientOfVariation(const std::vector<int>& counts);

/// E counts as E fractions of their sum (all 0 when the sum is 0).
std::vector<double> loadFractions(const std::vector<double>& counts);
std::vector<double> loadFractions(const std::vector<int>& counts);

/// MaxVio = (max load - mean load) / mean load of E counts; 0 when all are zero.
double maxViolation(const std::vector<double>& counts);

/// Usage entropy -sum f ln f / ln E of E fractions f (1 = balanced; 1 for E = 1).
double usageEntropy(const std::vector<double>& fractions);

/// I(row; column) / H(row) from a joint table of counts (rows x columns, e.g. classes x
/// experts); NaN when the table is empty or H(row) is 0.
double normalisedMutualInformation(const std::vector<std::vector<double>>& joint);

}  // namespace moe
