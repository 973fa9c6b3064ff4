#pragma once
// Intended usage: lower the scheduling priority of the oneTBB worker threads that work in
// one arena - those inside it now and every one that joins later - while the threads that
// call into the arena keep theirs (core/util/thread_priority.h says why and how far):
//
//   tbb::task_arena arena(threads);
//   WorkerPriority priority(arena);        // observes from now on; the arena must outlive it
//   priority.lower(kBackgroundNice);       // at any time, from any thread
//
// oneTBB's workers are shared by the whole process, so a lowered worker stays lowered when
// it later works in another arena.

#include <tbb/task_arena.h>
#include <tbb/task_scheduler_observer.h>

#include <mutex>
#include <optional>
#include <vector>

namespace moe {

class WorkerPriority : public tbb::task_scheduler_observer {
public:
    /// Starts observing `arena` (initialising it if it is not yet).
    explicit WorkerPriority(tbb::task_arena& arena);
    ~WorkerPriority() override;
    WorkerPriority(const WorkerPriority&) = delete;
    WorkerPriority& operator=(const WorkerPriority&) = delete;

    /// Raises the nice value of every worker now in the arena, and of each that joins
    /// later, to at least `nice`.
    void lower(int nice);

    void on_scheduler_entry(bool isWorker) override;
    void on_scheduler_exit(bool isWorker) override;

private:
    std::mutex m_mutex;
    std::vector<long> m_inside;    // thread ids of the workers now in the arena
    std::optional<int> m_nice;     // set by lower()
};

}  // namespace moe
