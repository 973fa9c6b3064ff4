// Tests core/data/dataset_source.*: the words a report uses to say where the data came from
// (describeGenerator, describeCsvOptions). Saving and reloading a source is tested with the
// session file, in tst_session_file.
#include "core/data/dataset_source.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <string>
#include <vector>

using moe::ColumnRole;
using moe::ColumnType;
using moe::CsvDecimal;
using moe::CsvHeader;
using moe::CsvOptions;
using moe::GeneratorParams;
using moe::MissingPolicy;
using moe::Task;

Q_DECLARE_METATYPE(GeneratorParams)
Q_DECLARE_METATYPE(CsvOptions)

namespace {

QStringList toQt(const std::vector<std::string>& phrases) {
    QStringList out;
    for (const std::string& p : phrases) out << QString::fromStdString(p);
    return out;
}

GeneratorParams params(const std::string& name, int samples, double noise, std::uint64_t seed, int clusters = 4) {
    GeneratorParams p;
    p.name = name;
    p.samples = samples;
    p.noise = noise;
    p.seed = seed;
    p.clusters = clusters;
    return p;
}

}  // namespace

class TestDatasetSource : public QObject {
    Q_OBJECT

private slots:
    void generatorInWords_data() {
        QTest::addColumn<GeneratorParams>("params");
        QTest::addColumn<QString>("expected");
        QTest::newRow("spirals") << params("spirals", 600, 0.1, 1) << QStringLiteral("600 samples, noise 0.1, seed 1");
        QTest::newRow("noise to 4 digits")
            << params("moons", 240, 0.123456, 7) << QStringLiteral("240 samples, noise 0.1235, seed 7");
        QTest::newRow("no noise") << params("xor", 10, 0.0, 0) << QStringLiteral("10 samples, noise 0, seed 0");
        QTest::newRow("tiny noise") << params("circles", 50, 1e-5, 3) << QStringLiteral("50 samples, noise 1e-05, seed 3");
        QTest::newRow("largest seed") << params("circles", 50, 0.5, 18446744073709551615ull)
                                      << QStringLiteral("50 samples, noise 0.5, seed 18446744073709551615");
        QTest::newRow("blobs names its clusters")
            << params("blobs", 300, 0.25, 2, 6) << QStringLiteral("300 samples, noise 0.25, seed 2, 6 clusters");
        QTest::newRow("others ignore clusters")
            << params("checkerboard", 300, 0.25, 2, 6) << QStringLiteral("300 samples, noise 0.25, seed 2");
    }
    void generatorInWords() {
        QFETCH(GeneratorParams, params);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(moe::describeGenerator(params)), expected);
    }

    void csvOptionsInWords_data() {
        QTest::addColumn<CsvOptions>("options");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("defaults") << CsvOptions{}
                                  << QStringList{"delimiter detected", "header row detected",
                                                 "decimal mark detected", "label: the last column",
                                                 "task inferred", "rows with a missing cell dropped"};
        CsvOptions o;
        o.delimiter = ';';
        o.header = CsvHeader::Present;
        o.decimal = CsvDecimal::Comma;
        o.label = "species";
        o.task = Task::Classification;
        o.missing = MissingPolicy::FillMean;
        QTest::newRow("every choice made")
            << o << QStringList{"delimiter “;”", "first row is the header", "decimal comma", "label column “species”",
                                "task: classification", "missing cells filled with the column mean"};
        o = {};
        o.delimiter = '\t';
        o.header = CsvHeader::Absent;
        o.decimal = CsvDecimal::Point;
        o.task = Task::Regression;
        o.missing = MissingPolicy::Fail;
        QTest::newRow("tab, no header, strict")
            << o << QStringList{"delimiter tab", "no header row", "decimal point", "label: the last column",
                                "task: regression", "a missing cell is an error"};
        o = {};
        o.delimiter = ' ';
        o.label = "ignored when roles are given";
        o.roles = {ColumnRole::Ignore, ColumnRole::Feature, ColumnRole::Ignore, ColumnRole::Label};
        o.types = {ColumnType::Auto, ColumnType::Categorical, ColumnType::Numeric, ColumnType::Auto};
        QTest::newRow("columns chosen by hand")
            << o << QStringList{"delimiter space", "header row detected", "decimal mark detected",
                                "columns chosen by hand (2 ignored)", "2 column type(s) set by hand",
                                "task inferred", "rows with a missing cell dropped"};
        o = {};
        o.types = {ColumnType::Auto, ColumnType::Auto};
        QTest::newRow("all types inferred: not mentioned")
            << o << QStringList{"delimiter detected", "header row detected", "decimal mark detected",
                                "label: the last column", "task inferred", "rows with a missing cell dropped"};
        o = {};
        o.delimiter = '<';
        o.label = "<b>x</b>";
        QTest::newRow("the person's text as it is (the caller escapes)")
            << o << QStringList{"delimiter “<”", "header row detected", "decimal mark detected",
                                "label column “<b>x</b>”", "task inferred", "rows with a missing cell dropped"};
    }
    void csvOptionsInWords() {
        QFETCH(CsvOptions, options);
        QFETCH(QStringList, expected);
        QCOMPARE(toQt(moe::describeCsvOptions(options)), expected);
    }

    // The file is hashed in 1 MiB pieces; the hash must be that of all its bytes at once.
    void fileHashIsTheHashOfItsBytes_data() {
        QTest::addColumn<qsizetype>("size");
        QTest::newRow("empty") << qsizetype{0};
        QTest::newRow("small") << qsizetype{37};
        QTest::newRow("one piece exactly") << qsizetype{1} * 1024 * 1024;
        QTest::newRow("one piece and a byte") << qsizetype{1} * 1024 * 1024 + 1;
        QTest::newRow("three pieces and some") << qsizetype{3} * 1024 * 1024 + 12345;
    }
    void fileHashIsTheHashOfItsBytes() {
        QFETCH(qsizetype, size);
        QByteArray bytes(size, Qt::Uninitialized);
        for (qsizetype i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 131 + i / 977) & 0xFF);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("data.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(bytes), size);
        f.close();
        moe::DatasetSource source = moe::DatasetSource::csvFile(path.toStdString(), moe::CsvOptions{});
        QVERIFY(source.hashFile().ok());
        QCOMPARE(source.contentHash, moe::contentHash(std::string_view(bytes.constData(), static_cast<std::size_t>(size))));
    }

    void fileHashOfAMissingFileFails() {
        moe::DatasetSource source = moe::DatasetSource::csvFile("/nonexistent/dir/data.csv", moe::CsvOptions{});
        const moe::Status s = source.hashFile();
        QVERIFY(!s.ok());
        QVERIFY(QString::fromStdString(s.error()).contains(QStringLiteral("data.csv: cannot open")));
    }
};

QTEST_APPLESS_MAIN(TestDatasetSource)
#include "tst_dataset_source.moc"
