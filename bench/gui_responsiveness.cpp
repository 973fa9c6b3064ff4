// GUI responsiveness during training (issue 6): trains a dataset in the real main window
// (any QPA platform; offscreen by default) while the centre tabs cycle through every view,
// and compares its training throughput with headless training of the same configuration.
// A 10 ms QTimer on the GUI thread measures how late the event loop answers.
//
//   QT_QPA_PLATFORM=offscreen moe_bench_gui_responsiveness [--data spirals] [--epochs 60]
//
// Prints one line per dataset: headless and GUI samples/s, their ratio, and the worst and
// 99th-percentile lateness of the 10 ms timer. Samples/s counts the training rows of the
// MoE per second of wall time over the whole run (the dense baselines train alongside in
// both cases, as they always do).
#include "core/train/experiment.h"
#include "ui/main_window.h"
#include "ui/model_panel.h"
#include "ui/training_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QTabWidget>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

namespace {

struct Quiet : moe::TrainingObserver {
    bool onBatch(const moe::BatchProgress&) override { return true; }
    bool onEpoch(const moe::EpochSnapshot&) override { return true; }
};

struct Figures {
    double headless = 0.0;   // samples/s
    double gui = 0.0;        // samples/s
    double worstLateMs = 0.0;
    double p99LateMs = 0.0;
    int ticks = 0;
};

bool waitFor(const std::function<bool()>& done, int timeoutMs) {
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs) return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

Figures measure(const QString& dataset, int epochs) {
    Figures f;
    moe::ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    if (!window.selectDataset(dataset)) {
        std::fprintf(stderr, "unknown dataset %s\n", qPrintable(dataset));
        std::exit(2);
    }
    window.setEpochs(epochs);
    moe::ui::TrainingController* c = window.controller();
    if (!waitFor([c] { return c->state() == moe::ui::TrainingState::Ready; }, 60000)) {
        std::fprintf(stderr, "the models were not built\n");
        std::exit(1);
    }
    const moe::RunConfig config = c->config();
    const moe::Dataset data = c->data();

    // Headless: the same data and settings, on this thread, nothing else running.
    auto created = moe::Experiment::create(data, config);
    if (!created) {
        std::fprintf(stderr, "%s\n", created.error().c_str());
        std::exit(1);
    }
    const double trainRows = static_cast<double>(created.value()->trainSet().rows);
    {
        Quiet quiet;
        QElapsedTimer t;
        t.start();
        created.value()->run(quiet);
        f.headless = trainRows * epochs / (static_cast<double>(t.nsecsElapsed()) * 1e-9);
    }

    // GUI: every centre tab in turn (500 ms each) while the worker trains.
    QTabWidget* tabs = window.centreTabs();
    QTimer cycle;
    QObject::connect(&cycle, &QTimer::timeout, &window,
                     [tabs] { tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count()); });
    std::vector<double> late;
    QElapsedTimer sinceTick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        late.push_back(std::max(0.0, static_cast<double>(sinceTick.nsecsElapsed()) * 1e-6 - 10.0));
        sinceTick.restart();
    });
    bool ended = false;
    QObject::connect(c, &moe::ui::TrainingController::runEnded, &window, [&] { ended = true; });
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    probe.start();
    cycle.start(500);
    c->train();
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] { if (ended) loop.quit(); });
    poll.start(1);
    loop.exec();
    const double seconds = static_cast<double>(wall.nsecsElapsed()) * 1e-9;
    probe.stop();
    cycle.stop();
    f.gui = trainRows * epochs / seconds;
    f.ticks = static_cast<int>(late.size());
    if (!late.empty()) {
        std::sort(late.begin(), late.end());
        f.worstLateMs = late.back();
        f.p99LateMs = late[static_cast<std::size_t>(0.99 * static_cast<double>(late.size() - 1))];
    }
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<std::pair<QString, int>> runs{{QStringLiteral("spirals"), 60}, {QStringLiteral("digits"), 20}};
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--data") == 0) runs = {{QString::fromLocal8Bit(argv[i + 1]), runs.front().second}};
        else if (std::strcmp(argv[i], "--epochs") == 0)
            for (auto& r : runs) r.second = std::max(1, std::atoi(argv[i + 1]));
    }
    std::printf("%-10s %7s %14s %14s %7s %12s %12s %7s\n", "dataset", "epochs", "headless/s", "gui/s", "ratio",
                "worst late", "p99 late", "ticks");
    for (const auto& [name, epochs] : runs) {
        const Figures f = measure(name, epochs);
        std::printf("%-10s %7d %14.0f %14.0f %6.1f%% %9.1f ms %9.1f ms %7d\n", qPrintable(name), epochs, f.headless,
                    f.gui, 100.0 * f.gui / f.headless, f.worstLateMs, f.p99LateMs, f.ticks);
        std::fflush(stdout);
    }
    return 0;
}
