#pragma once
// Intended usage: the application window, an assembly of panels around one
// TrainingController: settings on the left (data, model), the run controls on top, the
// territory map and the data in tabs in the centre, curves and cost on the right. It
// generates the dataset from the data panel and hands data + settings to the controller
// whenever either changes; everything else flows from the controller's signals.
//
//   MainWindow w;
//   w.selectDataset("moons");
//   w.show();

#include "core/data/dataset.h"

#include <QList>
#include <QMainWindow>
#include <QPair>

class QTabWidget;

namespace moe::ui {

class CostPanel;
class CurvesView;
class DataPanel;
class DataScatterView;
class ModelPanel;
class RoutingPanel;
class TerritoryPanel;
class TerritoryView;
class TrainingController;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Chooses a built-in dataset; false (and nothing changes) if the name is unknown.
    bool selectDataset(const QString& name);
    void setEpochs(int epochs);

    TrainingController* controller() const { return m_controller; }
    DataPanel* dataPanel() const { return m_dataPanel; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    CurvesView* curvesView() const { return m_curves; }
    TerritoryView* territoryView() const;
    DataScatterView* dataView() const { return m_dataView; }
    CostPanel* costPanel() const { return m_costPanel; }
    RoutingPanel* routingPanel() const { return m_routingPanel; }
    QTabWidget* centreTabs() const { return m_tabs; }

private:
    void buildMenus();
    void regenerateData();
    void applySetup();
    void onStateChanged();
    void onHistoryChanged();
    void onExperimentReset();
    void showAbout();

    TrainingController* m_controller = nullptr;
    DataPanel* m_dataPanel = nullptr;
    ModelPanel* m_modelPanel = nullptr;
    TrainingPanel* m_trainingPanel = nullptr;
    CurvesView* m_curves = nullptr;
    TerritoryPanel* m_territory = nullptr;
    DataScatterView* m_dataView = nullptr;
    CostPanel* m_costPanel = nullptr;
    RoutingPanel* m_routingPanel = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_settings = nullptr;
    moe::Dataset m_dataset;
    bool m_hasDataset = false;
};

}  // namespace moe::ui
