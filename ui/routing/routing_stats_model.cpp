#include "ui/routing/routing_stats_model.h"

#include <cmath>
#include <limits>

namespace moe::ui {

RoutingStatsModel::RoutingStatsModel(QObject* parent) : QAbstractTableModel(parent) {}

void RoutingStatsModel::setLayers(const std::vector<moe::RoutingStats>& layers, bool blocks) {
    if (layers.size() != m_layers.size() || blocks != m_blocks) {
        beginResetModel();
        m_layers = layers;
        m_blocks = blocks;
        endResetModel();
        return;
    }
    m_layers = layers;
    if (!m_layers.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void RoutingStatsModel::clear() {
    beginResetModel();
    m_layers.clear();
    endResetModel();
}

int RoutingStatsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_layers.size());
}

int RoutingStatsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double RoutingStatsModel::value(int row, int column) const {
    if (row < 0 || row >= rowCount()) return std::numeric_limits<double>::quiet_NaN();
    const moe::RoutingStats& s = m_layers[static_cast<std::size_t>(row)];
    switch (column) {
    case ExpertsPerSample: return s.expertsPerSample;
    case Dropped: return s.droppedFraction;
    case LeftBehind: return s.samplesLeftBehind;
    case LoadCv: return s.loadCv;
    case DeadExperts: return static_cast<double>(s.deadExperts.size());
    default: return std::numeric_limits<double>::quiet_NaN();
    }
}

QVariant RoutingStatsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const double v = value(index.row(), index.column());
    const moe::RoutingStats& s = m_layers[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        if (!std::isfinite(v)) return QStringLiteral("–");
        switch (index.column()) {
        case ExpertsPerSample: return QString::number(v, 'f', 2);
        case Dropped:
        case LeftBehind: return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 1);
        case LoadCv: return QString::number(v, 'f', 2);
        default:
            return tr("%1 of %2").arg(static_cast<int>(v)).arg(s.expertLoad.size());
        }
    case Qt::ToolTipRole:
        if (index.column() == LoadCv)
            return tr("Before capacity: %1. Max violation (max − mean) / mean: %2.")
                .arg(s.loadCvBefore, 0, 'f', 2)
                .arg(s.maxViolation, 0, 'f', 2);
        if (index.column() == DeadExperts && !s.deadExperts.empty()) {
            QStringList names;
            for (int e : s.deadExperts) names << tr("Expert %1").arg(e + 1);
            return names.join(QStringLiteral(", "));
        }
        return {};
    case Qt::UserRole: return v;
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant RoutingStatsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount()) return {};
        if (role == Qt::DisplayRole)
            return m_blocks ? tr("Block %1").arg(section + 1) : tr("MoE");
        if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return {};
    }
    if (section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ExpertsPerSample: return tr("Experts\nper input");
        case Dropped: return tr("Dropped");
        case LeftBehind: return tr("No expert");
        case LoadCv: return tr("Load CV");
        default: return tr("Dead\nexperts");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ExpertsPerSample:
            return tr("<p>Mean number of experts an input actually used (kept assignments "
                      "per input). k for top-k routers without drops; it varies per input "
                      "for top-p and expert choice.</p>");
        case Dropped:
            return tr("<p>Share of assignments dropped by capacity: 1 − kept / assigned. 0 "
                      "without a capacity limit.</p>");
        case LeftBehind:
            return tr("<p>Share of inputs that lost every expert (to capacity, or never "
                      "picked by expert choice). In block mode they pass through the "
                      "residual.</p>");
        case LoadCv:
            return tr("<p>Coefficient of variation of the experts' loads, std / mean with the "
                      "population variance, after capacity. 0 = perfectly even; large = a "
                      "few experts take most inputs.</p>");
        default:
            return tr("<p>Experts that received no assignment over the last training "
                      "epoch.</p>");
        }
    }
    return {};
}

}  // namespace moe::ui
