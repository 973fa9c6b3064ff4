#include "core/train/run_record.h"

#include "core/train/experiment.h"

#include <cassert>
#include <ctime>

namespace moe {

const char* runEndName(RunEnd end) {
    switch (end) {
    case RunEnd::Finished: return "finished";
    case RunEnd::Stopped: return "stopped";
    }
    return "finished";
}

EpochSnapshot RunRecord::result() const {
    return end == RunEnd::Finished ? keptSnapshot(history) : lastEpochResult(history);
}

bool everyModelEnded(const EpochSnapshot& last) {
    const auto ended = [](const ModelMetrics& m) { return m.stoppedEarly || m.diverged; };
    return ended(last.moe) && ended(last.denseEqualParams) && ended(last.denseEqualCompute);
}

std::string scoresEpochNote(const ModelMetrics& m, int epochsCompleted, bool runStopped) {
    if (runStopped && !m.stoppedEarly && !m.diverged)
        return "epoch " + std::to_string(epochsCompleted) + ", the last (the run was stopped)";
    if (m.bestEpoch < 0) return {};
    const std::string epoch = "epoch " + std::to_string(m.bestEpoch);
    if (m.diverged) return epoch + ", the best before training diverged";
    if (m.stoppedEarly) return epoch + ", the lowest validation loss; stopped early";
    if (m.bestEpoch < epochsCompleted) return epoch + ", the lowest validation loss";
    return epoch + ", the last";
}

std::string isoUtc(std::chrono::system_clock::time_point t) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(t);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return std::string(text, n);
}

RunRecord makeRunRecord(const Dataset& data, const RunConfig& config, const CostReport& cost,
                        std::vector<EpochSnapshot> history, RunEnd end,
                        std::chrono::system_clock::time_point endedAt) {
    assert(!history.empty());
    RunRecord r;
    r.datasetName = data.name;
    r.task = data.task;
    r.samples = data.rows;
    r.features = data.cols;
    r.classes = data.task == Task::Classification ? data.classCount() : 0;
    r.config = config;
    r.cost = cost;
    r.history = std::move(history);
    r.end = end;
    r.endedAt = isoUtc(endedAt);
    return r;
}

}  // namespace moe
