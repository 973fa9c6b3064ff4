#include "ui/history/run_history_model.h"

#include "ui/cost/cost_table_model.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

double scoreOf(const moe::RunRecord& r, const moe::ModelMetrics& m) {
    return r.task == moe::Task::Regression ? m.testR2 : m.testAccuracy;
}

QString scoreText(const moe::RunRecord& r, const moe::ModelMetrics& m) {
    const double v = scoreOf(r, m);
    if (!std::isfinite(v)) return QStringLiteral("–");
    if (r.task == moe::Task::Regression) return QStringLiteral("R² %1").arg(v, 0, 'f', 3);
    return QStringLiteral("%1%").arg(100.0 * v, 0, 'f', 1);
}

// The epoch a model's scores are of (see RunRecord::result), or -1 when not known.
int keptEpoch(const moe::RunRecord& r, const moe::ModelMetrics& m) {
    if (r.end == moe::RunEnd::Stopped && !m.stoppedEarly && !m.diverged) return r.epochsCompleted();
    return m.bestEpoch;
}

QDateTime endedAt(const moe::RunRecord& r) {
    return QDateTime::fromString(QString::fromStdString(r.endedAt), Qt::ISODate);
}

}  // namespace

const moe::ModelMetrics* RunHistoryModel::modelOf(const moe::RunRecord& r, int column) {
    // Kept as a pointer into the record's own history, so it outlives this call.
    const moe::EpochSnapshot& last = r.last();
    switch (column) {
    case MoeScore:
    case MoeLoss: return &last.moe;
    case DenseParamsScore: return &last.denseEqualParams;
    case DenseComputeScore: return &last.denseEqualCompute;
    default: return nullptr;
    }
}

QString RunHistoryModel::epochsTip(const moe::RunRecord& r) {
    const moe::EpochSnapshot& last = r.last();
    QStringList lines;
    const auto line = [&](const QString& name, const moe::ModelMetrics& m) {
        const std::string note = moe::scoresEpochNote(m, r.epochsCompleted(), r.end == moe::RunEnd::Stopped);
        if (!note.empty()) lines << tr("%1: scores of %2").arg(name, QString::fromStdString(note));
    };
    line(tr("MoE"), last.moe);
    line(tr("Dense = params"), last.denseEqualParams);
    line(tr("Dense = compute"), last.denseEqualCompute);
    return lines.join(QLatin1Char('\n'));
}

RunHistoryModel::RunHistoryModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunHistoryModel::addRun(const moe::RunRecord& record) {
    const int row = static_cast<int>(m_runs.size());
    beginInsertRows({}, row, row);
    m_runs.push_back(record);
    m_runs.back().id = m_nextId++;
    endInsertRows();
}

void RunHistoryModel::clear() {
    if (m_runs.empty()) return;
    beginResetModel();
    m_runs.clear();
    endResetModel();
}

void RunHistoryModel::setRuns(const std::vector<moe::RunRecord>& runs) {
    beginResetModel();
    m_runs = runs;
    m_nextId = 1;
    for (const moe::RunRecord& r : m_runs) m_nextId = std::max(m_nextId, r.id + 1);
    endResetModel();
}

const moe::RunRecord* RunHistoryModel::runById(int id) const {
    for (const moe::RunRecord& r : m_runs)
        if (r.id == id) return &r;
    return nullptr;
}

QStringList RunHistoryModel::configurationParts(const moe::RunConfig& config) {
    const moe::ModelConfig& m = config.model;
    QStringList parts;
    parts << QString::fromLatin1(moe::routerName(m.router)) << QStringLiteral("E%1").arg(m.experts);
    if (m.router != moe::RouterKind::Dense && m.router != moe::RouterKind::TopP &&
        m.router != moe::RouterKind::ExpertChoice)
        parts << QStringLiteral("k%1").arg(m.topK);
    parts << QStringLiteral("h%1").arg(m.hidden);
    if (m.mode == moe::MoeMode::Block) parts << tr("block×%1").arg(m.layers);
    if (m.sharedExperts > 0) parts << tr("+%1 shared").arg(m.sharedExperts);
    if (m.capacityFactor > 0.0) parts << tr("cap %1").arg(m.capacityFactor);
    return parts;
}

QString RunHistoryModel::configurationText(const moe::RunConfig& config) {
    return configurationParts(config).join(QLatin1Char(' '));
}

int RunHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunHistoryModel::sortValue(const moe::RunRecord& r, int column) const {
    const moe::EpochSnapshot last = r.result();
    switch (column) {
    case Run: return r.id;
    case Dataset: return QString::fromStdString(r.datasetName);
    case Configuration: return configurationText(r.config);
    case MoeScore: return scoreOf(r, last.moe);
    case DenseParamsScore: return scoreOf(r, last.denseEqualParams);
    case DenseComputeScore: return scoreOf(r, last.denseEqualCompute);
    case MoeLoss: return last.moe.testLoss;
    case Flops: return r.cost.moe.flopsPerSample;
    case Saving: return r.cost.savingVsDenseParams();
    case TrainSeconds: return r.wallSeconds();
    case Epochs: return r.epochsCompleted();
    default: return endedAt(r);
    }
}

QString RunHistoryModel::displayText(const moe::RunRecord& r, int column) const {
    const moe::EpochSnapshot last = r.result();
    switch (column) {
    case Run: return QString::number(r.id);
    case Dataset: return QString::fromStdString(r.datasetName);
    case Configuration: return configurationText(r.config);
    case MoeScore: return scoreText(r, last.moe);
    case DenseParamsScore: return scoreText(r, last.denseEqualParams);
    case DenseComputeScore: return scoreText(r, last.denseEqualCompute);
    case MoeLoss:
        return std::isfinite(last.moe.testLoss) ? QString::number(last.moe.testLoss, 'f', 3) : QStringLiteral("–");
    case Flops: return CostTableModel::formatCount(r.cost.moe.flopsPerSample);
    case Saving: return QStringLiteral("%1%").arg(100.0 * r.cost.savingVsDenseParams(), 0, 'f', 0);
    case TrainSeconds: return QStringLiteral("%1 s").arg(r.wallSeconds(), 0, 'f', r.wallSeconds() < 100.0 ? 1 : 0);
    case Epochs: {
        QString text = r.end == moe::RunEnd::Finished
                           ? QString::number(r.epochsCompleted())
                           : tr("%1/%2 ■").arg(r.epochsCompleted()).arg(r.config.train.epochs);
        // The epoch the MoE's scores are of, when it is not the last one.
        const int kept = keptEpoch(r, r.last().moe);
        if (kept >= 0 && kept < r.epochsCompleted()) text += tr(", best %1").arg(kept);
        if (last.moe.diverged || last.denseEqualParams.diverged || last.denseEqualCompute.diverged)
            text += QStringLiteral(" ▲");
        return text;
    }
    default: return QLocale().toString(endedAt(r).toLocalTime(), QStringLiteral("HH:mm:ss"));
    }
}

QVariant RunHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const moe::RunRecord& r = m_runs[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayText(r, index.column());
    case SortRole: return sortValue(r, index.column());
    case IdRole: return r.id;
    case Qt::TextAlignmentRole:
        if (index.column() == Dataset || index.column() == Configuration)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        if (const moe::ModelMetrics* m = modelOf(r, index.column())) {
            const std::string note = moe::scoresEpochNote(*m, r.epochsCompleted(), r.end == moe::RunEnd::Stopped);
            if (note.empty()) return {};
            return tr("Scores of %1").arg(QString::fromStdString(note));
        }
        if (index.column() == Epochs) return epochsTip(r);
        if (index.column() == Ended)
            return QLocale().toString(endedAt(r).toLocalTime(), QLocale::LongFormat);
        if (index.column() == Configuration)
            return tr("%1; %2 epochs, batch %3, learning rate %4, %5, seed %6")
                .arg(configurationText(r.config))
                .arg(r.config.train.epochs)
                .arg(r.config.train.batch)
                .arg(r.config.train.learningRate)
                .arg(QString::fromLatin1(moe::optimizerName(r.config.train.optimizer)))
                .arg(r.config.train.seed);
        return {};
    default: return {};
    }
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount) return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Run: return tr("Run");
        case Dataset: return tr("Data");
        case Configuration: return tr("Configuration");
        case MoeScore: return tr("MoE");
        case DenseParamsScore: return tr("Dense\n= params");
        case DenseComputeScore: return tr("Dense\n= compute");
        case MoeLoss: return tr("MoE\nloss");
        case Flops: return tr("FLOPs\n/ input");
        case Saving: return tr("Saving");
        case TrainSeconds: return tr("Time");
        case Epochs: return tr("Epochs");
        default: return tr("Ended");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Run: return tr("Runs are numbered in the order they ended.");
        case Configuration:
            return tr("Router, E experts, top-k, expert width h; block mode, shared experts and capacity "
                      "when used. The tooltip of a cell has the training settings.");
        case MoeScore:
            return tr("The MoE's test accuracy (classification) or test R² (regression) with the weights "
                      "it kept: those of its lowest validation loss, or of the last epoch without "
                      "early stopping. A cell's tooltip says which epoch.");
        case DenseParamsScore:
            return tr("Dense baseline with as many parameters as the MoE (width E·h), same batches; scored "
                      "at its own kept epoch.");
        case DenseComputeScore:
            return tr("Dense baseline with about the MoE's compute per input (width k·h); scored at its own "
                      "kept epoch.");
        case MoeLoss:
            return tr("The MoE's test loss at its kept epoch (cross-entropy, or MSE of the standardised target).");
        case Flops: return tr("The MoE's FLOPs per input, forward pass.");
        case Saving: return tr("1 − MoE FLOPs / dense = params FLOPs per input.");
        case TrainSeconds: return tr("Wall time of the run: the MoE and both baselines, trained side by side.");
        case Epochs:
            return tr("Epochs completed, and the MoE's kept epoch when it is an earlier one (\"best 87\"); "
                      "■ marks a run ended by Stop before its planned epochs, ▲ one where a model diverged.");
        case Ended: return tr("When the run ended (local time).");
        default: return {};
        }
    }
    return {};
}

}  // namespace moe::ui
