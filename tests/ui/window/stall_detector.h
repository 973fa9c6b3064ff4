// A stall detector for long GUI tests: when one step of the test has not returned after a
// limit, it writes what the step was, the events before it and whether the GUI thread's event
// loop still turns (a nested loop nobody ends) or not (the thread is blocked or busy), then the
// stacks of every thread (gdb, when installed) to stderr, and aborts. A hang then ends as a
// diagnosis within the limit instead of a bare timeout of the whole test.
//
//   StallDetector stalls(std::chrono::seconds(45));
//   stalls.note("click Train");      // GUI thread: what the next step does
//   stalls.stepBegan(); ...; stalls.stepEnded();
//   stalls.phase("final training", std::chrono::seconds(150));  // outside the steps
#pragma once

#include <QCoreApplication>
#include <QString>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#ifdef __linux__
#include <sys/prctl.h>
#include <unistd.h>
#endif

class StallDetector {
public:
    using Clock = std::chrono::steady_clock;

    explicit StallDetector(std::chrono::seconds limit) : m_limit(limit) {
        // The event loop's pulse: a timer of the GUI thread, which also fires inside nested
        // loops (exec of a dialog), so "the loop turns" and "the step returns" tell apart.
        m_pulse.setInterval(100);
        QObject::connect(&m_pulse, &QTimer::timeout, [this] { m_lastPulse = now(); });
        m_pulse.start();
        m_lastPulse = now();
        m_thread = std::thread([this] { watch(); });
    }
    ~StallDetector() {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_wake.notify_all();
        m_thread.join();
    }
    StallDetector(const StallDetector&) = delete;
    StallDetector& operator=(const StallDetector&) = delete;

    /// What the step under way does (GUI thread); the last 40 are kept for the diagnosis.
    void note(const QString& what) {
        std::lock_guard lock(m_mutex);
        m_recent.push_back(what.toStdString());
        if (m_recent.size() > 40) m_recent.pop_front();
    }
    void stepBegan(std::chrono::seconds limit) {
        m_stepLimitMs = std::chrono::milliseconds(limit).count();
        m_stepStart = now();
    }
    void stepBegan() { stepBegan(m_limit); }
    void stepEnded() { m_stepStart = 0; }
    /// A stretch of the test outside the steps (which may wait on purpose: give it the
    /// longest wait it holds), timed as one step until the next phase() or step.
    void phase(const QString& name, std::chrono::seconds limit) {
        note(QStringLiteral("phase: ") + name);
        stepBegan(limit);
    }

private:
    static long long now() {
        return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count();
    }

    void watch() {
        std::unique_lock lock(m_mutex);
        while (!m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_done; })) {
            const long long began = m_stepStart;
            const long long limitMs = m_stepLimitMs;
            if (began == 0 || now() - began < limitMs) continue;
            const long long sincePulse = now() - m_lastPulse;
            std::fprintf(stderr, "\nSTALL: a step has not returned after %lld s; the GUI thread's event loop %s\n",
                         limitMs / 1000,
                         sincePulse < 2000 ? "still turns (a nested event loop that nothing ends)"
                                           : "has not turned for a while (the thread is blocked or busy)");
            std::fprintf(stderr, "the last events, the stalled one last:\n");
            for (const std::string& e : m_recent) std::fprintf(stderr, "  %s\n", e.c_str());
            std::fflush(stderr);
            lock.unlock();
            printStacks();
            std::abort();
        }
    }

    static void printStacks() {
#ifdef __linux__
        if (std::system("command -v gdb > /dev/null 2>&1") != 0) return;
        prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
        const std::string command = "gdb -p " + std::to_string(getpid()) +
                                    " -batch -nx -ex 'thread apply all bt 40' 1>&2 2> /dev/null";
        std::fprintf(stderr, "the stacks of every thread (gdb):\n");
        std::fflush(stderr);
        [[maybe_unused]] const int rc = std::system(command.c_str());
#endif
    }

    const std::chrono::seconds m_limit;
    QTimer m_pulse;
    std::atomic<long long> m_lastPulse{0};
    std::atomic<long long> m_stepStart{0};
    std::atomic<long long> m_stepLimitMs{0};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::string> m_recent;
    bool m_done = false;
    std::thread m_thread;
};
