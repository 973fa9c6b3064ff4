#pragma once
// Intended usage: the run controls - Train, Pause, Step epoch, Step batch, Stop, Reset as
// QActions (so the menu and the buttons are the same objects), the training speed (as fast
// as it goes down to slow motion, about one epoch a second), a progress bar and the time
// remaining. It follows the controller's state: an action is enabled only when it would do
// something.
//
//   auto* panel = new TrainingPanel(controller, this);
//   trainingMenu->addActions(panel->actions());

#include "ui/training/training_state.h"

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QToolButton;

namespace moe::ui {

class TrainingController;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(TrainingController* controller, QWidget* parent = nullptr);

    QAction* trainAction() const { return m_train; }
    QAction* pauseAction() const { return m_pause; }
    QAction* stepAction() const { return m_step; }
    QAction* stepBatchAction() const { return m_stepBatch; }
    QComboBox* speedBox() const { return m_speed; }
    QAction* stopAction() const { return m_stop; }
    QAction* resetAction() const { return m_reset; }
    QList<QAction*> runActions() const { return {m_train, m_pause, m_step, m_stepBatch, m_stop, m_reset}; }
    /// The button showing `action` (for tests that click the real thing).
    QToolButton* buttonFor(const QAction* action) const;
    /// One line describing the state, e.g. "Paused after epoch 12 of 60".
    QString stateText() const;

private:
    QAction* makeAction(const QString& text, int icon, const QList<QKeySequence>& keys,
                        const QString& tip);
    void updateActions();
    void updateProgress();

    TrainingController* m_controller;
    QAction* m_train = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_step = nullptr;
    QAction* m_stepBatch = nullptr;
    QComboBox* m_speed = nullptr;
    QAction* m_stop = nullptr;
    QAction* m_reset = nullptr;
    QList<QToolButton*> m_buttons;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace moe::ui
