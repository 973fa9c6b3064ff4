#include "ui/training/training_panel.h"

#include "ui/training/training_controller.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

#include <cmath>

namespace moe::ui {
namespace {

QString formatSeconds(double seconds) {
    const int s = static_cast<int>(std::ceil(seconds));
    if (s < 60) return QObject::tr("%1 s").arg(s);
    return QObject::tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

TrainingPanel::TrainingPanel(TrainingController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    m_train = makeAction(tr("&Train"), QStyle::SP_MediaPlay,
                         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::Key_F5)},
                         tr("Train all three models until the planned epochs are done"));
    m_pause = makeAction(tr("&Pause"), QStyle::SP_MediaPause, {QKeySequence(Qt::Key_F6)},
                         tr("Pause at the next batch; Train resumes where it stopped"));
    m_step = makeAction(tr("&Step epoch"), QStyle::SP_MediaSkipForward, {QKeySequence(Qt::Key_F10)},
                        tr("Train exactly one more epoch, then pause"));
    m_stepBatch = makeAction(tr("Step &batch"), QStyle::SP_MediaSeekForward, {QKeySequence(Qt::CTRL | Qt::Key_F10)},
                             tr("Train exactly one more batch, then pause: watch a single gradient step"));
    m_stop = makeAction(tr("St&op"), QStyle::SP_MediaStop, {QKeySequence(Qt::SHIFT | Qt::Key_F5)},
                        tr("End the run at the next batch and keep its results"));
    m_reset = makeAction(tr("&Reset"), QStyle::SP_BrowserReload, {QKeySequence(Qt::CTRL | Qt::Key_R)},
                         tr("Start over: rebuild the models from the current settings"));
    connect(m_train, &QAction::triggered, controller, &TrainingController::train);
    connect(m_pause, &QAction::triggered, controller, &TrainingController::pause);
    connect(m_step, &QAction::triggered, controller, &TrainingController::step);
    connect(m_stepBatch, &QAction::triggered, controller, &TrainingController::stepBatch);
    connect(m_stop, &QAction::triggered, controller, &TrainingController::stop);
    connect(m_reset, &QAction::triggered, controller, &TrainingController::reset);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 4);
    layout->setSpacing(4);
    // The buttons carry the names lessons press and spotlight (core/teach/lesson_targets.h).
    const QStringList names{QStringLiteral("train"), QStringLiteral("pause"), QStringLiteral("step-epoch"),
                            QStringLiteral("step-batch"), QStringLiteral("stop"), QStringLiteral("reset")};
    for (QAction* action : runActions()) {
        auto* button = new QToolButton(this);
        button->setObjectName(names.value(static_cast<int>(m_buttons.size())));
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
        button->setAutoRaise(false);
        layout->addWidget(button);
        m_buttons.append(button);
    }
    m_speed = new QComboBox(this);
    m_speed->setObjectName(QStringLiteral("trainingSpeed"));
    for (moe::TrainingSpeed speed : moe::allSpeeds())
        m_speed->addItem(tr(moe::speedLabel(speed)), static_cast<int>(speed));
    m_speed->setToolTip(tr("How fast to train. Slower than full speed, every view is redrawn after every "
                           "batch, so you can watch the territories move and the load shift; the speed "
                           "is saved with the session"));
    m_speed->setAccessibleName(tr("Training speed"));
    layout->addWidget(m_speed);
    connect(m_speed, &QComboBox::activated, this, [this](int index) {
        m_controller->setSpeed(static_cast<moe::TrainingSpeed>(m_speed->itemData(index).toInt()));
    });
    connect(controller, &TrainingController::speedChanged, this, [this](moe::TrainingSpeed speed) {
        m_speed->setCurrentIndex(m_speed->findData(static_cast<int>(speed)));
    });
    layout->addSpacing(12);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setTextVisible(false);
    m_progress->setMinimumWidth(60);
    layout->addWidget(m_progress, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trainingStatus"));
    // Two lines rather than cut when the window is narrow (1024 px) and the text long.
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(180);  // with "Train again" the row still fits 1024 px
    layout->addWidget(m_status);

    connect(controller, &TrainingController::stateChanged, this, [this] {
        updateActions();
        updateProgress();
    });
    connect(controller, &TrainingController::progressChanged, this, &TrainingPanel::updateProgress);
    connect(controller, &TrainingController::historyChanged, this, &TrainingPanel::updateActions);
    connect(controller, &TrainingController::experimentReset, this, &TrainingPanel::updateActions);
    updateActions();
    updateProgress();
}

QAction* TrainingPanel::makeAction(const QString& text, int icon, const QList<QKeySequence>& keys,
                                   const QString& tip) {
    auto* action = new QAction(style()->standardIcon(static_cast<QStyle::StandardPixmap>(icon)), text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    action->setToolTip(QStringLiteral("%1 (%2)").arg(tip, keys.first().toString(QKeySequence::NativeText)));
    action->setStatusTip(tip);
    return action;
}

QToolButton* TrainingPanel::buttonFor(const QAction* action) const {
    for (QToolButton* b : m_buttons)
        if (b->defaultAction() == action) return b;
    return nullptr;
}

void TrainingPanel::updateActions() {
    m_train->setEnabled(m_controller->canTrain());
    m_pause->setEnabled(m_controller->canPause());
    m_step->setEnabled(m_controller->canStep());
    m_stepBatch->setEnabled(m_controller->canStep());
    m_stop->setEnabled(m_controller->canStop());
    m_reset->setEnabled(m_controller->canReset());
    switch (m_controller->state()) {
    case TrainingState::Paused: m_train->setText(tr("Resume")); break;
    case TrainingState::Stopped:
    case TrainingState::Finished: m_train->setText(tr("Train again")); break;
    default: m_train->setText(tr("&Train")); break;
    }
}

QString TrainingPanel::stateText() const {
    const int done = m_controller->epochsCompleted();
    const int planned = m_controller->epochsPlanned();
    switch (m_controller->state()) {
    case TrainingState::Empty: {
        const QString why = m_controller->lastError();
        return why.isEmpty() ? tr("Nothing to train: check the settings") : tr("Cannot train: %1").arg(why);
    }
    case TrainingState::Building: return tr("Building the models…");
    case TrainingState::Ready: return tr("Ready: %1 epochs planned").arg(planned);
    case TrainingState::Running: {
        QString text = tr("Training: epoch %1 of %2").arg(done + 1).arg(planned);
        const double left = m_controller->secondsRemaining();
        if (left >= 0.0) text += tr(", about %1 left").arg(formatSeconds(left));
        return text;
    }
    case TrainingState::Stepping: return tr("Stepping in epoch %1 of %2").arg(done + 1).arg(planned);
    case TrainingState::Stopping: return tr("Stopping at the next batch…");
    case TrainingState::Paused: return tr("Paused after epoch %1 of %2").arg(done).arg(planned);
    case TrainingState::Stopped: return tr("Stopped after epoch %1 of %2").arg(done).arg(planned);
    case TrainingState::Finished: return tr("Finished %1 epochs").arg(done);
    }
    return {};
}

void TrainingPanel::updateProgress() {
    // QProgressBar::setValue() repaints at once whenever the bar moves, and a synchronous
    // repaint paints everything else pending in the window too, inside whatever event
    // reported the progress. With updates off the call only stores the value; the bar is
    // then painted with the rest of the window in the next ordinary update.
    const int value = static_cast<int>(std::lround(m_controller->progress() * 1000.0));
    if (value != m_progress->value()) {
        m_progress->setUpdatesEnabled(false);
        m_progress->setValue(value);
        m_progress->setUpdatesEnabled(true);  // schedules the update
    }
    m_status->setText(stateText());
}

}  // namespace moe::ui
