#pragma once
// Intended usage: the figures measureLatency() (core/cost/latency.h) produces, as plain
// values with no Eigen, so they can travel to the GUI and into reports cheaply.
//
//   LatencyReport r = experiment.measureLatency(128);
//   double moeThroughput = r.moe.batch.samplesPerSecond();

namespace moe {

struct LatencyOptions {
    int warmup = 3;                  ///< untimed forwards first
    int repeats = 7;                 ///< timed measurements; the fastest is reported
    double minRepeatSeconds = 0.004; ///< each measurement runs >= this long (several forwards)
    double budgetSeconds = 0.25;     ///< stop adding repeats beyond this (at least 1 is kept)
};

struct Latency {
    int batch = 0;                   ///< rows per forward
    double secondsPerBatch = 0.0;    ///< wall time of one forward of `batch` rows, fastest repeat
    int repeats = 0;                 ///< timed measurements taken
    int forwardsPerRepeat = 0;
    double secondsPerSample() const { return batch > 0 ? secondsPerBatch / batch : 0.0; }
    double samplesPerSecond() const { return secondsPerBatch > 0.0 ? batch / secondsPerBatch : 0.0; }
};

/// Latency of one model for a single sample and for a batch.
struct ModelLatency {
    Latency single;                  ///< batch 1
    Latency batch;                   ///< the batch size the report names
};

/// The three models of a run, measured alike.
struct LatencyReport {
    ModelLatency moe;
    ModelLatency denseEqualParams;
    ModelLatency denseEqualCompute;
    int threads = 0;                 ///< threads the models' math could use
};

}  // namespace moe
