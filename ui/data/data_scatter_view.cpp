#include "ui/data/data_scatter_view.h"

#include "ui/charts/axis_ticks.h"
#include "ui/data/class_key.h"
#include "ui/charts/class_palette.h"

#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QScatterSeries>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

QScatterSeries::MarkerShape markerShape(ClassPalette::Shape s) {
    switch (s) {
    case ClassPalette::Shape::Circle: return QScatterSeries::MarkerShapeCircle;
    case ClassPalette::Shape::Square: return QScatterSeries::MarkerShapeRectangle;
    case ClassPalette::Shape::Triangle: return QScatterSeries::MarkerShapeTriangle;
    case ClassPalette::Shape::Diamond: return QScatterSeries::MarkerShapeRotatedRectangle;
    }
    return QScatterSeries::MarkerShapeCircle;
}

QScatterSeries* makeSeries(const QString& name, const QColor& fill, ClassPalette::Shape shape, qreal size) {
    auto* s = new QScatterSeries;
    s->setName(name);
    s->setColor(fill);
    s->setBorderColor(ClassPalette::outline());
    s->setMarkerShape(markerShape(shape));
    s->setMarkerSize(size);
    return s;
}

void styleAxis(QValueAxis* axis) {
    axis->setGridLineColor(QColor(0xE4, 0xE4, 0xE4));
    QFont f = axis->titleFont();
    f.setPointSizeF(9.5);
    f.setBold(false);
    axis->setTitleFont(f);
}

}  // namespace

DataScatterView::DataScatterView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("dataScatter"));
    m_chart = new QChart;
    m_chart->setBackgroundRoundness(0);
    // The classes' key is drawn beside the chart (ClassKey): Qt's legend shows one column
    // only and drops the entries that do not fit, and draws every marker as a square.
    m_chart->legend()->setVisible(false);
    m_x = new QValueAxis;
    m_y = new QValueAxis;
    styleAxis(m_x);
    styleAxis(m_y);
    m_chart->addAxis(m_x, Qt::AlignBottom);
    m_chart->addAxis(m_y, Qt::AlignLeft);
    for (QValueAxis* axis : {m_x, m_y}) {
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setTickType(QValueAxis::TicksDynamic);
        axis->setTickAnchor(0.0);
    }
    connect(m_chart, &QChart::plotAreaChanged, this, &DataScatterView::fitEqualAspect);
    m_view = new QChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setBackgroundBrush(Qt::white);  // one white card with the key beside it
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setToolTip(tr("Hover over a point to preview its gate in the gate inspector; click to pin it."));
    m_key = new ClassKey(this);
    m_key->setObjectName(QStringLiteral("scatterKey"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_key);
}

void DataScatterView::setData(const moe::Dataset& dataset) {
    // A new dataset is a new picture: series are rebuilt (live curves use replace() instead).
    m_chart->removeAllSeries();
    m_key->setEntries({});
    m_points.clear();
    m_rows.clear();
    if (dataset.cols < 2 || dataset.rows == 0) {
        m_chart->setTitle(tr("Nothing to plot: the data needs two features"));
        return;
    }
    const bool regression = dataset.task == moe::Task::Regression;
    const qreal size = dataset.rows > 2000 ? 6.0 : 8.5;
    QList<QScatterSeries*> series;
    QList<QList<QPointF>> points;
    double vMin = 0.0, vMax = 1.0;
    constexpr int kBands = 5;
    if (regression) {
        if (!dataset.values.empty()) {
            const auto [lo, hi] = std::minmax_element(dataset.values.begin(), dataset.values.end());
            vMin = *lo;
            vMax = *hi > *lo ? *hi : *lo + 1.0;
        }
        for (int b = 0; b < kBands; ++b) {
            const double a = vMin + (vMax - vMin) * b / kBands, z = vMin + (vMax - vMin) * (b + 1) / kBands;
            series << makeSeries(tr("%1 to %2").arg(a, 0, 'g', 3).arg(z, 0, 'g', 3),
                                 ClassPalette::valueFill((b + 0.5) / kBands), ClassPalette::Shape::Circle, size);
        }
    } else {
        for (int c = 0; c < dataset.classCount(); ++c)
            series << makeSeries(QString::fromStdString(dataset.classNames[static_cast<std::size_t>(c)]),
                                 ClassPalette::fill(c), ClassPalette::shape(c), size);
    }
    points.resize(series.size());
    QList<QList<int>> rows(series.size());
    double xMin = dataset.feature(0, 0), xMax = xMin, yMin = dataset.feature(0, 1), yMax = yMin;
    for (std::size_t r = 0; r < dataset.rows; ++r) {
        const double x = dataset.feature(r, 0), y = dataset.feature(r, 1);
        xMin = std::min(xMin, x), xMax = std::max(xMax, x), yMin = std::min(yMin, y), yMax = std::max(yMax, y);
        qsizetype k = 0;
        if (regression && r < dataset.values.size())
            k = std::clamp(static_cast<qsizetype>((dataset.values[r] - vMin) / (vMax - vMin) * kBands), qsizetype{0},
                           qsizetype{kBands - 1});
        else if (!regression && r < dataset.labels.size())
            k = std::clamp(static_cast<qsizetype>(dataset.labels[r]), qsizetype{0}, series.size() - 1);
        points[k].append({x, y});
        rows[k].append(static_cast<int>(r));
    }
    m_points = points;
    m_rows = rows;
    for (qsizetype i = 0; i < series.size(); ++i) {
        series[i]->replace(points[i]);
        m_chart->addSeries(series[i]);
        series[i]->attachAxis(m_x);
        series[i]->attachAxis(m_y);
        const int index = static_cast<int>(i);
        connect(series[i], &QScatterSeries::hovered, this, [this, index](const QPointF& point, bool state) {
            const int row = state ? rowOf(index, point) : -1;
            if (row >= 0) emit rowHovered(row);
            else emit hoverLeft();
        });
        connect(series[i], &QScatterSeries::clicked, this, [this, index](const QPointF& point) {
            const int row = rowOf(index, point);
            if (row >= 0) emit rowClicked(row);
        });
    }
    const double padX = 0.05 * std::max(xMax - xMin, 1e-6), padY = 0.05 * std::max(yMax - yMin, 1e-6);
    m_bounds = QRectF(QPointF(xMin - padX, yMin - padY), QPointF(xMax + padX, yMax + padY));
    fitEqualAspect();
    m_x->setTitleText(QString::fromStdString(dataset.featureNames.size() > 0 ? dataset.featureNames[0] : "x1"));
    m_y->setTitleText(QString::fromStdString(dataset.featureNames.size() > 1 ? dataset.featureNames[1] : "x2"));
    QList<ClassKey::Entry> key;
    for (qsizetype i = 0; i < series.size(); ++i)
        key.append({series[i]->name(), series[i]->color(),
                    regression ? ClassPalette::Shape::Circle : ClassPalette::shape(static_cast<int>(i))});
    m_key->setEntries(key);
    const QString what = regression              ? tr("regression target in bands")
                         : dataset.classCount() == 1 ? tr("1 class")
                                                     : tr("%1 classes").arg(dataset.classCount());
    m_chart->setTitle(tr("%1: %2 samples, %3").arg(QString::fromStdString(dataset.name)).arg(dataset.rows).arg(what));
}

void DataScatterView::setEqualAspect(bool on) {
    m_equalAspect = on;
    fitEqualAspect();
}

void DataScatterView::fitEqualAspect() {
    const QRectF area = m_chart->plotArea();
    if (m_fitting || m_bounds.isEmpty() || area.width() < 10 || area.height() < 10) return;
    m_fitting = true;  // new ranges may change label widths and so the plot area again
    const double unitsPerPixel = std::max(m_bounds.width() / area.width(), m_bounds.height() / area.height());
    const double halfW = m_equalAspect ? unitsPerPixel * area.width() / 2 : m_bounds.width() / 2;
    const double halfH = m_equalAspect ? unitsPerPixel * area.height() / 2 : m_bounds.height() / 2;
    const QPointF c = m_bounds.center();
    m_x->setRange(c.x() - halfW, c.x() + halfW);
    m_y->setRange(c.y() - halfH, c.y() + halfH);
    m_x->setTickInterval(AxisTicks::compute(c.x() - halfW, c.x() + halfW, std::max(4, static_cast<int>(area.width() / 80))).step);
    m_y->setTickInterval(AxisTicks::compute(c.y() - halfH, c.y() + halfH, std::max(3, static_cast<int>(area.height() / 45))).step);
    m_fitting = false;
}

int DataScatterView::rowOf(int series, QPointF point) const {
    if (series < 0 || series >= m_points.size()) return -1;
    // The series reports the marker's own point; the nearest one is that point.
    const QList<QPointF>& pts = m_points[series];
    int best = -1;
    double bestDistance = 0.0;
    for (qsizetype i = 0; i < pts.size(); ++i) {
        const QPointF d = pts[i] - point;
        const double distance = QPointF::dotProduct(d, d);
        if (best < 0 || distance < bestDistance) best = static_cast<int>(i), bestDistance = distance;
    }
    return best < 0 ? -1 : m_rows[series][best];
}

qsizetype DataScatterView::pointCount() const {
    qsizetype n = 0;
    for (QAbstractSeries* s : m_chart->series())
        if (auto* xy = qobject_cast<QXYSeries*>(s)) n += xy->count();
    return n;
}

}  // namespace moe::ui
