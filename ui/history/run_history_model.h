#pragma once
// Intended usage: every ended run of the session as a sortable table - dataset,
// configuration, the test score (accuracy or R²) of the MoE and both dense baselines, the
// MoE's test loss, FLOPs per input, saving, training time, epochs, end time. The runs are
// RunRecord values (core/train/run_record.h) kept in memory with their whole history.
//
//   auto* runs = new RunHistoryModel(this);
//   connect(controller, &TrainingController::runRecorded, runs, &RunHistoryModel::addRun);
//   proxy->setSourceModel(runs); proxy->setSortRole(RunHistoryModel::SortRole);
//
// Qt::DisplayRole is formatted text; SortRole (Qt::UserRole) the raw number or text to
// sort by; the run's id is under IdRole in every column.

#include "core/train/run_record.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <vector>

namespace moe::ui {

class RunHistoryModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        // Saving (against dense = params) sits beside that model's score, so the trade - the
        // accuracy given up or gained for the compute saved - reads at a glance, in the part
        // of the table a 1280 x 800 window shows without scrolling.
        Run, Dataset, Configuration, MoeScore, DenseParamsScore, Saving, DenseComputeScore,
        Flops, MoeLoss, TrainSeconds, Epochs, Ended, ColumnCount
    };
    enum Role { SortRole = Qt::UserRole, IdRole = Qt::UserRole + 1 };

    explicit RunHistoryModel(QObject* parent = nullptr);

    /// Appends `record` with the next id (1, 2, ...), whatever id it carried.
    void addRun(const moe::RunRecord& record);
    void clear();
    /// Replaces every run with `runs`, ids kept as they are (a session file's history);
    /// the next run added gets the id after the largest.
    void setRuns(const std::vector<moe::RunRecord>& runs);
    const std::vector<moe::RunRecord>& runs() const { return m_runs; }
    /// The run with this id, or nullptr.
    const moe::RunRecord* runById(int id) const;

    /// "softmax-topk E8 k2 h32", then block mode, shared experts and capacity when used.
    static QString configurationText(const moe::RunConfig& config);
    /// The same, one setting per entry.
    static QStringList configurationParts(const moe::RunConfig& config);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    /// The model a score column is about (in the record's last entry, with its flags), or nullptr.
    static const moe::ModelMetrics* modelOf(const moe::RunRecord& r, int column);
    /// Which epoch each model's scores are of, a line each.
    static QString epochsTip(const moe::RunRecord& r);
    QVariant sortValue(const moe::RunRecord& r, int column) const;
    QString displayText(const moe::RunRecord& r, int column) const;

    std::vector<moe::RunRecord> m_runs;
    int m_nextId = 1;
};

}  // namespace moe::ui
