#pragma once
// Intended usage: the figures of the At scale page from its input, checked as `moe cost`
// checks its options, so the page and the command line agree on every number and refuse the
// same things with the same field names.
//
//   const AtScaleFigures f = computeAtScale(input);
//   if (!f.error.isEmpty()) form->markError(f.errorField, f.error);   // "moe.top_k: ..."
//   if (f.hasCost) bars->setCost(f.cost);  if (f.ep) grid->setEstimate(*f.ep);
//
// The cost needs a valid model and context; the expert-parallel estimate needs, on top,
// ranks between 1 and the routed experts, a placement that fits them, loads for every expert
// and positive rates. A failure of the second keeps the first.

#include "ui/training/report_input.h"

#include "core/scale/expert_parallel.h"
#include "core/scale/llm_cost.h"

#include <QColor>
#include <QList>
#include <QString>

#include <optional>

namespace moe::ui {

struct AtScaleFigures {
    bool hasCost = false;
    moe::LlmCost cost;
    moe::ExpertParallelSetup setup;
    std::optional<moe::ExpertParallelEstimate> ep;
    QString error;       ///< one line naming the field ("moe.top_k: cannot exceed ..."), empty: none
    QString errorField;  ///< the field the error is about ("moe.top_k", "ranks", "context")

    /// Weights one rank holds: everything but the routed experts on every rank, plus the
    /// routed experts of the rank with the most of them. Needs ep.
    double weightsBytesPerRank(moe::WeightDtype dtype) const;
};

AtScaleFigures computeAtScale(const AtScaleInput& input);

/// A chart of horizontal stacked bars (StackedBarsView draws it): groups of rows, each group
/// on its own scale, and a key of the segments' colours.
struct BarSegment {
    double value = 0.0;
    QColor color;
};
struct BarRow {
    QString label;
    QList<BarSegment> segments;
    QString valueText;  ///< written after the bar
};
struct BarGroup {
    QString title;
    QList<BarRow> rows;
};
struct BarKey {
    QString name;
    QColor color;
};
struct BarChart {
    QList<BarGroup> groups;
    QList<BarKey> key;
};

/// Parameters (total and active, by part) and decode FLOPs per token (by part) of the MoE
/// against the two dense baselines.
BarChart parameterFlopBars(const moe::LlmCost& cost);
/// Weights at fp32, bf16, fp8 and int4, with the KV cache of one sequence at each, and per
/// rank when `f.ep` is there.
BarChart memoryBars(const AtScaleFigures& f);
/// One MoE layer's step: the busiest rank's compute and all-to-all in turn, overlapped, and
/// the compute if every rank had the mean load. Needs f.ep.
BarChart stepTimeBars(const AtScaleFigures& f);

/// 46.70B, 926.68M: a parameter count as model cards write it.
QString formatParams(double count);
/// 93.41 GB, 512 B (decimal prefixes, as `moe cost` prints them).
QString formatBytes(double bytes);
/// 1.23 TFLOP, 45.6 GFLOP.
QString formatFlops(double flops);
/// 1.234 ms, 56.7 µs.
QString formatSeconds(double seconds);
/// The display name of a part of the model ("routed experts").
QString partLabel(int part);

}  // namespace moe::ui
