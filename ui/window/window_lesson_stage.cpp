#include "ui/window/window_lesson_stage.h"

#include "ui/window/main_window.h"

#include "core/io/config_json.h"
#include "core/io/run_summary_json.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_cost_json.h"
#include "core/teach/lesson_targets.h"
#include "ui/cost/cost_dashboard.h"
#include "ui/cost/pareto_view.h"
#include "ui/glossary/glossary_dock.h"
#include "ui/inspector/gate_inspector_panel.h"
#include "ui/scale/at_scale_view.h"
#include "ui/scale/llm_config_form.h"
#include "ui/settings/model_panel.h"
#include "ui/training/training_controller.h"

#include <nlohmann/json.hpp>

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QToolButton>

#include <cmath>

namespace moe::ui {
namespace {

// The property MainWindow gives each centre tab: its lesson view name.
const char* const kViewProperty = "lessonView";

bool isControlWidget(const QWidget* w) { return !qobject_cast<const QLabel*>(w); }

// The item of `combo` that `value` names: its text, or the text's first word ("sgd" for
// "sgd (momentum 0.9)").
int comboIndex(const QComboBox* combo, const QString& value) {
    for (int i = 0; i < combo->count(); ++i) {
        const QString text = combo->itemText(i);
        if (text == value || text.section(QLatin1Char(' '), 0, 0) == value) return i;
    }
    return -1;
}

}  // namespace

WindowLessonStage::WindowLessonStage(MainWindow* window)
    : LessonStage(window), m_window(window), m_tabs(window->centreTabs()) {
    TrainingController* c = window->controller();
    connect(c, &TrainingController::stateChanged, this, [this](TrainingState state) {
        const bool busy = m_window->controller()->isBusy();
        if (!busy && m_pendingScene) {
            const moe::LessonScene scene = *std::exchange(m_pendingScene, std::nullopt);
            applyNow(scene);
        } else if (state == TrainingState::Finished && !m_quiet) {
            emit happened(QStringLiteral("run-finished"));
        }
        emit factsChanged();
    });
    connect(c, &TrainingController::historyChanged, this, &LessonStage::factsChanged);
    connect(c, &TrainingController::costChanged, this, &LessonStage::factsChanged);
    connect(c, &TrainingController::experimentReset, this, [this] {
        emit experimentReset();
        emit factsChanged();
    });
    connect(window->modelPanel(), &ModelPanel::configChanged, this, &LessonStage::factsChanged);
    connect(m_tabs, &QTabWidget::currentChanged, this, &WindowLessonStage::onTabChanged);
    connect(window->glossaryDock(), &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && !m_quiet) emit happened(QStringLiteral("view-opened:glossary"));
    });
    connect(window->gateInspector(), &GateInspectorPanel::pinnedChanged, this, [this](bool pinned) {
        if (pinned && !m_quiet) emit happened(QStringLiteral("input-pinned"));
    });
    // The At scale page: its figures are facts (scale.*), its sub-tab a view, Scale up an event.
    AtScaleView* atScale = window->atScaleView();
    connect(atScale->form(), &LlmConfigForm::changed, this, &LessonStage::factsChanged);
    connect(atScale->scaleUpButton(), &QAbstractButton::clicked, this, [this] {
        // The button is on only once an epoch is trained: a click scales the model up.
        if (!m_quiet) emit happened(QStringLiteral("scaled-up"));
        emit factsChanged();
    });
    connect(atScale->uniformButton(), &QAbstractButton::clicked, this, &LessonStage::factsChanged);
    connect(window->costTabs(), &QTabWidget::currentChanged, this, [this] {
        if (!m_quiet && m_tabs->currentIndex() == tabOf(QStringLiteral("cost")) &&
            m_window->costTabs()->currentWidget() == m_window->atScaleView())
            emit happened(QStringLiteral("view-opened:at-scale"));
    });
    watchControls();
}

QWidget* WindowLessonStage::window() const { return m_window; }

QWidget* WindowLessonStage::control(const QString& name) const {
    for (QWidget* w : m_window->findChildren<QWidget*>(name))
        if (isControlWidget(w)) return w;
    return nullptr;
}

int WindowLessonStage::tabOf(const QString& view) const {
    const QString tab = view == QLatin1String("pareto") || view == QLatin1String("at-scale") ? QStringLiteral("cost")
                        : view == QLatin1String("inspector") ? QStringLiteral("territory")
                                                             : view;
    for (int i = 0; i < m_tabs->count(); ++i)
        if (m_tabs->widget(i)->property(kViewProperty).toString() == tab) return i;
    return -1;
}

QRect WindowLessonStage::inWindow(QWidget* widget) const {
    if (!widget || !widget->isVisible() || widget->window() != m_window) return {};
    // The widget's rectangle, clipped by every parent (a scroll area's viewport).
    QRect r(widget->mapTo(m_window, QPoint(0, 0)), widget->size());
    for (QWidget* p = widget->parentWidget(); p && p != m_window; p = p->parentWidget())
        r &= QRect(p->mapTo(m_window, QPoint(0, 0)), p->size());
    return r;
}

QRect WindowLessonStage::ringFor(const QString& name) const {
    const std::string n = name.toStdString();
    if (!moe::isLessonView(n)) return inWindow(control(name));
    if (name == QLatin1String("glossary")) return inWindow(m_window->glossaryDock());
    // The inspector shows under the map, data and formula tabs; elsewhere its tab is ringed.
    if (name == QLatin1String("inspector") && m_window->gateInspector()->isVisible())
        return inWindow(m_window->gateInspector());
    const int tab = tabOf(name);
    if (tab < 0) return {};
    if (m_tabs->currentIndex() != tab) {
        // Not open: ring its tab, which the learner clicks.
        QTabBar* bar = m_tabs->tabBar();
        const QRect r = bar->tabRect(tab);
        return QRect(bar->mapTo(m_window, r.topLeft()), r.size());
    }
    if (name == QLatin1String("pareto")) return inWindow(m_window->costDashboard()->pareto());
    if (name == QLatin1String("at-scale")) {
        if (m_window->atScaleView()->isVisible()) return inWindow(m_window->atScaleView());
        // The Cost tab shows This model: ring the At scale sub-tab.
        QTabBar* bar = m_window->costTabs()->tabBar();
        const QRect r = bar->tabRect(m_window->costTabs()->indexOf(m_window->atScaleView()));
        return QRect(bar->mapTo(m_window, r.topLeft()), r.size());
    }
    if (name == QLatin1String("inspector")) return inWindow(m_window->gateInspector());
    QTabBar* bar = m_tabs->tabBar();
    const QRect r = bar->tabRect(tab);
    return QRect(bar->mapTo(m_window, r.topLeft()), r.size());
}

void WindowLessonStage::bringIntoView(const QString& name) {
    if (moe::isLessonView(name.toStdString())) return;  // the learner opens views
    QWidget* w = control(name);
    if (!w) return;
    // Inner tabs (the settings' Router, Shape, ... pages) switch; the centre tabs do not,
    // since opening one is an event a check may wait for.
    for (QWidget* child = w; child && child != m_window; child = child->parentWidget()) {
        auto* stack = qobject_cast<QStackedWidget*>(child->parentWidget());
        auto* tabs = stack ? qobject_cast<QTabWidget*>(stack->parentWidget()) : nullptr;
        if (tabs && tabs != m_tabs) tabs->setCurrentWidget(child);
    }
    for (QWidget* p = w->parentWidget(); p; p = p->parentWidget())
        if (auto* scroll = qobject_cast<QScrollArea*>(p)) scroll->ensureWidgetVisible(w, 16, 16);
}

QString WindowLessonStage::applyScene(const moe::LessonScene& scene) {
    if (m_window->controller()->isBusy()) {
        // The settings of a running experiment are fixed: end the run, then set up the scene.
        m_pendingScene = scene;
        m_window->controller()->stop();
        return {};
    }
    return applyNow(scene);
}

QString WindowLessonStage::applyNow(const moe::LessonScene& scene) {
    m_quiet = true;
    const QString error = m_window->showSetup(scene.dataset, scene.config);
    m_quiet = false;
    emit factsChanged();
    return error;
}

void WindowLessonStage::saveLearnerSetup() {
    LearnerSetup s;
    s.source = m_window->datasetSource();
    s.config = m_window->modelPanel()->config();
    s.speed = m_window->controller()->speed();
    if (s.source.kind == moe::DatasetSource::Kind::CsvFile) {
        s.fileData = m_window->controller()->data();
        s.filePath = QString::fromStdString(s.source.path);
        for (const std::string& note : m_window->importNotes()) s.fileNotes << QString::fromStdString(note);
        s.fileOptions = s.source.csv;
    }
    m_learner = std::move(s);
}

void WindowLessonStage::restoreLearnerSetup() {
    if (!m_learner) return;
    const LearnerSetup s = *std::exchange(m_learner, std::nullopt);
    m_pendingScene.reset();
    if (m_window->controller()->isBusy()) m_window->controller()->stop();
    m_quiet = true;
    if (s.source.kind == moe::DatasetSource::Kind::CsvFile) {
        m_window->modelPanel()->setConfig(s.config);
        m_window->setDataset(s.fileData, s.filePath, s.fileNotes, s.fileOptions);
    } else {
        m_window->showSetup(s.source, s.config);
    }
    m_window->controller()->setSpeed(s.speed);
    m_quiet = false;
    emit factsChanged();
}

bool WindowLessonStage::setControl(const QString& name, const nlohmann::ordered_json& value) {
    QWidget* w = control(name);
    if (!w || !w->isEnabled()) return false;
    if (auto* spin = qobject_cast<QSpinBox*>(w)) {
        if (!value.is_number_integer()) return false;
        spin->setValue(value.get<int>());
        return spin->value() == value.get<int>();
    }
    if (auto* spin = qobject_cast<QDoubleSpinBox*>(w)) {
        if (!value.is_number()) return false;
        spin->setValue(value.get<double>());
        return std::abs(spin->value() - value.get<double>()) <= 0.5 * std::pow(10.0, -spin->decimals());
    }
    if (auto* combo = qobject_cast<QComboBox*>(w)) {
        if (!value.is_string()) return false;
        QString wanted = QString::fromStdString(value.get<std::string>());
        if (name == QLatin1String("trainingSpeed")) {  // items are labelled, the lesson names the speed
            const auto speed = moe::parseSpeed(wanted.toStdString());
            if (!speed) return false;
            wanted = QObject::tr(moe::speedLabel(*speed));
        }
        const int index = comboIndex(combo, wanted);
        if (index < 0) return false;
        combo->setCurrentIndex(index);
        emit combo->activated(index);  // as a click on the item does
        return true;
    }
    if (auto* check = qobject_cast<QAbstractButton*>(w); check && check->isCheckable()) {
        if (!value.is_boolean()) return false;
        if (check->isChecked() != value.get<bool>()) check->click();
        return check->isChecked() == value.get<bool>();
    }
    return false;
}

bool WindowLessonStage::canPress(const QString& action) const {
    const QWidget* w = control(action);
    return w && w->isEnabled();
}

void WindowLessonStage::press(const QString& action) {
    if (auto* button = qobject_cast<QAbstractButton*>(control(action))) button->click();
}

void WindowLessonStage::open(const QString& view) {
    if (view == QLatin1String("glossary")) {
        m_window->glossaryDock()->show();
        m_window->glossaryDock()->raise();
        return;
    }
    const int tab = tabOf(view);
    if (tab < 0) return;
    if (view == QLatin1String("at-scale")) {
        // The sub-tab first, so that opening the Cost tab finds it shown.
        const QSignalBlocker quiet(m_window->costTabs());
        m_window->costTabs()->setCurrentWidget(m_window->atScaleView());
    }
    if (m_tabs->currentIndex() == tab) onTabChanged(tab);  // opened again: still an event
    else m_tabs->setCurrentIndex(tab);
    if (view == QLatin1String("pareto")) {
        m_window->costTabs()->setCurrentWidget(m_window->costDashboard());
        QWidget* pareto = m_window->costDashboard()->pareto();
        for (QWidget* p = pareto->parentWidget(); p; p = p->parentWidget())
            if (auto* scroll = qobject_cast<QScrollArea*>(p)) scroll->ensureWidgetVisible(pareto);
    }
}

void WindowLessonStage::pin(int row) {
    if (row >= 0 && static_cast<std::size_t>(row) < m_window->controller()->data().rows) m_window->gateInspector()->pinRow(row);
}

void WindowLessonStage::onTabChanged(int index) {
    if (m_quiet || index < 0) return;
    const QString view = m_tabs->widget(index)->property(kViewProperty).toString();
    if (view.isEmpty()) return;
    emit happened(QStringLiteral("view-opened:") + view);
    if (view == QLatin1String("cost")) {
        emit happened(QStringLiteral("view-opened:pareto"));  // it is in the Cost tab
        if (m_window->costTabs()->currentWidget() == m_window->atScaleView())
            emit happened(QStringLiteral("view-opened:at-scale"));
    }
    if (view == QLatin1String("territory") || view == QLatin1String("data") || view == QLatin1String("formula"))
        emit happened(QStringLiteral("view-opened:inspector"));  // shown under these tabs
}

void WindowLessonStage::watchControls() {
    for (const moe::LessonControl& c : moe::lessonControls()) {
        const QString name = QString::fromStdString(c.name);
        QWidget* w = control(name);
        if (!w) continue;
        const auto changed = [this, name] {
            if (m_quiet) return;
            emit happened(QStringLiteral("setting-changed:") + name);
            emit happened(QStringLiteral("setting-changed"));
            if (name == QLatin1String("paretoTopK")) emit happened(QStringLiteral("pareto-k-changed"));
        };
        if (auto* spin = qobject_cast<QSpinBox*>(w)) connect(spin, &QSpinBox::valueChanged, this, changed);
        else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(w)) connect(dspin, &QDoubleSpinBox::valueChanged, this, changed);
        else if (auto* combo = qobject_cast<QComboBox*>(w)) connect(combo, &QComboBox::activated, this, changed);
        else if (auto* button = qobject_cast<QAbstractButton*>(w)) connect(button, &QAbstractButton::toggled, this, changed);
    }
}

nlohmann::ordered_json WindowLessonStage::facts() const {
    const TrainingController* c = m_window->controller();
    // The settings in force are those the panel shows, also before (or without) a build.
    const moe::RunConfig shown = m_window->modelPanel()->config();
    if (c->history().isEmpty()) return {{"config", moe::configToJson(shown)}, {"scale", scaleFacts()}};
    moe::RunSummary s;
    const moe::Dataset& data = c->data();
    s.datasetName = data.name;
    s.task = data.task;
    s.samples = data.rows;
    s.features = data.cols;
    s.classes = data.task == moe::Task::Classification ? data.classCount() : 0;
    s.config = c->config();
    s.snapshot = c->result();
    s.cost = c->cost();
    for (const QString& d : c->divergences()) s.divergences.push_back(d.toStdString());
    nlohmann::ordered_json j = moe::runSummaryToJson(s);
    // The window does not hold the split sizes: unknown rather than a wrong 0.
    for (const char* key : {"train_samples", "validation_samples", "test_samples"}) j["dataset"][key] = nullptr;
    j["config"] = moe::configToJson(shown);
    j["scale"] = scaleFacts();
    return j;
}

nlohmann::ordered_json WindowLessonStage::scaleFacts() const {
    // The At scale page's figures as `moe cost --json` prints them for the same fields.
    const AtScaleView* atScale = m_window->atScaleView();
    const AtScaleFigures& f = atScale->figures();
    if (!f.hasCost) return nlohmann::ordered_json::object();
    const AtScaleInput in = atScale->input();
    nlohmann::ordered_json j = moe::llmCostToJson(in.model, f.cost, in.dtype);
    if (f.ep) moe::addExpertParallel(j, f.setup, *f.ep, moe::placementName(in.placement), in.routing.toStdString());
    return j;
}

}  // namespace moe::ui
