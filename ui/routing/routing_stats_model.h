#pragma once
// Intended usage: the routing metrics of the latest epoch (moe-spec section 5, on the
// test split) as a read-only table: one row per MoE layer (one in a mixture, one per block
// in block mode), one column per measure. Headers carry tooltips with the definitions.
//
//   auto* model = new RoutingStatsModel(this);
//   model->setLayers(controller->history().constLast().layers);
//   tableView->setModel(model);

#include "core/train/snapshot.h"

#include <QAbstractTableModel>

#include <vector>

namespace moe::ui {

class RoutingStatsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ExpertsPerSample, Dropped, LeftBehind, LoadCv, DeadExperts, ColumnCount };

    explicit RoutingStatsModel(QObject* parent = nullptr);

    /// One RoutingStats per MoE layer, in order; `blocks` names the rows "Block 1", ...
    void setLayers(const std::vector<moe::RoutingStats>& layers, bool blocks);
    void clear();
    bool hasStats() const { return !m_layers.empty(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The raw number behind a cell (what Qt::UserRole returns).
    double value(int row, int column) const;

private:
    std::vector<moe::RoutingStats> m_layers;
    bool m_blocks = false;
};

}  // namespace moe::ui
