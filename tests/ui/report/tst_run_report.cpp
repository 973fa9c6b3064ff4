// RunReport on a real (short) run, offscreen: the HTML holds every figure (curves, territory,
// the routing heatmaps, cost and the Pareto view) as a PNG that decodes and is not blank, the
// tables and the routing warning are there, the dataset's origin is named, the PDF has its
// pages with every figure section whole on one page, data-borne text is escaped, the writes
// are atomic, and a routing trace open in the window gets a section of its own.
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "ui/cost/cost_table_model.h"
#include "ui/cost/latency_table_model.h"
#include "ui/report/paged_document.h"
#include "ui/training/report_input.h"
#include "ui/report/run_report.h"
#include "core/scale/llm_presets.h"
#include "ui/scale/at_scale_figures.h"
#include "tests/support/experiment_fixtures.h"
#include "tests/support/trace_fixtures.h"
#include "core/trace/trace_stats.h"

#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextDocument>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <functional>

using namespace moe::ui;

class TestRunReport : public QObject {
    Q_OBJECT
private slots:
    void htmlHoldsEveryFigure_data();
    void htmlHoldsEveryFigure();
    void paretoPointsAreTabulated();
    void routingWarningOnlyWhenUnhealthy();
    void originOfTheData();
    void dataBorneTextIsEscaped();
    void pdfHasPages();
    void pdfKeepsFiguresWhole();
    void badDestinationsLeaveNoFile();
    void saysWhichEpochTheScoresAreOf();
    void atScaleSectionOnlyWithItsInput();
    void anOpenTraceHasItsSection();

private:
    static ReportInput run(const QString& dataset, int features = 2);
};

namespace {

using Quiet = moe::testing::RunToTheEnd;

const QString kScript = QStringLiteral("<script>alert(1)</script>");

}  // namespace

ReportInput TestRunReport::run(const QString& dataset, int features) {
    moe::GeneratorParams p;
    p.name = dataset.toStdString();
    p.samples = 240;
    moe::Dataset data = moe::generateDataset(p).value();
    if (features == 1) {  // keep the first feature only: no territory map
        moe::Dataset one = data;
        one.cols = 1;
        one.features.clear();
        for (std::size_t r = 0; r < data.rows; ++r) one.features.push_back(data.feature(r, 0));
        one.featureNames.resize(1);
        data = one;
    }
    moe::RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.train.epochs = 3;
    c.train.batch = 60;
    auto e = moe::Experiment::create(data, c);
    if (!e.ok()) qFatal("%s", e.error().c_str());
    Quiet quiet;
    e.value()->run(quiet);
    return reportInputFromExperiment(*e.value(), moe::DatasetSource::generated(p));
}

namespace {

/// Share of the image's pixels that are not (nearly) white.
double inkShare(const QImage& image) {
    qsizetype ink = 0;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < rgb.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(rgb.constScanLine(y));
        for (int x = 0; x < rgb.width(); ++x)
            if (qRed(line[x]) < 235 || qGreen(line[x]) < 235 || qBlue(line[x]) < 235) ++ink;
    }
    return double(ink) / double(std::max<qsizetype>(1, qsizetype(rgb.width()) * rgb.height()));
}

}  // namespace

void TestRunReport::htmlHoldsEveryFigure_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("figures");
    QTest::addColumn<QString>("score");
    QTest::addColumn<QStringList>("titles");
    const QString curves = QStringLiteral("Learning curves");
    const QString territory = QStringLiteral("Expert territory");
    const QString load = QStringLiteral("Load per expert over training");
    const QString classes = QStringLiteral("Specialisation");
    const QString gate = QStringLiteral("probabilities for every test input");
    const QString cost = QStringLiteral("Cost per input");
    const QString pareto = QStringLiteral("Accuracy against compute");
    QTest::newRow("classification") << "spirals" << 2 << 7 << "test accuracy"
                                    << QStringList{curves, territory, load, classes, gate, cost, pareto};
    // Regression has no classes: no specialisation map.
    QTest::newRow("regression") << "piecewise" << 2 << 6 << "test R²"
                                << QStringList{curves, territory, load, gate, cost, pareto};
    QTest::newRow("one feature: no map") << "blobs" << 1 << 6 << "test accuracy"
                                         << QStringList{curves, load, classes, gate, cost, pareto};
}

void TestRunReport::htmlHoldsEveryFigure() {
    QFETCH(QString, dataset);
    QFETCH(int, features);
    QFETCH(int, figures);
    QFETCH(QString, score);
    QFETCH(QStringList, titles);
    const ReportInput in = run(dataset, features);
    QVERIFY(in.latency.has_value());
    const RunReport report(in);
    QCOMPARE(report.figures().size(), figures);
    for (qsizetype i = 0; i < titles.size(); ++i)
        QVERIFY2(report.figures()[i].title.contains(titles[i]), qPrintable(report.figures()[i].title));
    const QString html = report.html();
    QVERIFY(html.startsWith(QStringLiteral("<!DOCTYPE html>")));
    QVERIFY(html.contains(score));
    // Every figure is embedded, and each is a PNG that decodes at twice its page size.
    static const QRegularExpression img(QStringLiteral("<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" width=\"(\\d+)\""));
    int count = 0;
    for (auto it = img.globalMatch(html); it.hasNext(); ++count) {
        const QRegularExpressionMatch m = it.next();
        QImage image;
        QVERIFY(image.loadFromData(QByteArray::fromBase64(m.captured(1).toLatin1()), "PNG"));
        QCOMPARE(image.width(), int(m.captured(2).toInt() * RunReport::kScale));
        // Drawn, not an empty frame: axes, cells, bars or points cover part of it.
        const double ink = inkShare(image);
        QVERIFY2(ink > 0.02, qPrintable(QStringLiteral("figure %1: %2 ink").arg(count + 1).arg(ink)));
    }
    QCOMPARE(count, figures);
    QCOMPARE(html.count(QStringLiteral("<img")), figures);
    // No file reference outside the document: it is self-contained.
    QVERIFY(!html.contains(QStringLiteral("src=\"figure-")));
    for (const RunReport::Figure& f : report.figures()) QVERIFY(html.contains(f.title.toHtmlEscaped()));
    // Each figure is explained, and the cost dashboard's tables are there.
    QCOMPARE(html.count(QStringLiteral("<div class=explain>")), figures);
    QVERIFY(html.contains(QStringLiteral("Counted per input")));
    QVERIFY(html.contains(QStringLiteral("Measured on this machine")));
    CostTableModel cost;
    cost.setCost(in.cost);
    LatencyTableModel latency;
    latency.setLatency(*in.latency);
    for (const QAbstractTableModel* model : {static_cast<const QAbstractTableModel*>(&cost),
                                             static_cast<const QAbstractTableModel*>(&latency)})
        for (int r = 0; r < model->rowCount(); ++r) {
            const QString name = model->headerData(r, Qt::Vertical).toString().simplified().toHtmlEscaped();
            QVERIFY2(html.contains(QStringLiteral("<th>%1</th>").arg(name)), qPrintable(name));
        }
}

void TestRunReport::paretoPointsAreTabulated() {
    const ReportInput in = run(QStringLiteral("spirals"));
    QCOMPARE(int(in.topK.size()), in.config.model.experts);  // k = 1..E
    const QString html = RunReport(in).html();
    QVERIFY(html.contains(QStringLiteral("Accuracy against compute, point by point")));
    QCOMPARE(html.count(QStringLiteral("(trained)")), 1);
    // One row per k, with its accuracy and FLOPs as the sweep measured them.
    for (const moe::TopKPoint& p : in.topK) {
        const QString accuracy = QString::number(100.0 * p.metrics.testAccuracy, 'f', 1) + QLatin1Char('%');
        QVERIFY2(html.contains(accuracy), qPrintable(accuracy));
    }
    // The specialisation map's NMI is quoted in its explanation.
    const double nmi = in.result.routing.classExpertNmi;
    QVERIFY(std::isfinite(nmi));
    QVERIFY(html.contains(QStringLiteral("here %1)").arg(nmi, 0, 'f', 2)));
    QVERIFY(!html.contains(QStringLiteral("there is no <i>k</i> to vary")));

    // A router with no k to vary (expert choice, top-p): one point, said so, and no table.
    ReportInput single = in;
    single.topK.clear();
    const QString one = RunReport(single).html();
    QVERIFY(!one.contains(QStringLiteral("point by point")));
    QVERIFY(one.contains(QStringLiteral("there is no <i>k</i> to vary")));
}

void TestRunReport::routingWarningOnlyWhenUnhealthy() {
    ReportInput in = run(QStringLiteral("spirals"));
    moe::EpochSnapshot& last = in.result;  // the report reads the kept epoch's routing
    auto everyLayer = [&last](const std::function<void(moe::RoutingStats&)>& change) {
        change(last.routing);
        for (moe::RoutingStats& layer : last.layers) change(layer);
    };
    // Even use, nobody dead: no warning.
    everyLayer([](moe::RoutingStats& r) {
        r.expertLoad.assign(r.expertLoad.size(), 1.0 / double(r.expertLoad.size()));
        r.deadExperts.clear();
    });
    QVERIFY(!RunReport(in).html().contains(QStringLiteral("class=warning")));
    // A dead expert: the warning names it, pointed to in the summary, in full under Routing.
    everyLayer([](moe::RoutingStats& r) { r.deadExperts = {2}; });
    const QString html = RunReport(in).html();
    QCOMPARE(html.count(QStringLiteral("class=warning")), 2);
    QVERIFY(html.contains(QStringLiteral("Expert 3 is dead")));
}

void TestRunReport::originOfTheData() {
    ReportInput in = run(QStringLiteral("moons"));
    QString html = RunReport(in).html();
    QVERIFY(html.contains(QStringLiteral("built-in <b>moons</b> generator: 240 samples")));
    QVERIFY(html.contains(QStringLiteral("seed 1")));

    in.origin = moe::DatasetSource::bundled("iris");
    html = RunReport(in).html();
    QVERIFY(html.contains(QStringLiteral("bundled dataset <b>iris</b>")));

    moe::CsvOptions csv;
    csv.delimiter = ';';
    csv.label = "species";
    csv.missing = moe::MissingPolicy::FillMean;
    in.origin = moe::DatasetSource::csvFile("/data/runs/measurements.csv", csv);
    in.importNotes = {"3 rows with a missing cell filled"};
    html = RunReport(in).html();
    QVERIFY(html.contains(QStringLiteral("/data/runs/measurements.csv")));
    QVERIFY(html.contains(QStringLiteral("delimiter “;”")));
    QVERIFY(html.contains(QStringLiteral("label column “species”")));
    QVERIFY(html.contains(QStringLiteral("missing cells filled with the column mean")));
    QVERIFY(html.contains(QStringLiteral("3 rows with a missing cell filled")));
}

void TestRunReport::dataBorneTextIsEscaped() {
    ReportInput in = run(QStringLiteral("blobs"));
    in.data.featureNames[0] = kScript.toStdString();
    in.data.classNames[0] = "<img src=x onerror=alert(2)>";
    in.data.name = "a&b \"quoted\"";
    in.origin.kind = moe::DatasetSource::Kind::CsvFile;
    in.origin.path = "/tmp/<b>evil</b> & <i>.csv";
    in.origin.csv.label = kScript.toStdString();
    in.origin.csv.delimiter = '<';
    in.importNotes = {"column <script>x</script> ignored"};
    in.notes = QStringLiteral("Line one <i>not italic</i>\nline & two");
    const QString html = RunReport(in).html();
    QVERIFY(!html.contains(kScript));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(!html.contains(QStringLiteral("<img src=x")));
    QVERIFY(html.contains(QStringLiteral("a&amp;b &quot;quoted&quot;")));
    QVERIFY(!html.contains(QStringLiteral("<b>evil</b>")));
    QVERIFY(html.contains(QStringLiteral("/tmp/&lt;b&gt;evil&lt;/b&gt; &amp; &lt;i&gt;.csv")));
    QVERIFY(html.contains(QStringLiteral("label column “&lt;script&gt;alert(1)&lt;/script&gt;”")));
    QVERIFY(html.contains(QStringLiteral("delimiter “&lt;”")));
    QVERIFY(html.contains(QStringLiteral("column &lt;script&gt;x&lt;/script&gt; ignored")));
    QVERIFY(html.contains(QStringLiteral("Line one &lt;i&gt;not italic&lt;/i&gt;<br>line &amp; two")));
    QVERIFY(!html.contains(QStringLiteral("<script")));
}

void TestRunReport::pdfHasPages() {
    ReportInput in = run(QStringLiteral("moons"));
    in.notes = QStringLiteral("Tried four experts.");
    const RunReport report(in);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("report.pdf"));
    QString error;
    QVERIFY2(report.write(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    const qsizetype pages = pdf.count("/Type /Page\n") + pdf.count("/Type /Page ") + pdf.count("/Type /Page/");
    // Seven figures, their explanations and the tables: several A4 pages, as many as laid out.
    QTextDocument document;
    report.fillDocument(document);
    const PagedDocument paged(document);
    QVERIFY2(pages >= 6, qPrintable(QString::number(pages)));
    QCOMPARE(pages, qsizetype(paged.pageCount()));
    QVERIFY(pdf.contains("/Subtype /Image"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"report.pdf"});
}

void TestRunReport::pdfKeepsFiguresWhole() {
    ReportInput in = run(QStringLiteral("spirals"));
    in.notes = QStringLiteral("A long note.\n").repeated(40);  // shifts everything after it
    const RunReport report(in);
    QTextDocument document;
    report.fillDocument(document);
    const PagedDocument paged(document);
    QVERIFY(paged.breaksInserted() > 0);
    const double page = paged.pageSize().height();
    QAbstractTextDocumentLayout* layout = document.documentLayout();
    // Every figure section - its heading, image and explanation, up to the next heading -
    // lies on one page.
    int sections = 0;
    for (QTextBlock b = document.begin(); b.isValid(); b = b.next()) {
        if (b.blockFormat().headingLevel() != 3 || !b.text().startsWith(QStringLiteral("Figure "))) continue;
        ++sections;
        const double top = layout->blockBoundingRect(b).top();
        double bottom = top;
        for (QTextBlock c = b.next(); c.isValid() && c.blockFormat().headingLevel() == 0; c = c.next())
            bottom = std::max(bottom, layout->blockBoundingRect(c).bottom());
        QVERIFY2(bottom - top < page, qPrintable(b.text()));
        QCOMPARE(int(std::floor(top / page)), int(std::floor((bottom - 0.5) / page)));
    }
    QCOMPARE(qsizetype(sections), report.figures().size());
}

void TestRunReport::badDestinationsLeaveNoFile() {
    const RunReport report(run(QStringLiteral("blobs")));
    QTemporaryDir dir;
    QString error;
    QVERIFY(!report.write(dir.filePath(QStringLiteral("report.docx")), &error));
    QVERIFY2(error.contains(QStringLiteral(".html or .pdf")), qPrintable(error));
    for (const char* name : {"no/such/dir/r.html", "no/such/dir/r.pdf"}) {
        error.clear();
        QVERIFY(!report.write(dir.filePath(QString::fromLatin1(name)), &error));
        QVERIFY2(error.contains(QString::fromLatin1(name)), qPrintable(error));
    }
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder.html")));
    QVERIFY(!report.write(dir.filePath(QStringLiteral("folder.html")), &error));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{});
}

void TestRunReport::saysWhichEpochTheScoresAreOf() {
    ReportInput in = run(QStringLiteral("spirals"));
    // As if the MoE had stopped early keeping epoch 1 while the baselines ran to the end.
    moe::EpochSnapshot& end = in.history.back();
    end.moe.bestEpoch = 1;
    end.moe.stoppedEarly = true;
    end.denseEqualParams.bestEpoch = 3;
    end.denseEqualCompute.bestEpoch = 2;
    in.history[1].moe.testLoss = 0.123456;
    in.result = moe::keptSnapshot(in.history);
    const QString html = RunReport(in).html();
    QVERIFY2(html.contains(QStringLiteral("the MoE's of epoch 1, the lowest validation loss; stopped early")),
             qPrintable(html.left(2000)));
    QVERIFY(html.contains(QStringLiteral("the dense = params model's of epoch 3, the last")));
    QVERIFY(html.contains(QStringLiteral("the dense = compute model's of epoch 2, the lowest validation loss")));
    QVERIFY(html.contains(QStringLiteral("0.1235")));  // the kept epoch's test loss in the results table
    // Ended by Stop: the models still training are scored at the last epoch, and it says so.
    end.moe.stoppedEarly = false;
    in.stopped = true;
    in.result = moe::lastEpochResult(in.history);
    const QString stopped = RunReport(in).html();
    QVERIFY(stopped.contains(QStringLiteral("the MoE's of epoch 3, the last (the run was stopped)")));
    QVERIFY(!stopped.contains(QStringLiteral("0.1235")));
}

void TestRunReport::atScaleSectionOnlyWithItsInput() {
    ReportInput in = run(QStringLiteral("moons"));
    const RunReport plain(in);
    QVERIFY(!plain.html(false).contains(QStringLiteral("<h2>At scale</h2>")));
    for (const RunReport::Figure& f : plain.figures()) QVERIFY(!f.title.startsWith(QStringLiteral("At scale")));

    AtScaleInput scale;
    scale.model = moe::loadLlmPreset("deepseek-v3").value();
    scale.preset = QStringLiteral("deepseek-v3");
    scale.ranks = 64;
    scale.routing = QStringLiteral("uniform");
    in.atScale = scale;
    const RunReport report(in);
    QCOMPARE(report.figures().size(), plain.figures().size() + 5);
    const QString html = report.html(false);
    QVERIFY(html.contains(QStringLiteral("<h2>At scale</h2>")));
    const AtScaleFigures f = computeAtScale(scale);
    QVERIFY(f.ep.has_value());
    QVERIFY(html.contains(formatParams(f.cost.paramsTotal.total())));
    QVERIFY(html.contains(formatBytes(f.ep->allToAllBytesPerToken())));
    for (const RunReport::Figure& fig : report.figures().mid(plain.figures().size())) {
        QVERIFY2(fig.title.startsWith(QStringLiteral("At scale")), qPrintable(fig.title));
        QVERIFY(!fig.image.isNull());
        QVERIFY(inkShare(fig.image) > 0.01);
    }
}

void TestRunReport::anOpenTraceHasItsSection() {
    ReportInput in = run(QStringLiteral("moons"));
    const qsizetype without = RunReport(in).figures().size();
    QVERIFY(!RunReport(in).html().contains(QStringLiteral("<h2>Routing trace</h2>")));
    moe::RoutingTrace trace = moe::testing::handRoutedTrace();
    trace.meta.model = "<b>hand</b>-routed";
    in.trace = std::make_shared<const moe::RoutingTrace>(trace);
    in.traceStats = std::make_shared<const moe::TraceStats>(moe::computeTraceStats(*in.trace));
    in.tracePath = QStringLiteral("/tmp/hand.safetensors");
    const RunReport report(in);
    // The load map, the co-activation of a middle layer and the consistency chart.
    QCOMPARE(report.figures().size(), without + 3);
    const QString html = report.html();
    QVERIFY(html.contains(QStringLiteral("<h2>Routing trace</h2>")));
    QVERIFY(html.contains(QStringLiteral("&lt;b&gt;hand&lt;/b&gt;-routed")));
    QVERIFY(html.contains(QStringLiteral("hand.safetensors")));
    // Layer 1's CV and MaxVio as moe trace-stats gives them: sqrt(2.5) / 3 and 2 / 3.
    QVERIFY2(html.contains(QStringLiteral("<td class=num>0.527</td><td class=num>0.667</td>")), qPrintable(html));
    for (qsizetype i = without; i < report.figures().size(); ++i) QVERIFY(!report.figures()[i].image.isNull());
}

QTEST_MAIN(TestRunReport)
#include "tst_run_report.moc"
