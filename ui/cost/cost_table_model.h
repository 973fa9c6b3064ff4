#pragma once
// Intended usage: the cost report as a read-only table, one column per model (MoE, dense
// with equal parameters, dense with equal compute) and one row per measure. Headers carry
// tooltips that explain the two baselines; numbers are right-aligned, "-" where a
// measure does not apply (a dense model has no gate).
//
//   auto* model = new CostTableModel(this);
//   model->setCost(controller->cost());
//   tableView->setModel(model);

#include "core/cost/cost_report.h"

#include <QAbstractTableModel>

namespace moe::ui {

class CostTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Row { ParamsTotal, ParamsActive, Flops, GateFlops, ExpertFlops, CombineFlops, RowCount };
    enum Column { Moe, DenseEqualParams, DenseEqualCompute, ColumnCount };

    explicit CostTableModel(QObject* parent = nullptr);

    void setCost(const moe::CostReport& cost);
    void clear();
    const moe::CostReport& cost() const { return m_cost; }
    bool hasCost() const { return m_has; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The raw number behind a cell (what Qt::UserRole returns), or NaN if not applicable.
    double value(int row, int column) const;
    /// 1 234 567 with thousands separators; 12.3 M above ten million.
    static QString formatCount(double value);

private:
    moe::CostReport m_cost;
    bool m_has = false;
};

}  // namespace moe::ui
