#pragma once
// Shared by the view tests that train through a real TrainingController: a generated
// dataset and a run to the end (the view under test follows the controller's signals).
#include "tests/support/worker_waits.h"
#include "core/data/generators.h"
#include "ui/training/training_controller.h"

#include <QSignalSpy>
#include <QTest>

namespace moe::ui::testing {

inline moe::Dataset generate(const char* name, int samples) {
    moe::GeneratorParams p;
    p.name = name;
    p.samples = samples;
    return moe::generateDataset(p).value();
}

/// Builds `config` on `data`, trains every epoch and waits for the end (QTest macros: call
/// it directly from a test function, then check QTest::currentTestFailed()).
inline void trainToTheEnd(TrainingController& c, const moe::Dataset& data, const moe::RunConfig& config) {
    c.setSetup(data, config);
    QTRY_VERIFY_WITH_TIMEOUT(c.state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(&c, &TrainingController::runEnded);
    c.train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
}

}  // namespace moe::ui::testing
