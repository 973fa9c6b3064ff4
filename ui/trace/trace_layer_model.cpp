#include "ui/trace/trace_layer_model.h"

#include <cmath>

namespace moe::ui {

TraceLayerModel::TraceLayerModel(QObject* parent) : QAbstractTableModel(parent) {}

void TraceLayerModel::setStats(std::shared_ptr<const moe::TraceStats> stats) {
    beginResetModel();
    m_stats = std::move(stats);
    endResetModel();
}

int TraceLayerModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !m_stats ? 0 : static_cast<int>(m_stats->layers.size());
}

int TraceLayerModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString TraceLayerModel::expertList(const std::vector<int>& ids, int most) {
    if (ids.empty()) return tr("none");
    QStringList names;
    for (std::size_t i = 0; i < ids.size() && static_cast<int>(i) < most; ++i) names << QString::number(ids[i] + 1);
    QString text = (ids.size() == 1 ? tr("Expert %1") : tr("Experts %1")).arg(names.join(QStringLiteral(", ")));
    if (static_cast<int>(ids.size()) > most) text += tr(" and %1 more").arg(static_cast<int>(ids.size()) - most);
    return text;
}

QVariant TraceLayerModel::data(const QModelIndex& index, int role) const {
    if (!m_stats || !index.isValid() || index.row() >= rowCount()) return {};
    const moe::LayerTraceStats& s = m_stats->layers[static_cast<std::size_t>(index.row())];
    const auto number = [](double v, int decimals) {
        return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("–");
    };
    if (role == Qt::TextAlignmentRole)
        return index.column() == DeadColumn || index.column() == HotColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                                                           : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case DeadColumn: return tr("Experts with no assignment in layer %1: %2").arg(s.layer).arg(expertList(s.deadExperts, 1024));
        case HotColumn:
            return tr("Experts with at least twice the balanced share (2/E) in layer %1: %2")
                .arg(s.layer)
                .arg(expertList(s.hotExperts, 1024));
        default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case LayerColumn: return s.layer;
    case CvColumn: return number(s.loadCv, 3);
    case MaxVioColumn: return number(s.maxViolation, 3);
    case EntropyColumn: return number(s.usageEntropy, 3);
    case DeadColumn: return s.deadExperts.empty() ? QStringLiteral("0") : QStringLiteral("%1: %2").arg(s.deadExperts.size()).arg(expertList(s.deadExperts, 4));
    case HotColumn: return s.hotExperts.empty() ? QStringLiteral("0") : QStringLiteral("%1: %2").arg(s.hotExperts.size()).arg(expertList(s.hotExperts, 4));
    case TopWeightColumn: return number(s.meanTopWeight, 3);
    default: return {};
    }
}

QVariant TraceLayerModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case LayerColumn: return tr("The MoE layer's index in the network (meta.moe_layers), as moe trace-stats names it");
        case CvColumn: return tr("Load CV: population standard deviation over mean of the experts' assignment counts; 0 = balanced");
        case MaxVioColumn: return tr("MaxVio: (largest load - mean load) / mean load; 0 = balanced");
        case EntropyColumn: return tr("Usage entropy: -Σ f ln f / ln E over the load fractions; 1 = balanced");
        case DeadColumn: return tr("Dead experts: chosen by no token in this layer");
        case HotColumn: return tr("Hot experts: at least twice the balanced share 1/E");
        case TopWeightColumn: return tr("Mean combine weight of the first choice");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case LayerColumn: return tr("Layer");
    case CvColumn: return tr("Load CV");
    case MaxVioColumn: return tr("MaxVio");
    case EntropyColumn: return tr("Entropy");
    case DeadColumn: return tr("Dead");
    case HotColumn: return tr("Hot");
    case TopWeightColumn: return tr("Top weight");
    default: return {};
    }
}

}  // namespace moe::ui
