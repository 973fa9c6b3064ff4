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

namespace moe::ui {

class RoutingStatsModel;

class RoutingPanel : public QWidget {
    Q_OBJECT
public:
    explicit RoutingPanel(QWidget* parent = nullptr);

    void setSnapshot(const moe::EpochSnapshot& snapshot, moe::MoeMode mode);
    void clear();
    RoutingStatsModel* model() const { return m_model; }

private:
    void fitTable();

    QLabel* m_title = nullptr;
    RoutingStatsModel* m_model = nullptr;
    QTableView* m_table = nullptr;
};

}  // namespace moe::ui
