#pragma once
// Intended usage: one or two plain sentences on what a run configuration does to each
// input - how many experts it runs and what share of the experts' compute that is, how
// the router picks them, and what the shape and capacity add. Shown under the settings.
//
//   label->setText(moe::ui::configSummary(panel->config()));

#include "core/train/run_config.h"

#include <QString>

namespace moe::ui {

QString configSummary(const moe::RunConfig& config);

}  // namespace moe::ui
