// Tests core/util/thread_priority.*, core/util/worker_priority.* and
// Experiment::lowerWorkerPriority: the nice value only ever goes up, only on the threads
// asked for, and training gives the same bits.
#include "core/train/experiment.h"
#include "core/util/thread_priority.h"
#include "core/util/worker_priority.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <array>
#include <atomic>
#include <functional>
#include <chrono>
#include <thread>
#include <vector>

using namespace moe;

// For the sanitizer build: oneTBB keeps an observer's bookkeeping record (40 bytes) for the
// worker thread it notified last, and frees it at that thread's next notification in the
// same arena; when the arena goes first, as the arenas of these tests do, LeakSanitizer
// reports the record. It is oneTBB's own, allocated in its observe(); nothing else is
// suppressed. (LeakSanitizer calls this hook; other builds never do.)
extern "C" const char* __lsan_default_suppressions();
extern "C" const char* __lsan_default_suppressions() { return "leak:tbb::detail::r1::observe\n"; }

namespace {

/// What one of two chunks of a parallel loop saw.
struct ChunkSeen {
    long thread = 0;
    int nice = -100;
};

/// Runs two chunks of a loop in `arena` that each wait until both have started (so a worker
/// thread must have joined), then call `whileBothInside` once from the first chunk to start,
/// wait for it, and report their thread and nice value. False if no second thread joined
/// within 20 s.
bool runOnTwoThreads(tbb::task_arena& arena, std::array<ChunkSeen, 2>& seen,
                     const std::function<void()>& whileBothInside = {}) {
    std::atomic<int> started{0};
    std::atomic<bool> released{false};
    std::atomic<bool> timedOut{false};
    std::atomic<int> order{0};
    arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<int>(0, 2, 1), [&](const tbb::blocked_range<int>& r) {
            for (int i = r.begin(); i != r.end(); ++i) {
                started.fetch_add(1);
                const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
                while (started.load() < 2 && !timedOut.load()) {
                    if (std::chrono::steady_clock::now() > deadline) timedOut = true;
                    std::this_thread::yield();
                }
                if (order.fetch_add(1) == 0) {
                    if (whileBothInside) whileBothInside();
                    released = true;
                }
                while (!released.load() && !timedOut.load()) std::this_thread::yield();
                seen[static_cast<std::size_t>(i)] = {currentThreadId(), currentThreadNice()};
            }
        }, tbb::simple_partitioner());
    });
    return !timedOut.load();
}

}  // namespace

class TstThreadPriority : public QObject {
    Q_OBJECT
private slots:
    void lowersOnlyTheCallingThread_data() {
        QTest::addColumn<int>("first");
        QTest::addColumn<int>("second");
        QTest::addColumn<int>("expected");
        QTest::newRow("once") << 5 << 5 << 5;
        QTest::newRow("higher again") << 3 << 9 << 9;
        QTest::newRow("never raised back") << 8 << 2 << 8;
    }
    void lowersOnlyTheCallingThread() {
#if !defined(__linux__)
        QSKIP("thread nice values exist on Linux only");
#endif
        QFETCH(int, first);
        QFETCH(int, second);
        QFETCH(int, expected);
        const int mainBefore = currentThreadNice();
        if (mainBefore >= first) QSKIP("the test already runs at this nice value or weaker");
        int seen = -100;
        bool firstOk = false, secondOk = false;
        std::thread t([&] {
            firstOk = lowerCurrentThreadPriority(first);
            secondOk = lowerCurrentThreadPriority(second);
            seen = currentThreadNice();
        });
        t.join();
        QVERIFY(firstOk);
        QVERIFY(secondOk);
        QCOMPARE(seen, expected);
        QCOMPARE(currentThreadNice(), mainBefore);
    }

    void workerPriorityLowersWorkersNotCallers_data() {
        QTest::addColumn<bool>("lowerWhileInside");
        QTest::newRow("workers that join later") << false;
        QTest::newRow("workers already inside") << true;
    }
    void workerPriorityLowersWorkersNotCallers() {
#if !defined(__linux__)
        QSKIP("thread nice values exist on Linux only");
#endif
        if (std::thread::hardware_concurrency() < 2) QSKIP("one core: an arena has no worker thread");
        QFETCH(bool, lowerWhileInside);
        const int callerBefore = currentThreadNice();
        const int background = callerBefore + 6 + (lowerWhileInside ? 1 : 0);
        tbb::task_arena arena(2);
        WorkerPriority priority(arena);
        std::array<ChunkSeen, 2> seen{};
        if (lowerWhileInside) {
            QVERIFY2(runOnTwoThreads(arena, seen, [&] { priority.lower(background); }),
                     "no worker thread joined the arena");
        } else {
            priority.lower(background);
            QVERIFY2(runOnTwoThreads(arena, seen), "no worker thread joined the arena");
        }
        const long caller = currentThreadId();
        QVERIFY(seen[0].thread != seen[1].thread);
        for (const ChunkSeen& chunk : seen) {
            if (chunk.thread == caller) QCOMPARE(chunk.nice, callerBefore);
            else QCOMPARE(chunk.nice, background);
        }
        QCOMPARE(currentThreadNice(), callerBefore);
    }

    void experimentKeepsTheBitsAndTheCallersPriority() {
        // Whether oneTBB's worker joins a small run at all is up to its scheduler, so which
        // threads end up lowered is checked above, on an arena that needs two threads.
        const Dataset data = testing::generated("spirals", 600, 3);
        RunConfig config = testing::tinyConfig(4, 32, 21);
        config.train.threads = 2;
        const int callerBefore = currentThreadNice();
        const EpochSnapshot plain = testing::trained(data, config)->snapshot();
        auto created = Experiment::create(data, config);
        QVERIFY(created);
        std::unique_ptr<Experiment> lowered = std::move(created).value();
        lowered->lowerWorkerPriority(callerBefore + 8);
        testing::RunToTheEnd observer;
        QVERIFY(lowered->run(observer));
        QCOMPARE(currentThreadNice(), callerBefore);
        // Who runs first changes, the arithmetic does not.
        QCOMPARE(lowered->snapshot().moe.testLoss, plain.moe.testLoss);
        QCOMPARE(lowered->snapshot().moe.testAccuracy, plain.moe.testAccuracy);
        QCOMPARE(lowered->snapshot().denseEqualCompute.testLoss, plain.denseEqualCompute.testLoss);
    }
};

QTEST_APPLESS_MAIN(TstThreadPriority)
#include "tst_thread_priority.moc"
