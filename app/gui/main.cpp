// moe-explorer: the desktop application. Parses the command line and builds the window;
// everything else lives in moe::ui.
//
//   moe-explorer [--data NAME|FILE.csv [--label COLUMN] [--task classification|regression]]
//                [--epochs N] [--router NAME] [--mode mixture|block] [--layers N]
//                [--capacity-factor X]
//   moe-explorer --screenshot DIR [--window-size WxH] [same options]
//   moe-explorer --session-file FILE.moe-session        (reopens a saved session)
//   moe-explorer --lesson FILE|ID [--screenshot DIR]     (plays a lesson; with --screenshot
//                                                         one PNG per step, then exits)
//   moe-explorer --trace FILE.safetensors [--screenshot DIR]   (opens a routing trace in the
//                                                         Trace window; photographs its views too)
//
// Autosave and the offer to restore unsaved work at start are on except with --screenshot
// or the environment variable MOE_NO_RECOVERY=1 (docs/session-format.md).

#include "core/data/bundled_datasets.h"
#include "core/data/csv_reader.h"
#include "core/data/generators.h"
#include "core/train/run_config.h"
#include "ui/window/main_window.h"
#include "ui/glossary/app_glossary.h"
#include "ui/lessons/course.h"
#include "ui/lessons/lesson_panel.h"
#include "ui/window/lesson_replay.h"
#include "ui/settings/model_panel.h"
#include "ui/window/screenshot_runner.h"
#include "ui/window/session_controller.h"
#include "ui/trace/trace_loader.h"
#include "ui/trace/trace_workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QRegularExpression>
#include <QTemporaryFile>
#include <QTextStream>

#include <optional>

namespace {

int badArgument(const QString& message) {
    QTextStream(stderr) << "moe-explorer: " << message << '\n';
    return 2;
}

QString builtinNames() {
    QStringList names;
    for (const moe::GeneratorInfo& g : moe::builtinGenerators()) names << QString::fromStdString(g.name);
    return names.join(QStringLiteral(", "));
}

QString bundledNames() {
    QStringList names;
    for (const moe::BundledDatasetInfo& b : moe::bundledDatasets()) names << QString::fromStdString(b.name);
    return names.join(QStringLiteral(", "));
}

// Reads a CSV file for --data with --label / --task; an empty string on success, else the
// one-line message for stderr ("file:line:column: ..." for a bad file).
QString openCsvFile(const QString& path, const QCommandLineParser& parser, const QCommandLineOption& label,
                    const QCommandLineOption& task, moe::ui::MainWindow& window) {
    moe::CsvOptions options;
    if (parser.isSet(label)) options.label = parser.value(label).toStdString();
    if (parser.isSet(task)) {
        const QString t = parser.value(task);
        if (t == QLatin1String("classification")) options.task = moe::Task::Classification;
        else if (t == QLatin1String("regression")) options.task = moe::Task::Regression;
        else return QStringLiteral("--task must be classification or regression, got '%1'").arg(t);
    }
    moe::CsvReport report;
    const moe::Result<moe::Dataset> data = moe::readCsv(QFile::encodeName(path).toStdString(), options, &report);
    if (!data) return QString::fromStdString(data.error());
    QStringList notes;
    for (const std::string& note : report.notes) notes << QString::fromStdString(note);
    window.setDataset(data.value(), QFileInfo(path).absoluteFilePath(), notes, options);
    return {};
}

// The largest --window-size side: bigger than any screen, small enough that a grab fits in memory.
constexpr int kMaxWindowSide = 8192;

// Reads --window-size WxH ("1366x768"); nullopt for anything else.
std::optional<QSize> parseWindowSize(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{1,5})[xX]([0-9]{1,5})$"));
    const QRegularExpressionMatch m = pattern.match(text.trimmed());
    if (!m.hasMatch()) return std::nullopt;
    const QSize size(m.captured(1).toInt(), m.captured(2).toInt());
    if (size.width() < 1 || size.height() < 1 || size.width() > kMaxWindowSide || size.height() > kMaxWindowSide)
        return std::nullopt;
    return size;
}

QString routerNames() {
    QStringList names;
    for (moe::RouterKind r : moe::allRouters()) names << QString::fromLatin1(moe::routerName(r));
    return names.join(QStringLiteral(", "));
}

struct ModelOptions {
    QCommandLineOption router{QStringLiteral("router"), QStringLiteral("Router (%1).").arg(routerNames()),
                              QStringLiteral("NAME")};
    QCommandLineOption mode{QStringLiteral("mode"), QStringLiteral("Model shape: mixture or block."),
                            QStringLiteral("NAME")};
    QCommandLineOption layers{QStringLiteral("layers"),
                              QStringLiteral("Residual MoE blocks (with --mode block)."), QStringLiteral("N")};
    QCommandLineOption capacity{QStringLiteral("capacity-factor"),
                                QStringLiteral("Training capacity factor; 0 = no limit."), QStringLiteral("X")};
    bool anySet(const QCommandLineParser& p) const {
        return p.isSet(router) || p.isSet(mode) || p.isSet(layers) || p.isSet(capacity);
    }
};

// Applies the model options to the settings; an empty string on success, else the
// one-line message for stderr.
QString applyModelOptions(const QCommandLineParser& parser, const ModelOptions& o,
                          moe::ui::ModelPanel* panel) {
    moe::RunConfig config = panel->config();
    if (parser.isSet(o.router)) {
        const auto kind = moe::parseRouter(parser.value(o.router).toStdString());
        if (!kind)
            return QStringLiteral("unknown router '%1' (one of: %2)").arg(parser.value(o.router), routerNames());
        config.model.router = *kind;
    }
    if (parser.isSet(o.mode)) {
        const auto m = moe::parseMode(parser.value(o.mode).toStdString());
        if (!m) return QStringLiteral("unknown mode '%1' (mixture or block)").arg(parser.value(o.mode));
        config.model.mode = *m;
    }
    if (parser.isSet(o.layers)) {
        bool ok = false;
        config.model.layers = parser.value(o.layers).toInt(&ok);
        if (!ok) return QStringLiteral("--layers must be a whole number, got '%1'").arg(parser.value(o.layers));
        // The panel shows a mixture with one layer; say so rather than ignore the option.
        if (config.model.layers != 1 && config.model.mode != moe::MoeMode::Block)
            return QStringLiteral("--layers: stacking MoE layers needs --mode block");
    }
    if (parser.isSet(o.capacity)) {
        bool ok = false;
        config.model.capacityFactor = parser.value(o.capacity).toDouble(&ok);
        if (!ok)
            return QStringLiteral("--capacity-factor must be a number, got '%1'").arg(parser.value(o.capacity));
    }
    if (config.model.router == moe::RouterKind::Switch) config.model.topK = 1;  // top-1 by definition
    if (const moe::Status status = moe::validateConfig(config); !status.ok())
        return QString::fromStdString(status.error());
    panel->setConfig(config);
    // The fields have narrower ranges than the engine accepts: refuse rather than clamp.
    const moe::ModelConfig shown = panel->config().model;
    if (shown.layers != config.model.layers)
        return QStringLiteral("--layers: the window offers 1 to 16 blocks, got %1").arg(config.model.layers);
    if (shown.capacityFactor != config.model.capacityFactor)
        return QStringLiteral("--capacity-factor: the window offers 0 to 16 in steps of 0.01, got %1")
            .arg(config.model.capacityFactor);
    return {};
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("MoE Explorer"));
    QApplication::setApplicationVersion(QStringLiteral(MOE_VERSION));
    QApplication::setOrganizationName(QStringLiteral("MoE Explorer"));
    QApplication::setDesktopFileName(QStringLiteral("moe-explorer"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/moe-explorer.svg")));
    QApplication::setStyle(QStringLiteral("Fusion"));  // the same look everywhere, screenshots included

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Train small Mixture-of-Experts models live and see what they do."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Train once, write one PNG per main view into DIR, and exit."), QStringLiteral("DIR"));
    const QCommandLineOption windowSize(
        QStringLiteral("window-size"),
        QStringLiteral("The window's size in pixels, such as 1366x768 (with --screenshot, default 1280x800; "
                       "otherwise the screen decides)."),
        QStringLiteral("WxH"));
    const QCommandLineOption data(
        QStringLiteral("data"),
        QStringLiteral("Dataset to open: built-in (%1), bundled (%2), or a CSV file.").arg(builtinNames(), bundledNames()),
        QStringLiteral("NAME|FILE"));
    const QCommandLineOption label(
        QStringLiteral("label"),
        QStringLiteral("CSV file: the label column, by name or 1-based number (default: the last)."),
        QStringLiteral("COLUMN"));
    const QCommandLineOption task(QStringLiteral("task"),
                                  QStringLiteral("CSV file: classification or regression (default: inferred)."),
                                  QStringLiteral("TASK"));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Epochs to train."),
                                    QStringLiteral("N"));
    const ModelOptions model;
    // Not "--session": QApplication takes -session/--session for X11 session management.
    const QCommandLineOption session(QStringLiteral("session-file"),
                                     QStringLiteral("Reopen a saved session file (File > Save session)."),
                                     QStringLiteral("FILE"));
    parser.addOptions({screenshot, windowSize, data, label, task, epochs, model.router, model.mode, model.layers, model.capacity});
    parser.addOption(session);
    const QCommandLineOption lessonOption(
        QStringLiteral("lesson"),
        QStringLiteral("Start on a lesson: a course id (such as experts-and-gate) or a lesson file. With "
                       "--screenshot, play it as Show me would and write lesson-<id>-step-<n>.png per step."),
        QStringLiteral("FILE|ID"));
    parser.addOption(lessonOption);
    const QCommandLineOption traceOption(
        QStringLiteral("trace"),
        QStringLiteral("Open a routing trace recorded from a real MoE model (docs/trace-format.md) in a window of "
                       "its own. With --screenshot, also write trace-<view>.png for each of its views."),
        QStringLiteral("FILE"));
    parser.addOption(traceOption);
    parser.process(app);

    std::optional<QSize> requestedSize;
    if (parser.isSet(windowSize)) {
        requestedSize = parseWindowSize(parser.value(windowSize));
        if (!requestedSize)
            return badArgument(QStringLiteral("--window-size must be WIDTHxHEIGHT in pixels, each from 1 to %1, "
                                              "got '%2'")
                                   .arg(kMaxWindowSide)
                                   .arg(parser.value(windowSize)));
    }

    moe::ui::MainWindow window;
    // A size the window cannot take (below its minimum) would silently become another.
    if (requestedSize) {
        const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
        if (requestedSize->width() < minimum.width() || requestedSize->height() < minimum.height())
            return badArgument(QStringLiteral("--window-size: the window needs at least %1x%2, got '%3'")
                                   .arg(minimum.width())
                                   .arg(minimum.height())
                                   .arg(parser.value(windowSize)));
    }
    if (parser.isSet(session) && parser.isSet(lessonOption))
        return badArgument(QStringLiteral("--lesson sets up its own scenes; it cannot be combined with --session-file"));
    if (parser.isSet(session)) {
        // A session brings its own data and settings.
        if (parser.isSet(data) || parser.isSet(label) || parser.isSet(task) || parser.isSet(epochs) || model.anySet(parser))
            return badArgument(QStringLiteral("--session-file brings its own data and settings; it cannot be combined "
                                              "with --data, --label, --task, --epochs or the model options"));
        const QString problem = window.sessions()->openFile(parser.value(session));
        if (!problem.isEmpty()) return badArgument(problem);
    }
    const bool csvOptions = parser.isSet(label) || parser.isSet(task);
    if (parser.isSet(data)) {
        const QString source = parser.value(data);
        if (window.selectDataset(source)) {
            if (csvOptions)
                return badArgument(QStringLiteral("--label and --task only apply to CSV files; '%1' is built in")
                                       .arg(source));
        } else if (QFileInfo(source).isFile()) {
            const QString problem = openCsvFile(source, parser, label, task, window);
            if (!problem.isEmpty()) return badArgument(problem);
        } else if (source.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive)) {
            return badArgument(QStringLiteral("--data: no such file '%1'").arg(source));
        } else {
            return badArgument(QStringLiteral("--data: unknown dataset '%1' (built-in: %2; bundled: %3; or FILE.csv)")
                                   .arg(source, builtinNames(), bundledNames()));
        }
    } else if (csvOptions) {
        return badArgument(QStringLiteral("--label and --task need --data FILE.csv"));
    }
    if (parser.isSet(epochs)) {
        bool ok = false;
        const int n = parser.value(epochs).toInt(&ok);
        if (!ok || n < 1 || n > 100000)
            return badArgument(QStringLiteral("--epochs must be a whole number from 1 to 100000, got '%1'")
                                   .arg(parser.value(epochs)));
        window.setEpochs(n);
    }
    if (model.anySet(parser)) {
        const QString problem = applyModelOptions(parser, model, window.modelPanel());
        if (!problem.isEmpty()) return badArgument(problem);
        // Show the settings that were asked for.
        if (parser.isSet(model.capacity))
            window.modelPanel()->showSection(moe::ui::ModelPanel::CapacitySection);
        else if (parser.isSet(model.mode) || parser.isSet(model.layers))
            window.modelPanel()->showSection(moe::ui::ModelPanel::ShapeSection);
    }

    if (parser.isSet(traceOption)) {
        // Read here, before the window shows, so a bad file exits 2 like the other files.
        const moe::Result<moe::ui::LoadedTrace> trace = moe::ui::TraceLoader::read(parser.value(traceOption));
        if (!trace) return badArgument(QString::fromStdString(trace.error()));
        window.traceWorkspace()->setTrace(trace.value());
    }

    std::optional<moe::Lesson> lesson;
    if (parser.isSet(lessonOption)) {
        moe::Result<moe::Lesson> found = moe::ui::findLesson(parser.value(lessonOption), &moe::ui::applicationGlossary());
        if (!found) return badArgument(QString::fromStdString(found.error()));
        lesson = std::move(found).value();
    }

    if (!parser.isSet(screenshot)) {
        const bool recovery = qEnvironmentVariableIntValue("MOE_NO_RECOVERY") == 0;
        window.sessions()->setAutosaveEnabled(recovery);
        window.sessions()->setAskBeforeClosing(true);
        window.restoreViewSettings();
        if (requestedSize) {
            window.resize(*requestedSize);
            window.show();
        } else {
            window.showFittingScreen();
        }
        if (recovery && !parser.isSet(session)) window.sessions()->offerRecovery();
        if (lesson) {
            if (const QString problem = window.lessonPanel()->startLesson(*lesson, true); !problem.isEmpty())
                return badArgument(problem);
        } else if (recovery && !parser.isSet(session) && !moe::ui::CourseProgress().offered()) {
            window.lessonPanel()->offerFirstLesson();  // the first start of the program
        }
        return app.exec();
    }

    const QDir dir(parser.value(screenshot));
    if (!QDir().mkpath(dir.absolutePath()))
        return badArgument(QStringLiteral("cannot create directory '%1'").arg(dir.path()));
    QTemporaryFile probe(dir.filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open()) return badArgument(QStringLiteral("cannot write into '%1'").arg(dir.path()));
    probe.close();

    window.resize(requestedSize.value_or(QSize(1280, 800)));
    window.show();
    if (lesson) {
        // One PNG per step, the window as the learner sees it once the step is done.
        window.lessonPanel()->setRecordsProgress(false);  // a tool's run, not the learner's
        moe::ui::LessonReplay replay(&window, *lesson);
        const QString id = QString::fromStdString(lesson->id);
        replay.setCapture([&window, &dir, id](int step) {
            const QString path = dir.filePath(QStringLiteral("lesson-%1-step-%2.png").arg(id).arg(step + 1));
            return window.grab().save(path, "PNG");
        });
        QObject::connect(&replay, &moe::ui::LessonReplay::finished, &app, [&app](bool ok, const QString& message) {
            if (!ok) QTextStream(stderr) << "moe-explorer: " << message << '\n';
            app.exit(ok ? 0 : 1);
        });
        replay.start();
        return app.exec();
    }
    moe::ui::ScreenshotRunner runner(&window, dir);
    QObject::connect(&runner, &moe::ui::ScreenshotRunner::finished, &app, &QCoreApplication::exit);
    runner.start();
    return app.exec();
}
