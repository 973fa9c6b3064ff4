#include "core/util/worker_priority.h"

#include "core/util/thread_priority.h"

#include <algorithm>

namespace moe {

namespace {
tbb::task_arena& initialized(tbb::task_arena& arena) {
    arena.initialize();  // an observer attaches to a live arena
    return arena;
}
}  // namespace

WorkerPriority::WorkerPriority(tbb::task_arena& arena) : tbb::task_scheduler_observer(initialized(arena)) {
    observe(true);
}

WorkerPriority::~WorkerPriority() { observe(false); }

void WorkerPriority::lower(int nice) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_nice = nice;
    for (long id : m_inside) lowerThreadPriority(id, nice);
}

void WorkerPriority::on_scheduler_entry(bool isWorker) {
    if (!isWorker) return;  // a thread calling into the arena keeps its priority
    const long id = currentThreadId();
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_inside.push_back(id);
    if (m_nice) lowerThreadPriority(id, *m_nice);
}

void WorkerPriority::on_scheduler_exit(bool isWorker) {
    if (!isWorker) return;
    const long id = currentThreadId();
    const std::lock_guard<std::mutex> lock(m_mutex);
    std::erase(m_inside, id);
}

}  // namespace moe
