#pragma once
// Intended usage: the LessonStage of MainWindow (ui/lessons/lesson_stage.h) - how a lesson
// finds the window's controls by their lesson names, sets up scenes through the data and
// settings panels, presses the run buttons, opens views, and which of the window's signals
// are the lesson events. MainWindow builds one with the lesson panel.
//
//   auto* stage = new WindowLessonStage(window);
//   auto* player = new LessonPlayer(stage, window);

#include "ui/lessons/lesson_stage.h"

#include "core/data/csv_options.h"
#include "core/data/dataset.h"
#include "core/data/dataset_source.h"
#include "core/train/run_config.h"
#include "core/train/training_pace.h"

#include <QStringList>

#include <optional>

class QTabWidget;

namespace moe::ui {

class MainWindow;

class WindowLessonStage : public LessonStage {
    Q_OBJECT
public:
    explicit WindowLessonStage(MainWindow* window);

    QWidget* window() const override;
    QWidget* control(const QString& name) const override;
    QRect ringFor(const QString& name) const override;
    void bringIntoView(const QString& name) override;
    QString applyScene(const moe::LessonScene& scene) override;
    void saveLearnerSetup() override;
    void restoreLearnerSetup() override;
    bool setControl(const QString& name, const nlohmann::ordered_json& value) override;
    bool canPress(const QString& action) const override;
    void press(const QString& action) override;
    void open(const QString& view) override;
    void pin(int row) override;
    nlohmann::ordered_json facts() const override;
    /// The At scale page's figures, named as `moe cost --json` names them (the checks' scale.*).
    nlohmann::ordered_json scaleFacts() const;

    /// The centre tab showing `view` ("cost"), or -1.
    int tabOf(const QString& view) const;

private:
    void watchControls();
    void onTabChanged(int index);
    QString applyNow(const moe::LessonScene& scene);
    QRect inWindow(QWidget* widget) const;

    struct LearnerSetup {
        moe::DatasetSource source;
        moe::RunConfig config;
        moe::TrainingSpeed speed = moe::TrainingSpeed::Full;
        // A CSV file's data as read, so it comes back without reading the file again.
        moe::Dataset fileData;
        QString filePath;
        QStringList fileNotes;
        moe::CsvOptions fileOptions;
    };

    MainWindow* m_window;
    QTabWidget* m_tabs;
    bool m_quiet = false;  ///< setting up a scene or the learner's setup: no setting events
    std::optional<moe::LessonScene> m_pendingScene;  ///< waits for the run under way to end
    std::optional<LearnerSetup> m_learner;
};

}  // namespace moe::ui
