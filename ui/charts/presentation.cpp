#include "ui/charts/presentation.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QPalette>
#include <QScatterSeries>
#include <QSettings>
#include <QStyle>
#include <QTimer>
#include <QXYSeries>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

constexpr double kContrastLines = 1.5;  // line widths under high contrast

// The value `o` had when first styled, kept on it as a dynamic property.
double base(QObject* o, const char* key, double current) {
    const QVariant v = o->property(key);
    if (v.isValid()) return v.toDouble();
    o->setProperty(key, current);
    return current;
}

QFont scaled(QObject* owner, const char* key, QFont f, double zoom) {
    const double b = base(owner, key, f.pointSizeF());
    if (b > 0) f.setPointSizeF(b * zoom);
    return f;
}

QColor baseColor(QObject* o, const char* key, const QColor& current) {
    const QVariant v = o->property(key);
    if (v.isValid()) return v.value<QColor>();
    o->setProperty(key, current);
    return current;
}

QPalette highContrastPalette() {
    QPalette p;
    const QColor ink(Qt::black), paper(Qt::white);
    for (QPalette::ColorRole role : {QPalette::Window, QPalette::Base, QPalette::AlternateBase, QPalette::Button,
                                     QPalette::ToolTipBase})
        p.setColor(role, paper);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::ToolTipText})
        p.setColor(role, ink);
    p.setColor(QPalette::Highlight, QColor(0x00, 0x3C, 0xB4));
    p.setColor(QPalette::HighlightedText, paper);
    p.setColor(QPalette::Link, QColor(0x00, 0x2A, 0x8C));
    p.setColor(QPalette::PlaceholderText, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Dark, ink);
    p.setColor(QPalette::Shadow, ink);
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x55, 0x55, 0x55));
    return p;
}

}  // namespace

ZoomedLength::operator double() const { return px * Presentation::instance()->zoom(); }

Presentation::Presentation() : QObject(qApp) { m_baseFont = QApplication::font(); }

Presentation* Presentation::instance() {
    static Presentation* one = new Presentation;
    return one;
}

QList<double> Presentation::zoomSteps() { return {0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0}; }

double Presentation::lineScale() const { return m_zoom * (m_highContrast ? kContrastLines : 1.0); }

void Presentation::restore() {
    QSettings s;
    m_persistent = false;  // reading is not a change to save
    setHighContrast(s.value(QStringLiteral("view/highContrast"), false).toBool());
    setZoom(s.value(QStringLiteral("view/zoom"), 1.0).toDouble());
    m_persistent = true;
}

void Presentation::setZoom(double zoom) {
    const QList<double> steps = zoomSteps();
    if (!std::isfinite(zoom)) zoom = 1.0;
    const double snapped = *std::min_element(steps.begin(), steps.end(), [zoom](double a, double b) {
        return std::abs(a - zoom) < std::abs(b - zoom);
    });
    if (snapped == m_zoom) return;
    m_zoom = snapped;
    apply();
}

void Presentation::zoomIn() {
    for (double s : zoomSteps())
        if (s > m_zoom + 1e-9) return setZoom(s);
}

void Presentation::zoomOut() {
    const QList<double> steps = zoomSteps();
    for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        if (*it < m_zoom - 1e-9) return setZoom(*it);
}

void Presentation::resetZoom() { setZoom(1.0); }

void Presentation::setHighContrast(bool on) {
    if (on == m_highContrast) return;
    m_highContrast = on;
    QApplication::setPalette(on ? highContrastPalette() : QApplication::style()->standardPalette());
    apply();
}

void Presentation::apply() {
    QFont f = m_baseFont;
    if (m_baseFont.pointSizeF() > 0) f.setPointSizeF(m_baseFont.pointSizeF() * m_zoom);
    else f.setPixelSize(std::max(1, static_cast<int>(std::lround(m_baseFont.pixelSize() * m_zoom))));
    QApplication::setFont(f);
    m_charts.removeAll(nullptr);
    for (const QPointer<QChart>& chart : m_charts) style(chart);
    save();
    emit changed();
}

void Presentation::save() const {
    if (!m_persistent) return;
    QSettings s;
    s.setValue(QStringLiteral("view/zoom"), m_zoom);
    s.setValue(QStringLiteral("view/highContrast"), m_highContrast);
}

void Presentation::track(QChart* chart) {
    m_charts.append(chart);
    // The chart's creator adds its series and axes after ChartStyle::chart() returns.
    QTimer::singleShot(0, chart, [this, chart] { style(chart); });
}

void Presentation::style(QChart* chart) const {
    const double zoom = m_zoom;
    chart->setTitleFont(scaled(chart, "moeTitlePt", chart->titleFont(), zoom));
    QLegend* legend = chart->legend();
    legend->setFont(scaled(legend, "moeFontPt", legend->font(), zoom));
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setTitleFont(scaled(axis, "moeTitlePt", axis->titleFont(), zoom));
        axis->setLabelsFont(scaled(axis, "moeLabelsPt", axis->labelsFont(), zoom));
        const QColor grid = baseColor(axis, "moeGridColor", axis->gridLineColor());
        axis->setGridLineColor(m_highContrast ? QColor(0x90, 0x90, 0x90) : grid);
        const QColor labels = baseColor(axis, "moeLabelsColor", axis->labelsColor());
        axis->setLabelsColor(m_highContrast ? QColor(Qt::black) : labels);
    }
    for (QAbstractSeries* series : chart->series()) {
        auto* xy = qobject_cast<QXYSeries*>(series);
        if (!xy) continue;
        QPen pen = xy->pen();
        const double width = base(xy, "moePenWidth", pen.widthF());
        if (width > 0 && std::abs(pen.widthF() - width * lineScale()) > 1e-9) {
            pen.setWidthF(width * lineScale());
            xy->setPen(pen);
        }
        if (auto* scatter = qobject_cast<QScatterSeries*>(series)) {
            const double size = base(scatter, "moeMarkerSize", scatter->markerSize());
            if (std::abs(scatter->markerSize() - size * zoom) > 1e-9) scatter->setMarkerSize(size * zoom);
        }
    }
}

}  // namespace moe::ui
