#pragma once
// Intended usage: the loaded dataset as a read-only table for a QTableView: one row per
// sample, one column per feature (raw units, as read) and a last column with the target
// (the class name, or the regression value). The dataset is shared, not copied, so a
// million-row table costs nothing until rows are shown.
//
//   auto* model = new DatasetTableModel(this);
//   model->setDataset(std::make_shared<const moe::Dataset>(data));
//   tableView->setModel(model);

#include "core/data/dataset.h"

#include <QAbstractTableModel>

#include <memory>

namespace moe::ui {

class DatasetTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit DatasetTableModel(QObject* parent = nullptr);

    /// Replaces the table (a model reset); nullptr empties it.
    void setDataset(std::shared_ptr<const moe::Dataset> data);
    const moe::Dataset* dataset() const { return m_data.get(); }
    /// The column that holds the target: the last one.
    int targetColumn() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    /// DisplayRole: the value as text (%g); UserRole: the number (class index for the
    /// target of a classification); ToolTipRole: the column's name.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const moe::Dataset> m_data;
};

}  // namespace moe::ui
