#pragma once
// Intended usage: the Lessons dock. Its first page is the course - the lessons grouped by
// level, each not started, in progress or done (CourseProgress) - and its second the lesson
// being played: the step's text, its task with "Show me", the live check-list, the
// question with its feedback, Back and Next. It rings the step's spotlight targets in the
// window. It can float or go to a second screen like any dock.
//
//   auto* panel = new LessonPanel(player, stage, &glossary, window);
//   window->addDockWidget(Qt::RightDockWidgetArea, panel);
//   panel->startLesson(lesson);        // or the learner picks one in the course
//   connect(panel, &LessonPanel::glossaryRequested, glossary, &GlossaryDock::showEntry);

#include "core/teach/glossary.h"
#include "core/teach/lesson.h"

#include <QDockWidget>
#include <QList>
#include <QString>

class QButtonGroup;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace moe::ui {

class LessonPlayer;
class LessonStage;
class Spotlight;

class LessonPanel : public QDockWidget {
    Q_OBJECT
public:
    LessonPanel(LessonPlayer* player, LessonStage* stage, const moe::Glossary* glossary, QWidget* parent = nullptr);

    /// Starts `lesson` where the learner left it (its first step when `fromStart`), shows the
    /// panel; an empty string, or why its scene could not be set up.
    QString startLesson(const moe::Lesson& lesson, bool fromStart = false);
    /// Shows the course page (leaving a lesson under way).
    void showCourse();
    /// Refreshes the course's states (after progress changed elsewhere).
    void refreshCourse();
    /// The first start of the program: the course, with the first lesson offered.
    void offerFirstLesson();

    Spotlight* spotlight() const { return m_spotlight; }
    /// Whether playing records the learner's progress (off for --screenshot, which plays
    /// lessons as a tool, not as the learner).
    void setRecordsProgress(bool on) { m_recordsProgress = on; }
    /// The check-list as shown, one line per condition ("✓ top-k is 1").
    QStringList checkLines() const;

signals:
    void glossaryRequested(const QString& id);
    /// File > Open lesson… from the course page.
    void openFileRequested();

private:
    QWidget* buildCoursePage();
    QWidget* buildLessonPage();
    void fillCourse();
    void startSelected();
    void onStepChanged();
    void showCheck();
    void showQuestion();
    void answer();
    void onLink(const QUrl& url);
    void updateButtons();

    LessonPlayer* m_player;
    bool m_recordsProgress = true;
    LessonStage* m_stage;
    const moe::Glossary* m_glossary;
    Spotlight* m_spotlight;
    QStackedWidget* m_pages = nullptr;
    // Course page.
    QTreeWidget* m_course = nullptr;
    QLabel* m_courseIntro = nullptr;
    QLabel* m_courseSummary = nullptr;
    QPushButton* m_start = nullptr;
    // Lesson page.
    QLabel* m_title = nullptr;
    QLabel* m_stepTitle = nullptr;
    QLabel* m_text = nullptr;
    QGroupBox* m_taskBox = nullptr;
    QLabel* m_task = nullptr;
    QPushButton* m_showMe = nullptr;
    QGroupBox* m_checkBox = nullptr;
    QLabel* m_check = nullptr;
    QStringList m_checkLines;
    QGroupBox* m_questionBox = nullptr;
    QLabel* m_prompt = nullptr;
    QWidget* m_choices = nullptr;
    QVBoxLayout* m_choicesLayout = nullptr;
    QList<QWidget*> m_choiceRows;
    QButtonGroup* m_choiceGroup = nullptr;
    QLineEdit* m_number = nullptr;
    QPushButton* m_answer = nullptr;
    QLabel* m_feedback = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_leave = nullptr;
};

}  // namespace moe::ui
