#pragma once
// Intended usage: how large and how contrasted the whole application is drawn, for a
// projector or a screen share (View > Zoom in / out / reset, High contrast). One object per
// application: the zoom scales the application font - and with it every widget and every
// view that draws with its widget's font - and, for each chart made by ChartStyle, the
// chart's fonts, line widths and marker sizes together. High contrast sets a black-on-white
// palette with stronger grid lines and thicker lines.
//
//   Presentation* p = Presentation::instance();
//   p->restore();              // the zoom and contrast saved by the last start; saves changes
//   p->zoomIn();               // 100% -> 110% -> 125% -> 150% -> 175% -> 200%
//   p->setHighContrast(true);
//   connect(p, &Presentation::changed, view, [view] { view->update(); });

#include <QObject>
#include <QPointer>
#include <QFont>
#include <QList>

class QChart;

namespace moe::ui {

/// A length in pixels at 100% that follows the zoom: for the margins and columns of the
/// views that paint themselves, which their fonts alone would outgrow.
///   constexpr ZoomedLength kLeft{58.0};   double x = kLeft + 4;   // 87 px at 150%
struct ZoomedLength {
    double px;
    operator double() const;  // NOLINT(google-explicit-constructor): used as a plain number
};

class Presentation : public QObject {
    Q_OBJECT
public:
    static Presentation* instance();

    /// The zoom steps, 0.8 (80%) to 2.0 (200%).
    static QList<double> zoomSteps();
    double zoom() const { return m_zoom; }
    bool highContrast() const { return m_highContrast; }
    /// 1 at 100% without high contrast: what chart line widths are multiplied by.
    double lineScale() const;

    /// Reads the zoom and contrast saved in QSettings ("view/zoom", "view/highContrast") and
    /// from then on saves every change. Until it is called (screenshots, tests) nothing is
    /// read or written and the application starts at 100%.
    void restore();

    /// Tracks `chart` (ChartStyle::chart() does it for every chart): styled now (after the
    /// current event, once its series and axes exist) and whenever the zoom or contrast
    /// change. Font sizes, pen widths and marker sizes are scaled from what the chart had
    /// when first styled.
    void track(QChart* chart);
    /// Applies the zoom and contrast to `chart` at once (the base sizes are read on the first
    /// call).
    void style(QChart* chart) const;

public slots:
    /// Snaps to the nearest step in [0.8, 2.0].
    void setZoom(double zoom);
    void zoomIn();
    void zoomOut();
    void resetZoom();
    void setHighContrast(bool on);

signals:
    void changed();

private:
    Presentation();
    void apply();
    void save() const;

    double m_zoom = 1.0;
    bool m_highContrast = false;
    bool m_persistent = false;
    QFont m_baseFont;
    QList<QPointer<QChart>> m_charts;
};

}  // namespace moe::ui
