#include "ui/training/report_input.h"

#include "core/train/experiment.h"
#include "ui/training/training_worker.h"

#include <algorithm>
#include <cmath>

namespace moe::ui {

moe::TerritoryGrid squareCellTerritory(const moe::Experiment& experiment, int cells) {
    if (experiment.data().cols < 2) return {};
    moe::GridSpec spec = experiment.defaultGrid(cells, cells);
    const double w = spec.xMax - spec.xMin;
    const double h = spec.yMax - spec.yMin;
    if (w > 0.0 && h > 0.0) {
        const double perUnit = cells / std::max(w, h);
        spec.width = std::clamp(static_cast<int>(std::lround(w * perUnit)), 16, cells);
        spec.height = std::clamp(static_cast<int>(std::lround(h * perUnit)), 16, cells);
    }
    return experiment.territory(spec);
}

ReportInput reportInputFromExperiment(const moe::Experiment& experiment, const moe::DatasetSource& origin, int cells) {
    ReportInput in;
    in.data = experiment.data();
    in.origin = origin;
    in.config = experiment.config();
    in.history = experiment.history();
    in.result = experiment.snapshot();
    in.cost = experiment.cost();
    in.topK = experiment.topKSweep();
    in.gateMatrices = experiment.gateMatrices();
    in.latency = experiment.measureLatency(TrainingWorker::kLatencyBatch, TrainingWorker::kLatencyOptions);
    in.territory = squareCellTerritory(experiment, cells);
    return in;
}

}  // namespace moe::ui
