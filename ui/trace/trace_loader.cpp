#include "ui/trace/trace_loader.h"

#include "core/trace/trace_reader.h"

#include <QFile>
#include <QThread>

#include <optional>

namespace moe::ui {

TraceLoader::TraceLoader(QObject* parent) : QObject(parent) {}

TraceLoader::~TraceLoader() {
    // A read cannot be interrupted; it touches only its own result, so waiting is safe.
    for (QThread* thread : m_threads) {
        thread->wait();
        delete thread;
    }
}

moe::Result<LoadedTrace> TraceLoader::read(const QString& path) {
    moe::Result<moe::RoutingTrace> trace = moe::readTraceFile(QFile::encodeName(path).toStdString());
    if (!trace) return moe::Error{trace.error()};
    auto shared = std::make_shared<const moe::RoutingTrace>(std::move(trace).value());
    auto stats = std::make_shared<const moe::TraceStats>(moe::computeTraceStats(*shared));
    return LoadedTrace{path, std::move(shared), std::move(stats)};
}

void TraceLoader::load(const QString& path) {
    auto outcome = std::make_shared<std::optional<moe::Result<LoadedTrace>>>();
    const quint64 ticket = ++m_ticket;
    QThread* thread = QThread::create([outcome, path] { *outcome = read(path); });
    connect(thread, &QThread::finished, this, [this, thread, outcome, ticket, path] {
        m_threads.removeOne(thread);
        thread->deleteLater();
        if (m_threads.isEmpty()) emit busyChanged(false);
        if (ticket != m_ticket) return;  // superseded by a newer load
        const moe::Result<LoadedTrace>& result = **outcome;
        if (!result) emit failed(path, QString::fromStdString(result.error()));
        else emit loaded(result.value());
    });
    const bool wasBusy = isBusy();
    m_threads.append(thread);
    thread->start();
    if (!wasBusy) emit busyChanged(true);
}

}  // namespace moe::ui
