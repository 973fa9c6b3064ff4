#include "ui/import/dataset_opener.h"

#include "ui/import/csv_import_dialog.h"
#include "ui/import/dataset_loader.h"

#include <QAction>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QStyle>
#include <QWidget>

namespace moe::ui {
namespace {

const QString kRecentKey = QStringLiteral("recentFiles");

/// The first local file of a drag, or an empty string.
QString droppedFile(const QMimeData* mime) {
    if (!mime || !mime->hasUrls()) return {};
    for (const QUrl& url : mime->urls())
        if (url.isLocalFile() && QFileInfo(url.toLocalFile()).isFile()) return url.toLocalFile();
    return {};
}

}  // namespace

DatasetOpener::DatasetOpener(QWidget* window) : QObject(window), m_window(window) {
    m_open =
        new QAction(QIcon::fromTheme(QStringLiteral("document-open"),
                                     window->style()->standardIcon(QStyle::SP_DialogOpenButton)),
                    tr("&Open CSV…"), this);
    m_open->setObjectName(QStringLiteral("openAction"));
    m_open->setShortcut(QKeySequence::Open);
    m_open->setToolTip(
        tr("Open your own data: a CSV file with a column to predict (%1)")
            .arg(QKeySequence(QKeySequence::Open).toString(QKeySequence::NativeText)));
    m_open->setStatusTip(m_open->toolTip());  // menus show status tips, not tooltips
    connect(m_open, &QAction::triggered, this, &DatasetOpener::chooseFile);

    m_recent = new QMenu(tr("Open &Recent"), window);
    m_recent->setObjectName(QStringLiteral("recentMenu"));
    rebuildRecentMenu();

    m_loader = new DatasetLoader(this);
    connect(m_loader, &DatasetLoader::loaded, this,
            [this](const moe::Dataset& data, const QString& path, const QStringList& notes) {
                remember(path);
                m_lastReadPath = path;
                m_lastReadOptions = m_requestedOptions;
                emit datasetOpened(data, path, notes);
            });
    connect(m_loader, &DatasetLoader::failed, this, &DatasetOpener::openFailed);

    window->setAcceptDrops(true);
    window->installEventFilter(this);
}

QStringList DatasetOpener::recentFiles() const {
    return QSettings().value(kRecentKey).toStringList();
}

void DatasetOpener::chooseFile() {
    const QStringList recent = recentFiles();
    const QString start = recent.isEmpty() ? QString() : QFileInfo(recent.front()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open a CSV file"), start,
        tr("CSV and text files (*.csv *.tsv *.txt *.dat);;All files (*)"));
    if (!path.isEmpty()) importFile(path);
}

void DatasetOpener::importFile(const QString& path) {
    auto* dialog = new CsvImportDialog(path, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { load(dialog->path(), dialog->options()); });
    dialog->open();
}

void DatasetOpener::load(const QString& path, const moe::CsvOptions& options) {
    m_requestedOptions = options;
    m_loader->load(path, options);
}

void DatasetOpener::remember(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList recent = recentFiles();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent) recent.removeLast();
    QSettings().setValue(kRecentKey, recent);
    rebuildRecentMenu();
}

void DatasetOpener::rebuildRecentMenu() {
    m_recent->clear();
    const QStringList recent = recentFiles();
    for (int i = 0; i < recent.size(); ++i) {
        const QString& path = recent[i];
        QAction* action =
            m_recent->addAction(tr("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { importFile(path); });
    }
    if (!recent.isEmpty()) {
        m_recent->addSeparator();
        m_recent->addAction(tr("Clear the list"), this, [this] {
            QSettings().remove(kRecentKey);
            rebuildRecentMenu();
        });
    }
    m_recent->setEnabled(!recent.isEmpty());
}

bool DatasetOpener::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_window) {
        if (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove) {
            auto* drag = static_cast<QDragMoveEvent*>(event);
            if (!droppedFile(drag->mimeData()).isEmpty()) {
                drag->acceptProposedAction();
                return true;
            }
        } else if (event->type() == QEvent::Drop) {
            auto* drop = static_cast<QDropEvent*>(event);
            const QString path = droppedFile(drop->mimeData());
            if (!path.isEmpty()) {
                drop->acceptProposedAction();
                importFile(path);
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

}  // namespace moe::ui
