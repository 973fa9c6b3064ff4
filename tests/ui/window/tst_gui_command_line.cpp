// Tests the moe-explorer executable's command line as a script runs it (design.md CONTRACT:
// `moe-explorer --screenshot DIR [--data NAME|FILE] [--epochs N]`): a CSV file given with
// --data (and --label) is trained and photographed; a bad file or bad option exits 2 with
// one line on stderr, file:line:column for a malformed CSV. `--session-file FILE` reopens a saved
// session (and --screenshot photographs its run); a bad session file exits 2 the same way.
// `--trace FILE` opens a routing trace (--screenshot adds one PNG per trace view); a bad trace
// exits 2 with one line naming the file and the field.
#include "tests/support/temp_files.h"
#include "core/data/generators.h"
#include "core/io/session_file.h"
#include "core/train/experiment.h"
#include "core/trace/trace_writer.h"
#include "tests/support/trace_fixtures.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#ifndef MOE_GUI_PATH
#error "MOE_GUI_PATH must name the built moe-explorer executable"
#endif

namespace {

struct Run {
    int exitCode = -1;
    bool crashed = false;
    QByteArray err;
};

Run explorer(const QStringList& args) {
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(MOE_GUI_PATH), args);
    Run r;
    if (!p.waitForStarted(10000) || !p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.crashed = p.exitStatus() != QProcess::NormalExit;
    r.err = p.readAllStandardError();
    return r;
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    return moe::testing::writeFile(dir, name, bytes);
}

// Three classes in three numeric columns; the label is the first column, named "kind".
QByteArray threeFeatureCsv() {
    QByteArray b("kind,height,weight,age\n");
    for (int r = 0; r < 90; ++r) {
        const int c = r % 3;
        b += QByteArray("ABC").mid(c, 1) + ',' + QByteArray::number(160 + 10 * c + (r * 7) % 5) + ',' +
             QByteArray::number(60 + 8 * c + (r * 3) % 4) + ',' + QByteArray::number(20 + (r * 11) % 30) + '\n';
    }
    return b;
}

}  // namespace

class TestGuiCommandLine : public QObject {
    Q_OBJECT
private slots:
    void screenshotsOfACsvFile() {
        QTemporaryDir dir;
        const QString csv = write(dir, QStringLiteral("people.csv"), threeFeatureCsv());
        const QString shots = dir.filePath(QStringLiteral("shots"));
        const Run r = explorer({"--screenshot", shots, "--data", csv, "--label", "kind", "--epochs", "2"});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        for (const char* name : {"main-window.png", "territory-map.png", "data.png", "formula.png"})
            QVERIFY2(!QImage(QDir(shots).filePath(QLatin1String(name))).isNull(), name);
    }

    void screenshotsAtAWindowSize() {
        QTemporaryDir dir;
        const QString shots = dir.filePath(QStringLiteral("shots"));
        const Run r = explorer({"--screenshot", shots, "--window-size", "1366x768", "--epochs", "2"});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        const QImage window(QDir(shots).filePath(QStringLiteral("main-window.png")));
        QCOMPARE(window.size() / window.devicePixelRatio(), QSize(1366, 768));
    }

    void badInputExitsTwo_data() {
        QTest::addColumn<QByteArray>("csv");  // empty: no file written
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ragged row") << QByteArray("a,b,y\n1,2,0\n3,4,1,9\n") << QStringList{}
                                    << QStringLiteral("bad.csv:3:4:");
        QTest::newRow("unterminated quote") << QByteArray("a,b,y\n1,2,0\n\"3,4,1\n") << QStringList{}
                                            << QStringLiteral("bad.csv:3:1:");
        QTest::newRow("unknown label") << threeFeatureCsv() << QStringList{"--label", "species"}
                                       << QStringLiteral("no column named 'species'");
        QTest::newRow("label of a bundled dataset") << QByteArray() << QStringList{"--data", "iris", "--label", "x"}
                                                    << QStringLiteral("only apply to CSV files");
        QTest::newRow("missing file") << QByteArray() << QStringList{"--data", "nowhere.csv"}
                                      << QStringLiteral("no such file 'nowhere.csv'");
        QTest::newRow("unknown name") << QByteArray() << QStringList{"--data", "nothing"}
                                      << QStringLiteral("unknown dataset 'nothing'");
        QTest::newRow("bad task") << threeFeatureCsv() << QStringList{"--label", "kind", "--task", "sorting"}
                                  << QStringLiteral("--task must be classification or regression");
        QTest::newRow("window size not WxH") << QByteArray() << QStringList{"--window-size", "1366"}
                                             << QStringLiteral("--window-size must be WIDTHxHEIGHT in pixels, each "
                                                               "from 1 to 8192, got '1366'");
        QTest::newRow("window size of zero") << QByteArray() << QStringList{"--window-size", "0x768"}
                                             << QStringLiteral("got '0x768'");
        QTest::newRow("window size too large") << QByteArray() << QStringList{"--window-size", "9000x768"}
                                               << QStringLiteral("got '9000x768'");
        QTest::newRow("window size below the minimum") << QByteArray() << QStringList{"--window-size", "300x200"}
                                                       << QStringLiteral("--window-size: the window needs at least");
    }

    void badInputExitsTwo() {
        QFETCH(QByteArray, csv);
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        QStringList all{"--screenshot", dir.filePath(QStringLiteral("shots")), "--epochs", "1"};
        if (!csv.isEmpty()) all << "--data" << write(dir, QStringLiteral("bad.csv"), csv);
        all << args;
        const Run r = explorer(all);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY2(!QDir(dir.filePath(QStringLiteral("shots"))).exists(QStringLiteral("main-window.png")),
                 "no screenshots after a failure");
    }

    void screenshotsOfASession() {
        // A session written through the core API, as the window's Save session would.
        moe::GeneratorParams params;
        params.name = "circles";
        params.samples = 200;
        moe::RunConfig config;
        config.model.experts = 3;
        config.train.epochs = 3;
        const moe::Dataset data = moe::generateDataset(params).value();
        std::unique_ptr<moe::Experiment> e = moe::Experiment::create(data, config).value();
        struct Quiet : moe::TrainingObserver {
            bool onEpoch(const moe::EpochSnapshot&) override { return true; }
        } quiet;
        e->run(quiet);
        moe::Session s;
        s.dataset = moe::DatasetSource::generated(params);
        s.config = config;
        s.model = e->trainedModel();
        s.history = e->history();
        s.cost = e->cost();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("circles.moe-session"));
        QVERIFY(moe::saveSession(QFile::encodeName(path).toStdString(), s).ok());
        const QString shots = dir.filePath(QStringLiteral("shots"));
        const Run r = explorer({"--screenshot", shots, "--session-file", path});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        for (const char* name : {"main-window.png", "territory-map.png", "utilization.png", "run-history.png"})
            QVERIFY2(!QImage(QDir(shots).filePath(QLatin1String(name))).isNull(), name);
    }

    void screenshotsOfATrace() {
        QTemporaryDir dir;
        const QString trace = dir.filePath(QStringLiteral("hand.safetensors"));
        QVERIFY(moe::writeTraceFile(trace.toStdString(), moe::testing::handRoutedTrace()).ok());
        const QString shots = dir.filePath(QStringLiteral("shots"));
        const Run r = explorer({"--screenshot", shots, "--epochs", "1", "--trace", trace});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        for (const char* name : {"main-window.png", "trace-window.png", "trace-load.png", "trace-tokens.png",
                                 "trace-coactivation.png", "trace-specialisation.png", "trace-consistency.png"})
            QVERIFY2(!QImage(QDir(shots).filePath(QLatin1String(name))).isNull(), name);
    }

    void badTraceExitsTwo_data() {
        QTest::addColumn<QByteArray>("contents");  // empty: no file written
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << QByteArray("\x05\x00", 2) << QStringLiteral("bad.safetensors: truncated");
        QTest::newRow("missing") << QByteArray() << QStringLiteral("bad.safetensors");
        // A valid file whose meta names an unknown weight recipe.
        std::string bytes = moe::traceFileBytes(moe::testing::handRoutedTrace());
        const std::string from = "softmax_topk_renorm";
        bytes.replace(bytes.find(from), from.size(), "softmax_topk_xxxxxx");
        QTest::newRow("bad field") << QByteArray::fromStdString(bytes) << QStringLiteral("bad.safetensors: meta.weights");
    }

    void badTraceExitsTwo() {
        QFETCH(QByteArray, contents);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = contents.isEmpty() ? dir.filePath(QStringLiteral("bad.safetensors"))
                                                : write(dir, QStringLiteral("bad.safetensors"), contents);
        const Run r = explorer({"--screenshot", dir.filePath(QStringLiteral("shots")), "--trace", path});
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count("moe-explorer: "), 1);
        QVERIFY(QDir(dir.filePath(QStringLiteral("shots"))).entryList({QStringLiteral("*.png")}).isEmpty());
    }

    void badSessionExitsTwo_data() {
        QTest::addColumn<QByteArray>("contents");  // empty: no file written
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << QByteArray("hello\n") << QStringList{} << QStringLiteral("bad.moe-session: not valid JSON");
        QTest::newRow("another format") << QByteArray(R"({"format": "moe-explorer-model", "version": 1})")
                                        << QStringList{} << QStringLiteral("format: not a MoE Explorer session file");
        QTest::newRow("missing") << QByteArray() << QStringList{} << QStringLiteral("bad.moe-session: cannot open");
        QTest::newRow("with --data") << QByteArray("{}") << QStringList{"--data", "moons"}
                                     << QStringLiteral("--session-file brings its own data and settings");
    }

    void badSessionExitsTwo() {
        QFETCH(QByteArray, contents);
        QFETCH(QStringList, extra);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString path = contents.isEmpty() ? dir.filePath(QStringLiteral("bad.moe-session"))
                                                : write(dir, QStringLiteral("bad.moe-session"), contents);
        const Run r = explorer(QStringList{"--screenshot", dir.filePath(QStringLiteral("shots")), "--session-file", path} + extra);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QVERIFY(!QDir(dir.filePath(QStringLiteral("shots"))).exists(QStringLiteral("main-window.png")));
    }

    // --lesson ID --screenshot plays the lesson and writes one PNG per step.
    void screenshotsOfALesson() {
        QTemporaryDir dir;
        const QString shots = dir.filePath(QStringLiteral("shots"));
        const Run r = explorer({"--lesson", "sparsity", "--screenshot", shots});
        QVERIFY2(!r.crashed && r.exitCode == 0, r.err.constData());
        for (int step = 1; step <= 4; ++step) {
            const QString name = QStringLiteral("lesson-sparsity-step-%1.png").arg(step);
            QVERIFY2(!QImage(QDir(shots).filePath(name)).isNull(), qPrintable(name));
        }
        QVERIFY(!QDir(shots).exists(QStringLiteral("lesson-sparsity-step-5.png")));
    }

    void badLessonExitsTwo_data() {
        QTest::addColumn<QByteArray>("contents");  // empty: the argument is an id, no file written
        QTest::addColumn<QString>("argument");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not JSON") << QByteArray("hello\n") << QString() << QStringList{}
                                  << QStringLiteral("bad.json: not valid JSON");
        QTest::newRow("unknown metric")
            << QByteArray(R"({"format": "moe-explorer-lesson", "version": 1, "id": "x", "title": "X", "summary": "S.",
                              "level": "core", "minutes": 5, "sources": ["A paper"],
                              "steps": [{"title": "T", "text": "Text.", "check": "moe.lod_cv < 1"}]})")
            << QString() << QStringList{} << QStringLiteral("bad.json: steps[0].check: unknown metric");
        QTest::newRow("unknown id") << QByteArray() << QStringLiteral("no-such-lesson") << QStringList{}
                                    << QStringLiteral("no lesson file or course lesson 'no-such-lesson'");
        QTest::newRow("with a session") << QByteArray() << QStringLiteral("sparsity")
                                        << QStringList{"--session-file", "x.moe-session"}
                                        << QStringLiteral("--lesson sets up its own scenes");
    }

    void badLessonExitsTwo() {
        QFETCH(QByteArray, contents);
        QFETCH(QString, argument);
        QFETCH(QStringList, extra);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString lesson = contents.isEmpty() ? argument : write(dir, QStringLiteral("bad.json"), contents);
        const Run r = explorer(QStringList{"--screenshot", dir.filePath(QStringLiteral("shots")), "--lesson", lesson} + extra);
        QVERIFY(!r.crashed);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(expected.toUtf8()), r.err.constData());
        QCOMPARE(r.err.count("moe-explorer: "), 1);  // one line of ours (Qt may add its own notes)
        QVERIFY(QDir(dir.filePath(QStringLiteral("shots"))).entryList({QStringLiteral("*.png")}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_gui_command_line.moc"
