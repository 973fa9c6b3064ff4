#pragma once
// Intended usage: caps the share of a training run's wall time that the worker spends on
// the live views' extra computations (territory grids, the top-k sweep, gate matrices,
// inspector copies), so that watching a model train never costs it more than `share` of
// its speed, however heavy the views are for the dataset at hand.
//
//   LiveViewBudget budget(0.1);           // at most 10% of the run on the views
//   budget.start(Clock::now());
//   ... after an epoch:
//   if (budget.allows(Clock::now())) {
//       const auto t0 = Clock::now();
//       computeViews();
//       budget.spend(Clock::now() - t0);
//   }
//
// The first computation is always allowed, so a view never waits for a whole budget;
// after that a computation is allowed while the time already spent on views is at most
// `share` of the run's wall time so far. Not thread-safe: one owner thread.

#include <chrono>

namespace moe::ui {

class LiveViewBudget {
public:
    using Clock = std::chrono::steady_clock;

    /// `share` in (0, 1): the most of the run's wall time the views may take.
    explicit LiveViewBudget(double share) : m_share(share) {}

    /// Starts a new run at `now`: nothing spent yet.
    void start(Clock::time_point now) {
        m_start = now;
        m_spent = Clock::duration::zero();
        m_computations = 0;
    }
    bool allows(Clock::time_point now) const {
        if (m_computations == 0) return true;
        const std::chrono::duration<double> run = now - m_start;
        const std::chrono::duration<double> spent = m_spent;
        return spent.count() <= m_share * run.count();
    }
    void spend(Clock::duration took) {
        m_spent += took;
        ++m_computations;
    }
    /// Time spent on the views since start().
    Clock::duration spent() const { return m_spent; }
    double share() const { return m_share; }

private:
    double m_share;
    Clock::time_point m_start{};
    Clock::duration m_spent{};
    int m_computations = 0;
};

}  // namespace moe::ui
