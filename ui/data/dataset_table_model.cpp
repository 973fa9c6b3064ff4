#include "ui/data/dataset_table_model.h"

#include <QFont>

#include <limits>

namespace moe::ui {

DatasetTableModel::DatasetTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetTableModel::setDataset(std::shared_ptr<const moe::Dataset> data) {
    beginResetModel();
    m_data = std::move(data);
    endResetModel();
}

int DatasetTableModel::targetColumn() const { return m_data ? static_cast<int>(m_data->cols) : -1; }

int DatasetTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_data) return 0;
    // QTableView counts rows in int; larger datasets show their first INT_MAX rows.
    return static_cast<int>(std::min<std::size_t>(
        m_data->rows, static_cast<std::size_t>(std::numeric_limits<int>::max())));
}

int DatasetTableModel::columnCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_data) return 0;
    return static_cast<int>(m_data->cols) + 1;
}

QVariant DatasetTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const moe::Dataset& d = *m_data;
    const auto row = static_cast<std::size_t>(index.row());
    const bool target = index.column() == targetColumn();
    const bool classification = d.task == moe::Task::Classification;
    switch (role) {
        case Qt::DisplayRole:
            if (!target)
                return QString::number(d.feature(row, static_cast<std::size_t>(index.column())),
                                       'g', 6);
            if (classification) {
                const int label = d.labels[row];
                return label >= 0 && label < d.classCount()
                           ? QString::fromStdString(d.classNames[static_cast<std::size_t>(label)])
                           : QString::number(label);
            }
            return QString::number(d.values[row], 'g', 6);
        case Qt::UserRole:
            if (!target)
                return static_cast<double>(
                    d.feature(row, static_cast<std::size_t>(index.column())));
            return classification ? QVariant(d.labels[row])
                                  : QVariant(static_cast<double>(d.values[row]));
        case Qt::TextAlignmentRole:
            return QVariant::fromValue((target && classification ? Qt::AlignLeft : Qt::AlignRight) |
                                       Qt::AlignVCenter);
        case Qt::FontRole:
            if (target) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::ToolTipRole:
            return headerData(index.column(), Qt::Horizontal, Qt::DisplayRole);
        default:
            return {};
    }
}

QVariant DatasetTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (!m_data) return {};
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount()) return section + 1;
        return {};
    }
    if (section < 0 || section >= columnCount()) return {};
    if (role == Qt::DisplayRole) {
        if (section == targetColumn())
            return m_data->task == moe::Task::Classification ? tr("class") : tr("target");
        const auto col = static_cast<std::size_t>(section);
        return col < m_data->featureNames.size() ? QString::fromStdString(m_data->featureNames[col])
                                                 : tr("x%1").arg(section + 1);
    }
    if (role == Qt::ToolTipRole && section == targetColumn())
        return m_data->task == moe::Task::Classification ? tr("The class each row belongs to")
                                                         : tr("The value to predict");
    return {};
}

}  // namespace moe::ui
