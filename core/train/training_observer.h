#pragma once
// Intended usage: implement this to watch a run. The Experiment calls it on the training
// thread; returning false stops the run at the next batch boundary (cancellation). Keep
// the callbacks short: copy the snapshot out and return.
//
//   struct Printer : TrainingObserver {
//       bool onEpoch(const EpochSnapshot& s) override { std::cerr << s.epoch << '\n'; return true; }
//   };

#include "core/train/snapshot.h"

namespace moe {

class TrainingObserver {
public:
    virtual ~TrainingObserver() = default;
    /// Called after every batch; return false to stop. Cheap: a flag check is expected.
    virtual bool onBatch(const BatchProgress& progress) { (void)progress; return true; }
    /// Called after every completed epoch; return false to stop.
    virtual bool onEpoch(const EpochSnapshot& snapshot) = 0;
};

}  // namespace moe
