#include "core/util/thread_priority.h"

#if defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace moe {

#if defined(__linux__)

// On Linux each thread has its own nice value, addressed by its kernel thread id.
long currentThreadId() { return static_cast<long>(syscall(SYS_gettid)); }

namespace {
bool niceOf(long threadId, int* nice) {
    errno = 0;
    *nice = getpriority(PRIO_PROCESS, static_cast<id_t>(threadId));
    return errno == 0;
}
}  // namespace

int currentThreadNice() {
    int nice = 0;
    return niceOf(currentThreadId(), &nice) ? nice : 0;
}

bool lowerThreadPriority(long threadId, int nice) {
    int now = 0;
    if (!niceOf(threadId, &now)) return false;  // no such thread (it ended)
    if (now >= nice) return true;
    return setpriority(PRIO_PROCESS, static_cast<id_t>(threadId), nice) == 0;
}

#else

long currentThreadId() { return 0; }
int currentThreadNice() { return 0; }
bool lowerThreadPriority(long, int) { return false; }

#endif

bool lowerCurrentThreadPriority(int nice) { return lowerThreadPriority(currentThreadId(), nice); }

}  // namespace moe
