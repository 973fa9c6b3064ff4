#pragma once
// Intended usage: everything that opens a person's CSV file in the window: the Open action
// (Ctrl+O, for the File menu and the toolbar), the Open Recent menu (kept in QSettings),
// files dropped onto the window, the import dialog, and the read in the background. The
// window only connects to datasetOpened() and openFailed().
//
//   auto* opener = new DatasetOpener(this);          // `this`: the main window
//   fileMenu->addAction(opener->openAction());
//   fileMenu->addMenu(opener->recentMenu());
//   connect(opener, &DatasetOpener::datasetOpened, this, &MainWindow::setDataset);

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "ui/training/snapshot_metatypes.h"  // Dataset as a metatype, for the signals

#include <QObject>
#include <QStringList>

class QAction;
class QMenu;
class QWidget;

namespace moe::ui {

class DatasetLoader;

class DatasetOpener : public QObject {
    Q_OBJECT
public:
    /// Accepts drops on `window` from now on.
    explicit DatasetOpener(QWidget* window);

    QAction* openAction() const { return m_open; }
    QMenu* recentMenu() const { return m_recent; }
    DatasetLoader* loader() const { return m_loader; }
    /// Most recent first, at most kMaxRecent.
    QStringList recentFiles() const;
    static constexpr int kMaxRecent = 8;

    /// Opens the import dialog on `path` (window-modal); accepting it starts the read.
    void importFile(const QString& path);
    /// Reads `path` with `options` without asking (the command line, tests).
    void load(const QString& path, const moe::CsvOptions& options);
    /// The file datasetOpened() named last, and the options it was read with.
    QString lastReadPath() const { return m_lastReadPath; }
    const moe::CsvOptions& lastReadOptions() const { return m_lastReadOptions; }

signals:
    void datasetOpened(const moe::Dataset& data, const QString& path, const QStringList& notes);
    void openFailed(const QString& path, const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void chooseFile();
    void remember(const QString& path);
    void rebuildRecentMenu();

    QWidget* m_window = nullptr;
    QAction* m_open = nullptr;
    QMenu* m_recent = nullptr;
    DatasetLoader* m_loader = nullptr;
    moe::CsvOptions m_requestedOptions;  ///< of the newest load(): the only one reported
    QString m_lastReadPath;
    moe::CsvOptions m_lastReadOptions;
};

}  // namespace moe::ui
