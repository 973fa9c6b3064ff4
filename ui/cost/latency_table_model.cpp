#include "ui/cost/latency_table_model.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace moe::ui {

LatencyTableModel::LatencyTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void LatencyTableModel::setLatency(const moe::LatencyReport& latency) {
    m_latency = latency;
    m_has = true;
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Vertical, 0, RowCount - 1);
}

void LatencyTableModel::clear() {
    m_latency = {};
    m_has = false;
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
}

int LatencyTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : RowCount; }

int LatencyTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

double LatencyTableModel::value(int row, int column) const {
    const moe::ModelLatency& m = column == Moe                ? m_latency.moe
                                 : column == DenseEqualParams ? m_latency.denseEqualParams
                                                              : m_latency.denseEqualCompute;
    switch (row) {
    case SingleMicros: return 1e6 * m.single.secondsPerBatch;
    case BatchMillis: return 1e3 * m.batch.secondsPerBatch;
    case PerSampleMicros: return 1e6 * m.batch.secondsPerSample();
    default: return m.batch.samplesPerSecond();
    }
}

QVariant LatencyTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    switch (role) {
    case Qt::DisplayRole: {
        if (!m_has) return QStringLiteral("…");
        const double v = value(index.row(), index.column());
        if (index.row() == Throughput) return QLocale().toString(static_cast<qlonglong>(std::llround(v)));
        // At least two significant digits: a small batch of a small model takes 0.004 ms,
        // which two fixed decimals showed as "0.00".
        const int decimals = v >= 10.0 ? 1 : v > 0.0 ? std::max(2, 1 - static_cast<int>(std::floor(std::log10(v)))) : 2;
        return QLocale().toString(v, 'f', decimals);
    }
    case Qt::UserRole: return value(index.row(), index.column());
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default: return {};
    }
}

QVariant LatencyTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= ColumnCount) return {};
        if (role == Qt::DisplayRole) {
            switch (section) {
            case Moe: return tr("MoE");
            case DenseEqualParams: return tr("Dense\n= params");  // two lines, as in the counted table
            default: return tr("Dense\n= compute");
            }
        }
        return {};
    }
    if (section < 0 || section >= RowCount) return {};
    const int batch = m_latency.moe.batch.batch;
    if (role == Qt::DisplayRole) {
        switch (section) {
        case SingleMicros: return tr("1 input (µs)");
        case BatchMillis: return batch > 0 ? tr("batch of %1 (ms)").arg(batch) : tr("batch (ms)");
        case PerSampleMicros: return tr("  per input (µs)");
        default: return tr("throughput (inputs/s)");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case SingleMicros:
            return tr("<p>Wall time of one forward pass of a single input: the latency a person "
                      "waiting for one answer sees. Small models are dominated by fixed overheads "
                      "here (routing bookkeeping, memory), not by FLOPs.</p>");
        case BatchMillis: return tr("<p>Wall time of one forward pass of a whole batch of test inputs.</p>");
        case PerSampleMicros: return tr("<p>The batch's time divided by its size.</p>");
        default:
            return tr("<p>Inputs predicted per second in batches: where the MoE's FLOP saving turns "
                      "into speed, once the batch is large enough to amortise the routing.</p>");
        }
    }
    return {};
}

}  // namespace moe::ui
