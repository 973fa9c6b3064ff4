// Lesson steps with a training task (issue 17): how long each takes, from "Show me" to its
// check passing, when every shipped lesson is replayed in the real window offscreen
// (QT_QPA_PLATFORM=offscreen) with the views it shows. The target: within 5 seconds on 2
// cores. Prints one row per step that trains, then the slowest.
//
//   QT_QPA_PLATFORM=offscreen build/bench/moe_bench_lesson_steps
#include "ui/glossary/app_glossary.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_panel.h"
#include "ui/window/lesson_replay.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QEventLoop>
#include <QTextStream>

#include <algorithm>
#include <thread>

namespace {

bool trains(const moe::LessonStep& step) {
    return std::any_of(step.showMe.begin(), step.showMe.end(), [](const moe::LessonAction& a) {
        return a.kind == moe::LessonAction::Kind::Press && a.target == "train";
    });
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setStyle(QStringLiteral("Fusion"));
    QTextStream out(stdout);
    const moe::ui::Course& course = moe::ui::shippedCourse(&moe::ui::applicationGlossary());
    out << "hardware threads: " << std::thread::hardware_concurrency() << "\n";
    out << QStringLiteral("%1 %2 %3\n").arg(QStringLiteral("lesson"), -24).arg(QStringLiteral("step"), 5).arg(QStringLiteral("Show me -> check (s)"));
    double slowest = 0.0;
    int over = 0;
    int steps = 0;
    QString slowestName;
    for (const moe::Lesson& lesson : course.lessons) {
        moe::ui::MainWindow window;
        window.resize(moe::ui::MainWindow::preferredSize());
        window.show();
        window.lessonPanel()->setRecordsProgress(false);
        moe::ui::LessonReplay replay(&window, lesson);
        QEventLoop loop;
        bool ok = false;
        QString message;
        QObject::connect(&replay, &moe::ui::LessonReplay::stepReached, [&](int step, bool, bool, qint64 ms) {
            if (!trains(lesson.steps.at(static_cast<std::size_t>(step)))) return;
            const double s = static_cast<double>(ms) / 1000.0;
            out << QStringLiteral("%1 %2 %3\n")
                       .arg(QString::fromStdString(lesson.id), -24)
                       .arg(step + 1, 5)
                       .arg(s, 8, 'f', 2);
            out.flush();
            ++steps;
            if (s > 5.0) ++over;
            if (s > slowest) {
                slowest = s;
                slowestName = QStringLiteral("%1 step %2").arg(QString::fromStdString(lesson.id)).arg(step + 1);
            }
        });
        QObject::connect(&replay, &moe::ui::LessonReplay::finished, [&](bool done, const QString& why) {
            ok = done;
            message = why;
            loop.quit();
        });
        replay.start();
        loop.exec();
        if (!ok) {
            out << "moe_bench_lesson_steps: " << QString::fromStdString(lesson.id) << ": " << message << "\n";
            return 1;
        }
    }
    out << QStringLiteral("%1 training steps; slowest %2 s (%3); over 5 s: %4\n")
               .arg(steps)
               .arg(slowest, 0, 'f', 2)
               .arg(slowestName)
               .arg(over);
    return 0;
}
