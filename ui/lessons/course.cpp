#include "ui/lessons/course.h"

#include "core/io/lesson_file.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSettings>

// The resource lives in the static library moe_ui: registering it by name keeps the linker
// from dropping it.
static void registerLessonResource() { Q_INIT_RESOURCE(lessons); }

namespace moe::ui {
namespace {

const QString kGroup = QStringLiteral("lessons");

QString key(const QString& id, const char* field) { return kGroup + QLatin1Char('/') + id + QLatin1Char('/') + QLatin1String(field); }

}  // namespace

const Course& shippedCourse(const moe::Glossary* glossary) {
    static const Course course = [glossary] {
        registerLessonResource();
        Course c;
        const QDir dir(QStringLiteral(":/lessons"));
        for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
            QFile f(dir.filePath(name));
            if (!f.open(QIODevice::ReadOnly)) {
                c.errors << QStringLiteral("%1: cannot open the lesson resource").arg(name);
                continue;
            }
            moe::Result<moe::Lesson> lesson = moe::parseLesson(f.readAll().toStdString(), name.toStdString(), glossary);
            if (lesson) c.lessons.push_back(std::move(lesson).value());
            else c.errors << QString::fromStdString(lesson.error());
        }
        return c;
    }();
    return course;
}

moe::Result<moe::Lesson> findLesson(const QString& idOrFile, const moe::Glossary* glossary) {
    const bool looksLikeFile = idOrFile.contains(QLatin1Char('/')) || idOrFile.endsWith(QLatin1String(".json")) ||
                               QFileInfo(idOrFile).isFile();
    if (looksLikeFile) return moe::readLessonFile(QFile::encodeName(idOrFile).toStdString(), glossary);
    QStringList ids;
    for (const moe::Lesson& l : shippedCourse(glossary).lessons) {
        if (QString::fromStdString(l.id) == idOrFile) return l;
        ids << QString::fromStdString(l.id);
    }
    return moe::Error{QStringLiteral("no lesson file or course lesson '%1' (the course has: %2)")
                          .arg(idOrFile, ids.join(QStringLiteral(", ")))
                          .toStdString()};
}

QString levelTitle(const std::string& level) {
    if (level == "first-steps") return QObject::tr("First steps");
    if (level == "core") return QObject::tr("Core");
    if (level == "advanced") return QObject::tr("Advanced");
    return QString::fromStdString(level);
}

CourseProgress::State CourseProgress::state(const QString& lessonId) const {
    const QString s = QSettings().value(key(lessonId, "state")).toString();
    if (s == QLatin1String("done")) return State::Done;
    if (s == QLatin1String("in-progress")) return State::InProgress;
    return State::NotStarted;
}

int CourseProgress::step(const QString& lessonId) const { return QSettings().value(key(lessonId, "step"), 0).toInt(); }

void CourseProgress::setStep(const QString& lessonId, int step) {
    QSettings settings;
    if (state(lessonId) != State::Done) settings.setValue(key(lessonId, "state"), QStringLiteral("in-progress"));
    settings.setValue(key(lessonId, "step"), step);
}

void CourseProgress::markDone(const QString& lessonId) {
    QSettings settings;
    settings.setValue(key(lessonId, "state"), QStringLiteral("done"));
    settings.setValue(key(lessonId, "step"), 0);
}

void CourseProgress::clear() {
    QSettings settings;
    const bool wasOffered = offered();
    settings.remove(kGroup);
    if (wasOffered) setOffered();
}

bool CourseProgress::offered() const { return QSettings().value(QStringLiteral("lessonsOffered"), false).toBool(); }

void CourseProgress::setOffered() { QSettings().setValue(QStringLiteral("lessonsOffered"), true); }

QString stateText(CourseProgress::State state) {
    switch (state) {
    case CourseProgress::State::NotStarted: return QObject::tr("not started");
    case CourseProgress::State::InProgress: return QObject::tr("in progress");
    case CourseProgress::State::Done: return QObject::tr("done");
    }
    return {};
}

}  // namespace moe::ui
