#pragma once
// Intended usage: the course shipped with MoE Explorer (resources/lessons, built into the
// program as the resource :/lessons) and where the learner is in it, kept per user across
// restarts in QSettings ("lessons/<id>/state" and ".../step").
//
//   const Course& course = shippedCourse(&glossary);        // in file-name order
//   moe::Result<moe::Lesson> l = findLesson("sparsity", &glossary);   // an id or a file
//   CourseProgress progress;
//   progress.setStep("sparsity", 2);   // in progress, at step 3
//   progress.markDone("sparsity");

#include "core/teach/glossary.h"
#include "core/teach/lesson.h"
#include "core/util/result.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace moe::ui {

struct Course {
    std::vector<moe::Lesson> lessons;
    QStringList errors;  ///< one line per shipped lesson that did not load (none ships so)
};

/// The shipped lessons, read once (links checked against `glossary` when given).
const Course& shippedCourse(const moe::Glossary* glossary);

/// A lesson by course id ("sparsity") or by file path (anything with a '/' or ending in
/// ".json", or an existing file): the file's own error, or an unknown id with the ids there are.
moe::Result<moe::Lesson> findLesson(const QString& idOrFile, const moe::Glossary* glossary);

/// "First steps", "Core", "Advanced".
QString levelTitle(const std::string& level);

class CourseProgress {
public:
    enum class State { NotStarted, InProgress, Done };

    State state(const QString& lessonId) const;
    /// The step to resume at (0-based); 0 when not started.
    int step(const QString& lessonId) const;
    /// The learner is at `step` of the lesson: it is in progress unless already done.
    void setStep(const QString& lessonId, int step);
    void markDone(const QString& lessonId);
    /// Forgets the course's progress (the course list's "Start over").
    void clear();
    /// Whether the first start's offer of the first lesson was made already.
    bool offered() const;
    void setOffered();
};

/// "not started", "in progress", "done".
QString stateText(CourseProgress::State state);

}  // namespace moe::ui
