#pragma once
// Intended usage: turns any view into a figure file. The view paints itself through
// QWidget::render() onto the target device at the figure's own size - a QImage of
// (size x scale) pixels for PNG, QSvgGenerator for SVG, one QPdfWriter page for PDF - so
// the export is as crisp as the device allows and looks like the screen: the same axes,
// legends and labels. A view that shows no title of its own gets one in a band on top.
//
//   FigureExporter figure(curvesView, tr("Learning curves"), FigureExporter::AddTitle);
//   QString error;
//   if (!figure.writePng(path, 2.0, &error)) showWarning(error);   // 2x = 192 dpi
//
// Every write is atomic (QSaveFile): an unwritable destination returns false with a
// message naming the file and the reason, and leaves no partial file behind.

#include <QImage>
#include <QPointer>
#include <QSizeF>
#include <QString>
#include <QWidget>

#include <functional>

class QIODevice;
class QPainter;

namespace moe::ui {

class FigureExporter {
public:
    enum TitleMode {
        ViewHasTitle,  ///< the view paints its own title: export it as it is
        AddTitle,      ///< draw `title` in a band above the view
    };
    enum class Format { Png, Svg, Pdf };

    /// Screen resolution that scale 1 corresponds to.
    static constexpr double kBaseDpi = 96.0;

    FigureExporter(QWidget* view, QString title, TitleMode mode = AddTitle);

    /// The figure in logical pixels: the view's size (at least its size hint when it has
    /// never been laid out) plus the title band.
    QSizeF size() const;
    /// Paints the whole figure with its top-left at the painter's origin, in logical pixels.
    void paint(QPainter& painter) const;

    /// A raster of size() x scale pixels; its dots-per-metre say 96 x scale dpi.
    QImage toImage(double scale = 1.0) const;
    /// SVG document (title element set to the figure's title) as bytes.
    QByteArray toSvg() const;

    bool writePng(const QString& path, double scale, QString* error) const;
    bool writeSvg(const QString& path, QString* error) const;
    bool writePdf(const QString& path, QString* error) const;
    /// Picks the writer from the file's suffix (png, svg, pdf); PNG uses `scale`.
    bool write(const QString& path, double scale, QString* error) const;
    void copyToClipboard(double scale = 2.0) const;

    static bool formatFromSuffix(const QString& path, Format* format);
    QString title() const { return m_title; }

private:
    double titleBand() const;
    bool writeAtomically(const QString& path, QString* error,
                         const std::function<bool(QIODevice&)>& write) const;
    void writeSvgTo(QIODevice& device) const;

    QPointer<QWidget> m_view;
    QString m_title;
    TitleMode m_mode;
};

}  // namespace moe::ui
