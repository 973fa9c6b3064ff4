#pragma once
// Intended usage: the inference latency and throughput of the MoE and both dense
// baselines, measured on this machine (core/cost/latency.h), as a read-only table: one
// column per model, one row per figure, the unit in each row's name. "…" until the first
// measurement arrives.
//
//   auto* model = new LatencyTableModel(this);
//   model->setLatency(controller->latency());
//   tableView->setModel(model);

#include "core/cost/latency_report.h"

#include <QAbstractTableModel>

namespace moe::ui {

class LatencyTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Row { SingleMicros, BatchMillis, PerSampleMicros, Throughput, RowCount };
    enum Column { Moe, DenseEqualParams, DenseEqualCompute, ColumnCount };

    explicit LatencyTableModel(QObject* parent = nullptr);

    void setLatency(const moe::LatencyReport& latency);
    void clear();
    const moe::LatencyReport& latency() const { return m_latency; }
    bool hasLatency() const { return m_has; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The number a cell shows, in the row's unit (what Qt::UserRole returns).
    double value(int row, int column) const;

private:
    moe::LatencyReport m_latency;
    bool m_has = false;
};

}  // namespace moe::ui
