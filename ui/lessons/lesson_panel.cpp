#include "ui/lessons/lesson_panel.h"

#include "ui/lessons/course.h"
#include "ui/lessons/lesson_player.h"
#include "ui/lessons/lesson_stage.h"
#include "ui/lessons/spotlight.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMouseEvent>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollArea>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

constexpr int kIdRole = Qt::UserRole;
// Narrow enough that the window and the docked panel fit a 1280 px screen side by side.
constexpr int kPanelMinWidth = 260;

QString md(const std::string& text) { return QString::fromStdString(text); }

// A question's choice text: a click on it chooses the choice.
class ClickableLabel : public QLabel {
    Q_OBJECT
public:
    ClickableLabel(const QString& text, QWidget* parent) : QLabel(text, parent) {}
signals:
    void clicked();

protected:
    void mouseReleaseEvent(QMouseEvent* event) override {
        QLabel::mouseReleaseEvent(event);
        emit clicked();
    }
};

QLabel* wrapping(const QString& objectName, QWidget* parent) {
    auto* l = new QLabel(parent);
    l->setObjectName(objectName);
    l->setWordWrap(true);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}

// Plain text from the lesson's Markdown subset for a label: `code` and **bold** as they read.
QString inlineMarkdownToHtml(const std::string& text) {
    QString html = QString::fromStdString(text).toHtmlEscaped();
    static const QRegularExpression code(QStringLiteral("`([^`]+)`"));
    static const QRegularExpression bold(QStringLiteral(R"(\*\*([^*]+)\*\*)"));
    static const QRegularExpression link(QStringLiteral(R"(\[([^\]]+)\]\(([a-z]+:[^)]+)\))"));
    html.replace(code, QStringLiteral("<code>\\1</code>"));
    html.replace(bold, QStringLiteral("<b>\\1</b>"));
    html.replace(link, QStringLiteral("<a href=\"\\2\">\\1</a>"));
    return html;
}

}  // namespace

LessonPanel::LessonPanel(LessonPlayer* player, LessonStage* stage, const moe::Glossary* glossary, QWidget* parent)
    : QDockWidget(tr("Lessons"), parent), m_player(player), m_stage(stage), m_glossary(glossary),
      m_spotlight(new Spotlight(stage)) {
    setObjectName(QStringLiteral("lessonDock"));
    setToolTip(tr("A course on Mixture-of-Experts: each lesson sets up a scene, gives a task, checks what "
                  "your model reached and asks a question. Float it to give the window more room."));
    m_pages = new QStackedWidget(this);
    m_pages->addWidget(buildCoursePage());
    m_pages->addWidget(buildLessonPage());
    m_pages->setMinimumWidth(kPanelMinWidth);
    setWidget(m_pages);
    fillCourse();

    connect(player, &LessonPlayer::stepChanged, this, &LessonPanel::onStepChanged);
    connect(player, &LessonPlayer::checkChanged, this, [this] {
        showCheck();
        updateButtons();
    });
    connect(player, &LessonPlayer::finished, this, [this](const QString& id) {
        if (m_recordsProgress) CourseProgress().markDone(id);
        m_courseIntro->setText(tr("Well done: lesson \"%1\" is done. Pick the next one below.")
                                   .arg(md(m_player->lesson().title)));
    });
    connect(player, &LessonPlayer::left, this, [this] {
        m_spotlight->setTargets({});
        fillCourse();
        m_pages->setCurrentIndex(0);
    });
    connect(player, &LessonPlayer::showMeFailed, this, [this](const QString& message) {
        m_feedback->setText(message);
    });
}

QWidget* LessonPanel::buildCoursePage() {
    auto* page = new QWidget;
    auto* layout = new QVBoxLayout(page);
    m_courseIntro = wrapping(QStringLiteral("lessonCourseIntro"), page);
    m_courseIntro->setText(tr("A course on Mixture-of-Experts for anyone who knows what a neural network is. "
                              "Each lesson takes 5 to 10 minutes."));
    layout->addWidget(m_courseIntro);
    m_course = new QTreeWidget(page);
    m_course->setObjectName(QStringLiteral("lessonCourse"));
    m_course->setHeaderLabels({tr("Lesson"), tr("Min"), tr("State")});
    m_course->setRootIsDecorated(false);
    m_course->setUniformRowHeights(true);
    m_course->header()->setStretchLastSection(false);
    m_course->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_course->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_course->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_course->setWordWrap(true);
    layout->addWidget(m_course, 1);
    m_courseSummary = wrapping(QStringLiteral("lessonSummary"), page);
    layout->addWidget(m_courseSummary);
    auto* buttons = new QHBoxLayout;
    m_start = new QPushButton(tr("Start"), page);
    m_start->setObjectName(QStringLiteral("lessonStart"));
    m_start->setToolTip(tr("Play the selected lesson from where you left it (Enter)"));
    m_start->setDefault(true);
    auto* open = new QPushButton(tr("Open file…"), page);
    open->setObjectName(QStringLiteral("lessonOpenFile"));
    open->setToolTip(tr("Play a lesson file a teacher wrote (docs/lesson-format.md)"));
    auto* reset = new QPushButton(tr("Start over"), page);
    reset->setObjectName(QStringLiteral("lessonResetProgress"));
    reset->setToolTip(tr("Forget which lessons are done and where each one was left"));
    buttons->addWidget(m_start);
    buttons->addWidget(open);
    buttons->addStretch(1);
    buttons->addWidget(reset);
    layout->addLayout(buttons);

    connect(m_course, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        const QString id = item ? item->data(0, kIdRole).toString() : QString();
        m_start->setEnabled(!id.isEmpty());
        m_courseSummary->clear();
        for (const moe::Lesson& l : shippedCourse(m_glossary).lessons)
            if (QString::fromStdString(l.id) == id) {
                m_courseSummary->setText(inlineMarkdownToHtml(l.summary));
                const auto state = CourseProgress().state(id);
                m_start->setText(state == CourseProgress::State::InProgress ? tr("Resume") : tr("Start"));
            }
    });
    connect(m_course, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem*) { startSelected(); });
    connect(m_start, &QPushButton::clicked, this, &LessonPanel::startSelected);
    connect(open, &QPushButton::clicked, this, &LessonPanel::openFileRequested);
    connect(reset, &QPushButton::clicked, this, [this] {
        CourseProgress().clear();
        fillCourse();
    });
    return page;
}

QWidget* LessonPanel::buildLessonPage() {
    // The step reads top to bottom in one scroll - text, task, check, question - with Back
    // and Next always in reach under it.
    auto* page = new QWidget;
    auto* outer = new QVBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(page);
    scroll->setObjectName(QStringLiteral("lessonScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* body = new QWidget(scroll);
    scroll->setWidget(body);
    outer->addWidget(scroll, 1);
    auto* layout = new QVBoxLayout(body);
    m_title = wrapping(QStringLiteral("lessonTitle"), page);
    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_title->setFont(big);
    layout->addWidget(m_title);
    m_stepTitle = wrapping(QStringLiteral("lessonStepTitle"), page);
    layout->addWidget(m_stepTitle);
    m_text = wrapping(QStringLiteral("lessonText"), page);
    m_text->setTextFormat(Qt::MarkdownText);
    m_text->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_text->setOpenExternalLinks(false);
    m_text->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    layout->addWidget(m_text);
    connect(m_text, &QLabel::linkActivated, this, [this](const QString& link) { onLink(QUrl(link)); });

    m_taskBox = new QGroupBox(tr("Your task"), page);
    auto* taskLayout = new QVBoxLayout(m_taskBox);
    m_task = wrapping(QStringLiteral("lessonTask"), m_taskBox);
    taskLayout->addWidget(m_task);
    m_showMe = new QPushButton(tr("Show me"), m_taskBox);
    m_showMe->setObjectName(QStringLiteral("lessonShowMe"));
    m_showMe->setToolTip(tr("Do the task for me, through the same controls (Ctrl+Shift+H)"));
    m_showMe->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    taskLayout->addWidget(m_showMe, 0, Qt::AlignLeft);
    layout->addWidget(m_taskBox);
    connect(m_showMe, &QPushButton::clicked, m_player, &LessonPlayer::showMe);

    m_checkBox = new QGroupBox(tr("Check"), page);
    m_checkBox->setToolTip(tr("What the application must reach: updated after every epoch, run and setting"));
    auto* checkLayout = new QVBoxLayout(m_checkBox);
    m_check = wrapping(QStringLiteral("lessonCheck"), m_checkBox);
    m_check->setTextFormat(Qt::RichText);
    checkLayout->addWidget(m_check);
    layout->addWidget(m_checkBox);

    m_questionBox = new QGroupBox(tr("Question"), page);
    m_questionBox->setObjectName(QStringLiteral("lessonQuestion"));
    auto* q = new QVBoxLayout(m_questionBox);
    m_prompt = wrapping(QStringLiteral("lessonPrompt"), m_questionBox);
    m_prompt->setTextFormat(Qt::RichText);
    q->addWidget(m_prompt);
    m_choices = new QWidget(m_questionBox);
    m_choicesLayout = new QVBoxLayout(m_choices);
    m_choicesLayout->setContentsMargins(0, 0, 0, 0);
    m_choiceGroup = new QButtonGroup(this);
    q->addWidget(m_choices);
    auto* answerRow = new QHBoxLayout;
    m_number = new QLineEdit(m_questionBox);
    m_number->setObjectName(QStringLiteral("lessonAnswer"));
    m_number->setPlaceholderText(tr("Your answer"));
    m_number->setToolTip(tr("A number, such as 0.85; Enter answers"));
    answerRow->addWidget(m_number, 1);
    m_answer = new QPushButton(tr("Answer"), m_questionBox);
    m_answer->setObjectName(QStringLiteral("lessonAnswerButton"));
    m_answer->setToolTip(tr("Check your answer: the feedback says why it is right or not"));
    answerRow->addWidget(m_answer);
    q->addLayout(answerRow);
    m_feedback = wrapping(QStringLiteral("lessonFeedback"), m_questionBox);
    m_feedback->setTextFormat(Qt::RichText);
    q->addWidget(m_feedback);
    layout->addWidget(m_questionBox);
    layout->addStretch(1);
    connect(m_answer, &QPushButton::clicked, this, &LessonPanel::answer);
    connect(m_number, &QLineEdit::returnPressed, this, &LessonPanel::answer);
    connect(m_choiceGroup, &QButtonGroup::idClicked, this, [this] { m_answer->setEnabled(true); });

    auto* nav = new QHBoxLayout;
    m_leave = new QPushButton(tr("Course"), page);
    m_leave->setObjectName(QStringLiteral("lessonLeave"));
    m_leave->setToolTip(tr("Leave the lesson: your own data and settings come back; the course remembers the step"));
    m_back = new QPushButton(tr("Back"), page);
    m_back->setObjectName(QStringLiteral("lessonBack"));
    m_back->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_back->setToolTip(tr("The previous step (Alt+Left)"));
    m_next = new QPushButton(tr("Next"), page);
    m_next->setObjectName(QStringLiteral("lessonNext"));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_next->setToolTip(tr("On to the next step (Alt+Right)"));
    nav->addWidget(m_leave);
    nav->addStretch(1);
    nav->addWidget(m_back);
    nav->addWidget(m_next);
    nav->setContentsMargins(6, 0, 6, 6);
    outer->addLayout(nav);
    connect(m_leave, &QPushButton::clicked, m_player, &LessonPlayer::leave);
    connect(m_back, &QPushButton::clicked, m_player, &LessonPlayer::back);
    connect(m_next, &QPushButton::clicked, m_player, &LessonPlayer::next);
    return page;
}

void LessonPanel::fillCourse() {
    const QString selected = m_course->currentItem() ? m_course->currentItem()->data(0, kIdRole).toString() : QString();
    m_course->clear();
    const CourseProgress progress;
    QTreeWidgetItem* select = nullptr;
    QTreeWidgetItem* firstOpen = nullptr;
    for (const std::string& level : moe::lessonLevels()) {
        QTreeWidgetItem* group = nullptr;
        for (const moe::Lesson& l : shippedCourse(m_glossary).lessons) {
            if (l.level != level) continue;
            if (!group) {
                group = new QTreeWidgetItem(m_course, {levelTitle(level)});
                group->setFlags(Qt::ItemIsEnabled);
                QFont f = group->font(0);
                f.setBold(true);
                group->setFont(0, f);
                group->setFirstColumnSpanned(true);
            }
            const QString id = QString::fromStdString(l.id);
            const CourseProgress::State state = progress.state(id);
            auto* item = new QTreeWidgetItem(group, {md(l.title), QString::number(l.minutes), stateText(state)});
            item->setData(0, kIdRole, id);
            item->setToolTip(0, md(l.summary));
            item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
            if (state == CourseProgress::State::Done) item->setText(2, QStringLiteral("✓ ") + stateText(state));
            if (id == selected) select = item;
            if (!firstOpen && state != CourseProgress::State::Done) firstOpen = item;
        }
    }
    m_course->expandAll();
    m_course->setCurrentItem(select ? select : firstOpen);
    if (!m_course->currentItem()) m_start->setEnabled(false);
    for (const QString& error : shippedCourse(m_glossary).errors) m_courseSummary->setText(error);
}

void LessonPanel::refreshCourse() { fillCourse(); }

void LessonPanel::offerFirstLesson() {
    CourseProgress().setOffered();
    m_courseIntro->setText(tr("New to Mixture-of-Experts? Start with the first lesson: it takes about six minutes, "
                              "and Help > Lessons brings this panel back at any time."));
    show();
    raise();
}

void LessonPanel::startSelected() {
    QTreeWidgetItem* item = m_course->currentItem();
    if (!item) return;
    const QString id = item->data(0, kIdRole).toString();
    for (const moe::Lesson& l : shippedCourse(m_glossary).lessons)
        if (QString::fromStdString(l.id) == id) {
            if (QString error = startLesson(l); !error.isEmpty()) m_courseSummary->setText(error);
            return;
        }
}

QString LessonPanel::startLesson(const moe::Lesson& lesson, bool fromStart) {
    const QString id = QString::fromStdString(lesson.id);
    CourseProgress progress;
    const int resume = fromStart || progress.state(id) != CourseProgress::State::InProgress ? 0 : progress.step(id);
    m_pages->setCurrentIndex(1);
    show();
    raise();
    if (QString error = m_player->start(lesson, resume); !error.isEmpty()) {
        m_pages->setCurrentIndex(0);
        return error;
    }
    return {};
}

void LessonPanel::showCourse() {
    if (m_player->isPlaying()) m_player->leave();
    m_pages->setCurrentIndex(0);
    show();
    raise();
}

void LessonPanel::onStepChanged() {
    const moe::Lesson& lesson = m_player->lesson();
    const moe::LessonStep& step = m_player->step();
    if (m_recordsProgress) CourseProgress().setStep(QString::fromStdString(lesson.id), m_player->stepIndex());
    m_pages->setCurrentIndex(1);
    m_title->setText(md(lesson.title));
    m_stepTitle->setText(tr("Step %1 of %2: %3").arg(m_player->stepIndex() + 1).arg(m_player->stepCount()).arg(md(step.title)));
    m_text->setText(md(step.text));
    m_taskBox->setVisible(!step.task.empty());
    m_task->setText(inlineMarkdownToHtml(step.task));
    m_showMe->setVisible(!step.showMe.empty());
    m_feedback->clear();
    showCheck();
    showQuestion();
    QStringList targets;
    for (const std::string& s : step.spotlight) targets << md(s);
    m_spotlight->setTargets(targets);
    updateButtons();
}

void LessonPanel::showCheck() {
    m_checkLines.clear();
    if (!m_player->hasCheck()) {
        m_checkBox->hide();
        return;
    }
    m_checkBox->show();
    QString html;
    const moe::LessonCheckResult& r = m_player->checkResult();
    for (const moe::LessonCheckLine& line : r.lines) {
        const QString mark = line.passed ? QStringLiteral("✓") : QStringLiteral("✗");
        QString text = md(line.text);
        if (!line.passed && !line.now.empty()) text += QStringLiteral(", ") + md(line.now);
        m_checkLines << QStringLiteral("%1 %2").arg(mark, text);
        const QString colour = line.passed ? QStringLiteral("#1a7f37") : QStringLiteral("#b3261e");
        html += QStringLiteral("<div style=\"margin-left:%1px\"><span style=\"color:%2\"><b>%3</b></span> %4</div>")
                    .arg(line.depth * 14)
                    .arg(colour, mark, text.toHtmlEscaped());
    }
    if (r.passed)
        html += QStringLiteral("<p><b>%1</b></p>").arg(tr("Reached. %1").arg(m_player->isLastStep() ? tr("Finish ends the lesson.")
                                                                                                  : tr("Next is on.")));
    m_check->setText(html);
}

void LessonPanel::showQuestion() {
    const auto& question = m_player->step().question;
    m_questionBox->setVisible(question.has_value());
    for (QAbstractButton* b : m_choiceGroup->buttons()) m_choiceGroup->removeButton(b);
    for (QWidget* row : std::exchange(m_choiceRows, {})) row->deleteLater();
    if (!question) return;
    m_prompt->setText(inlineMarkdownToHtml(question->prompt));
    const bool choice = question->kind == moe::LessonQuestion::Kind::Choice;
    m_number->setVisible(!choice);
    m_number->clear();
    m_answer->setEnabled(!choice);
    for (std::size_t i = 0; i < question->choices.size(); ++i) {
        // A radio button's own text cannot wrap: the choice is a wrapping label beside it,
        // its buddy, so a click on the text chooses too.
        auto* row = new QWidget(m_choices);
        auto* rowLayout = new QHBoxLayout(row);
        rowLayout->setContentsMargins(0, 0, 0, 0);
        auto* radio = new QRadioButton(row);
        radio->setObjectName(QStringLiteral("lessonChoice%1").arg(i));
        radio->setAccessibleName(md(question->choices[i].text));
        auto* text = new ClickableLabel(inlineMarkdownToHtml(question->choices[i].text), row);
        text->setWordWrap(true);
        connect(text, &ClickableLabel::clicked, radio, &QRadioButton::click);
        rowLayout->addWidget(radio, 0, Qt::AlignTop);
        rowLayout->addWidget(text, 1);
        m_choiceGroup->addButton(radio, static_cast<int>(i));
        m_choicesLayout->addWidget(row);
        m_choiceRows.append(row);
    }
}

void LessonPanel::answer() {
    const auto& question = m_player->step().question;
    if (!question) return;
    LessonPlayer::Answer a;
    if (question->kind == moe::LessonQuestion::Kind::Choice) {
        if (m_choiceGroup->checkedId() < 0) return;
        a = m_player->answerChoice(m_choiceGroup->checkedId());
    } else {
        bool ok = false;
        const double value = m_number->text().trimmed().replace(QLatin1Char(','), QLatin1Char('.')).toDouble(&ok);
        if (!ok) {
            m_feedback->setText(tr("Type a number, such as 0.85."));
            return;
        }
        a = m_player->answerNumber(value);
    }
    const QString colour = a.right ? QStringLiteral("#1a7f37") : QStringLiteral("#b3261e");
    m_feedback->setText(QStringLiteral("<span style=\"color:%1\"><b>%2</b></span> %3")
                            .arg(colour, a.right ? tr("Right.") : tr("Not yet."), inlineMarkdownToHtml(a.feedback.toStdString())));
}

void LessonPanel::onLink(const QUrl& url) {
    if (url.scheme() == QLatin1String("glossary")) emit glossaryRequested(url.path());
    else if (url.scheme() == QLatin1String("view")) m_stage->open(url.path());
}

void LessonPanel::updateButtons() {
    if (!m_player->isPlaying()) return;
    m_back->setEnabled(m_player->canGoBack());
    m_next->setEnabled(m_player->canGoNext());
    m_next->setText(m_player->isLastStep() ? tr("Finish") : tr("Next"));
    m_next->setToolTip(m_player->canGoNext() ? tr("On to the next step (Alt+Right)")
                                             : tr("Next comes on when the check has passed"));
}

QStringList LessonPanel::checkLines() const { return m_checkLines; }

}  // namespace moe::ui

#include "lesson_panel.moc"
