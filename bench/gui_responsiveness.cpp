// GUI responsiveness during training (issue 6): trains a dataset in the real main window
// (any QPA platform; offscreen by default) while the centre tabs cycle through every view,
// and compares its training throughput with headless training of the same configuration.
// A 10 ms QTimer on the GUI thread measures how late the event loop answers.
//
//   QT_QPA_PLATFORM=offscreen moe_bench_gui_responsiveness [--data spirals] [--seconds 4]
//                                                          [--epochs N] [--repeats 3] [--explain MS]
//
// The epoch count is chosen so that one headless run lasts about --seconds (or given with
// --epochs). Headless and GUI runs alternate --repeats times, so a machine whose load
// changes affects both alike; the medians are printed. Per dataset: headless and GUI
// samples/s, their ratio, the worst and 99th-percentile lateness of the 10 ms timer over
// every GUI run, and the GUI thread's CPU time as a share of the GUI runs' wall time.
// Samples/s counts the training rows of the MoE per second of wall time over the whole
// run (the dense baselines train alongside in both cases, as they always do). Early stopping
// is off in both (patience 0), so every run trains all its epochs.
// --explain MS also times every event the GUI thread delivers during the GUI runs and lists
// those that took MS milliseconds or more (receiver class, object name, event type), to find
// what a stall is made of.
#include "core/train/experiment.h"
#include "ui/settings/model_panel.h"
#include "ui/window/main_window.h"
#include "ui/training/training_controller.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEvent>
#include <QEventLoop>
#include <QMetaEnum>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QTimer>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace {

/// CPU time of the calling thread, to the nanosecond.
double threadCpuSeconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

/// Times each event delivery (outermost only, so nested deliveries are not counted twice).
class TimingApplication : public QApplication {
public:
    using QApplication::QApplication;
    double thresholdMs = 0.0;  // 0: off
    bool recording = false;
    struct Slow {
        int count = 0;
        double worstMs = 0.0;
        double worstCpuMs = 0.0;  // the GUI thread's CPU time in the worst one
        double totalMs = 0.0;
    };
    std::map<std::string, Slow> slow;

    bool notify(QObject* receiver, QEvent* event) override {
        if (thresholdMs <= 0.0 || !recording || m_depth > 0 || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuSeconds();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double ms = static_cast<double>(t.nsecsElapsed()) * 1e-6;
        const double cpuMs = (threadCpuSeconds() - cpu0) * 1e3;
        if (ms >= thresholdMs) {
            const QMetaEnum types = QMetaEnum::fromType<QEvent::Type>();
            const char* typeName = types.valueToKey(event->type());
            std::string key = std::string(receiver->metaObject()->className()) + " '" +
                              receiver->objectName().toStdString() + "'";
            int level = 0;
            for (QObject* p = receiver->parent(); p && level < 3; p = p->parent(), ++level)
                key += std::string(" in ") + p->metaObject()->className();
            key += std::string(" ") +
                              (typeName ? typeName : std::to_string(event->type()).c_str());
            Slow& s = slow[key];
            ++s.count;
            if (ms > s.worstMs) s.worstCpuMs = cpuMs;
            s.worstMs = std::max(s.worstMs, ms);
            s.totalMs += ms;
        }
        return result;
    }

private:
    int m_depth = 0;
};

struct Quiet : moe::TrainingObserver {
    bool onBatch(const moe::BatchProgress&) override { return true; }
    bool onEpoch(const moe::EpochSnapshot&) override { return true; }
};

struct GuiRun {
    double samplesPerSecond = 0.0;
    double wallSeconds = 0.0;
    double guiThreadCpuSeconds = 0.0;
    std::vector<double> lateMs;  // one per tick of the 10 ms timer
};


double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
}


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

/// Training rows per second of a headless run of `config` on `data` (this thread only).
double headless(const moe::Dataset& data, const moe::RunConfig& config) {
    auto created = moe::Experiment::create(data, config);
    if (!created) {
        std::fprintf(stderr, "%s\n", created.error().c_str());
        std::exit(1);
    }
    const double trainRows = static_cast<double>(created.value()->trainSet().rows);
    Quiet quiet;
    QElapsedTimer t;
    t.start();
    created.value()->run(quiet);
    if (created.value()->epochsCompleted() != config.train.epochs) {
        std::fprintf(stderr, "the headless run trained %d of %d epochs\n", created.value()->epochsCompleted(),
                     config.train.epochs);
        std::exit(1);
    }
    return trainRows * config.train.epochs / (static_cast<double>(t.nsecsElapsed()) * 1e-9);
}

/// Early stopping off (Training > Patience 0): every run trains all its epochs, so the
/// GUI and headless runs do the same work and rows x epochs / seconds is the throughput.
void trainEveryEpoch(moe::ui::MainWindow& window) {
    auto* patience = window.modelPanel()->findChild<QSpinBox*>(QStringLiteral("patience"));
    if (!patience) {
        std::fprintf(stderr, "the window has no patience field\n");
        std::exit(1);
    }
    patience->setValue(0);
}

/// The dataset's data and the main window's default configuration for it (early stopping off).
std::pair<moe::Dataset, moe::RunConfig> windowSetup(const QString& dataset) {
    moe::ui::MainWindow window;
    if (!window.selectDataset(dataset)) {
        std::fprintf(stderr, "unknown dataset %s\n", qPrintable(dataset));
        std::exit(2);
    }
    trainEveryEpoch(window);
    moe::ui::TrainingController* c = window.controller();
    if (!waitFor([c] { return c->state() == moe::ui::TrainingState::Ready; }, 60000)) {
        std::fprintf(stderr, "the models were not built\n");
        std::exit(1);
    }
    return {c->data(), c->config()};
}

GuiRun guiRun(TimingApplication& app, const QString& dataset, int epochs) {
    GuiRun r;
    moe::ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    window.selectDataset(dataset);
    window.setEpochs(epochs);
    trainEveryEpoch(window);
    moe::ui::TrainingController* c = window.controller();
    if (!waitFor([c] { return c->state() == moe::ui::TrainingState::Ready; }, 60000)) {
        std::fprintf(stderr, "the models were not built\n");
        std::exit(1);
    }
    // Training rows of the same split the headless run uses.
    const double trainRows = static_cast<double>(moe::Experiment::create(c->data(), c->config()).value()->trainSet().rows);

    // Every centre tab in turn (500 ms each) while the worker trains.
    QTabWidget* tabs = window.centreTabs();
    QTimer cycle;
    QObject::connect(&cycle, &QTimer::timeout, &window,
                     [tabs] { tabs->setCurrentIndex((tabs->currentIndex() + 1) % tabs->count()); });
    QElapsedTimer sinceTick;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(10);
    QObject::connect(&probe, &QTimer::timeout, &window, [&] {
        r.lateMs.push_back(std::max(0.0, static_cast<double>(sinceTick.nsecsElapsed()) * 1e-6 - 10.0));
        sinceTick.restart();
    });
    QEventLoop loop;
    QObject::connect(c, &moe::ui::TrainingController::runEnded, &loop, &QEventLoop::quit);
    const double cpu0 = threadCpuSeconds();
    QElapsedTimer wall;
    wall.start();
    sinceTick.start();
    probe.start();
    cycle.start(500);
    app.recording = true;
    c->train();
    loop.exec();
    app.recording = false;
    r.wallSeconds = static_cast<double>(wall.nsecsElapsed()) * 1e-9;
    r.guiThreadCpuSeconds = threadCpuSeconds() - cpu0;
    probe.stop();
    cycle.stop();
    if (c->epochsCompleted() != epochs) {
        std::fprintf(stderr, "the GUI run trained %d of %d epochs\n", c->epochsCompleted(), epochs);
        std::exit(1);
    }
    r.samplesPerSecond = trainRows * epochs / r.wallSeconds;
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    TimingApplication app(argc, argv);
    std::vector<QString> datasets{QStringLiteral("spirals"), QStringLiteral("digits")};
    int epochsGiven = 0;
    int repeats = 3;
    double seconds = 4.0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--data") == 0) datasets = {QString::fromLocal8Bit(argv[i + 1])};
        else if (std::strcmp(argv[i], "--epochs") == 0) epochsGiven = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--repeats") == 0) repeats = std::max(1, std::atoi(argv[i + 1]));
        else if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::max(0.1, std::atof(argv[i + 1]));
        else if (std::strcmp(argv[i], "--explain") == 0) app.thresholdMs = std::max(0.1, std::atof(argv[i + 1]));
    }
    std::printf("%-10s %7s %14s %14s %7s %12s %12s %10s\n", "dataset", "epochs", "headless/s", "gui/s", "ratio",
                "worst late", "p99 late", "gui cpu");
    for (const QString& name : datasets) {
        auto [data, config] = windowSetup(name);
        int epochs = epochsGiven;
        if (epochs == 0) {  // calibrate: about `seconds` of headless training
            config.train.epochs = 20;
            const auto trainRows = static_cast<double>(moe::Experiment::create(data, config).value()->trainSet().rows);
            epochs = std::max(20, static_cast<int>(seconds * headless(data, config) / trainRows));
        }
        config.train.epochs = epochs;
        std::vector<double> head, gui, late;
        double guiCpu = 0.0, guiWall = 0.0;
        for (int i = 0; i < repeats; ++i) {
            head.push_back(headless(data, config));
            GuiRun r = guiRun(app, name, epochs);
            gui.push_back(r.samplesPerSecond);
            late.insert(late.end(), r.lateMs.begin(), r.lateMs.end());
            guiCpu += r.guiThreadCpuSeconds;
            guiWall += r.wallSeconds;
        }
        std::sort(late.begin(), late.end());
        const double worst = late.empty() ? 0.0 : late.back();
        const double p99 = late.empty() ? 0.0 : late[static_cast<std::size_t>(0.99 * static_cast<double>(late.size() - 1))];
        std::printf("%-10s %7d %14.0f %14.0f %6.1f%% %9.1f ms %9.1f ms %9.1f%%\n", qPrintable(name), epochs,
                    median(head), median(gui), 100.0 * median(gui) / median(head), worst, p99,
                    100.0 * guiCpu / guiWall);
        std::fflush(stdout);
        if (app.thresholdMs > 0.0) {
            std::vector<std::pair<std::string, TimingApplication::Slow>> rows(app.slow.begin(), app.slow.end());
            std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.worstMs > b.second.worstMs; });
            std::printf("  events of %.1f ms or more on the GUI thread (count, worst wall, its CPU, total wall):\n",
                        app.thresholdMs);
            for (const auto& [key, s] : rows)
                std::printf("  %5d %8.1f ms %8.1f ms %9.1f ms  %s\n", s.count, s.worstMs, s.worstCpuMs, s.totalMs,
                            key.c_str());
            app.slow.clear();
        }
    }
    return 0;
}
