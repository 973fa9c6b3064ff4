#pragma once
// Intended usage: the per-layer numbers of a routing trace as a table (the Trace workspace's
// Load view under its map): one row per MoE layer with its load CV, MaxVio, usage entropy,
// dead and hot experts and the mean first-choice weight - TraceStats' values, the ones
// `moe trace-stats` prints, so the window and the command line agree.
//
//   auto* model = new TraceLayerModel(this);
//   model->setStats(loaded.stats);
//   tableView->setModel(model);
//
// Experts are named as everywhere in the window, from 1 ("Expert 1" is id 0 in the file).

#include "core/trace/routing_trace.h"
#include "core/trace/trace_stats.h"

#include <QAbstractTableModel>

#include <memory>

namespace moe::ui {

class TraceLayerModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { LayerColumn, CvColumn, MaxVioColumn, EntropyColumn, DeadColumn, HotColumn, TopWeightColumn, ColumnCount };

    explicit TraceLayerModel(QObject* parent = nullptr);

    /// Shows `stats` (null: an empty table).
    void setStats(std::shared_ptr<const moe::TraceStats> stats);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// "Experts 3, 7, 12 and 4 more" for 0-based ids {2, 6, 11, ...}; "none" when empty.
    static QString expertList(const std::vector<int>& ids, int most = 6);

private:
    std::shared_ptr<const moe::TraceStats> m_stats;
};

}  // namespace moe::ui
