#include "app/cli/progress_printer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace moe::cli {

ProgressPrinter::ProgressPrinter(bool enabled, int epochs) : m_enabled(enabled), m_epochs(epochs) {}

bool ProgressPrinter::onBatch(const BatchProgress& p) {
    if (!m_enabled || p.batchesPerEpoch <= 0 || m_epochs <= 0) return true;
    const double fraction = (p.epoch + static_cast<double>(p.batch) / p.batchesPerEpoch) / m_epochs;
    draw(fraction, p.epoch + 1, m_epochs, p.moeLoss, false);
    return true;
}

bool ProgressPrinter::onEpoch(const EpochSnapshot& s) {
    if (s.epochs > 0) m_epochs = s.epochs;
    if (m_enabled && s.epochs > 0)
        draw(static_cast<double>(s.epoch) / s.epochs, s.epoch, s.epochs, s.moe.trainLoss,
             s.epoch == s.epochs);
    return true;
}

void ProgressPrinter::draw(double fraction, int epoch, int epochs, double loss, bool force) {
    const auto now = std::chrono::steady_clock::now();
    if (!force && m_drawn && now - m_lastDraw < std::chrono::milliseconds(100)) return;
    m_lastDraw = now;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * kWidth));
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '-');
    std::fprintf(stderr, "\r[%s] epoch %d/%d  loss %.4f ", bar.c_str(), epoch, epochs, loss);
    std::fflush(stderr);
    m_drawn = true;
}

void ProgressPrinter::finish() {
    if (m_drawn) std::fputc('\n', stderr);
    m_drawn = false;
}

}  // namespace moe::cli
