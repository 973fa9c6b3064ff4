#pragma once
// Intended usage: the accuracy-against-compute chart of the trained MoE as its top-k is
// varied at inference from 1 to E (the same weights, more or fewer experts per input),
// with the two dense baselines as single points. A spin box picks k and highlights its
// point; the line under the chart says what that k buys against the trained k and the
// dense models. Regression shows test R² instead of accuracy.
//
//   view->setData(controller->topKSweep(), controller->cost(), lastSnapshot,
//                 task, config.model.topK, config.model.router);
//
// setData() only stores; a 50 ms timer redraws, so a fast trainer cannot flood it.

#include "core/cost/cost_report.h"
#include "core/data/dataset.h"
#include "core/model/model_config.h"
#include "core/train/snapshot.h"
#include "core/train/top_k_point.h"

#include <QPointF>
#include <QRectF>
#include <QTimer>
#include <QWidget>

#include <vector>

class QChart;
class QGraphicsSimpleTextItem;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QSpinBox;
class QValueAxis;

namespace moe::ui {

class ParetoView : public QWidget {
    Q_OBJECT
public:
    explicit ParetoView(QWidget* parent = nullptr);

    void setData(const std::vector<moe::TopKPoint>& sweep, const moe::CostReport& cost,
                 const moe::EpochSnapshot& last, moe::Task task, int trainingK, moe::RouterKind router);
    void clear();
    void redrawNow();

    /// The k the spin box shows (0 when there is no sweep).
    int selectedK() const;
    void setSelectedK(int k);
    QSpinBox* kSpinBox() const { return m_kSpin; }
    /// Plotted points: x = FLOPs per input, y = accuracy in % (or R²).
    QList<QPointF> moePoints() const;
    QPointF highlightedPoint() const;
    QPointF denseParamsPoint() const;
    QPointF denseComputePoint() const;
    QString readoutText() const;
    /// Where the visible "k=" labels are drawn, and where a plotted value lands, in the
    /// chart's coordinates (so a test can check that the labels keep clear of the markers).
    QList<QRectF> kLabelRects() const;
    QPointF chartPosition(QPointF value) const;

signals:
    void selectedKChanged(int k);

private:
    void fitYTitle();
    double score(const moe::ModelMetrics& m) const;
    void redraw();
    void updateHighlight();
    void placeLabels();

    QChart* m_chart = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLineSeries* m_moeLine = nullptr;
    QScatterSeries* m_moeDots = nullptr;
    QScatterSeries* m_trained = nullptr;
    QScatterSeries* m_selected = nullptr;
    QScatterSeries* m_denseParams = nullptr;
    QScatterSeries* m_denseCompute = nullptr;
    QList<QGraphicsSimpleTextItem*> m_kLabels;
    QSpinBox* m_kSpin = nullptr;
    QLabel* m_readout = nullptr;

    std::vector<moe::TopKPoint> m_sweep;
    moe::CostReport m_cost;
    moe::EpochSnapshot m_last;
    moe::Task m_task = moe::Task::Classification;
    moe::RouterKind m_router = moe::RouterKind::SoftmaxTopK;
    int m_trainingK = 1;
    bool m_has = false;
    QTimer m_redrawTimer;
};

}  // namespace moe::ui
