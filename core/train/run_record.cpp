#include "core/train/run_record.h"

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
