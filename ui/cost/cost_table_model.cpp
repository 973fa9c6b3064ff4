#include "ui/cost/cost_table_model.h"

#include <QFont>
#include <QLocale>

#include <cmath>
#include <limits>

namespace moe::ui {

CostTableModel::CostTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CostTableModel::setCost(const moe::CostReport& cost) {
    m_cost = cost;
    m_has = true;
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
}

void CostTableModel::clear() {
    m_cost = {};
    m_has = false;
    emit dataChanged(index(0, 0), index(RowCount - 1, ColumnCount - 1));
}

int CostTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : RowCount; }

int CostTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

double CostTableModel::value(int row, int column) const {
    const moe::ModelCost* c = column == Moe               ? &m_cost.moe
                              : column == DenseEqualParams ? &m_cost.denseEqualParams
                                                           : &m_cost.denseEqualCompute;
    const bool dense = column != Moe;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    switch (row) {
    case ParamsTotal: return static_cast<double>(c->paramsTotal);
    case ParamsActive: return static_cast<double>(c->paramsActive);
    case Flops: return c->flopsPerSample;
    case GateFlops: return dense ? nan : c->gateFlops;
    case ExpertFlops: return c->expertFlops;
    case CombineFlops: return dense ? nan : c->combineFlops;
    default: return nan;
    }
}

QString CostTableModel::formatCount(double v) {
    if (!std::isfinite(v)) return QStringLiteral("–");
    if (std::abs(v) >= 1e7) return QStringLiteral("%1 M").arg(v / 1e6, 0, 'f', 1);
    return QLocale().toString(static_cast<qlonglong>(std::llround(v)));
}

QVariant CostTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    switch (role) {
    case Qt::DisplayRole: return m_has ? formatCount(value(index.row(), index.column())) : QStringLiteral("…");
    case Qt::UserRole: return value(index.row(), index.column());
    case Qt::TextAlignmentRole: return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.row() == Flops || index.row() == ParamsTotal) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    default: return {};
    }
}

QVariant CostTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= ColumnCount) return {};
        if (role == Qt::DisplayRole) {
            switch (section) {
            case Moe: return tr("MoE");
            case DenseEqualParams: return tr("Dense\n= params");
            default: return tr("Dense\n= compute");
            }
        }
        if (role == Qt::ToolTipRole) {
            switch (section) {
            case Moe: return tr("The Mixture of Experts: a gate picks top-k of E experts per input.");
            case DenseEqualParams:
                return tr("<p><b>Dense, equal parameters</b>: one MLP of width E·h. It has as many "
                          "weights as the MoE, but every input uses all of them: what the MoE's "
                          "capacity would cost without sparsity.</p>");
            default:
                return tr("<p><b>Dense, equal compute</b>: one MLP of width k·h. It spends about as "
                          "many FLOPs per input as the MoE's chosen experts: what the MoE's "
                          "per-input budget buys without routing.</p>");
            }
        }
        return {};
    }
    if (section < 0 || section >= RowCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case ParamsTotal: return tr("Parameters");
        case ParamsActive: return tr("  used per input");
        case Flops: return tr("FLOPs per input");
        case GateFlops: return tr("  gate");
        case ExpertFlops: return tr("  experts / MLP");
        default: return tr("  combine");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ParamsTotal: return tr("All weights and biases of the model.");
        case ParamsActive: return tr("Weights one input actually touches: the gate plus its k experts.");
        case Flops: return tr("Forward pass, one input; a multiply-add counts as 2 FLOPs.");
        case GateFlops: return tr("Gate logits x·W_g (2·d·E). With 2-D inputs it is not negligible.");
        case ExpertFlops: return tr("The k chosen experts (MoE) or the whole MLP (dense).");
        default: return tr("Weighted sum of the chosen experts' outputs (2·k·out).");
        }
    }
    if (role == Qt::TextAlignmentRole) return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

}  // namespace moe::ui
