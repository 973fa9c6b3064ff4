#include "ui/window/main_window.h"
#include "ui/messages/message_text.h"

#include "ui/window/formula_link.h"

#include "core/data/bundled_datasets.h"
#include "core/data/generators.h"
#include "core/train/run_record.h"
#include "ui/cost/cost_dashboard.h"
#include "ui/cost/cost_panel.h"
#include "ui/training/curves_view.h"
#include "ui/data/data_panel.h"
#include "ui/data/data_page.h"
#include "ui/data/data_scatter_view.h"
#include "ui/routing/gate_matrix_panel.h"
#include "ui/import/dataset_opener.h"
#include "ui/report/export_menu.h"
#include "ui/window/run_export_actions.h"
#include "ui/cost/cost_bars.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/settings/model_panel.h"
#include "ui/cost/pareto_view.h"
#include "ui/scale/at_scale_view.h"
#include "ui/scale/placement_grid_view.h"
#include "ui/scale/rank_load_view.h"
#include "ui/scale/stacked_bars_view.h"
#include "ui/routing/routing_panel.h"
#include "ui/history/run_history_view.h"
#include "ui/window/session_controller.h"
#include "core/io/session_file.h"
#include "core/io/json_text.h"
#include "core/io/lesson_scene_json.h"
#include "ui/territory/territory_panel.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "ui/training/training_panel.h"
#include "ui/routing/utilization_panel.h"
#include "ui/charts/heatmap_view.h"
#include "ui/charts/presentation.h"
#include "ui/inspector/gate_bars_view.h"
#include "ui/glossary/app_glossary.h"
#include "ui/glossary/glossary_dock.h"
#include "ui/help/whats_this_book.h"
#include "ui/help/whats_this_helper.h"
#include "ui/teaching/formula_view.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_panel.h"
#include "ui/lessons/lesson_player.h"
#include "ui/window/window_lesson_stage.h"
#include "ui/trace/trace_load_view.h"
#include "ui/trace/trace_workspace.h"
#include "ui/help/shortcuts_dialog.h"

#include <QAction>
#include <QApplication>
#include <QToolButton>
#include <QGuiApplication>
#include <QChartView>
#include <QCloseEvent>
#include <QFile>
#include <QFileDialog>
#include <QSignalBlocker>
#include <QFileInfo>
#include <QGroupBox>
#include <QMenuBar>
#include <QMessageBox>
#include <QSaveFile>
#include <QScreen>
#include <QScrollArea>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>
#include <QWhatsThis>

#include <cmath>

namespace moe::ui {
namespace {

QGroupBox* group(const QString& title, QWidget* content, QWidget* parent) {
    auto* box = new QGroupBox(title, parent);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(content);
    return box;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MoE Explorer"));
    m_controller = new TrainingController(this);

    // Left: the settings, scrollable so they fit any height.
    m_dataPanel = new DataPanel;
    m_modelPanel = new ModelPanel;
    m_settings = new QWidget;
    auto* settingsLayout = new QVBoxLayout(m_settings);
    settingsLayout->setContentsMargins(6, 6, 6, 6);
    settingsLayout->addWidget(group(tr("Data"), m_dataPanel, m_settings));
    settingsLayout->addWidget(group(tr("Model and training"), m_modelPanel, m_settings));
    settingsLayout->addStretch(1);
    auto* scroll = new QScrollArea;
    scroll->setWidget(m_settings);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(260);  // with the other columns, fits a 1024 px window
    // Zoomed, the settings need a wider column (they never scroll sideways).
    connect(Presentation::instance(), &Presentation::changed, scroll, [scroll] {
        scroll->setMinimumWidth(static_cast<int>(std::lround(260 * Presentation::instance()->zoom())));
    });

    // Centre: territory map and data.
    m_territory = new TerritoryPanel;
    m_dataPage = new DataPage;
    m_dataView = m_dataPage->scatter();
    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    // Every tab whole at every window size: the column is as wide as the tab names (a tab
    // half under the scroll arrows read "His" at 1280x800).
    m_tabs->tabBar()->setUsesScrollButtons(false);
    m_tabs->tabBar()->setElideMode(Qt::ElideNone);
    m_tabs->addTab(m_territory, tr("Territory"));
    m_tabs->addTab(m_dataPage, tr("Data"));
    auto* utilization = new UtilizationPanel(m_controller);
    auto* gateMatrix = new GateMatrixPanel(m_controller);
    m_tabs->addTab(utilization, tr("Utilization"));
    m_tabs->addTab(gateMatrix, tr("Gate matrix"));
    installExportMenu(utilization->loadMap(), tr("Load per expert over training"), FigureExporter::ViewHasTitle);
    installExportMenu(utilization->classMap(), tr("Specialisation"), FigureExporter::ViewHasTitle);
    installExportMenu(utilization->chartView(), tr("Routing balance over training"));
    installExportMenu(gateMatrix->view(), tr("Gate probabilities of the test samples"), FigureExporter::ViewHasTitle);
    // The Cost tab: this run's model, and a published language model (or this one) at scale.
    m_costDashboard = new CostDashboard(m_controller);
    m_atScale = new AtScaleView(m_controller);
    m_costTabs = new QTabWidget;
    m_costTabs->setObjectName(QStringLiteral("costTabs"));
    m_costTabs->setDocumentMode(true);
    m_costTabs->addTab(m_costDashboard, tr("This model"));
    m_costTabs->addTab(m_atScale, tr("At scale"));
    m_costTabs->setTabToolTip(0, tr("What sparsity buys in the model trained here: FLOPs and parameters per input, "
                                    "measured latency, and accuracy as top-k changes"));
    m_costTabs->setTabToolTip(1, tr("What a published MoE language model, or this model scaled up, costs: parameters, "
                                    "FLOPs, memory, and its experts spread over ranks"));
    m_tabs->addTab(m_costTabs, tr("Cost"));
    m_runHistory = new RunHistoryView(m_controller);
    m_tabs->addTab(m_runHistory, tr("History"));
    m_tabs->setTabToolTip(0, tr("Where the gate sends each input: the plane coloured by the expert it "
                                "prefers, paler where it is unsure, with the MoE's decision boundary"));
    m_tabs->setTabToolTip(1, tr("The dataset itself: its summary, a scatter of any two columns or "
                                "principal components, and every row; click a row to inspect its gate"));
    m_tabs->setTabToolTip(2, tr("How evenly the experts share the work over training, which classes each "
                                "one takes, and the balance measures (load CV, entropy, dropped share)"));
    m_tabs->setTabToolTip(3, tr("The gate's probability for every test sample and expert: bright blocks "
                                "show which experts specialise on which inputs"));
    m_tabs->setTabToolTip(4, tr("What sparsity buys: FLOPs and parameters per input against the dense "
                                "baselines, measured latency, and accuracy as top-k changes"));
    m_tabs->setTabToolTip(5, tr("Every run of this session in a table; select two to overlay their "
                                "learning curves and see what a setting changed"));
    // The names lessons open these tabs by (core/teach/lesson_targets.h).
    const char* const views[] = {"territory", "data", "utilization", "gate-matrix", "cost", "history"};
    for (int i = 0; i < m_tabs->count(); ++i) m_tabs->widget(i)->setProperty("lessonView", QString::fromLatin1(views[i]));
    installExportMenu(m_costDashboard->pareto(), tr("Accuracy against compute as top-k varies"));
    installExportMenu(m_atScale->splitView(), tr("At scale: parameters and FLOPs against the dense baselines"));
    installExportMenu(m_atScale->memoryView(), tr("At scale: memory by dtype"));
    installExportMenu(m_atScale->placementView(), tr("At scale: experts placed on ranks"));
    installExportMenu(m_atScale->rankLoadView(), tr("At scale: routed work per rank"));
    installExportMenu(m_atScale->stepTimeView(), tr("At scale: step time, compute and all-to-all"));
    installExportMenu(m_runHistory->chartView(), tr("Two runs compared"));
    // The gate inspector under the map, data and formula tabs: it answers for the map and the
    // data scatter, and the formula writes out its input.
    m_inspector = new GateInspectorPanel;
    // The inspected input's routing written out: a tab of its own, so it has the room it
    // needs, above the inspector's gate bars it highlights.
    m_formula = new FormulaView(&applicationGlossary());
    m_formula->setObjectName(QStringLiteral("formulaView"));
    m_tabs->insertTab(2, m_formula, tr("Formula"));
    m_formula->setProperty("lessonView", QStringLiteral("formula"));
    m_tabs->setTabToolTip(2, tr("The pinned input's routing written out step by step with the model's numbers: "
                                "logits, softmax, selection, weights, each expert's output, the prediction "
                                "and its cost; every term links to the glossary"));
    m_glossary = new GlossaryDock(&applicationGlossary(), this);
    addDockWidget(Qt::RightDockWidgetArea, m_glossary);
    m_glossary->hide();
    auto* centre = new QSplitter(Qt::Vertical);
    centre->addWidget(m_tabs);
    centre->addWidget(m_inspector);
    centre->setStretchFactor(0, 1);
    centre->setStretchFactor(1, 0);
    centre->setSizes({520, 200});

    // Right: curves over the routing readout over cost.
    m_curves = new CurvesView;
    m_routingPanel = new RoutingPanel;
    m_costPanel = new CostPanel;
    auto* right = new QSplitter(Qt::Vertical);
    right->addWidget(m_curves);
    right->addWidget(m_routingPanel);
    right->addWidget(m_costPanel);
    right->setStretchFactor(0, 1);
    right->setStretchFactor(1, 0);
    right->setStretchFactor(2, 0);
    right->setChildrenCollapsible(false);
    right->setSizes({420, 95, 205});

    auto* columns = new QSplitter(Qt::Horizontal);
    columns->addWidget(scroll);
    columns->addWidget(centre);
    columns->addWidget(right);
    columns->setStretchFactor(0, 0);
    columns->setStretchFactor(1, 3);
    columns->setStretchFactor(2, 2);
    columns->setChildrenCollapsible(false);
    columns->setSizes({280, 540, 460});

    m_trainingPanel = new TrainingPanel(m_controller);
    auto* central = new QWidget;
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(0);
    centralLayout->addWidget(m_trainingPanel);
    centralLayout->addWidget(columns, 1);
    setCentralWidget(central);
    m_opener = new DatasetOpener(this);
    buildTraceWorkspace();
    installExportMenu(territoryView(), tr("Expert territory"), FigureExporter::ViewHasTitle);
    installExportMenu(m_dataView, tr("Data"), FigureExporter::ViewHasTitle);
    installExportMenu(m_curves, tr("Learning curves: MoE against the dense baselines"));
    installExportMenu(m_costPanel->findChild<CostBars*>(), tr("FLOPs per input (forward pass)"));
    installExportMenu(m_inspector->bars(), tr("Gate of the inspected input"));
    buildMenus();
    statusBar()->showMessage(tr("Choose a dataset and settings, then press Train."));

    connect(m_dataPanel, &DataPanel::paramsChanged, this, &MainWindow::regenerateData);
    connect(m_opener, &DatasetOpener::datasetOpened, this,
            [this](const moe::Dataset& dataset, const QString& path, const QStringList& notes) {
                setDataset(dataset, path, notes,
                           m_opener->lastReadPath() == path ? m_opener->lastReadOptions() : moe::CsvOptions{});
            });
    connect(m_opener, &DatasetOpener::openFailed, this, [this](const QString&, const QString& message) {
        m_dataPanel->showError(message);
        statusBar()->showMessage(visibleMessage(tr("Could not open the file: %1").arg(message)));
        showWarning(this, tr("Could not open the file"), message);
    });
    connect(m_modelPanel, &ModelPanel::configChanged, this, &MainWindow::applySetup);
    connect(m_controller, &TrainingController::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_controller, &TrainingController::historyChanged, this, &MainWindow::onHistoryChanged);
    connect(m_controller, &TrainingController::experimentReset, this, &MainWindow::onExperimentReset);
    connect(m_controller, &TrainingController::territoryChanged, this,
            [this] { territoryView()->setTerritory(m_controller->territory()); });
    connect(m_controller, &TrainingController::inspectorChanged, this,
            [this] { m_inspector->setInspector(m_controller->inspector()); });
    connect(territoryView(), &TerritoryView::pointHovered, this, [this](QPointF plane, int row) {
        if (row >= 0) m_inspector->previewRow(row);
        else m_inspector->previewPoint(plane, territoryView()->featuresAt(plane));
    });
    connect(territoryView(), &TerritoryView::pointClicked, this, [this](QPointF plane, int row) {
        if (row >= 0) m_inspector->pinRow(row);
        else m_inspector->pinPoint(plane, territoryView()->featuresAt(plane));
    });
    connect(territoryView(), &TerritoryView::hoverLeft, m_inspector, &GateInspectorPanel::endPreview);
    connect(m_dataPage, &DataPage::rowHovered, m_inspector, &GateInspectorPanel::previewRow);
    connect(m_dataPage, &DataPage::rowClicked, m_inspector, &GateInspectorPanel::pinRow);
    connect(m_dataPage, &DataPage::hoverLeft, m_inspector, &GateInspectorPanel::endPreview);
    connect(m_inspector, &GateInspectorPanel::pinnedChanged, territoryView(), &TerritoryView::setMarker);
    // A pinned inspection is one more input the MoE predicts (the Cost tab's session tally).
    connect(m_inspector, &GateInspectorPanel::pinnedChanged, this, [this](bool pinned) {
        if (pinned) m_controller->addPredictions(1);
    });
    // The inspector answers for the map and the data; the Cost and History tabs need the height.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        QWidget* tab = m_tabs->currentWidget();
        m_inspector->setVisible(tab == m_territory || tab == m_dataPage || tab == m_formula);
    });
    connect(m_controller, &TrainingController::costChanged, this,
            [this] { m_costPanel->setCost(m_controller->cost()); });
    new FormulaLink(m_inspector, m_formula, m_glossary, m_controller, this);
    connect(m_controller, &TrainingController::divergencesChanged, this, [this] {
        // While the other models train on, the line says which one diverged and what to try.
        statusBar()->showMessage(m_controller->divergences().join(QStringLiteral("  ·  ")));
    });
    connect(m_controller, &TrainingController::errorOccurred, this, [this](const QString& message) {
        statusBar()->showMessage(visibleMessage(tr("Could not build the models: %1").arg(message)));
        m_modelPanel->markBuildError(message);  // the field to change, when it names one
    });
    regenerateData();
    // After the first build, so that opening the window is not a change to the session.
    m_sessions = new SessionController(this);
    QAction* first = m_fileMenu->actions().value(0);
    m_fileMenu->insertActions(first, {m_sessions->openAction(), m_sessions->saveAction(), m_sessions->saveAsAction()});
    m_fileMenu->insertSeparator(first);
    buildLessons();
    buildWhatsThis();
}

void MainWindow::buildWhatsThis() {
    // Every control and view gets its text from the book when it is polished; a glossary
    // link in a What's This bubble opens the entry in the Glossary dock.
    WhatsThisHelper* helper = WhatsThisHelper::install(&applicationWhatsThis(), qApp);
    connect(helper, &WhatsThisHelper::termClicked, this, [this](const QString& id) {
        m_glossary->showEntry(id);
        m_glossary->show();
        m_glossary->raise();
    });
    QAction* whatsThis = QWhatsThis::createAction(this);  // Shift+F1, Qt's "What's This?" mode
    whatsThis->setObjectName(QStringLiteral("whatsThisAction"));
    whatsThis->setStatusTip(tr("Click a control or a view to read what it is, the MoE idea behind it and "
                               "something to try; Shift+F1 explains the control that has the focus"));
    m_helpMenu->insertAction(m_helpMenu->actions().value(2), whatsThis);
    QToolBar* toolbar = findChild<QToolBar*>(QStringLiteral("fileToolBar"));
    toolbar->addAction(whatsThis);
    toolbar->widgetForAction(whatsThis)->setObjectName(QStringLiteral("whatsThisButton"));
    toolbar->widgetForAction(m_opener->openAction())->setObjectName(QStringLiteral("openCsvButton"));
    for (QWidget* w : findChildren<QWidget*>()) helper->apply(w);
}

void MainWindow::buildLessons() {
    // Last, so that the stage finds every control by its lesson name.
    m_lessonStage = new WindowLessonStage(this);
    m_lessonPlayer = new LessonPlayer(m_lessonStage, this);
    m_lessonPanel = new LessonPanel(m_lessonPlayer, m_lessonStage, &applicationGlossary(), this);
    addDockWidget(Qt::RightDockWidgetArea, m_lessonPanel);
    m_lessonPanel->hide();
    connect(m_lessonPanel, &LessonPanel::glossaryRequested, this, [this](const QString& id) {
        m_glossary->showEntry(id);
        m_glossary->show();
        m_glossary->raise();
    });
    connect(m_lessonPanel, &LessonPanel::openFileRequested, this, &MainWindow::openLessonFile);

    QAction* lessons = new QAction(tr("&Lessons"), this);
    lessons->setObjectName(QStringLiteral("lessonsAction"));
    lessons->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    lessons->setStatusTip(tr("A guided course on Mixture-of-Experts: scenes, tasks, checks and questions"));
    connect(lessons, &QAction::triggered, this, [this] {
        m_lessonPanel->show();
        m_lessonPanel->raise();
    });
    m_helpMenu->insertAction(m_helpMenu->actions().value(0), lessons);
    // The list is read from the window's actions when it opens: it cannot go stale.
    QAction* keys = new QAction(tr("&Keyboard shortcuts"), this);
    keys->setObjectName(QStringLiteral("shortcutsAction"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    keys->setStatusTip(tr("Every keyboard shortcut of this window, by menu"));
    connect(keys, &QAction::triggered, this, [this] {
        auto* dialog = new ShortcutsDialog(this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_helpMenu->insertAction(m_helpMenu->actions().value(2), keys);
    QAction* openLesson = new QAction(tr("Open &lesson…"), this);
    openLesson->setObjectName(QStringLiteral("openLessonAction"));
    openLesson->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    openLesson->setStatusTip(tr("Play a lesson file a teacher wrote (docs/lesson-format.md)"));
    connect(openLesson, &QAction::triggered, this, &MainWindow::openLessonFile);
    QAction* saveScene = new QAction(tr("Save scene as lesson &step…"), this);
    saveScene->setObjectName(QStringLiteral("saveSceneAction"));
    saveScene->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
    saveScene->setStatusTip(tr("Write the data and settings in use as a one-step lesson file to edit into a lesson "
                               "(docs/lesson-format.md)"));
    connect(saveScene, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Save scene as lesson step"), QStringLiteral("my-lesson.json"),
                                                          tr("Lessons (*.json)"));
        if (!path.isEmpty()) saveSceneAsLesson(path);
    });
    QAction* afterSessions = m_fileMenu->actions().value(3);  // Open, Save, Save as, separator
    m_fileMenu->insertActions(afterSessions, {openLesson, saveScene});

    QAction* classMode = new QAction(tr("&Class mode"), this);
    classMode->setObjectName(QStringLiteral("classModeAction"));
    classMode->setCheckable(true);
    classMode->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    classMode->setStatusTip(tr("While a lesson plays, hide the settings it does not use, so a class sees only "
                               "what the lesson is about"));
    connect(classMode, &QAction::toggled, m_lessonPlayer, &LessonPlayer::setClassMode);
    QMenu* view = new QMenu(tr("&View"), this);
    view->setObjectName(QStringLiteral("viewMenu"));
    buildPresentationActions(view);
    view->addSeparator();
    view->addAction(classMode);
    menuBar()->insertMenu(m_helpMenu->menuAction(), view);
}

void MainWindow::buildPresentationActions(QMenu* view) {
    Presentation* presentation = Presentation::instance();
    auto add = [&](const QString& text, const char* name, const QKeySequence& key, const QString& tip) {
        QAction* a = view->addAction(text);
        a->setObjectName(QString::fromLatin1(name));
        a->setShortcut(key);
        a->setStatusTip(tip);
        return a;
    };
    const QString scales = tr("text, chart fonts, line widths and markers together");
    connect(add(tr("Zoom &in"), "zoomInAction", QKeySequence::ZoomIn, tr("Draw everything larger: %1").arg(scales)),
            &QAction::triggered, presentation, &Presentation::zoomIn);
    connect(add(tr("Zoom &out"), "zoomOutAction", QKeySequence::ZoomOut, tr("Draw everything smaller: %1").arg(scales)),
            &QAction::triggered, presentation, &Presentation::zoomOut);
    connect(add(tr("&Reset zoom"), "zoomResetAction", QKeySequence(Qt::CTRL | Qt::Key_0),
                tr("Back to 100%: %1").arg(scales)),
            &QAction::triggered, presentation, &Presentation::resetZoom);
    QAction* contrast = add(tr("&High contrast"), "highContrastAction", QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H),
                            tr("Black text on white with darker grid lines and thicker chart lines, for a projector "
                               "or a bright room"));
    contrast->setCheckable(true);
    contrast->setChecked(presentation->highContrast());
    connect(contrast, &QAction::toggled, presentation, &Presentation::setHighContrast);
    connect(presentation, &Presentation::changed, contrast,
            [contrast, presentation] { contrast->setChecked(presentation->highContrast()); });
    QAction* present = add(tr("&Presentation mode"), "presentationAction", QKeySequence(Qt::Key_F11),
                           tr("Full screen with larger text (at least 150%), for a projector or a screen share; F11 "
                              "again returns"));
    present->setCheckable(true);
    connect(present, &QAction::toggled, this, &MainWindow::setPresentationMode);
}

void MainWindow::setPresentationMode(bool on) {
    if (on == isPresenting()) return;
    Presentation* presentation = Presentation::instance();
    if (on) {
        m_zoomBeforePresenting = presentation->zoom();
        m_wasMaximised = isMaximized();
        presentation->setZoom(std::max(presentation->zoom(), 1.5));
        showFullScreen();
    } else {
        presentation->setZoom(m_zoomBeforePresenting);
        if (m_wasMaximised) showMaximized();
        else showNormal();
    }
    if (QAction* a = findChild<QAction*>(QStringLiteral("presentationAction")); a && a->isChecked() != on) a->setChecked(on);
}

bool MainWindow::isPresenting() const { return isFullScreen(); }

void MainWindow::restoreViewSettings() { Presentation::instance()->restore(); }

QString MainWindow::saveSceneAsLesson(const QString& path) {
    // The controls the current step hides stay hidden in the scene written from it.
    std::vector<std::string> hide;
    if (m_lessonPlayer->isPlaying()) hide = m_lessonPlayer->step().hide;
    const moe::Result<nlohmann::ordered_json> doc = moe::sceneLessonJson(m_datasetSource, m_modelPanel->config(), hide);
    QString error;
    if (!doc) {
        error = QString::fromStdString(doc.error());
    } else {
        QSaveFile file(path);
        const QByteArray text = QByteArray::fromStdString(moe::toJsonText(doc.value()) + "\n");
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit())
            error = tr("%1: %2").arg(path, file.errorString());
    }
    if (error.isEmpty()) {
        statusBar()->showMessage(visibleMessage(tr("Saved the scene as %1: edit its texts, then File > Open lesson plays it.").arg(path)));
        return {};
    }
    statusBar()->showMessage(visibleMessage(tr("Could not save the scene: %1").arg(error)));
    showWarning(this, tr("Could not save the scene"), error);
    return error;
}

void MainWindow::openLessonFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open lesson"), {}, tr("Lessons (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    moe::Result<moe::Lesson> lesson = findLesson(path, &applicationGlossary());
    QString error = lesson ? m_lessonPanel->startLesson(lesson.value(), true) : QString::fromStdString(lesson.error());
    if (error.isEmpty()) return;
    statusBar()->showMessage(visibleMessage(tr("Could not open the lesson: %1").arg(error)));
    showWarning(this, tr("Could not open the lesson"), error);
}

QString MainWindow::showSetup(const moe::DatasetSource& source, const moe::RunConfig& config) {
    if (source.kind == moe::DatasetSource::Kind::CsvFile) return tr("a lesson scene cannot use a CSV file");
    {
        const QSignalBlocker dataQuiet(m_dataPanel);
        const QSignalBlocker modelQuiet(m_modelPanel);
        const bool generated = source.kind == moe::DatasetSource::Kind::Generator;
        const bool known = generated ? m_dataPanel->setParams(source.generator)
                                     : m_dataPanel->selectDataset(QString::fromStdString(source.bundledName));
        if (!known)
            return tr("unknown dataset '%1'")
                .arg(QString::fromStdString(generated ? source.generator.name : source.bundledName));
        m_modelPanel->setConfig(config);
    }
    regenerateData();  // builds the run once, from both
    return m_dataPanel->errorText();
}

MainWindow::~MainWindow() = default;

MainWindow::Placement MainWindow::placementFor(const QRect& available) {
    const QSize wanted = available.size() * 0.9;
    const QSize preferred = preferredSize();
    if (wanted.width() < preferred.width() || wanted.height() < preferred.height())
        return {available, true};
    QRect geometry(QPoint(0, 0), wanted);
    geometry.moveCenter(available.center());
    return {geometry, false};
}

void MainWindow::showFittingScreen() {
    const QScreen* where = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!where) {
        resize(preferredSize());
        show();
        return;
    }
    const Placement placement = placementFor(where->availableGeometry());
    if (placement.maximised) {
        showMaximized();
        return;
    }
    resize(placement.geometry.size());
    move(placement.geometry.topLeft());
    show();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!m_sessions->confirmClose()) {
        event->ignore();
        return;
    }
    m_sessions->discardRecovery();
    QMainWindow::closeEvent(event);
}

void MainWindow::applySession(moe::RestoredSession& restored) {
    const moe::Session& session = restored.session;
    const moe::LoadedDataset& loaded = restored.dataset;
    {
        // The panels show the session's choices without rebuilding the run.
        const QSignalBlocker dataQuiet(m_dataPanel);
        const QSignalBlocker modelQuiet(m_modelPanel);
        m_datasetSource = session.dataset;
        QString shownSource = QString::fromStdString(loaded.data.name);
        QStringList notes;
        switch (session.dataset.kind) {
        case moe::DatasetSource::Kind::Generator: m_dataPanel->setParams(session.dataset.generator); break;
        case moe::DatasetSource::Kind::Bundled:
            m_dataPanel->selectDataset(QString::fromStdString(session.dataset.bundledName));
            break;
        case moe::DatasetSource::Kind::CsvFile:
            for (const std::string& note : loaded.notes) notes << QString::fromStdString(note);
            m_datasetSource.path = loaded.path;  // where it was found
            m_fileSourceInfo = m_datasetSource;
            shownSource = QFile::decodeName(loaded.path.c_str());
            m_fileDataset = loaded.data;
            m_fileSource = shownSource;
            m_fileNotes = notes;
            m_dataPanel->showFile(QFileInfo(shownSource).fileName());
            break;
        }
        m_dataPanel->showError({});
        m_dataset = loaded.data;
        m_hasDataset = true;
        m_dataPage->setData(m_dataset, shownSource, notes);
        m_modelPanel->setConfig(session.config);
    }
    m_controller->restoreRun(std::move(restored.experiment), session.cost, session.latency, session.savings);
    m_runHistory->setRuns(session.runs);
    m_controller->setSpeed(session.trainingSpeed);
}

TerritoryView* MainWindow::territoryView() const { return m_territory->view(); }

bool MainWindow::selectDataset(const QString& name) { return m_dataPanel->selectDataset(name); }

void MainWindow::setEpochs(int epochs) { m_modelPanel->setEpochs(epochs); }

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    m_fileMenu = file;
    file->addAction(m_opener->openAction());
    file->addMenu(m_opener->recentMenu());
    file->addAction(m_trace->openAction());
    file->addSeparator();
    file->addAction(ExportMenu::exportViewAction(this));
    auto* runExports = new RunExportActions(this);
    file->addAction(runExports->metricsAction());
    file->addAction(runExports->reportAction());
    file->addSeparator();
    QToolBar* toolbar = addToolBar(tr("File"));
    toolbar->setObjectName(QStringLiteral("fileToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_opener->openAction());
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    quit->setStatusTip(tr("Close the window and end MoE Explorer"));

    QMenu* training = menuBar()->addMenu(tr("&Training"));
    training->addActions(m_trainingPanel->runActions());

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    m_helpMenu = help;
    QAction* glossary = help->addAction(tr("&Glossary"), this, [this] { m_glossary->show(), m_glossary->raise(); });
    glossary->setShortcut(QKeySequence::HelpContents);
    glossary->setStatusTip(tr("Every MoE and machine-learning term the program uses, searchable, with its formula and source"));
    help->addAction(tr("&About MoE Explorer"), this, &MainWindow::showAbout)
        ->setStatusTip(tr("What this program shows and its version"));
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setStatusTip(tr("The version and licence of the Qt toolkit this program is built on"));
}

void MainWindow::buildTraceWorkspace() {
    // A window of its own, shown when a trace opens: a 48 x 128 matrix needs the whole width,
    // and the run's window stays as it is. It does not keep the program running on its own.
    m_trace = new TraceWorkspace(this);
    m_trace->setWindowFlag(Qt::Window);
    m_trace->setAttribute(Qt::WA_QuitOnClose, false);
    m_trace->addAction(m_trace->openAction());  // Ctrl+Shift+T in that window too
    for (const TraceWorkspace::Figure& f : m_trace->figures())
        installExportMenu(f.view, f.title, f.hasTitle ? FigureExporter::ViewHasTitle : FigureExporter::AddTitle);
    connect(m_trace, &TraceWorkspace::traceOpened, this, [this](const QString& path) {
        const QString name = QFileInfo(path).fileName();
        m_trace->setWindowTitle(visibleMessage(tr("Routing trace %1 - MoE Explorer").arg(name)));
        if (!m_trace->isVisible()) m_trace->resize(size());
        m_trace->show();
        m_trace->raise();
        m_trace->activateWindow();
        statusBar()->showMessage(visibleMessage(tr("Opened the routing trace %1").arg(name)));
    });
    // The trace's measured loads into the expert-parallel estimate: the page shows them at once.
    connect(m_trace->loadView(), &TraceLoadView::atScaleRequested, this, [this](int layer) {
        const LoadedTrace& t = m_trace->trace();
        if (t.isEmpty() || layer < 0 || layer >= static_cast<int>(t.stats->layers.size())) return;
        const moe::LayerTraceStats& l = t.stats->layers[static_cast<std::size_t>(layer)];
        const QString routing = tr("layer %1 of the routing trace %2 (%3 experts, top-%4)")
                                    .arg(l.layer)
                                    .arg(visibleMessage(QFileInfo(t.path).fileName()))
                                    .arg(t.trace->meta.experts)
                                    .arg(t.trace->meta.topK);
        if (!m_atScale->useMeasuredLoads(t.trace->meta.experts, t.trace->meta.topK, l.expertLoad, routing)) return;
        m_tabs->setCurrentWidget(m_costTabs);
        m_costTabs->setCurrentWidget(m_atScale);
        raise();
        activateWindow();
    });
    connect(m_trace, &TraceWorkspace::openFailed, this, [this](const QString&, const QString& message) {
        statusBar()->showMessage(visibleMessage(tr("Could not open the routing trace: %1").arg(message)));
    });
}

void MainWindow::regenerateData() {
    if (m_dataPanel->source() == DataPanel::Source::File) {
        if (!m_fileSource.isEmpty()) setDataset(m_fileDataset, m_fileSource, m_fileNotes);
        return;
    }
    auto generated = m_dataPanel->source() == DataPanel::Source::Bundled
                         ? moe::loadBundledDataset(m_dataPanel->currentName().toStdString())
                         : moe::generateDataset(m_dataPanel->params());
    if (!generated) {
        const QString message = QString::fromStdString(generated.error());
        m_dataPanel->showError(message);
        statusBar()->showMessage(visibleMessage(tr("Could not generate the data: %1").arg(message)));
        return;  // keep the last good dataset
    }
    m_dataPanel->showError({});
    m_dataset = std::move(generated).value();
    m_datasetSource = m_dataPanel->source() == DataPanel::Source::Bundled
                          ? moe::DatasetSource::bundled(m_dataPanel->currentName().toStdString())
                          : moe::DatasetSource::generated(m_dataPanel->params());
    m_hasDataset = true;
    m_dataPage->setData(m_dataset, m_dataPanel->currentName());
    applySetup();
}

void MainWindow::setDataset(const moe::Dataset& dataset, const QString& source, const QStringList& notes,
                            const moe::CsvOptions& options) {
    if (&dataset != &m_fileDataset) {
        m_fileDataset = dataset;
        // A session stores the file by path, import options and a hash of its contents now.
        m_fileSourceInfo = moe::DatasetSource::csvFile(QFile::encodeName(source).toStdString(), options);
        m_fileSourceInfo.hashFile();  // unreadable now: the session cannot check it later
    }
    m_datasetSource = m_fileSourceInfo;
    m_fileSource = source;
    m_fileNotes = notes;
    m_dataPanel->showFile(QFileInfo(source).fileName());
    m_dataPanel->showError({});
    m_dataset = dataset;
    m_hasDataset = true;
    m_dataPage->setData(m_dataset, source, notes);
    applySetup();
    statusBar()->showMessage(visibleMessage(tr("Opened %1: %2 rows, %3 features. %4")
                                 .arg(QFileInfo(source).fileName())
                                 .arg(m_dataset.rows)
                                 .arg(m_dataset.cols)
                                 .arg(notes.join(QStringLiteral("; ")))));
}

std::vector<std::string> MainWindow::importNotes() const {
    std::vector<std::string> notes;
    if (m_datasetSource.kind != moe::DatasetSource::Kind::CsvFile) return notes;
    for (const QString& note : m_fileNotes) notes.push_back(note.toStdString());
    return notes;
}

void MainWindow::applySetup() {
    if (!m_hasDataset) return;
    m_controller->setSetup(m_dataset, m_modelPanel->config());
    if (!m_modelPanel->isValid()) statusBar()->showMessage(m_modelPanel->validationMessage());
}

void MainWindow::onStateChanged() {
    const bool busy = m_controller->isBusy();
    // The settings of a running experiment are fixed. Disabling them would drop the keyboard
    // focus if it is on one of them: it moves to the run's Stop button instead, and comes
    // back when the settings are free again, so a keyboard user never loses their place.
    QWidget* focus = QApplication::focusWidget();
    if (busy && focus && m_settings->isAncestorOf(focus)) {
        m_focusBeforeRun = focus;
        QToolButton* stop = m_trainingPanel->buttonFor(m_trainingPanel->stopAction());
        QWidget* next = stop && m_trainingPanel->stopAction()->isEnabled() ? static_cast<QWidget*>(stop) : m_tabs->tabBar();
        next->setFocus(Qt::OtherFocusReason);
    }
    m_settings->setEnabled(!busy);
    if (!busy && m_focusBeforeRun) {
        focus = QApplication::focusWidget();
        if (!focus || m_trainingPanel->isAncestorOf(focus)) m_focusBeforeRun->setFocus(Qt::OtherFocusReason);
        m_focusBeforeRun = nullptr;
    }
    if (m_controller->state() == TrainingState::Running) {
        // The run's progress is on the training panel; this line would only go stale.
        statusBar()->showMessage(tr("Training. Pause (%1) or Stop (%2) takes effect at the next batch.")
                                     .arg(m_trainingPanel->pauseAction()->shortcut().toString(QKeySequence::NativeText),
                                          m_trainingPanel->stopAction()->shortcut().toString(QKeySequence::NativeText)));
        return;
    }
    QString message = m_trainingPanel->stateText();
    if (!busy && m_controller->epochsCompleted() > 0) {
        const moe::EpochSnapshot result = m_controller->result();  // the kept epochs once finished
        const bool regression = m_controller->data().task == moe::Task::Regression;
        auto score = [regression](const moe::ModelMetrics& m) {
            return QString::number(regression ? m.testR2 : m.testAccuracy, 'f', 3);
        };
        message += tr("  ·  %1: MoE %2, dense = params %3, dense = compute %4")
                       .arg(regression ? tr("test R²") : tr("test accuracy"), score(result.moe),
                            score(result.denseEqualParams), score(result.denseEqualCompute));
        const moe::ModelMetrics& end = m_controller->history().constLast().moe;
        const std::string note = moe::scoresEpochNote(end, m_controller->epochsCompleted(),
                                                      m_controller->state() == TrainingState::Stopped);
        if (!note.empty()) message += tr(" (MoE: %1)").arg(QString::fromStdString(note));
    }
    if (!busy && !m_controller->divergences().isEmpty())
        message = m_controller->divergences().join(QStringLiteral("  ·  ")) + QStringLiteral("  ·  ") + message;
    statusBar()->showMessage(message);
}

void MainWindow::onHistoryChanged() {
    const auto& history = m_controller->history();
    m_curves->setHistory(history, m_controller->data().task, m_controller->epochsPlanned());
    if (history.isEmpty()) return;
    territoryView()->setExpertLoad(history.constLast().routing.expertLoad);
    m_routingPanel->setSnapshot(history.constLast(), m_controller->config().model.mode);
}

void MainWindow::onExperimentReset() {
    territoryView()->setData(m_controller->data());
    m_inspector->setData(m_controller->data());
    m_territory->setClassification(m_controller->data().task == moe::Task::Classification);
    territoryView()->setExpertLoad({});
    m_curves->setHistory({}, m_controller->data().task, m_controller->epochsPlanned());
    m_costPanel->clear();
    m_routingPanel->clear();
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About MoE Explorer"),
                       tr("<h3>MoE Explorer %1</h3><p>Trains small Mixture-of-Experts models "
                          "live and shows what they do: which expert the gate picks for each "
                          "input and how sure it is, how evenly the experts are used, and how "
                          "much compute the sparsity saves against dense networks.</p>")
                           .arg(QApplication::applicationVersion()));
}

}  // namespace moe::ui
