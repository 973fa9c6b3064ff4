#include "ui/report/figure_exporter.h"

#include <QApplication>
#include <QBuffer>
#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QSvgRenderer>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

const QColor kTitleText(0x22, 0x22, 0x22);
constexpr double kInchesPerMetre = 39.37007874;

QFont titleFont(const QWidget* view) {
    QFont f = view ? view->font() : QApplication::font();
    f.setPointSizeF(f.pointSizeF() + 2.0);
    f.setBold(true);
    return f;
}

}  // namespace

FigureExporter::FigureExporter(QWidget* view, QString title, TitleMode mode)
    : m_view(view), m_title(std::move(title)), m_mode(mode) {}

double FigureExporter::titleBand() const {
    if (m_mode != AddTitle || m_title.isEmpty()) return 0.0;
    return std::ceil(QFontMetricsF(titleFont(m_view)).height() * 1.8);
}

QSizeF FigureExporter::size() const {
    if (!m_view) return {};
    QSize s = m_view->size();
    // A view that was never shown still has the default geometry; its hint is what it wants.
    if (!m_view->testAttribute(Qt::WA_Resized) && !m_view->isVisible()) s = m_view->sizeHint().expandedTo(m_view->minimumSizeHint());
    return {double(s.width()), double(s.height()) + titleBand()};
}

void FigureExporter::paint(QPainter& painter) const {
    if (!m_view) return;
    const QSizeF whole = size();
    painter.save();
    painter.fillRect(QRectF(QPointF(0, 0), whole), Qt::white);
    const double band = titleBand();
    if (band > 0.0) {
        painter.setFont(titleFont(m_view));
        painter.setPen(kTitleText);
        painter.drawText(QRectF(8, 0, whole.width() - 16, band), Qt::AlignCenter, m_title);
    }
    painter.restore();
    if (!m_view->testAttribute(Qt::WA_Resized) && !m_view->isVisible())
        m_view->resize(QSizeF(whole.width(), whole.height() - band).toSize());
    // Charts lay themselves out on a posted request: a view resized just before its export
    // (or never shown) must have done so, or it would paint its old layout.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
    // render() paints through the painter's transform, so a scaled painter or a vector
    // device gets the view at its own resolution rather than a grabbed bitmap.
    // On white, without the window's grey: a figure goes on a page or a slide.
    m_view->render(&painter, QPoint(0, int(band)), QRegion(), QWidget::DrawChildren);
}

QImage FigureExporter::toImage(double scale) const {
    scale = std::clamp(scale, 0.25, 8.0);
    const QSizeF logical = size();
    QImage image((logical * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) return image;
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    painter.scale(scale, scale);
    paint(painter);
    painter.end();
    // Set only now: fonts are sized by the device's dpi, and the scale is the painter's.
    const int dotsPerMetre = int(std::lround(kBaseDpi * scale * kInchesPerMetre));
    image.setDotsPerMeterX(dotsPerMetre);
    image.setDotsPerMeterY(dotsPerMetre);
    return image;
}

void FigureExporter::writeSvgTo(QIODevice& device) const {
    const QSizeF s = size();
    QSvgGenerator svg;
    svg.setOutputDevice(&device);
    svg.setSize(s.toSize());
    svg.setViewBox(QRectF(QPointF(0, 0), s));
    svg.setResolution(int(kBaseDpi));
    svg.setTitle(m_title);
    svg.setDescription(QStringLiteral("Exported from MoE Explorer"));
    QPainter painter(&svg);
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    paint(painter);
}

QByteArray FigureExporter::toSvg() const {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    writeSvgTo(buffer);
    return buffer.data();
}

bool FigureExporter::writeAtomically(const QString& path, QString* error,
                                     const std::function<bool(QIODevice&)>& write) const {
    auto fail = [&](const QString& why) {
        if (error) *error = QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    };
    if (!m_view) return fail(QObject::tr("the view is gone"));
    if (QFileInfo(path).isDir()) return fail(QObject::tr("it is a folder"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(file.errorString());
    if (!write(file)) {
        file.cancelWriting();
        return fail(file.errorString().isEmpty() ? QObject::tr("the figure could not be drawn") : file.errorString());
    }
    if (!file.commit()) return fail(file.errorString());
    return true;
}

bool FigureExporter::writePng(const QString& path, double scale, QString* error) const {
    return writeAtomically(path, error, [&](QIODevice& device) {
        const QImage image = toImage(scale);
        return !image.isNull() && image.save(&device, "PNG");
    });
}

bool FigureExporter::writeSvg(const QString& path, QString* error) const {
    return writeAtomically(path, error, [&](QIODevice& device) {
        writeSvgTo(device);
        return true;
    });
}

bool FigureExporter::writePdf(const QString& path, QString* error) const {
    return writeAtomically(path, error, [&](QIODevice& device) {
        const QSizeF s = size();
        QPdfWriter pdf(&device);
        pdf.setTitle(m_title);
        pdf.setCreator(QStringLiteral("MoE Explorer"));
        pdf.setResolution(int(kBaseDpi));
        // One page exactly the figure's size: logical pixels at 96 dpi, in points.
        const QSizeF points = s * (72.0 / kBaseDpi);
        pdf.setPageLayout(QPageLayout(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch),
                                      QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
        QPainter painter;
        if (!painter.begin(&pdf)) return false;
        painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
        // Drawn from the SVG rather than straight from the view: QGraphicsView's clipping
        // of chart legends is lost on the PDF engine (the legend entries vanish), while the
        // SVG has it resolved. Still vectors and text, fitted to the page's whole pixels.
        QSvgRenderer svg(toSvg());
        if (!svg.isValid()) return false;
        svg.render(&painter, QRectF(0, 0, pdf.width(), pdf.height()));
        return painter.end();
    });
}

bool FigureExporter::formatFromSuffix(const QString& path, Format* format) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png")) *format = Format::Png;
    else if (suffix == QLatin1String("svg")) *format = Format::Svg;
    else if (suffix == QLatin1String("pdf")) *format = Format::Pdf;
    else return false;
    return true;
}

bool FigureExporter::write(const QString& path, double scale, QString* error) const {
    Format format{};
    if (!formatFromSuffix(path, &format)) {
        if (error) *error = QObject::tr("Cannot write %1: the name must end in .png, .svg or .pdf").arg(path);
        return false;
    }
    switch (format) {
    case Format::Png: return writePng(path, scale, error);
    case Format::Svg: return writeSvg(path, error);
    case Format::Pdf: return writePdf(path, error);
    }
    return false;
}

void FigureExporter::copyToClipboard(double scale) const {
    if (QClipboard* clipboard = QGuiApplication::clipboard()) clipboard->setImage(toImage(scale));
}

}  // namespace moe::ui
