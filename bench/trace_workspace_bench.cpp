// The Trace workspace's opening time (issue 20 part 3): a trace written by
// `moe_bench_trace --write` (100,000 tokens x 48 layers x 128 experts, top-8) opened in a
// TraceWorkspace window of 1280x800 offscreen, as File > Open
// routing trace does it - the read and the statistics on the loader's thread, then the five
// views filled on the GUI thread - and each view drawn once, timed, with the peak memory.
//
//   moe_bench_trace --write /tmp/big.safetensors
//   QT_QPA_PLATFORM=offscreen moe_bench_trace_workspace /tmp/big.safetensors [--repeat 3]
#include "ui/trace/trace_workspace.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QPixmap>
#include <QTabWidget>
#include <QTextStream>

#include <sys/resource.h>

#include <cstdio>
#include <cstring>

namespace {

double peakResidentMiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // KiB on Linux
}

}  // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: moe_bench_trace_workspace FILE.safetensors [--repeat N]\n");
        return 2;
    }
    const QString path = QString::fromLocal8Bit(argv[1]);
    int repeat = 1;
    if (argc >= 4 && std::strcmp(argv[2], "--repeat") == 0) repeat = std::max(1, std::atoi(argv[3]));
    for (int run = 0; run < repeat; ++run) {
        moe::ui::TraceWorkspace w;
        w.resize(1280, 800);
        w.show();
        QElapsedTimer clock;
        qint64 readMs = -1, viewsMs = -1;
        QString error;
        QEventLoop loop;
        QObject::connect(w.loader(), &moe::ui::TraceLoader::busyChanged, &w, [&](bool busy) {
            if (!busy) readMs = clock.elapsed();  // the loader's thread is done
        });
        QObject::connect(&w, &moe::ui::TraceWorkspace::traceOpened, &loop, [&] {
            viewsMs = clock.elapsed();  // setTrace has filled every view
            loop.quit();
        });
        QObject::connect(&w, &moe::ui::TraceWorkspace::openFailed, &loop, [&](const QString&, const QString& why) {
            error = why;
            loop.quit();
        });
        clock.start();
        w.openFile(path);
        loop.exec();
        if (!error.isEmpty()) {
            QTextStream(stderr) << error << '\n';
            return 1;
        }
        QStringList paints;
        for (int i = 0; i < w.views()->count(); ++i) {
            QElapsedTimer one;
            one.start();
            w.views()->setCurrentIndex(i);
            const QPixmap picture = w.grab();  // lays out and paints the view once
            paints << QStringLiteral("%1 %2 ms").arg(w.views()->tabText(i)).arg(one.elapsed());
        }
        const qint64 totalMs = clock.elapsed();
        std::printf("run %d: read + statistics %.2f s, views filled %.2f s, first paints: %s; total %.2f s; peak RSS "
                    "%.0f MiB\n",
                    run + 1, static_cast<double>(readMs) / 1000.0, static_cast<double>(viewsMs - readMs) / 1000.0,
                    paints.join(QStringLiteral(", ")).toLocal8Bit().constData(), static_cast<double>(totalMs) / 1000.0,
                    peakResidentMiB());
    }
    return 0;
}
