#pragma once
// Intended usage: the lesson's spotlight - a ring drawn over the window around each control,
// run action or view the current step names, following them as the window is resized,
// scrolled or switched between tabs. It takes no clicks: the learner uses the ringed
// controls themselves.
//
//   Spotlight spot(stage);
//   spot.setTargets({"top-k", "train"});   // rings them, brings the controls into view
//   spot.setTargets({});                   // no ring

#include <QList>
#include <QRect>
#include <QStringList>
#include <QTimer>
#include <QWidget>

namespace moe::ui {

class LessonStage;

class Spotlight : public QWidget {
    Q_OBJECT
public:
    explicit Spotlight(LessonStage* stage);

    void setTargets(const QStringList& names);
    QStringList targets() const { return m_names; }
    /// The rings drawn now, in the window's coordinates (one per target on screen).
    QList<QRect> rings() const { return m_rings; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    void follow();

    LessonStage* m_stage;
    QStringList m_names;
    QList<QRect> m_rings;
    QTimer m_follow;
};

}  // namespace moe::ui
