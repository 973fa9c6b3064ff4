// RunExportActions on a trained window, offscreen: the metrics of the run as the person
// sees them in the curves, written as CSV and JSON.
#include "tests/support/worker_waits.h"
#include "core/data/csv_reader.h"
#include "ui/data/data_panel.h"
#include "ui/window/main_window.h"
#include "ui/report/report_dialog.h"
#include "ui/window/run_export_actions.h"
#include "ui/report/run_report.h"
#include "ui/scale/at_scale_view.h"
#include "ui/scale/llm_config_form.h"
#include <QSpinBox>
#include "ui/training/training_controller.h"

#include <QAction>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace moe::ui;

class TestRunExportActions : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void metricsWaitForAnEpoch();
    void metricsAsCsvAndJson();
    void reportOfTheRunWithNotes();
    void reportNamesAnOpenedFile();
    void atScaleIsReportedOnlyOnceUsed();
    void cleanupTestCase();

private:
    std::unique_ptr<MainWindow> m_window;
    RunExportActions* m_exports = nullptr;
    QTemporaryDir m_dir;
};

void TestRunExportActions::initTestCase() {
    QVERIFY(m_dir.isValid());
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    m_window->dataPanel()->setSamples(300);
    m_window->setEpochs(4);
    m_exports = m_window->findChild<RunExportActions*>();
    QVERIFY(m_exports);
}

void TestRunExportActions::cleanupTestCase() { m_window.reset(); }

void TestRunExportActions::metricsWaitForAnEpoch() {
    TrainingController* c = m_window->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QVERIFY(!m_exports->metricsAction()->isEnabled());
    QVERIFY(!m_exports->reportAction()->isEnabled());
    QSignalSpy ended(c, &TrainingController::runEnded);
    bool reportAtRunEnd = true;
    connect(c, &TrainingController::runEnded, this, [&] { reportAtRunEnd = m_exports->reportAction()->isEnabled(); },
            Qt::SingleShotConnection);
    c->train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    QVERIFY(m_exports->metricsAction()->isEnabled());
    // The report waits for the run's last values: the final territory and top-k sweep, then
    // the latency, all computed after the run ends.
    QVERIFY(!reportAtRunEnd);
    QTRY_VERIFY_WITH_TIMEOUT(m_exports->reportAction()->isEnabled(), 60000);
}

void TestRunExportActions::metricsAsCsvAndJson() {
    const auto& history = m_window->controller()->history();
    QString error;
    const QString csv = m_dir.filePath(QStringLiteral("run.csv"));
    QVERIFY2(m_exports->exportMetrics(csv, &error), qPrintable(error));
    QFile file(csv);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), history.size() + 1);
    const QList<QByteArray> header = lines.first().split(',');
    const qsizetype loss = header.indexOf("moe_test_loss");
    QVERIFY(loss > 0);
    QCOMPARE(lines.last().split(',').value(loss).toDouble(), history.constLast().moe.testLoss);
    QCOMPARE(lines.last().split(',').first().toInt(), 4);

    const QString json = m_dir.filePath(QStringLiteral("run.json"));
    QVERIFY2(m_exports->exportMetrics(json, &error), qPrintable(error));
    QFile jfile(json);
    QVERIFY(jfile.open(QIODevice::ReadOnly));
    const QJsonArray epochs = QJsonDocument::fromJson(jfile.readAll()).object().value("epochs").toArray();
    QCOMPARE(epochs.size(), history.size());

    QVERIFY(!m_exports->exportMetrics(m_dir.filePath(QStringLiteral("missing/run.csv")), &error));
    QVERIFY2(error.contains(QStringLiteral("missing/run.csv")), qPrintable(error));
}

void TestRunExportActions::reportOfTheRunWithNotes() {
    ReportDialog* dialog = m_exports->reportDialog();
    QCOMPARE(m_exports->reportDialog(), dialog);  // one dialog, so the notes stay
    dialog->setNotes(QStringLiteral("Four experts <enough?>"));
    QString error;
    const QString html = m_dir.filePath(QStringLiteral("report.html"));
    QVERIFY2(dialog->save(html, &error), qPrintable(error));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("Four experts &lt;enough?&gt;")));
    // Curves, territory, load, specialisation, gate matrix, cost, Pareto.
    QCOMPARE(text.count(QStringLiteral("<img src=\"data:image/png;base64,")), 7);
    // Where the data came from: the data panel's generator and its parameters.
    QVERIFY(text.contains(QStringLiteral("built-in <b>spirals</b> generator: 300 samples")));
    // The top-k sweep is that of the trained model: its trained k scores what the last epoch did.
    const TrainingController* c = m_window->controller();
    const int k = c->config().model.topK;
    QVERIFY(int(c->topKSweep().size()) >= k);
    QCOMPARE(c->topKSweep()[std::size_t(k - 1)].metrics.testAccuracy, c->history().constLast().moe.testAccuracy);
    // The window's run: its last test accuracy is in the results table.
    const double accuracy = m_window->controller()->history().constLast().moe.testAccuracy;
    QVERIFY(text.contains(QString::number(100.0 * accuracy, 'f', 1) + QLatin1Char('%')));

    const QString pdf = m_dir.filePath(QStringLiteral("report.pdf"));
    QVERIFY2(dialog->save(pdf, &error), qPrintable(error));
    QFile pdfFile(pdf);
    QVERIFY(pdfFile.open(QIODevice::ReadOnly));
    QVERIFY(pdfFile.read(5) == "%PDF-");
}

void TestRunExportActions::reportNamesAnOpenedFile() {
    // A CSV file opened in the window: the report names it, the options it was read with and
    // what the import did; back on a generator, the file's notes are gone.
    const QString csv = m_dir.filePath(QStringLiteral("measured.csv"));
    QFile out(csv);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write("x;y;kind\n1;2;a\n2;;b\n3;4;a\n4;5;b\n5;6;a\n6;7;b\n7;8;a\n8;9;b\n9;1;a\n1;3;b\n2;4;a\n");
    out.close();
    moe::CsvOptions options;
    options.delimiter = ';';
    moe::CsvReport read;
    moe::Result<moe::Dataset> data = moe::readCsv(csv.toStdString(), options, &read);
    QVERIFY2(data.ok(), data.ok() ? "" : data.error().c_str());
    QStringList notes;
    for (const std::string& n : read.notes) notes << QString::fromStdString(n);
    QVERIFY(!notes.isEmpty());  // the row with a missing cell was dropped
    m_window->setDataset(data.value(), csv, notes, options);

    ReportDialog* dialog = m_exports->reportDialog();
    QString error;
    const QString html = m_dir.filePath(QStringLiteral("file-report.html"));
    QVERIFY2(dialog->save(html, &error), qPrintable(error));
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("the CSV file <span class=path>%1</span>").arg(csv.toHtmlEscaped())));
    QVERIFY(text.contains(QStringLiteral("delimiter “;”")));
    QVERIFY(text.contains(notes.first().toHtmlEscaped()));

    QVERIFY(m_window->selectDataset(QStringLiteral("moons")));
    QVERIFY(m_window->importNotes().empty());
    QVERIFY2(dialog->save(html, &error), qPrintable(error));
    file.close();
    QVERIFY(file.open(QIODevice::ReadOnly));
    text = QString::fromUtf8(file.readAll());
    QVERIFY(text.contains(QStringLiteral("built-in <b>moons</b> generator")));
    QVERIFY(!text.contains(QStringLiteral("What the import did")));
}

void TestRunExportActions::atScaleIsReportedOnlyOnceUsed() {
    // Never touched: the report has no At scale section.
    AtScaleView* atScale = m_window->atScaleView();
    QVERIFY(!atScale->wasUsed());
    ReportInput in = m_exports->reportInput();
    QVERIFY(!in.atScale.has_value());
    const qsizetype without = RunReport(in).figures().size();
    QVERIFY(!RunReport(in).html(false).contains(QStringLiteral("<h2>At scale</h2>")));
    // Four ranks chosen on the page: the section, with the page's five views.
    auto* ranks = qobject_cast<QSpinBox*>(atScale->form()->field(QStringLiteral("ranks")));
    QVERIFY(ranks);
    ranks->setValue(4);
    in = m_exports->reportInput();
    QVERIFY(in.atScale.has_value());
    QCOMPARE(in.atScale->ranks, 4);
    const RunReport report(in);
    QCOMPARE(report.figures().size(), without + 5);
    const QString html = report.html(false);
    QVERIFY(html.contains(QStringLiteral("<h2>At scale</h2>")));
    QVERIFY(html.contains(QStringLiteral("Expert parallelism over 4 ranks")));
}

QTEST_MAIN(TestRunExportActions)
#include "tst_run_export_actions.moc"
