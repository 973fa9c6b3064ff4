#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace moe {

double scheduledLearningRate(const TrainConfig& config, long step, long totalSteps) {
    const double lr = config.learningRate;
    if (config.lrSchedule == LrSchedule::Constant || totalSteps <= 1) return lr;
    const long warmup = std::max(1L, std::lround(kWarmupShare * static_cast<double>(totalSteps)));
    if (step < warmup) return lr * static_cast<double>(step + 1) / static_cast<double>(warmup);
    const long decaySteps = std::max(1L, totalSteps - warmup);
    const double progress = std::min(1.0, static_cast<double>(step - warmup) / static_cast<double>(decaySteps));
    return lr * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

}  // namespace moe
