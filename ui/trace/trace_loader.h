#pragma once
// Intended usage: opens a routing trace file (docs/trace-format.md) off the GUI thread - the
// read, its checks and the statistics of `moe trace-stats` (computeTraceStats) together, as a
// 100,000-token trace of 48 layers x 128 experts takes about half a second - and reports back
// on the GUI thread. A newer load supersedes an older one still running: only the newest is
// reported. The destructor waits for a running read.
//
//   connect(loader, &TraceLoader::loaded, this, [this](const LoadedTrace& t) { show(t); });
//   connect(loader, &TraceLoader::failed, this, [](const QString& path, const QString& why) { ... });
//   loader->load(path);
//
// LoadedTrace shares its trace and statistics (immutable once loaded), so views, the report
// and the window copy it freely.

#include "core/trace/routing_trace.h"
#include "core/trace/trace_stats.h"
#include "core/util/result.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <memory>

class QThread;

namespace moe::ui {

struct LoadedTrace {
    QString path;  ///< as given
    std::shared_ptr<const moe::RoutingTrace> trace;
    std::shared_ptr<const moe::TraceStats> stats;  ///< computeTraceStats(*trace)

    bool isEmpty() const { return !trace || !stats; }
};

class TraceLoader : public QObject {
    Q_OBJECT
public:
    explicit TraceLoader(QObject* parent = nullptr);
    ~TraceLoader() override;

    /// Reads and summarises `path` on this thread (the command line's --trace); the error is
    /// one line naming the file and the field.
    static moe::Result<LoadedTrace> read(const QString& path);

    void load(const QString& path);
    bool isBusy() const { return !m_threads.isEmpty(); }

signals:
    void loaded(const moe::ui::LoadedTrace& trace);
    /// `message` is one line naming the file and the field.
    void failed(const QString& path, const QString& message);
    void busyChanged(bool busy);

private:
    QList<QThread*> m_threads;
    quint64 m_ticket = 0;
};

}  // namespace moe::ui

Q_DECLARE_METATYPE(moe::ui::LoadedTrace)
