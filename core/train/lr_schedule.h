#pragma once
// Intended usage: the learning rate of optimizer step `step` (0-based) of a run planned
// for `totalSteps` steps (epochs x batches per epoch). The Experiment sets it on each
// model's optimizer before every step.
//
//   opt.setLearningRate(scheduledLearningRate(config.train, step, totalSteps));
//
// Cosine: a linear warm-up from lr / W to lr over the first W = max(1, round(kWarmupShare x
// totalSteps)) steps, then lr x (1 + cos(pi x (step - W) / (totalSteps - W))) / 2, which
// falls to 0 at the last planned step (Loshchilov & Hutter 2017, SGDR, without restarts;
// the warm-up as in Goyal et al. 2017). An early stop ends the run before the decay does.

#include "core/train/run_config.h"

namespace moe {

inline constexpr double kWarmupShare = 0.05;

double scheduledLearningRate(const TrainConfig& config, long step, long totalSteps);

}  // namespace moe
