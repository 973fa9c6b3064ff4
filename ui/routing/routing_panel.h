#pragma once
// Intended usage: a compact readout of how the router behaved in the latest epoch -
// experts per input, dropped assignments, inputs left with no expert, load CV and dead
// experts - one row per MoE layer. The full utilisation views come later; this is the
// at-a-glance check that a router does what it should (expert choice: CV 0; top-p: a
// varying number of experts; a capacity limit: drops).
//
//   panel->setSnapshot(controller->history().constLast(), config.model.mode);

#include "core/train/run_config.h"
#include "core/train/snapshot.h"

#include <QWidget>

class QLabel;
class QTableView;
class QTransposeProxyModel;

namespace moe::ui {

class RoutingStatsModel;

class RoutingPanel : public QWidget {
    Q_OBJECT
public:
    explicit RoutingPanel(QWidget* parent = nullptr);

    void setSnapshot(const moe::EpochSnapshot& snapshot, moe::MoeMode mode);
    void clear();
    RoutingStatsModel* model() const { return m_model; }

    /// True when the readout shows one row per statistic and one column per layer: a
    /// column narrower than one layer per row needs (a 1024 px window) cut the headers.
    bool isTransposed() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fitTable();
    int widthOneRowPerLayer() const;

    QLabel* m_title = nullptr;
    RoutingStatsModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QTransposeProxyModel* m_transposed = nullptr;
};

}  // namespace moe::ui
