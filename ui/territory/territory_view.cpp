#include "ui/territory/territory_view.h"

#include "ui/charts/axis_ticks.h"
#include "ui/charts/class_palette.h"
#include "ui/charts/expert_palette.h"
#include "ui/territory/territory_legend.h"
#include "ui/territory/territory_renderer.h"
#include "ui/charts/presentation.h"

#include <QLinearGradient>
#include <QPaintEngine>
#include <QStringList>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {
namespace {

constexpr ZoomedLength kLeft{58.0};     // y tick labels and the rotated y title
constexpr ZoomedLength kBottom{46.0};   // x tick labels and the x title
constexpr ZoomedLength kTitle{44.0};    // title and subtitle
constexpr ZoomedLength kCaption{36.0};  // the slice caption under them (two lines), beyond two features
constexpr ZoomedLength kLegend{150.0};  // legend column
constexpr ZoomedLength kGap{18.0};      // between the plot and the legend
constexpr ZoomedLength kMargin{10.0};

const QColor& kText = TerritoryLegend::kText;
const QColor& kMuted = TerritoryLegend::kMuted;
const QColor& kFrame = TerritoryLegend::kFrame;

bool isSlice(const moe::GridSpec& spec) {
    return spec.plane && spec.plane->kind() == moe::FeaturePlane::Kind::Principal;
}

bool gridUsable(const moe::TerritoryGrid& g) {
    const auto cells = static_cast<std::size_t>(std::max(g.spec.width, 0)) *
                       static_cast<std::size_t>(std::max(g.spec.height, 0));
    return cells > 0 && g.expert.size() == cells && g.spec.xMax > g.spec.xMin &&
           g.spec.yMax > g.spec.yMin;
}

}  // namespace

TerritoryView::TerritoryView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("territoryView"));
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);  // hovering previews an input in the gate inspector
    setCursor(Qt::CrossCursor);
    setToolTip(tr("<p><b>Expert territory</b>: every point of the plane is coloured by the "
                  "expert the gate sends it to first (the argmax of the gate). Pale means the "
                  "gate hesitates (its top probability is near 1/E); strong means it is sure. "
                  "The dark line is where the MoE's predicted class changes.</p>"
                  "<p>With more than two features the map is a <b>slice</b>: the plane of the "
                  "first two principal components (PC 1, PC 2, in standardised units) through "
                  "the data mean, every other direction held at the mean. The data points are "
                  "their projections onto that plane, so a point may sit in a territory its "
                  "own features do not reach.</p>"
                  "<p>Hover over a point to preview its gate in the gate inspector; click "
                  "(on data or anywhere on the plane) to pin it.</p>"));
}

void TerritoryView::setTerritory(const moe::TerritoryGrid& grid) {
    m_grid = grid;
    m_layer = std::clamp(m_layer, 0, layers() - 1);
    m_selectedExpert = std::clamp(m_selectedExpert, 0, std::max(grid.experts, 1) - 1);
    rebuild();
    emit territoryChanged();
}

int TerritoryView::layers() const { return std::max<int>(1, static_cast<int>(m_grid.layerExpert.size())); }

void TerritoryView::setMode(Mode mode) {
    m_mode = mode;
    rebuild();
}

void TerritoryView::setSelectedExpert(int expert) {
    m_selectedExpert = std::max(expert, 0);
    rebuild();
}

void TerritoryView::setLayer(int layer) {
    m_layer = std::max(layer, 0);
    rebuild();
}

const std::vector<int>* TerritoryView::shownClasses() const {
    if (m_mode == Mode::Decision) return m_grid.predictedClass.empty() ? nullptr : &m_grid.predictedClass;
    if (m_mode == Mode::ExpertAlone && static_cast<std::size_t>(m_selectedExpert) < m_grid.expertClass.size())
        return &m_grid.expertClass[static_cast<std::size_t>(m_selectedExpert)];
    return nullptr;
}

const std::vector<float>* TerritoryView::shownValues() const {
    if (m_mode == Mode::Decision) return m_grid.predictedValue.empty() ? nullptr : &m_grid.predictedValue;
    if (m_mode == Mode::ExpertAlone && static_cast<std::size_t>(m_selectedExpert) < m_grid.expertValue.size())
        return &m_grid.expertValue[static_cast<std::size_t>(m_selectedExpert)];
    return nullptr;
}

std::pair<float, float> TerritoryView::valueRange() const {
    // The data's own range, so the map and the points share one colour scale.
    if (m_data.values.empty()) return {0.0f, 1.0f};
    const auto [lo, hi] = std::minmax_element(m_data.values.begin(), m_data.values.end());
    return {*lo, *hi > *lo ? *hi : *lo + 1.0f};
}

void TerritoryView::rebuild() {
    const int w = m_grid.spec.width, h = m_grid.spec.height;
    const std::size_t layer = static_cast<std::size_t>(std::min(m_layer, layers() - 1));
    const bool perLayer = layer < m_grid.layerExpert.size() && layer < m_grid.layerConfidence.size();
    const std::vector<int>& experts = perLayer ? m_grid.layerExpert[layer] : m_grid.expert;
    const std::vector<float>& confidence = perLayer ? m_grid.layerConfidence[layer] : m_grid.confidence;
    const std::vector<int>* classes = shownClasses();
    const std::vector<float>* values = shownValues();
    if (m_mode == Mode::Experts || (!classes && !values)) {
        m_image = TerritoryRenderer::image(experts, confidence, w, h, m_grid.experts);
    } else if (classes) {
        m_image = TerritoryRenderer::classImage(*classes, w, h);
    } else {
        const auto [lo, hi] = valueRange();
        m_image = TerritoryRenderer::valueImage(*values, w, h, lo, hi);
    }
    // The boundary of the classes shown (the model's, or the selected expert's).
    const std::vector<int>* boundary = m_mode == Mode::ExpertAlone ? classes : &m_grid.predictedClass;
    m_decisionBoundary = boundary && !boundary->empty() ? TerritoryRenderer::contours(*boundary, w, h) : QPainterPath();
    m_expertBorders = TerritoryRenderer::contours(experts, w, h);
    update();
}

QString TerritoryView::modeTitle() const {
    const QString layer = layers() > 1 ? tr(" · MoE layer %1 of %2").arg(m_layer + 1).arg(layers()) : QString();
    switch (m_mode) {
        case Mode::Experts: return tr("Expert territory") + layer;
        case Mode::Decision: return tr("The model's decision");
        case Mode::ExpertAlone:
            return tr("%1 alone").arg(ExpertPalette::name(m_selectedExpert)) +
                   (layers() > 1 ? tr(" · in MoE layer 1") : QString());
    }
    return {};
}

void TerritoryView::setMarker(bool show, const std::vector<float>& features) {
    m_showMarker = show;
    m_marker = features;
    update();
}

std::vector<float> TerritoryView::featuresAt(QPointF plane) const {
    const std::optional<moe::FeaturePlane>& fp = m_grid.spec.plane;
    if (!fp) return {};
    return fp->pointAt(plane.x(), plane.y());
}

std::optional<QPointF> TerritoryView::planeOf(const float* features, std::size_t count) const {
    const std::optional<moe::FeaturePlane>& fp = m_grid.spec.plane;
    if (fp) {
        if (fp->cols() != count) return std::nullopt;
        const std::array<double, 2> uv = fp->project(features);
        return QPointF(uv[0], uv[1]);
    }
    if (count < 2) return std::nullopt;
    return QPointF(features[0], features[1]);
}

QPointF TerritoryView::planeToWidget(QPointF plane) const {
    const QRectF plot = layout().plot;
    if (plot.isEmpty()) return {};
    return toWidget(plot, plane.x(), plane.y());
}

std::optional<QPointF> TerritoryView::widgetToPlane(QPointF widget) const {
    const QRectF plot = layout().plot;
    if (plot.isEmpty() || !plot.contains(widget)) return std::nullopt;
    const moe::GridSpec& s = m_grid.spec;
    return QPointF(s.xMin + (widget.x() - plot.left()) / plot.width() * (s.xMax - s.xMin),
                   s.yMax - (widget.y() - plot.top()) / plot.height() * (s.yMax - s.yMin));
}

int TerritoryView::rowAt(QPointF widget, double radius) const {
    const QRectF plot = layout().plot;
    if (plot.isEmpty() || !m_showPoints || m_data.cols < 2) return -1;
    int best = -1;
    double bestDistance = radius * radius;
    for (std::size_t r = 0; r < m_data.rows; ++r) {
        const std::optional<QPointF> uv = planeOf(&m_data.features[r * m_data.cols], m_data.cols);
        if (!uv) return -1;
        const QPointF d = toWidget(plot, uv->x(), uv->y()) - widget;
        const double distance = QPointF::dotProduct(d, d);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = static_cast<int>(r);
        }
    }
    return best;
}

std::optional<QPointF> TerritoryView::cellCentreAt(QPointF widget) const {
    const std::optional<QPointF> plane = widgetToPlane(widget);
    if (!plane) return std::nullopt;
    const moe::GridSpec& s = m_grid.spec;
    const double cw = (s.xMax - s.xMin) / s.width, ch = (s.yMax - s.yMin) / s.height;
    const double col = std::clamp(std::floor((plane->x() - s.xMin) / cw), 0.0, s.width - 1.0);
    const double row = std::clamp(std::floor((s.yMax - plane->y()) / ch), 0.0, s.height - 1.0);
    return QPointF(s.xMin + (col + 0.5) * cw, s.yMax - (row + 0.5) * ch);
}

void TerritoryView::mouseMoveEvent(QMouseEvent* event) {
    const std::optional<QPointF> plane = cellCentreAt(event->position());
    if (!plane) {
        emit hoverLeft();
        return;
    }
    emit pointHovered(*plane, rowAt(event->position()));
}

void TerritoryView::mousePressEvent(QMouseEvent* event) {
    const std::optional<QPointF> plane = cellCentreAt(event->position());
    if (event->button() != Qt::LeftButton || !plane) return QWidget::mousePressEvent(event);
    emit pointClicked(*plane, rowAt(event->position()));
}

void TerritoryView::leaveEvent(QEvent* event) {
    emit hoverLeft();
    QWidget::leaveEvent(event);
}

void TerritoryView::setData(const moe::Dataset& dataset) {
    m_data = dataset;
    m_pointsCacheValid = false;
    update();
}

void TerritoryView::setExpertLoad(const std::vector<double>& load) {
    m_load = load;
    update();
}

void TerritoryView::setShowDecisionBoundary(bool show) {
    m_showBoundary = show;
    update();
}

void TerritoryView::setShowExpertBorders(bool show) {
    m_showBorders = show;
    update();
}

void TerritoryView::setShowPoints(bool show) {
    m_showPoints = show;
    update();
}

double TerritoryView::titleHeight() const { return kTitle + (isSlice(m_grid.spec) ? kCaption : 0.0); }

TerritoryLegend TerritoryView::legend() const {
    return TerritoryLegend(font(), m_grid.experts, m_load, m_data, m_showBoundary && !m_decisionBoundary.isEmpty());
}

TerritoryView::Layout TerritoryView::layout() const {
    Layout best;
    if (!gridUsable(m_grid)) return best;
    const moe::GridSpec& s = m_grid.spec;
    const double aspect = (s.xMax - s.xMin) / (s.yMax - s.yMin);  // equal units on both axes
    const TerritoryLegend legends = legend();
    const double row = legends.rowHeight();
    const int experts = std::max(m_grid.experts, 1);
    auto fit = [aspect](double w, double h) {
        return (w / aspect <= h) ? QSizeF(w, w / aspect) : QSizeF(h * aspect, h);
    };
    // Legend on the right: one column of experts, the key under them.
    const QSizeF right = fit(width() - 2 * kMargin - kLeft - kGap - kLegend, height() - titleHeight() - kBottom - kMargin);
    // Legend below: experts in columns beside the key (confidence, classes).
    const double availW = width() - 2 * kMargin - kLeft;
    const int columns = legends.expertColumns(std::max(availW - kLegend - kGap, 1.0));
    const int expertRows = (experts + columns - 1) / columns + 1;
    const double keyRows = m_data.task == moe::Task::Regression ? 7.0 : 5.5 + m_data.classCount() + 1.0;
    const double legendH = std::max(expertRows + 1.0, keyRows) * row;
    const QSizeF below = fit(availW, height() - titleHeight() - kBottom - kMargin - legendH);
    const bool useBelow = below.width() > right.width();
    const QSizeF size = useBelow ? below : right;
    if (size.width() < 40 || size.height() < 40) return best;
    const double total = kLeft + size.width() + (useBelow ? 0.0 : kGap + kLegend);
    const double left = std::round(std::max<double>(kMargin, (width() - total) / 2.0) + kLeft);
    best.plot = QRectF(left, titleHeight(), std::round(size.width()), std::round(size.height()));
    best.legendBelow = useBelow;
    // Below: as wide as the plot, or wider (up to the widget's edge) when the experts'
    // heading needs it.
    const double headingRoom = [this] {
        QFont bold = font();
        bold.setBold(true);
        return QFontMetricsF(bold).horizontalAdvance(tr("Experts  (share of routed test inputs)")) + kGap + kLegend;
    }();
    const double belowLeft = best.plot.left() - kLeft + 4;
    const double belowWidth = std::max({size.width() + kLeft - 4, kLegend * 2,
                                        std::min(headingRoom, width() - kMargin - belowLeft)});
    best.legend = useBelow ? QRectF(belowLeft, best.plot.bottom() + kBottom, belowWidth, legendH)
                           : QRectF(best.plot.right() + kGap, best.plot.top(), kLegend,
                                    height() - best.plot.top() - kMargin);
    return best;
}

QPointF TerritoryView::toWidget(const QRectF& plot, double x, double y) const {
    const moe::GridSpec& s = m_grid.spec;
    return {plot.left() + (x - s.xMin) / (s.xMax - s.xMin) * plot.width(),
            plot.top() + (s.yMax - y) / (s.yMax - s.yMin) * plot.height()};
}

void TerritoryView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), Qt::white);
    p.setRenderHint(QPainter::Antialiasing);
    const Layout l = layout();
    const QRectF plot = l.plot;
    if (plot.isEmpty() || m_image.isNull()) {
        p.setPen(kMuted);
        const QString message = (m_data.rows > 0 && m_data.cols < 2)
                                    ? tr("The territory map needs data with at least two features.")
                                    : tr("Building the models…");
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, message);
        return;
    }
    paintTitle(p, plot);
    p.setRenderHint(QPainter::SmoothPixmapTransform);
    p.drawImage(plot, m_image);

    QTransform cellToWidget;
    cellToWidget.translate(plot.left(), plot.top());
    cellToWidget.scale(plot.width() / m_grid.spec.width, plot.height() / m_grid.spec.height);
    p.save();
    p.setClipRect(plot);
    if (m_showBorders) {
        QPen pen(QColor(255, 255, 255, 230), 1.3);
        p.setPen(pen);
        p.drawPath(cellToWidget.map(m_expertBorders));
    }
    if (m_showBoundary && !m_decisionBoundary.isEmpty()) {
        p.setPen(TerritoryLegend::boundaryPen());
        p.drawPath(cellToWidget.map(m_decisionBoundary));
    }
    if (m_showPoints) paintPoints(p, plot);
    const std::optional<QPointF> marker = m_showMarker ? planeOf(m_marker.data(), m_marker.size()) : std::nullopt;
    if (marker) {
        // The pinned input: a white-and-black ring readable on any expert colour.
        const QPointF c = toWidget(plot, marker->x(), marker->y());
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::white, 4.0));
        p.drawEllipse(c, 8.0, 8.0);
        p.setPen(QPen(QColor(0x11, 0x11, 0x11), 2.0));
        p.drawEllipse(c, 8.0, 8.0);
    }
    p.restore();

    p.setPen(QPen(kFrame, 1.0));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    paintAxes(p, plot);
    const TerritoryLegend legends = legend();
    if (m_mode != Mode::Experts) {
        legends.paintDecision(p, l.legend, m_mode == Mode::ExpertAlone ? m_selectedExpert : -1, valueRange());
        return;
    }
    if (l.legendBelow) {
        const QRectF experts(l.legend.left(), l.legend.top(), l.legend.width() - kLegend - kGap, l.legend.height());
        legends.paintExperts(p, experts, legends.expertColumns(experts.width()));
        legends.paintKey(p, QRectF(l.legend.right() - kLegend, l.legend.top(), kLegend, l.legend.height()));
    } else {
        const int experts = std::max(m_grid.experts, 1);
        const double row = legends.rowHeight();
        // The key's rows at their fewest (classes in as many columns as fit): two headings,
        // the ramp and its labels, the gap after it, the boundary line.
        double keyRows = 5.5;
        if (m_data.task == moe::Task::Regression) keyRows += 2.0;
        else keyRows += std::ceil(m_data.classCount() / double(legends.classColumns(l.legend.width()).fit));
        // Every expert is listed: in more (compact) columns when one column does not fit
        // above the key, as long as the width allows.
        const double room = l.legend.height() - keyRows * row - row / 2;
        const int maxColumns = std::max(1, static_cast<int>(l.legend.width() / legends.compactExpertEntry()));
        int columns = 1;
        while (columns < maxColumns && ((experts + columns - 1) / columns + 1) * row > room) ++columns;
        const double rows = std::min<double>((experts + columns - 1) / columns + 1, std::floor(room / row));
        const double h = std::max(rows, 2.0) * row;
        legends.paintExperts(p, QRectF(l.legend.topLeft(), QSizeF(l.legend.width(), h)), columns);
        legends.paintKey(p, l.legend.adjusted(0, h + row / 2, 0, 0));
    }
}

void TerritoryView::paintTitle(QPainter& p, const QRectF& plot) const {
    QFont bold = font();
    bold.setBold(true);
    bold.setPointSizeF(font().pointSizeF() * 1.1);
    const QString title = modeTitle();
    const bool regression = m_data.task == moe::Task::Regression;
    const bool hash = m_grid.hashRouted;
    QString subtitle;
    switch (m_mode) {
        case Mode::Experts:
            subtitle = hash ? tr("Colour: the expert a fixed hash of the input picks (not learned).")
                            : tr("Colour: the expert the gate prefers at each point.  Paler: the gate is less sure.");
            break;
        case Mode::Decision:
            subtitle = regression ? tr("Colour: the value the MoE predicts (the points' scale).")
                                  : tr("Colour: the class the MoE predicts at each point.");
            break;
        case Mode::ExpertAlone:
            subtitle = regression ? tr("Colour: the value this expert predicts if it answered everywhere.")
                                  : tr("Colour: the class this expert predicts if it answered everywhere.");
            break;
    }
    const QStringList caption = {tr("Slice through the data mean on the PCA plane"),
                                 tr("(other features held at their mean; standardised units)")};
    const bool slice = isSlice(m_grid.spec);
    // Aligned with the y axis title, but moved left when that would cut the text off.
    const QFontMetricsF fm(font());
    double textWidth = std::max(QFontMetricsF(bold).horizontalAdvance(title), fm.horizontalAdvance(subtitle));
    if (slice)
        for (const QString& line : caption) textWidth = std::max(textWidth, fm.horizontalAdvance(line));
    const double x = std::max<double>(kMargin, std::min(plot.left() - kLeft + 4, width() - kMargin - textWidth));
    p.setFont(bold);
    p.setPen(kText);
    p.drawText(QRectF(x, 4, width() - x, 20), Qt::AlignLeft | Qt::AlignVCenter, title);
    p.setFont(font());
    p.setPen(kMuted);
    p.drawText(QRectF(x, 22, width() - x, 18), Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    if (slice)
        for (int i = 0; i < caption.size(); ++i)
            p.drawText(QRectF(x, 40 + i * kCaption / 2, width() - x, kCaption / 2), Qt::AlignLeft | Qt::AlignVCenter,
                       caption[i]);
}

void TerritoryView::paintAxes(QPainter& p, const QRectF& plot) const {
    const moe::GridSpec& s = m_grid.spec;
    p.setFont(font());
    const QFontMetricsF fm(font());
    const AxisTicks xt = AxisTicks::compute(s.xMin, s.xMax, std::max(2, static_cast<int>(plot.width() / 80)));
    const AxisTicks yt = AxisTicks::compute(s.yMin, s.yMax, std::max(2, static_cast<int>(plot.height() / 60)));
    for (double v : xt.values) {
        const double x = toWidget(plot, v, s.yMin).x();
        p.setPen(QPen(kFrame, 1.0));
        p.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        p.setPen(kMuted);
        p.drawText(QRectF(x - 40, plot.bottom() + 5, 80, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                   xt.label(v));
    }
    for (double v : yt.values) {
        const double y = toWidget(plot, s.xMin, v).y();
        p.setPen(QPen(kFrame, 1.0));
        p.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        p.setPen(kMuted);
        p.drawText(QRectF(plot.left() - 46, y - fm.height() / 2, 40, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, yt.label(v));
    }
    auto featureName = [this, &s](std::size_t i) {
        if (isSlice(s))
            return tr("PC %1 · %2% of the variance")
                .arg(i + 1)
                .arg(100.0 * s.plane->explainedVariance()[i], 0, 'f', 0);
        return i < m_data.featureNames.size() ? QString::fromStdString(m_data.featureNames[i])
                                              : QStringLiteral("x%1").arg(i + 1);
    };
    p.setPen(kText);
    p.drawText(QRectF(plot.left(), plot.bottom() + 6 + fm.height(), plot.width(), fm.height() + 4),
               Qt::AlignHCenter | Qt::AlignTop, fm.elidedText(featureName(0), Qt::ElideMiddle, static_cast<int>(plot.width())));
    p.save();
    p.translate(plot.left() - kLeft + 2, plot.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-plot.height() / 2, 0, plot.height(), fm.height() + 2), Qt::AlignCenter,
               fm.elidedText(featureName(1), Qt::ElideMiddle, static_cast<int>(plot.height())));
    p.restore();
}

void TerritoryView::paintPoints(QPainter& p, const QRectF& plot) {
    if (m_data.cols < 2 || m_data.rows == 0) return;
    // Exports (a scaled painter, SVG, PDF) draw the points themselves, sharp at any size.
    if (p.deviceTransform().isScaling() || p.paintEngine()->type() != QPaintEngine::Raster) {
        drawPoints(p, plot);
        return;
    }
    const qreal dpr = devicePixelRatioF();
    const moe::GridSpec& g = m_grid.spec;
    const moe::GridSpec& c = m_pointsCacheSpec;
    const bool sameSpec = c.xMin == g.xMin && c.xMax == g.xMax && c.yMin == g.yMin && c.yMax == g.yMax &&
                          c.plane == g.plane;
    if (!m_pointsCacheValid || m_pointsCacheRect != plot || !sameSpec ||
        m_pointsCache.devicePixelRatio() != dpr) {
        // A margin so markers on the plot's edge are not cut.
        const QRectF area = plot.adjusted(-6, -6, 6, 6);
        m_pointsCache = QPixmap((area.size() * dpr).toSize());
        m_pointsCache.setDevicePixelRatio(dpr);
        m_pointsCache.fill(Qt::transparent);
        QPainter cache(&m_pointsCache);
        cache.setRenderHint(QPainter::Antialiasing);
        cache.translate(-area.topLeft());
        drawPoints(cache, plot);
        m_pointsCacheRect = plot;
        m_pointsCacheSpec = g;
        m_pointsCacheValid = true;
    }
    p.drawPixmap(plot.topLeft() - QPointF(6, 6), m_pointsCache);
}

void TerritoryView::drawPoints(QPainter& p, const QRectF& plot) const {
    const double radius = std::clamp(plot.width() / 170.0, 2.2, 4.2) * (m_data.rows > 2000 ? 0.7 : 1.0);
    QPen outline(ClassPalette::outline(), 0.9);
    p.setPen(outline);
    const bool regression = m_data.task == moe::Task::Regression;
    float vMin = 0.0f, vMax = 1.0f;
    if (regression && !m_data.values.empty()) {
        const auto [lo, hi] = std::minmax_element(m_data.values.begin(), m_data.values.end());
        vMin = *lo;
        vMax = *hi > *lo ? *hi : *lo + 1.0f;
    }
    // On a plane, each point is drawn at its projection (the plane must match the data).
    const std::optional<moe::FeaturePlane>& plane = m_grid.spec.plane;
    if (plane && plane->cols() != m_data.cols) return;
    for (std::size_t r = 0; r < m_data.rows; ++r) {
        const std::array<double, 2> uv = plane ? plane->project(&m_data.features[r * m_data.cols])
                                                : std::array<double, 2>{m_data.feature(r, 0), m_data.feature(r, 1)};
        const QPointF c = toWidget(plot, uv[0], uv[1]);
        if (regression) {
            const double t = r < m_data.values.size() ? (m_data.values[r] - vMin) / (vMax - vMin) : 0.0;
            p.setBrush(ClassPalette::valueFill(t));
            p.drawPath(ClassPalette::markerPath(ClassPalette::Shape::Circle, c, radius));
        } else {
            const int label = r < m_data.labels.size() ? m_data.labels[r] : 0;
            p.setBrush(ClassPalette::fill(label));
            p.drawPath(ClassPalette::markerPath(ClassPalette::shape(label), c, radius));
        }
    }
}

}  // namespace moe::ui
