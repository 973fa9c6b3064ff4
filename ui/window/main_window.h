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

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "core/data/dataset_source.h"
#include "core/train/run_config.h"

#include <QList>
#include <QRect>
#include <QStringList>
#include <QMainWindow>
#include <QPointer>
#include <QPair>

#include <string>
#include <vector>

class QMenu;
class QTabWidget;

namespace moe {
struct RestoredSession;
}

namespace moe::ui {

class AtScaleView;
class CostDashboard;
class CostPanel;
class CurvesView;
class DataPage;
class DataPanel;
class DataScatterView;
class DatasetOpener;
class FormulaView;
class GateInspectorPanel;
class GlossaryDock;
class LessonPanel;
class LessonPlayer;
class WindowLessonStage;
class ModelPanel;
class RoutingPanel;
class RunHistoryView;
class SessionController;
class TerritoryPanel;
class TerritoryView;
class TrainingController;
class TrainingPanel;
class TraceWorkspace;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Chooses a built-in or bundled dataset; false (and nothing changes) if the name is
    /// unknown.
    bool selectDataset(const QString& name);
    /// Uses `data`, read from the file `source` (File > Open and drops end here).
    void setDataset(const moe::Dataset& dataset, const QString& source, const QStringList& notes = {},
                    const moe::CsvOptions& options = {});
    void setEpochs(int epochs);
    /// What the import of the data in use did, when it is a CSV file (rows dropped, columns
    /// ignored); empty otherwise. Where it came from is datasetSource().
    std::vector<std::string> importNotes() const;

    TrainingController* controller() const { return m_controller; }
    DataPanel* dataPanel() const { return m_dataPanel; }
    ModelPanel* modelPanel() const { return m_modelPanel; }
    TrainingPanel* trainingPanel() const { return m_trainingPanel; }
    CurvesView* curvesView() const { return m_curves; }
    TerritoryView* territoryView() const;
    DataScatterView* dataView() const { return m_dataView; }
    DataPage* dataPage() const { return m_dataPage; }
    DatasetOpener* opener() const { return m_opener; }
    CostPanel* costPanel() const { return m_costPanel; }
    RoutingPanel* routingPanel() const { return m_routingPanel; }
    GateInspectorPanel* gateInspector() const { return m_inspector; }
    FormulaView* formulaView() const { return m_formula; }
    GlossaryDock* glossaryDock() const { return m_glossary; }
    QTabWidget* centreTabs() const { return m_tabs; }
    CostDashboard* costDashboard() const { return m_costDashboard; }
    /// The Cost tab's sub-tabs: This model (costDashboard()) and At scale (atScaleView()).
    QTabWidget* costTabs() const { return m_costTabs; }
    AtScaleView* atScaleView() const { return m_atScale; }
    RunHistoryView* runHistory() const { return m_runHistory; }
    SessionController* sessions() const { return m_sessions; }
    /// The Trace workspace: a window of its own, shown once a routing trace is open.
    TraceWorkspace* traceWorkspace() const { return m_trace; }
    /// Where the data in use came from (a generator and its parameters, a bundled dataset,
    /// or a CSV file with its import options and content hash): what a session file stores.
    const moe::DatasetSource& datasetSource() const { return m_datasetSource; }
    /// Shows a session read and checked by moe::openSession(): the data panel and settings
    /// (without rebuilding), the restored run, and the run history. Takes the experiment.
    void applySession(moe::RestoredSession& restored);
    /// Shows a generated or bundled dataset and settings in the panels and builds the run
    /// once (a lesson's scene). An empty string, or why the data could not be made; a CSV
    /// source is refused (lessons use none).
    QString showSetup(const moe::DatasetSource& source, const moe::RunConfig& config);

    /// The Lessons dock, its player and the seam through which lessons use this window.
    LessonPanel* lessonPanel() const { return m_lessonPanel; }
    LessonPlayer* lessonPlayer() const { return m_lessonPlayer; }
    WindowLessonStage* lessonStage() const { return m_lessonStage; }
    /// File > Open lesson…: asks for a lesson file and plays it; a bad file is refused with a
    /// message naming the file and the field, and the window stays as it was.
    void openLessonFile();
    /// File > Save scene as lesson step…: writes the data and settings in use (and the
    /// controls the current step hides) as a one-step lesson file at `path`, atomically. An
    /// empty string, or what went wrong (also shown in a message box): a CSV dataset, a
    /// write that failed.
    QString saveSceneAsLesson(const QString& path);

    /// The size the window is laid out for: everything fits at it (and at 1024x768).
    static QSize preferredSize() { return {1280, 800}; }
    /// Where the window opens on a screen whose available area (without task bars) is
    /// `available`: nine tenths of it, centred, or maximised when that would be smaller than
    /// preferredSize() in either direction (a 1366x768 laptop, a 2560x1600 screen at scale 2).
    struct Placement {
        QRect geometry;
        bool maximised = false;
    };
    static Placement placementFor(const QRect& available);
    /// Shows the window placed by placementFor() on the screen it opens on.
    void showFittingScreen();
    /// View > Presentation mode (F11): full screen at a zoom of at least 150%; leaving it
    /// brings back the zoom and window state from before.
    void setPresentationMode(bool on);
    bool isPresenting() const;
    /// The zoom and high contrast of the last start (QSettings), saved again on every change;
    /// moe-explorer calls it except when taking screenshots.
    void restoreViewSettings();

protected:
    /// Asks to save unsaved trained work (when the session controller asks), then removes
    /// the recovery file: a clean quit.
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildTraceWorkspace();
    void buildLessons();
    void buildWhatsThis();
    void buildPresentationActions(QMenu* view);
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
    DataPage* m_dataPage = nullptr;
    DatasetOpener* m_opener = nullptr;
    CostPanel* m_costPanel = nullptr;
    RoutingPanel* m_routingPanel = nullptr;
    GateInspectorPanel* m_inspector = nullptr;
    FormulaView* m_formula = nullptr;
    GlossaryDock* m_glossary = nullptr;
    WindowLessonStage* m_lessonStage = nullptr;
    double m_zoomBeforePresenting = 1.0;
    bool m_wasMaximised = false;
    LessonPlayer* m_lessonPlayer = nullptr;
    LessonPanel* m_lessonPanel = nullptr;
    QMenu* m_helpMenu = nullptr;
    QTabWidget* m_tabs = nullptr;
    CostDashboard* m_costDashboard = nullptr;
    QTabWidget* m_costTabs = nullptr;
    AtScaleView* m_atScale = nullptr;
    RunHistoryView* m_runHistory = nullptr;
    SessionController* m_sessions = nullptr;
    TraceWorkspace* m_trace = nullptr;
    QMenu* m_fileMenu = nullptr;
    moe::DatasetSource m_datasetSource;
    QWidget* m_settings = nullptr;
    /// The settings control that had the keyboard focus when a run locked the settings.
    QPointer<QWidget> m_focusBeforeRun;
    moe::Dataset m_dataset;
    bool m_hasDataset = false;
    // The file opened last, kept so the chooser can switch back to it without reading again.
    moe::Dataset m_fileDataset;
    QString m_fileSource;
    QStringList m_fileNotes;
    moe::DatasetSource m_fileSourceInfo;
};

}  // namespace moe::ui
