#include "ui/import/csv_preview_model.h"

#include "core/data/csv_cell.h"

#include <QColor>
#include <QFont>
#include <QPalette>

namespace moe::ui {

CsvPreviewModel::CsvPreviewModel(QObject* parent) : QAbstractTableModel(parent) {}

void CsvPreviewModel::setPreview(moe::CsvPreview preview) {
    beginResetModel();
    m_preview = std::move(preview);
    endResetModel();
}

void CsvPreviewModel::clear() { setPreview({}); }

QString CsvPreviewModel::typeName(moe::ColumnType type) {
    switch (type) {
        case moe::ColumnType::Numeric:
            return tr("numeric");
        case moe::ColumnType::Categorical:
            return tr("categorical");
        case moe::ColumnType::Auto:
            return tr("detect");
    }
    return {};
}

QString CsvPreviewModel::roleName(moe::ColumnRole role) {
    switch (role) {
        case moe::ColumnRole::Feature:
            return tr("feature");
        case moe::ColumnRole::Label:
            return tr("label");
        case moe::ColumnRole::Ignore:
            return tr("ignore");
    }
    return {};
}

int CsvPreviewModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_preview.rows.size());
}

int CsvPreviewModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_preview.columns.size());
}

QVariant CsvPreviewModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const auto& row = m_preview.rows[static_cast<std::size_t>(index.row())];
    const auto col = static_cast<std::size_t>(index.column());
    // A ragged row may be short; its missing fields show as empty.
    const bool present = col < row.size();
    const std::string cell = present ? row[col] : std::string();
    const moe::CsvColumnPreview& column = m_preview.columns[col];
    const bool missing = !present || moe::isMissingMarker(cell);
    switch (role) {
        case Qt::DisplayRole:
            return QString::fromStdString(cell);
        case Qt::ToolTipRole:
            return missing ? tr("missing value") : QString::fromStdString(cell);
        case Qt::ForegroundRole:
            if (column.role == moe::ColumnRole::Ignore || missing)
                return QPalette().color(QPalette::Disabled, QPalette::Text);
            return {};
        case Qt::BackgroundRole:
            if (missing && column.role != moe::ColumnRole::Ignore) return QColor(0xFF, 0xF4, 0xE5);
            return {};
        case Qt::FontRole:
            if (column.role == moe::ColumnRole::Label) {
                QFont bold;
                bold.setBold(true);
                return bold;
            }
            return {};
        case Qt::TextAlignmentRole:
            return QVariant::fromValue(
                (column.type == moe::ColumnType::Categorical ? Qt::AlignLeft : Qt::AlignRight) |
                Qt::AlignVCenter);
        default:
            return {};
    }
}

QVariant CsvPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < rowCount()) return section + 1;
        return {};
    }
    if (section < 0 || section >= columnCount()) return {};
    const moe::CsvColumnPreview& column = m_preview.columns[static_cast<std::size_t>(section)];
    switch (role) {
        case Qt::DisplayRole:
            return tr("%1\n%2 · %3")
                .arg(QString::fromStdString(column.name), typeName(column.type),
                     roleName(column.role));
        case Qt::ToolTipRole:
            return tr("Column %1, detected as %2%3")
                .arg(section + 1)
                .arg(typeName(column.inferredType))
                .arg(column.missing > 0 ? tr("; %n missing value(s) in the first rows", nullptr,
                                             static_cast<int>(column.missing))
                                        : QString());
        default:
            return {};
    }
}

}  // namespace moe::ui
