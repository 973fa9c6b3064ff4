// RunReport on a real (short) run, offscreen: the HTML holds every figure and decodes, the
// PDF has pages, data-borne text is escaped, and the writes are atomic.
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "ui/report_input.h"
#include "ui/run_report.h"
#include "tests/support/experiment_fixtures.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace moe::ui;

class TestRunReport : public QObject {
    Q_OBJECT
private slots:
    void htmlHoldsEveryFigure_data();
    void htmlHoldsEveryFigure();
    void dataBorneTextIsEscaped();
    void pdfHasPages();
    void badDestinationsLeaveNoFile();

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
    return reportInputFromExperiment(*e.value(), dataset);
}

void TestRunReport::htmlHoldsEveryFigure_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<int>("features");
    QTest::addColumn<int>("figures");
    QTest::addColumn<QString>("score");
    QTest::newRow("classification") << "spirals" << 2 << 3 << "test accuracy";
    QTest::newRow("regression") << "piecewise" << 2 << 3 << "test R²";
    QTest::newRow("one feature: no map") << "blobs" << 1 << 2 << "test accuracy";
}

void TestRunReport::htmlHoldsEveryFigure() {
    QFETCH(QString, dataset);
    QFETCH(int, features);
    QFETCH(int, figures);
    QFETCH(QString, score);
    const RunReport report(run(dataset, features));
    QCOMPARE(report.figures().size(), figures);
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
    }
    QCOMPARE(count, figures);
    QCOMPARE(html.count(QStringLiteral("<img")), figures);
    // No file reference outside the document: it is self-contained.
    QVERIFY(!html.contains(QStringLiteral("src=\"figure-")));
    for (const RunReport::Figure& f : report.figures()) QVERIFY(html.contains(f.title.toHtmlEscaped()));
}

void TestRunReport::dataBorneTextIsEscaped() {
    ReportInput in = run(QStringLiteral("blobs"));
    in.data.featureNames[0] = kScript.toStdString();
    in.data.classNames[0] = "<img src=x onerror=alert(2)>";
    in.data.name = "a&b \"quoted\"";
    in.source = QStringLiteral("/tmp/<b>evil</b>.csv");
    in.notes = QStringLiteral("Line one <i>not italic</i>\nline & two");
    const QString html = RunReport(in).html();
    QVERIFY(!html.contains(kScript));
    QVERIFY(html.contains(QStringLiteral("&lt;script&gt;alert(1)&lt;/script&gt;")));
    QVERIFY(!html.contains(QStringLiteral("<img src=x")));
    QVERIFY(html.contains(QStringLiteral("a&amp;b &quot;quoted&quot;")));
    QVERIFY(!html.contains(QStringLiteral("<b>evil</b>")));
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
    QVERIFY2(pages >= 2, qPrintable(QString::number(pages)));  // three figures do not fit one A4 page
    QVERIFY(pdf.contains("/Subtype /Image"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"report.pdf"});
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

QTEST_MAIN(TestRunReport)
#include "tst_run_report.moc"
