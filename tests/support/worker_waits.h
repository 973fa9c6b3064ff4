#pragma once
// How long a GUI test waits for the training worker to build a model or answer: ctest runs
// two tests at once, often next to a build, on 2 cores, where building the default setup
// was seen to take 8 s (QTRY's default wait is 5 s). A wait that is long only when the
// machine is slow costs nothing when it is not.
namespace moe::testing {
inline constexpr int kWorkerWaitMs = 60000;
}  // namespace moe::testing
