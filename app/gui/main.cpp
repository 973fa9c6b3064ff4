// moe-explorer: the desktop application. Parses the command line and builds the window;
// everything else lives in moe::ui.
//
//   moe-explorer [--data NAME] [--epochs N]
//   moe-explorer --screenshot DIR [--data NAME] [--epochs N]

#include "core/data/generators.h"
#include "ui/main_window.h"
#include "ui/screenshot_runner.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTemporaryFile>
#include <QTextStream>

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
    const QCommandLineOption data(QStringLiteral("data"),
                                  QStringLiteral("Built-in dataset to open (%1).").arg(builtinNames()),
                                  QStringLiteral("NAME"));
    const QCommandLineOption epochs(QStringLiteral("epochs"), QStringLiteral("Epochs to train."),
                                    QStringLiteral("N"));
    parser.addOptions({screenshot, data, epochs});
    parser.process(app);

    moe::ui::MainWindow window;
    if (parser.isSet(data) && !window.selectDataset(parser.value(data)))
        return badArgument(QStringLiteral("unknown dataset '%1' (built-in: %2)")
                               .arg(parser.value(data), builtinNames()));
    if (parser.isSet(epochs)) {
        bool ok = false;
        const int n = parser.value(epochs).toInt(&ok);
        if (!ok || n < 1 || n > 100000)
            return badArgument(QStringLiteral("--epochs must be a whole number from 1 to 100000, got '%1'")
                                   .arg(parser.value(epochs)));
        window.setEpochs(n);
    }

    if (!parser.isSet(screenshot)) {
        window.show();
        return app.exec();
    }

    const QDir dir(parser.value(screenshot));
    if (!QDir().mkpath(dir.absolutePath()))
        return badArgument(QStringLiteral("cannot create directory '%1'").arg(dir.path()));
    QTemporaryFile probe(dir.filePath(QStringLiteral(".write-test-XXXXXX")));
    if (!probe.open()) return badArgument(QStringLiteral("cannot write into '%1'").arg(dir.path()));
    probe.close();

    window.resize(1280, 800);
    window.show();
    moe::ui::ScreenshotRunner runner(&window, dir);
    QObject::connect(&runner, &moe::ui::ScreenshotRunner::finished, &app, &QCoreApplication::exit);
    runner.start();
    return app.exec();
}
