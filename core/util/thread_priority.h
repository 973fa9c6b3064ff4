#pragma once
// Intended usage: a program that must stay interactive while training keeps every core
// busy (the GUI) lowers the scheduling priority of the threads that do the training, so
// the operating system runs its own thread first whenever it has work:
//
//   moe::lowerCurrentThreadPriority(moe::kBackgroundNice);   // on the training thread
//   experiment->lowerWorkerPriority(moe::kBackgroundNice);   // the oneTBB workers it uses
//
// The results do not change, only who gets a core first when both want one. On Linux this
// is the thread's nice value; elsewhere the calls do nothing and return false. Priority is
// only ever lowered: an unprivileged process may not raise it back.

namespace moe {

/// A nice value that leaves an interactive thread (nice 0) about nine tenths of a shared
/// core under the Linux scheduler's weights, while an otherwise idle machine still gives
/// the training every cycle.
inline constexpr int kBackgroundNice = 10;

/// The operating system's id of the calling thread (Linux: its kernel thread id; 0 elsewhere).
long currentThreadId();

/// Raises the nice value of thread `threadId` of this process to at least `nice` (never
/// lowers it). Returns true if the thread now runs at that nice value or a weaker priority.
bool lowerThreadPriority(long threadId, int nice);

/// lowerThreadPriority() of the calling thread.
bool lowerCurrentThreadPriority(int nice);

/// The calling thread's nice value, or 0 where threads have none.
int currentThreadNice();

}  // namespace moe
