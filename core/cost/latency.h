#pragma once
// Intended usage: inference latency and throughput of a model measured on this machine:
// warm-up forwards (caches, workspaces, the thread pool), then timed repeats of which the
// fastest is reported (other programs only ever add time), each repeat running enough forwards to last at least minRepeatSeconds so
// the clock's resolution does not matter. Run it where nothing else uses the model - a
// copy, or the trainer's own thread between epochs - and inside the task arena whose
// thread count the figures should reflect.
//
//   Latency one = measureLatency(model, firstRow);        // X: 1 x inputs
//   Latency many = measureLatency(model, batchOf128);     // X: 128 x inputs
//   double perSample = many.secondsPerSample();           // = secondsPerBatch / 128

#include "core/cost/latency_report.h"
#include "core/model/model.h"

namespace moe {

/// Times model.forward(X, Phase::Inference); X: batch x model.inputs(), batch >= 1.
Latency measureLatency(Model& model, const Matrix& X, const LatencyOptions& options = {});

}  // namespace moe
