#include "ui/report/export_menu.h"
#include "ui/messages/message_text.h"

#include <QAction>
#include <QContextMenuEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QStatusBar>

#include <atomic>

namespace moe::ui {
namespace {

// Orders the views by their last use; only ever compared, never shown.
std::atomic<quint64> g_useCounter{0};

QString& lastDirectory() {
    static QString directory;
    if (directory.isEmpty()) {
        directory = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
        if (directory.isEmpty() || !QDir(directory).exists()) directory = QDir::homePath();
    }
    return directory;
}

QString fileStem(const QString& title) {
    QString stem = title.toLower();
    stem.replace(QRegularExpression(QStringLiteral("[^a-z0-9]+")), QStringLiteral("-"));
    stem.remove(QRegularExpression(QStringLiteral("^-+|-+$")));
    return stem.isEmpty() ? QStringLiteral("figure") : stem;
}

const char* suffix(FigureExporter::Format format) {
    switch (format) {
    case FigureExporter::Format::Png: return "png";
    case FigureExporter::Format::Svg: return "svg";
    case FigureExporter::Format::Pdf: return "pdf";
    }
    return "png";
}

void report(QWidget* view, const QString& message) {
    if (auto* window = qobject_cast<QMainWindow*>(view->window())) window->statusBar()->showMessage(visibleMessage(message), 8000);
}

}  // namespace

bool ExportMenu::ownedByInnerView(QObject* watched) const {
    for (QObject* o = watched; o && o != m_view; o = o->parent()) {
        for (QObject* child : o->children())
            if (child != this && qobject_cast<ExportMenu*>(child)) return true;
    }
    return false;
}

ExportMenu::ExportMenu(QWidget* view, QString title, FigureExporter::TitleMode mode)
    : QObject(view), m_view(view), m_title(std::move(title)), m_mode(mode) {
    setObjectName(QStringLiteral("exportMenu"));
    m_png = new QAction(tr("Export as &PNG…"), this);
    m_png->setToolTip(tr("Save this figure as a PNG image at the resolution you choose (2× suits slides)."));
    m_svg = new QAction(tr("Export as &SVG…"), this);
    m_svg->setToolTip(tr("Save this figure as an SVG drawing: lines and text stay sharp at any size."));
    m_pdf = new QAction(tr("Export as P&DF…"), this);
    m_pdf->setToolTip(tr("Save this figure as a one-page PDF the size of the figure."));
    m_copy = new QAction(tr("&Copy image"), this);
    m_copy->setToolTip(tr("Copy this figure to the clipboard as an image (2× resolution)."));
    connect(m_png, &QAction::triggered, this, [this] { exportInteractively(FigureExporter::Format::Png); });
    connect(m_svg, &QAction::triggered, this, [this] { exportInteractively(FigureExporter::Format::Svg); });
    connect(m_pdf, &QAction::triggered, this, [this] { exportInteractively(FigureExporter::Format::Pdf); });
    connect(m_copy, &QAction::triggered, this, [this] {
        exporter().copyToClipboard(2.0);
        report(m_view, tr("Copied “%1” to the clipboard.").arg(m_title));
    });
    watch(view);
}

QWidget* ExportMenu::view() const { return m_view; }

FigureExporter ExportMenu::exporter() const { return FigureExporter(m_view, m_title, m_mode); }

void ExportMenu::watch(QWidget* widget) {
    widget->installEventFilter(this);
    for (QWidget* child : widget->findChildren<QWidget*>()) child->installEventFilter(this);
}

bool ExportMenu::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::ChildAdded: {
        // Views that build parts later (a chart view, a scroll area) get the menu there too.
        auto* added = static_cast<QChildEvent*>(event)->child();
        if (added->isWidgetType()) watch(static_cast<QWidget*>(added));
        break;
    }
    case QEvent::MouseButtonPress:
    case QEvent::FocusIn:
        m_lastUse = ++g_useCounter;
        break;
    case QEvent::ContextMenu: {
        // A view inside another export-enabled view answers for itself.
        if (ownedByInnerView(watched)) break;
        m_lastUse = ++g_useCounter;
        showMenu(static_cast<QContextMenuEvent*>(event)->globalPos());
        return true;
    }
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void ExportMenu::showMenu(const QPoint& globalPos) {
    auto* menu = new QMenu(m_view);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->setToolTipsVisible(true);
    menu->addSection(m_title);
    menu->addActions(actions());
    menu->popup(globalPos);
}

void ExportMenu::exportInteractively(FigureExporter::Format format) {
    const FigureExporter figure = exporter();
    const QString filters[] = {tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"), tr("PDF document (*.pdf)")};
    QString selected = filters[static_cast<int>(format)];
    const QString proposal = QDir(lastDirectory()).filePath(fileStem(m_title) + QLatin1Char('.') + QLatin1String(suffix(format)));
    QString path = QFileDialog::getSaveFileName(m_view, tr("Export “%1”").arg(m_title), proposal,
                                                QStringList(std::begin(filters), std::end(filters)).join(QStringLiteral(";;")),
                                                &selected);
    if (path.isEmpty()) return;
    FigureExporter::Format chosen = format;
    if (!FigureExporter::formatFromSuffix(path, &chosen)) {
        for (int i = 0; i < 3; ++i)
            if (selected == filters[i]) chosen = static_cast<FigureExporter::Format>(i);
        path += QLatin1Char('.') + QLatin1String(suffix(chosen));
    }
    double scale = 1.0;
    if (chosen == FigureExporter::Format::Png) {
        const QSize s = figure.size().toSize();
        QStringList choices;
        for (int k = 1; k <= 4; ++k)
            choices << tr("%1× - %2 dpi, %3 × %4 px")
                           .arg(k)
                           .arg(int(FigureExporter::kBaseDpi) * k)
                           .arg(s.width() * k)
                           .arg(s.height() * k);
        bool ok = false;
        const QString choice = QInputDialog::getItem(m_view, tr("PNG resolution"),
                                                     tr("Resolution of “%1”:").arg(m_title), choices, 1, false, &ok);
        if (!ok) return;
        scale = static_cast<double>(choices.indexOf(choice) + 1);
    }
    lastDirectory() = QFileInfo(path).absolutePath();
    QString error;
    if (!figure.write(path, scale, &error)) {
        showWarning(m_view, tr("Export failed"), error);
        return;
    }
    report(m_view, tr("Exported “%1” to %2").arg(m_title, QDir::toNativeSeparators(path)));
}

QList<ExportMenu*> ExportMenu::all(const QWidget* root) {
    return root ? root->findChildren<ExportMenu*>() : QList<ExportMenu*>{};
}

ExportMenu* ExportMenu::current(const QWidget* root) {
    ExportMenu* best = nullptr;
    for (ExportMenu* menu : all(root)) {
        if (!menu->m_view->isVisible()) continue;
        if (!best || menu->m_lastUse > best->m_lastUse) best = menu;
    }
    return best;
}

QAction* ExportMenu::exportViewAction(QWidget* window) {
    auto* action = new QAction(tr("&Export view…"), window);
    action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    action->setToolTip(tr("Save the view you used last (or another) as PNG, SVG or PDF."));
    action->setStatusTip(action->toolTip());  // menus show status tips, not tooltips
    connect(action, &QAction::triggered, window, [window] {
        QList<ExportMenu*> visible;
        for (ExportMenu* menu : all(window))
            if (menu->view()->isVisible()) visible << menu;
        if (visible.isEmpty()) {
            QMessageBox::information(window, tr("Export view"), tr("No exportable view is on screen."));
            return;
        }
        ExportMenu* chosen = current(window);
        if (visible.size() > 1) {
            QStringList titles;
            for (ExportMenu* menu : visible) titles << menu->title();
            bool ok = false;
            const QString title = QInputDialog::getItem(window, tr("Export view"), tr("View to export:"), titles,
                                                        int(visible.indexOf(chosen)), false, &ok);
            if (!ok) return;
            chosen = visible.at(titles.indexOf(title));
        }
        chosen->exportInteractively(FigureExporter::Format::Png);
    });
    return action;
}

ExportMenu* installExportMenu(QWidget* view, const QString& title, FigureExporter::TitleMode mode) {
    return new ExportMenu(view, title, mode);
}

}  // namespace moe::ui
