#include "ui/import/dataset_loader.h"

#include "core/data/csv_reader.h"

#include <QThread>

#include <memory>
#include <optional>

namespace moe::ui {
namespace {

struct Outcome {
    std::optional<moe::Result<moe::Dataset>> data;
    moe::CsvReport report;
};

}  // namespace

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {}

DatasetLoader::~DatasetLoader() {
    // The reads cannot be interrupted; they only touch their own Outcome, so waiting is safe.
    for (QThread* thread : m_threads) {
        thread->wait();
        delete thread;
    }
}

void DatasetLoader::load(const QString& path, const moe::CsvOptions& options) {
    auto outcome = std::make_shared<Outcome>();
    const quint64 ticket = ++m_ticket;
    QThread* thread = QThread::create([outcome, file = path.toStdString(), options] {
        outcome->data = moe::readCsv(file, options, &outcome->report);
    });
    connect(thread, &QThread::finished, this, [this, thread, outcome, ticket, path] {
        m_threads.removeOne(thread);
        thread->deleteLater();
        if (m_threads.isEmpty()) emit busyChanged(false);
        if (ticket != m_ticket) return;  // superseded by a newer load
        moe::Result<moe::Dataset>& result = *outcome->data;
        if (!result) {
            emit failed(path, QString::fromStdString(result.error()));
            return;
        }
        QStringList notes;
        for (const std::string& note : outcome->report.notes) notes << QString::fromStdString(note);
        emit loaded(result.value(), path, notes);
    });
    const bool wasBusy = isBusy();
    m_threads.append(thread);
    thread->start();
    if (!wasBusy) emit busyChanged(true);
}

}  // namespace moe::ui
