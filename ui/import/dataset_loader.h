#pragma once
// Intended usage: reads a CSV file into a Dataset off the GUI thread (a large file takes
// seconds) and reports back on it. A newer load supersedes an older one still running: only
// the newest result is reported. The destructor waits for a running read to finish.
//
//   connect(loader, &DatasetLoader::loaded, this, [this](const moe::Dataset& d, ...) { use(d); });
//   connect(loader, &DatasetLoader::failed, this, [this](const QString&, const QString& why) {
//   show(why); }); loader->load(path, options);

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "ui/training/snapshot_metatypes.h"  // Dataset as a metatype, for the signals

#include <QList>
#include <QObject>
#include <QStringList>

class QThread;

namespace moe::ui {

class DatasetLoader : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(QObject* parent = nullptr);
    ~DatasetLoader() override;

    void load(const QString& path, const moe::CsvOptions& options);
    bool isBusy() const { return !m_threads.isEmpty(); }

signals:
    /// `notes`: what the read did besides loading (rows dropped, columns ignored).
    void loaded(const moe::Dataset& data, const QString& path, const QStringList& notes);
    /// `message` is one line, "file:line:column: ..." for a bad file.
    void failed(const QString& path, const QString& message);
    void busyChanged(bool busy);

private:
    QList<QThread*> m_threads;
    quint64 m_ticket = 0;
};

}  // namespace moe::ui
