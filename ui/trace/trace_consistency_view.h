#pragma once
// Intended usage: the Trace workspace's Consistency view - routing consistency across layers:
// for each pair of consecutive MoE layers, how often a token's first choice names the same
// expert in both (against the share independent choices would give), how well the first choice
// at one layer predicts the next (NMI of the two first choices), and the mean overlap of the
// two chosen sets. TraceStats' LayerConsistency values, as `moe trace-stats` prints them.
//
//   auto* view = new TraceConsistencyView;
//   view->setTrace(loaded);
//   QChartView* chart = view->chartView();   // what the report and the exporter draw

#include "ui/trace/trace_loader.h"

#include <QWidget>

class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QValueAxis;

namespace moe::ui {

class TraceConsistencyView : public QWidget {
    Q_OBJECT
public:
    explicit TraceConsistencyView(QWidget* parent = nullptr);

    void setTrace(const LoadedTrace& trace);

    QChartView* chartView() const { return m_view; }
    QLineSeries* sameTop1() const { return m_same; }
    QLineSeries* chance() const { return m_chance; }
    QLineSeries* nmi() const { return m_nmi; }
    QLineSeries* overlap() const { return m_overlap; }
    QString noteText() const;

private:
    LoadedTrace m_trace;
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QLineSeries* m_same = nullptr;
    QLineSeries* m_chance = nullptr;
    QLineSeries* m_nmi = nullptr;
    QLineSeries* m_overlap = nullptr;
    QValueAxis* m_x = nullptr;
    QValueAxis* m_y = nullptr;
    QLabel* m_note = nullptr;
};

}  // namespace moe::ui
