#include "ui/training/snapshot_metatypes.h"

namespace moe::ui {

void registerSnapshotMetaTypes() {
    qRegisterMetaType<moe::EpochSnapshot>();
    qRegisterMetaType<QList<moe::EpochSnapshot>>();
    qRegisterMetaType<moe::BatchProgress>();
    qRegisterMetaType<moe::TerritoryGrid>();
    qRegisterMetaType<moe::CostReport>();
    qRegisterMetaType<moe::Dataset>();
    qRegisterMetaType<moe::RunConfig>();
    qRegisterMetaType<std::shared_ptr<moe::SampleInspector>>();
    qRegisterMetaType<std::vector<moe::GateMatrix>>();
    qRegisterMetaType<moe::LatencyReport>();
    qRegisterMetaType<moe::SavingsTally>();
    qRegisterMetaType<moe::RunRecord>();
    qRegisterMetaType<std::vector<moe::TopKPoint>>();
}

}  // namespace moe::ui
