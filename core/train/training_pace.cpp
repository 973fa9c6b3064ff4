#include "core/train/training_pace.h"

#include <algorithm>
#include <thread>

namespace moe {
namespace {

// A slice short enough that a stop is seen within a frame (<= 20 Hz views).
constexpr std::chrono::milliseconds kSlice{10};

}  // namespace

const char* speedName(TrainingSpeed s) {
    switch (s) {
        case TrainingSpeed::Full: return "full";
        case TrainingSpeed::Fast: return "fast";
        case TrainingSpeed::Moderate: return "moderate";
        case TrainingSpeed::Slow: return "slow";
    }
    return "full";
}

std::optional<TrainingSpeed> parseSpeed(const std::string& name) {
    for (TrainingSpeed s : allSpeeds())
        if (name == speedName(s)) return s;
    return std::nullopt;
}

const char* speedLabel(TrainingSpeed s) {
    switch (s) {
        case TrainingSpeed::Full: return "Full speed";
        case TrainingSpeed::Fast: return "~10 epochs/s";
        case TrainingSpeed::Moderate: return "~3 epochs/s";
        case TrainingSpeed::Slow: return "Slow motion, ~1 epoch/s";
    }
    return "";
}

const std::vector<TrainingSpeed>& allSpeeds() {
    static const std::vector<TrainingSpeed> all{TrainingSpeed::Full, TrainingSpeed::Fast, TrainingSpeed::Moderate,
                                                TrainingSpeed::Slow};
    return all;
}

double TrainingPace::epochSeconds() const {
    switch (m_speed) {
        case TrainingSpeed::Full: return 0.0;
        case TrainingSpeed::Fast: return 0.1;
        case TrainingSpeed::Moderate: return 1.0 / 3.0;
        case TrainingSpeed::Slow: return 1.0;
    }
    return 0.0;
}

TrainingPace::Duration TrainingPace::waitAfterBatch(int batch, int batches, Duration sinceEpochStart) const {
    if (m_speed == TrainingSpeed::Full || batches <= 0) return Duration::zero();
    const double share = static_cast<double>(std::clamp(batch, 0, batches)) / batches;
    const auto target = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(share * epochSeconds()));
    return std::max(Duration::zero(), target - sinceEpochStart);
}

bool TrainingPace::wait(Duration duration, const std::atomic<bool>& stop) {
    const auto end = std::chrono::steady_clock::now() + duration;
    while (!stop.load(std::memory_order_relaxed)) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= end) return true;
        std::this_thread::sleep_for(std::min<Duration>(end - now, kSlice));
    }
    return false;
}

}  // namespace moe
