#pragma once
// Intended usage: everything a run report shows, as values: the data, where it came from,
// the configuration, every epoch, the cost, the territory grid and the person's notes.
// The window fills it from its TrainingController, `moe train --report` from its
// Experiment, so both make the same report through RunReport.
//
//   ReportInput in = reportInputFromExperiment(experiment, "blobs (600 samples)");
//   in.notes = notesEdit->toPlainText();
//   RunReport report(in);

#include "core/cost/cost_report.h"
#include "core/data/dataset.h"
#include "core/train/run_config.h"
#include "core/train/snapshot.h"

#include <QString>

#include <vector>

namespace moe {
class Experiment;
}

namespace moe::ui {

struct ReportInput {
    moe::Dataset data;                        ///< the whole dataset: names, and points on the map
    QString source;                           ///< file name, or built-in name and parameters
    moe::RunConfig config;
    std::vector<moe::EpochSnapshot> history;  ///< epoch 0 (untrained) first when present
    moe::CostReport cost;
    moe::TerritoryGrid territory;             ///< empty: no map (data with fewer than two features)
    QString notes;                            ///< the person's own words, plain text
};

/// The territory of `experiment` on a grid of square cells (`cells` along the longer side),
/// as the window draws it: equal units on both axes. Empty for data with one feature.
moe::TerritoryGrid squareCellTerritory(const moe::Experiment& experiment, int cells);

/// The input of a finished (or stopped) Experiment, with a territory grid of `cells`
/// cells along the longer side (square cells, as the window draws it).
ReportInput reportInputFromExperiment(const moe::Experiment& experiment, const QString& source, int cells = 160);

}  // namespace moe::ui
