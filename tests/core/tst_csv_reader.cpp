// Tests core/data/csv_reader.* (and the csv_cell, csv_format, csv_tokenizer and
// csv_table_builder parts behind it): files people bring, each error with its line and
// column, the preview the import dialog shows, and the missing-value policies.
#include "core/data/csv_cell.h"
#include "core/data/csv_reader.h"
#include "core/data/standardizer.h"

#include <QtTest/QtTest>

#include <cmath>
#include <random>
#include <string>
#include <vector>

using moe::CsvOptions;
using moe::CsvPreview;
using moe::CsvReport;
using moe::Dataset;
using moe::Task;

namespace {

QStringList toQt(const std::vector<std::string>& names) {
    QStringList out;
    for (const std::string& n : names) out << QString::fromStdString(n);
    return out;
}

/// Options for a data row: label spec, and -1 / 0 / 1 for infer / classification / regression.
CsvOptions optionsFor(const QString& label, int task, int policy) {
    CsvOptions o;
    o.label = label.toStdString();
    if (task == 0) o.task = Task::Classification;
    if (task == 1) o.task = Task::Regression;
    o.missing = static_cast<moe::MissingPolicy>(policy);
    return o;
}

constexpr int kDrop = static_cast<int>(moe::MissingPolicy::DropRows);
constexpr int kFill = static_cast<int>(moe::MissingPolicy::FillMean);
constexpr int kFail = static_cast<int>(moe::MissingPolicy::Fail);

}  // namespace

class TestCsvReader : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_files = 0;

    /// Writes `bytes` to a new file in the temporary directory and returns its path.
    std::string write(const QByteArray& bytes, const QString& suffix = ".csv") {
        const QString path = m_dir.filePath(QString("t%1%2").arg(++m_files).arg(suffix));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
        f.write(bytes);
        return path.toStdString();
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void reads_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("label");
        QTest::addColumn<int>("task");    // forced task: -1 infer, 0 classification, 1 regression
        QTest::addColumn<int>("policy");  // MissingPolicy
        QTest::addColumn<int>("rows");
        QTest::addColumn<QStringList>("features");
        QTest::addColumn<QStringList>("classes");   // empty: regression
        QTest::addColumn<QList<float>>("lastRow");  // the last row's features
        QTest::addColumn<float>("lastTarget");      // class index or value of the last row

        const QStringList ab{"a", "b"};
        QTest::newRow("comma, header")
            << QByteArray("a,b,y\n1,2,0\n3,4,1\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("no header") << QByteArray("1,2,0\n3,4,1\n5,6,1\n") << "" << -1 << kDrop << 3
                                   << QStringList{"column 1", "column 2"} << QStringList{"0", "1"}
                                   << QList<float>{5, 6} << 1.0f;
        QTest::newRow("CRLF, no final line break")
            << QByteArray("a,b,y\r\n1,2,0\r\n3,4,1") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("lone CR line ends")
            << QByteArray("a,b,y\r1,2,0\r3,4,1\r") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("blank lines")
            << QByteArray("\na,b,y\n\n1,2,0\n\r\n3,4,1\n\n\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("European: BOM, CRLF, semicolon, decimal comma")
            << QByteArray(
                   "\xEF\xBB\xBFL\xC3\xA4nge;Breite;Art\r\n1,5;2,25;gro\xC3\x9F\r\n"
                   "-0,5;3;klein\r\n")
            << "Art" << -1 << kDrop << 2 << QStringList{"L\u00e4nge", "Breite"}
            << QStringList{"gro\u00df", "klein"} << QList<float>{-0.5f, 3} << 1.0f;
        QTest::newRow("R write.csv: row names, quoted strings")
            << QByteArray(
                   "\"\",\"Sepal.Length\",\"Species\"\n\"1\",5.1,\"setosa\"\n"
                   "\"2\",4.9,\"setosa\"\n\"3\",7,\"versicolor\"\n")
            << "Species" << -1 << kDrop << 3 << QStringList{"Sepal.Length"}
            << QStringList{"setosa", "versicolor"} << QList<float>{7} << 1.0f;
        QTest::newRow("quoted Unicode headers")
            << QByteArray(
                   "\"Gr\xC3\xB6\xC3\x9F"
                   "e (cm)\",\"\xE6\x97\xA5\xE6\x9C\xAC\",\"Esp\xC3\xA8"
                   "ce \xF0\x9F\x8C\xB8\"\n"
                   "1,2,a\n3,4,b\n")
            << "Esp\u00e8ce \U0001F338" << -1 << kDrop << 2
            << QStringList{"Gr\u00f6\u00dfe (cm)", "\u65e5\u672c"} << QStringList{"a", "b"}
            << QList<float>{3, 4} << 1.0f;
        QTest::newRow("quotes: delimiter, doubled quote, line break inside")
            << QByteArray("txt,n,y\n\"a, \"\"b\"\"\nc\",1,p\n\"plain\",2,q\n") << "" << -1 << kDrop
            << 2 << QStringList{"txt=a, \"b\"\nc", "txt=plain", "n"} << QStringList{"p", "q"}
            << QList<float>{0, 1, 2} << 1.0f;
        QTest::newRow("tab delimiter, empty field kept apart")
            << QByteArray("a\tb\ty\n1\t2\tu\n3\t\tv\n4\t5\tv\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"u", "v"} << QList<float>{4, 5} << 1.0f;
        QTest::newRow("pipe delimiter")
            << QByteArray("a|b|y\n1|2|0\n3|4|1\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("semicolon with decimal point")
            << QByteArray("a;b;y\n1.5;2;0\n3;4.25;1\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{3, 4.25f} << 1.0f;
        QTest::newRow("number forms: +, exponent, spaces, tiny")
            << QByteArray("a,b,y\n +1.5e2 , -.5,0\n1e-60,  7 ,1\n") << "" << -1 << kDrop << 2 << ab
            << QStringList{"0", "1"} << QList<float>{0, 7} << 1.0f;
        QTest::newRow("categorical feature one-hot, sorted")
            << QByteArray("colour,n,y\nred,1,0\nblue,2,1\nred,3,1\n") << "" << -1 << kDrop << 3
            << QStringList{"colour=blue", "colour=red", "n"} << QStringList{"0", "1"}
            << QList<float>{0, 1, 3} << 1.0f;
        QTest::newRow("label by name, first column")
            << QByteArray("y,a,b\nx,1,2\nz,3,4\n") << "y" << -1 << kDrop << 2 << ab
            << QStringList{"x", "z"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("label by name, any case")
            << QByteArray("Y,a,b\nx,1,2\nz,3,4\n") << "y" << -1 << kDrop << 2 << ab
            << QStringList{"x", "z"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("label by 1-based number")
            << QByteArray("a,y,b\n1,x,2\n3,z,4\n") << "2" << -1 << kDrop << 2 << ab
            << QStringList{"x", "z"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("label -2 counts from the end")
            << QByteArray("a,y,b\n1,x,2\n3,z,4\n") << "-2" << -1 << kDrop << 2 << ab
            << QStringList{"x", "z"} << QList<float>{3, 4} << 1.0f;
        QTest::newRow("text labels sorted")
            << QByteArray("a,y\n1,zebra\n2,ant\n3,moth\n") << "" << -1 << kDrop << 3
            << QStringList{"a"} << QStringList{"ant", "moth", "zebra"} << QList<float>{3} << 1.0f;
        QTest::newRow("integer labels sorted numerically")
            << QByteArray("a,y\n1,10\n2,9\n3,-1\n") << "" << -1 << kDrop << 3 << QStringList{"a"}
            << QStringList{"-1", "9", "10"} << QList<float>{3} << 0.0f;
        QTest::newRow("fractional target: regression")
            << QByteArray("a,y\n1,0.5\n2,1.5\n3,2.25\n") << "" << -1 << kDrop << 3
            << QStringList{"a"} << QStringList{} << QList<float>{3} << 2.25f;
        QTest::newRow("many integers: regression") <<
            [] {
                QByteArray b("a,y\n");
                for (int i = 0; i < 30; ++i)
                    b += QByteArray::number(i) + "," + QByteArray::number(i * 7) + "\n";
                return b;
            }() << "" << -1 << kDrop << 30 << QStringList{"a"}
                                                   << QStringList{} << QList<float>{29} << 203.0f;
        QTest::newRow("forced regression on integers")
            << QByteArray("a,y\n1,0\n2,1\n3,1\n") << "" << 1 << kDrop << 3 << QStringList{"a"}
            << QStringList{} << QList<float>{3} << 1.0f;
        QTest::newRow("forced classification on fractions")
            << QByteArray("a,y\n1,0.5\n2,1.5\n3,0.5\n") << "" << 0 << kDrop << 3 << QStringList{"a"}
            << QStringList{"0.5", "1.5"} << QList<float>{3} << 0.0f;
        QTest::newRow("missing values dropped")
            << QByteArray("a,b,y\n1,2,0\n,4,1\nNA,4,1\n5,?,1\n6,NaN,0\n7,n/a,1\n8,9,\n10,11,1\n")
            << "" << -1 << kDrop << 2 << ab << QStringList{"0", "1"} << QList<float>{10, 11}
            << 1.0f;
        QTest::newRow("missing values filled with the mean")
            << QByteArray("a,b,y\n1,2,0\n,4,1\n3,NA,1\n5,6,\n") << "" << -1 << kFill << 3 << ab
            << QStringList{"0", "1"} << QList<float>{3, 3} << 1.0f;
        QTest::newRow("missing category filled with frequencies")
            << QByteArray("c,y\nu,0\nv,1\nv,0\n,1\n") << "" << -1 << kFill << 4
            << QStringList{"c=u", "c=v"} << QStringList{"0", "1"}
            << QList<float>{1.0f / 3.0f, 2.0f / 3.0f} << 1.0f;
        QTest::newRow("empty column ignored")
            << QByteArray("a,e,y\n1,,0\n2,,1\n") << "" << -1 << kDrop << 2 << QStringList{"a"}
            << QStringList{"0", "1"} << QList<float>{2} << 1.0f;
        QTest::newRow("Windows-1252 header")
            << QByteArray(
                   "Gr\xF6\xDF"
                   "e,y\n1,0\n2,1\n")
            << "" << -1 << kDrop << 2 << QStringList{"Gr\u00f6\u00dfe"} << QStringList{"0", "1"}
            << QList<float>{2} << 1.0f;
        QTest::newRow("duplicate names made unique")
            << QByteArray("a,a,y\n1,2,0\n3,4,1\n") << "" << -1 << kDrop << 2
            << QStringList{"a", "a (2)"} << QStringList{"0", "1"} << QList<float>{3, 4} << 1.0f;
    }

    void reads() {
        QFETCH(QByteArray, content);
        QFETCH(QString, label);
        QFETCH(int, task);
        QFETCH(int, policy);
        QFETCH(int, rows);
        QFETCH(QStringList, features);
        QFETCH(QStringList, classes);
        QFETCH(QList<float>, lastRow);
        QFETCH(float, lastTarget);

        const std::string path = write(content);
        moe::Result<Dataset> r = moe::readCsv(path, optionsFor(label, task, policy));
        if (!r) QFAIL(r.error().c_str());
        const Dataset& d = r.value();
        QCOMPARE(d.rows, static_cast<std::size_t>(rows));
        QCOMPARE(toQt(d.featureNames), features);
        QCOMPARE(d.cols, static_cast<std::size_t>(features.size()));
        QCOMPARE(d.features.size(), d.rows * d.cols);
        QCOMPARE(d.task, classes.isEmpty() ? Task::Regression : Task::Classification);
        QCOMPARE(toQt(d.classNames), classes);
        const std::size_t last = d.rows - 1;
        for (std::size_t c = 0; c < d.cols; ++c)
            QCOMPARE(d.feature(last, c), lastRow[static_cast<qsizetype>(c)]);
        if (d.task == Task::Classification) {
            QCOMPARE(d.labels.size(), d.rows);
            QVERIFY(d.values.empty());
            QCOMPARE(static_cast<float>(d.labels[last]), lastTarget);
        } else {
            QCOMPARE(d.values.size(), d.rows);
            QVERIFY(d.labels.empty());
            QCOMPARE(d.values[last], lastTarget);
        }
        QCOMPARE(QString::fromStdString(d.name),
                 QFileInfo(QString::fromStdString(path)).baseName());
    }

    void errors_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<int>("policy");
        QTest::addColumn<QString>("where");     // "line:column", or "" for an error without one
        QTest::addColumn<QString>("contains");  // a fragment of the message

        QTest::newRow("empty file") << QByteArray("") << kDrop << "1:1"
                                    << "empty";
        QTest::newRow("only line breaks") << QByteArray("\r\n\n  \n") << kDrop << "1:1"
                                          << "empty";
        QTest::newRow("only a BOM") << QByteArray("\xEF\xBB\xBF") << kDrop << "1:1"
                                    << "empty";
        QTest::newRow("header with no rows") << QByteArray("a,b,c\n") << kDrop << "2:1"
                                             << "header but no data rows";
        QTest::newRow("header with no rows, no line break") << QByteArray("a,b,c") << kDrop << "2:1"
                                                            << "header but no data rows";
        QTest::newRow("single column") << QByteArray("a\n1\n2\n") << kDrop << "1:1"
                                       << "only one column";
        QTest::newRow("ragged: too many fields")
            << QByteArray("a,b,c\n1,2,3\n4,5,6,7\n") << kDrop << "3:4"
            << "has 4 fields";
        QTest::newRow("ragged: too few fields")
            << QByteArray("a,b,c\n1,2,3\n4,5\n") << kDrop << "3:3"
            << "has 2 fields";
        QTest::newRow("ragged after a quoted line break")
            << QByteArray("t,b\n\"x\ny\",1\nz,2,3\n") << kDrop << "4:3"
            << "has 3 fields";
        QTest::newRow("ragged after CRLF blank line")
            << QByteArray("a,b\r\n1,2\r\n\r\n3,4,5\r\n") << kDrop << "4:3"
            << "has 3 fields";
        QTest::newRow("unterminated quote")
            << QByteArray("a,b,c\n1,2,3\n4,\"5,6\n7,8,9\n") << kDrop << "3:2"
            << "unterminated quote";
        QTest::newRow("quote inside an unquoted field")
            << QByteArray("a,b\n1,2\n3\"x,4\n") << kDrop << "3:1"
            << "quote";
        QTest::newRow("text after a closing quote")
            << QByteArray("a,b\n1,2\n3,\"4\"x\n") << kDrop << "3:2"
            << "closing quote";
        QTest::newRow("non-numeric cell in a numeric column") <<
            [] {
                QByteArray b("a,b,y\n");
                for (int i = 0; i < 1200; ++i) b += "1,2,0\n3,4,1\n";
                return b + "5,six,1\n";
            }() << kDrop << "2402:2"
                                                              << "'six' is not a number";
        QTest::newRow("infinity") << QByteArray("a,b\n1,0\ninf,1\n") << kDrop << "3:1"
                                  << "not a finite number";
        QTest::newRow("beyond float range")
            << QByteArray("a,b\n1,0\n2,1\n1e999,0\n") << kDrop << "4:1"
            << "not a finite number";
        QTest::newRow("one class only") << QByteArray("a,b\n1,x\n2,x\n") << kDrop << "2:2"
                                        << "one class only";
        QTest::newRow("one class left after dropping")
            << QByteArray("a,b\n1,x\n,y\n2,x\n") << kDrop << "2:2"
            << "one class only";
        QTest::newRow("missing value, policy fail")
            << QByteArray("a,b\n1,0\n2,1\n\"\",1\n") << kFail << "4:1"
            << "missing value";
        QTest::newRow("missing label, policy fail")
            << QByteArray("a,b\n1,0\n2,NA\n") << kFail << "3:2"
            << "missing value";
        QTest::newRow("every row missing")
            << QByteArray("a,b,y\n1,,0\n2,3,\n,4,1\n") << kDrop << "2:2"
            << "every row";
        QTest::newRow("NUL byte") << QByteArray(
                                         "a,b\n1,2\n3,\0"
                                         "4\n",
                                         13)
                                  << kDrop << "3:1"
                                  << "NUL byte";
        QTest::newRow("binary garbage") <<
            [] {
                std::mt19937 rng(3);
                QByteArray b;
                for (int i = 0; i < 4096; ++i) b += static_cast<char>(1 + rng() % 255);
                return b;
            }() << kDrop << "1:1"
                                        << "not a text file";
        QTest::newRow("UTF-16") << QByteArray(
                                       "\xFF\xFE"
                                       "a\0,\0b\0",
                                       8)
                                << kDrop << "1:1"
                                << "UTF-16";
        QTest::newRow("field longer than 1 MiB")
            << QByteArray("a,b\n1,\"") + QByteArray(1 << 21, 'x') + "\"\n"
            << kDrop << "2:2"
            << "longer than 1 MiB";
        QTest::newRow("NUL byte after the first MiB") <<
            [] {
                QByteArray b("a,b\n");
                for (int i = 0; i < 300000; ++i) b += "1,0\n2,1\n";
                b += QByteArray(
                    "3,\0"
                    "1\n",
                    5);
                return b;
            }() << kDrop << "600002:2"
                                                      << "NUL byte";
        QTest::newRow("unknown label") << QByteArray("a,b\n1,2\n") << kDrop << ""
                                       << "no column";
    }

    void errors() {
        QFETCH(QByteArray, content);
        QFETCH(int, policy);
        QFETCH(QString, where);
        QFETCH(QString, contains);
        const std::string path = write(content);
        CsvOptions o;
        o.missing = static_cast<moe::MissingPolicy>(policy);
        if (where.isEmpty()) o.label = "nothing";
        moe::Result<Dataset> r = moe::readCsv(path, o);
        QVERIFY(!r);
        const QString message = QString::fromStdString(r.error());
        const QString prefix =
            QString::fromStdString(path) + (where.isEmpty() ? ": " : ":" + where + ": ");
        QVERIFY2(message.startsWith(prefix), qPrintable(message));
        QVERIFY2(message.contains(contains), qPrintable(message));
        QVERIFY2(!message.contains('\n'), qPrintable(message));
    }

    // A numeric column with one text cell is a mistake to point at, not 58 one-hot features;
    // --missing or --categorical say what the person means.
    void mistypedNumberIsRefusedWithWaysOut() {
        QByteArray b("size,weight,y\n");
        for (int i = 0; i < 67; ++i)
            b += QByteArray::number(i) + "," + (i == 40 ? QByteArray("abc") : QByteArray::number(i % 9 + 0.5)) + "," +
                 QByteArray::number(i % 2) + "\n";
        const std::string path = write(b);
        moe::Result<Dataset> refused = moe::readCsv(path, CsvOptions{});
        QVERIFY(!refused);
        const QString why = QString::fromStdString(refused.error());
        QVERIFY2(why.startsWith(QString::fromStdString(path) + ":42:2: 'abc' is not a number, but 66 of the 67 values "
                                                               "of column 'weight' are"),
                 qPrintable(why));
        QVERIFY2(why.contains("--missing abc") && why.contains("--categorical weight"), qPrintable(why));
        QVERIFY(!why.contains('\n'));

        CsvOptions missing;
        missing.missingValues = {"abc"};
        moe::Result<Dataset> dropped = moe::readCsv(path, missing);
        QVERIFY2(dropped, dropped ? "" : dropped.error().c_str());
        QCOMPARE(dropped.value().rows, std::size_t{66});   // the row with the missing weight dropped
        QCOMPARE(toQt(dropped.value().featureNames), (QStringList{"size", "weight"}));

        CsvOptions categorical;
        categorical.categoricalColumns = {"weight"};
        moe::Result<Dataset> encoded = moe::readCsv(path, categorical);
        QVERIFY2(encoded, encoded ? "" : encoded.error().c_str());
        QCOMPARE(encoded.value().rows, std::size_t{67});
        QVERIFY(encoded.value().featureNames.size() > 2);   // one-hot, as asked

        CsvOptions unknown;
        unknown.categoricalColumns = {"height"};
        moe::Result<Dataset> bad = moe::readCsv(path, unknown);
        QVERIFY(!bad);
        QVERIFY2(QString::fromStdString(bad.error()).startsWith("--categorical: "), bad.error().c_str());
    }
    // Past the row the inference samples, a text in a numeric column names the same ways out.
    void lateTextInANumericColumnNamesTheWaysOut() {
        CsvOptions o;
        o.inferenceRows = 5;
        QByteArray b("a,b,y\n");
        for (int i = 0; i < 20; ++i) b += QByteArray::number(i) + "," + (i == 12 ? "n.a." : QByteArray::number(i)) + "," + QByteArray::number(i % 2) + "\n";
        const std::string path = write(b);
        moe::Result<Dataset> r = moe::readCsv(path, o);
        QVERIFY(!r);
        QVERIFY2(QString::fromStdString(r.error()).contains(":14:2: 'n.a.' is not a number, but column 'b' is numeric: fix "
                                                            "the cell, declare it missing (--missing n.a.)"),
                 r.error().c_str());
        o.missingValues = {"n.a."};
        moe::Result<Dataset> ok = moe::readCsv(path, o);
        QVERIFY2(ok, ok ? "" : ok.error().c_str());
        QCOMPARE(ok.value().rows, std::size_t{19});
    }
    // An identifier column would explode into one feature per row: refused unless ignored.
    void identifierColumnIsRefusedUnlessIgnored() {
        QByteArray b("id,a,y\n");
        for (int i = 0; i < 150; ++i)
            b += "row" + QByteArray::number(i) + "," + QByteArray::number(i) + "," + QByteArray::number(i % 2) + "\n";
        const std::string path = write(b);
        moe::Result<Dataset> r = moe::readCsv(path, CsvOptions{});
        QVERIFY(!r);
        const QString why = QString::fromStdString(r.error());
        QVERIFY2(why.startsWith(QString::fromStdString(path) + ":102:1: column 'id' has more than 100 distinct values"),
                 qPrintable(why));
        QVERIFY2(why.contains("--ignore id"), qPrintable(why));
        CsvOptions o;
        o.ignoredColumns = {"id"};
        moe::Result<Dataset> ok = moe::readCsv(path, o);
        QVERIFY2(ok, ok ? "" : ok.error().c_str());
        QCOMPARE(toQt(ok.value().featureNames), QStringList{"a"});
        QCOMPARE(ok.value().rows, std::size_t{150});
        o.ignoredColumns = {"y"};
        QVERIFY(!moe::readCsv(path, o));
    }

    // A one-hot name that another feature already has is made unique, never shared.
    void oneHotNamesNeverCollide() {
        const std::string path = write("c=x,c,a=b,a,y\n1,x,c,b=c,0\n2,z,v,q,1\n3,x,w,b=c,0\n");
        moe::Result<Dataset> r = moe::readCsv(path, CsvOptions{});
        QVERIFY2(r, r ? "" : r.error().c_str());
        const QStringList names = toQt(r.value().featureNames);
        QCOMPARE(names, (QStringList{"c=x", "c=x (2)", "c=z", "a=b=c", "a=b=v", "a=b=w", "a=b=c (2)", "a=q"}));
        // The numeric column keeps its values; the one-hot column of c=x is its own.
        QCOMPARE(r.value().feature(0, 0), 1.0f);
        QCOMPARE(r.value().feature(1, 0), 2.0f);
        QCOMPARE(r.value().feature(0, 1), 1.0f);
        QCOMPARE(r.value().feature(1, 1), 0.0f);
    }

    void missingFileAndDirectory() {
        moe::Result<Dataset> r = moe::readCsv(m_dir.filePath("absent.csv").toStdString());
        QVERIFY(!r);
        QVERIFY(QString::fromStdString(r.error()).contains("cannot open"));
        moe::Result<Dataset> d = moe::readCsv(m_dir.path().toStdString());
        QVERIFY(!d);
        QVERIFY(QString::fromStdString(d.error()).contains("directory"));
    }

    void forcedTypes() {
        // A numeric-looking column read as categories; a text column forced numeric fails
        // at its first text cell.
        const std::string path = write("code,v,y\n1,2,0\n2,3,1\n1,4,1\n");
        CsvOptions o;
        o.types = {moe::ColumnType::Categorical, moe::ColumnType::Auto, moe::ColumnType::Auto};
        moe::Result<Dataset> r = moe::readCsv(path, o);
        QVERIFY(r.ok());
        QCOMPARE(toQt(r.value().featureNames), (QStringList{"code=1", "code=2", "v"}));

        const std::string text = write("name,v,y\nann,2,0\nbob,3,1\n");
        o.types = {moe::ColumnType::Numeric, moe::ColumnType::Auto, moe::ColumnType::Auto};
        moe::Result<Dataset> bad = moe::readCsv(text, o);
        QVERIFY(!bad);
        QVERIFY2(QString::fromStdString(bad.error())
                     .startsWith(QString::fromStdString(text) + ":2:1: 'ann' is not a number"),
                 bad.error().c_str());
    }

    void rolesAndReport() {
        const std::string path = write("a,b,c,y\n1,2,x,0\n3,,y,1\n5,6,x,1\n7,8,y,0\n");
        CsvOptions o;
        o.roles = {moe::ColumnRole::Feature, moe::ColumnRole::Feature, moe::ColumnRole::Ignore,
                   moe::ColumnRole::Label};
        CsvReport report;
        moe::Result<Dataset> r = moe::readCsv(path, o, &report);
        QVERIFY(r.ok());
        QCOMPARE(toQt(r.value().featureNames), (QStringList{"a", "b"}));
        QCOMPARE(report.rowsRead, std::size_t{4});
        QCOMPARE(report.rowsDropped, std::size_t{1});
        QCOMPARE(report.delimiter, ',');
        QVERIFY(report.hasHeader);
        QVERIFY(!report.decimalComma);
        QVERIFY(!report.notes.empty());

        o.roles = {moe::ColumnRole::Feature, moe::ColumnRole::Label, moe::ColumnRole::Ignore,
                   moe::ColumnRole::Label};
        QVERIFY(!moe::readCsv(path, o));
        o.roles = {moe::ColumnRole::Feature};
        QVERIFY(!moe::readCsv(path, o));
    }

    void featuresOnly() {
        // Rows to apply a model to: no label, every column a feature, even a single one.
        CsvOptions o;
        o.featuresOnly = true;
        o.label = "b";  // ignored without roles
        moe::Result<Dataset> r = moe::readCsv(write("a,b,c\n1,2,x\n3,,y\n5,6,x\n"), o);
        QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
        QCOMPARE(toQt(r.value().featureNames), (QStringList{"a", "b", "c=x", "c=y"}));
        QCOMPARE(r.value().rows, std::size_t{2});  // the row with a missing cell is dropped
        QVERIFY(r.value().labels.empty() && r.value().values.empty() && r.value().classNames.empty());
        moe::Result<Dataset> single = moe::readCsv(write("a\n1\n2\n"), o);
        QVERIFY(single.ok());
        QCOMPARE(single.value().cols, std::size_t{1});
        // With roles: none may be the label.
        const std::string path = write("a,b,y\n1,2,0\n3,4,1\n");
        o.roles = {moe::ColumnRole::Feature, moe::ColumnRole::Ignore, moe::ColumnRole::Feature};
        moe::Result<Dataset> picked = moe::readCsv(path, o);
        QVERIFY(picked.ok());
        QCOMPARE(toQt(picked.value().featureNames), (QStringList{"a", "y"}));
        o.roles = {moe::ColumnRole::Feature, moe::ColumnRole::Ignore, moe::ColumnRole::Label};
        QVERIFY(!moe::readCsv(path, o));
    }

    void labelTextCannotBeRegressed() {
        const std::string path = write("a,y\n1,\n2,cat\n3,dog\n");
        CsvOptions o;
        o.task = Task::Regression;
        moe::Result<Dataset> r = moe::readCsv(path, o);
        QVERIFY(!r);
        QVERIFY2(
            QString::fromStdString(r.error()).startsWith(QString::fromStdString(path) + ":3:2:"),
            r.error().c_str());
    }

    void constantColumnStandardisesWithoutNaN() {
        const std::string path = write("a,k,y\n1,5,0\n2,5,1\n3,5,0\n4,5,1\n");
        moe::Result<Dataset> r = moe::readCsv(path);
        QVERIFY(r.ok());
        Dataset d = r.value();
        moe::Standardizer s;
        s.fit(d);
        s.apply(d);
        for (float v : d.features) QVERIFY(std::isfinite(v));
        QCOMPARE(d.feature(0, 1), 0.0f);
    }

    void preview_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("delimiter");
        QTest::addColumn<bool>("header");
        QTest::addColumn<bool>("decimalComma");
        QTest::addColumn<QString>("types");  // N / C per column
        QTest::addColumn<int>("task");       // 0 classification, 1 regression

        QTest::newRow("comma") << QByteArray("a,b,y\n1,2,x\n3,4,z\n") << "," << true << false
                               << "NNC" << 0;
        QTest::newRow("semicolon, decimal comma, no header")
            << QByteArray("1,5;2;0,5\n2,5;3;1,5\n") << ";" << false << true << "NNN" << 1;
        QTest::newRow("semicolon beats comma in text")
            << QByteArray("n;t;y\n1;a, b;1\n2;c, d;2\n") << ";" << true << false << "NCN" << 0;
        QTest::newRow("tab") << QByteArray("a\tb\tc\n1\tx\t0\n2\ty\t1\n") << "\t" << true << false
                             << "NCN" << 0;
        QTest::newRow("quoted commas do not split")
            << QByteArray("\"a,1\",\"b;2\",y\n1,2,0\n3,4,1\n") << "," << true << false << "NNN"
            << 0;
        QTest::newRow("all text header")
            << QByteArray("u,v\nred,big\nblue,small\n") << "," << true << false << "CC" << 0;
    }

    void preview() {
        QFETCH(QByteArray, content);
        QFETCH(QString, delimiter);
        QFETCH(bool, header);
        QFETCH(bool, decimalComma);
        QFETCH(QString, types);
        QFETCH(int, task);
        const std::string path = write(content);
        moe::Result<CsvPreview> r = moe::previewCsv(path);
        if (!r) QFAIL(r.error().c_str());
        const CsvPreview& p = r.value();
        QCOMPARE(QString(QChar(p.delimiter)), delimiter);
        QCOMPARE(p.hasHeader, header);
        QCOMPARE(p.decimalComma, decimalComma);
        QCOMPARE(p.columns.size(), static_cast<std::size_t>(types.size()));
        for (std::size_t c = 0; c < p.columns.size(); ++c) {
            const auto want = types[static_cast<qsizetype>(c)] == 'N'
                                  ? moe::ColumnType::Numeric
                                  : moe::ColumnType::Categorical;
            QCOMPARE(p.columns[c].inferredType, want);
        }
        QCOMPARE(p.task, task == 0 ? Task::Classification : Task::Regression);
        QCOMPARE(p.labelColumn, p.columns.size() - 1);
        QCOMPARE(p.columns.back().role, moe::ColumnRole::Label);
        QVERIFY(p.wholeFile);
        QVERIFY2(p.problem.empty(), p.problem.c_str());
    }

    void previewRowsAndProblem() {
        const std::string path =
            write("\"\",\"x\",\"y\"\n\"1\",\"a\"\"b\",0\n\"2\",3,1\n\"3\",4,1,9\n");
        CsvOptions o;
        moe::Result<CsvPreview> r = moe::previewCsv(path, o, 2);
        QVERIFY(r.ok());
        const CsvPreview& p = r.value();
        QCOMPARE(p.rows.size(), std::size_t{2});
        QCOMPARE(p.rows[0][1], std::string("a\"b"));
        QCOMPARE(p.sampledRows, std::size_t{3});
        QCOMPARE(p.columns[0].role, moe::ColumnRole::Ignore);  // R's row names
        QCOMPARE(p.columns[0].name, std::string("column 1"));
        QVERIFY2(
            QString::fromStdString(p.problem).startsWith(QString::fromStdString(path) + ":4:4:"),
            p.problem.c_str());

        // Options change what the preview shows: no header makes the first row data.
        o.header = moe::CsvHeader::Absent;
        moe::Result<CsvPreview> raw = moe::previewCsv(path, o, 10);
        QVERIFY(raw.ok());
        QCOMPARE(raw.value().rows.size(), std::size_t{4});
        QCOMPARE(raw.value().columns[1].name, std::string("column 2"));
    }

    void previewFailsOnUnreadableFiles() {
        QVERIFY(!moe::previewCsv(write("")));
        QVERIFY(!moe::previewCsv(write("just one column\n1\n")));
        QVERIFY(!moe::previewCsv(write(QByteArray("\0\0\0\0", 4))));
    }

    void cells_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("comma");
        QTest::addColumn<int>("kind");  // CellKind
        QTest::addColumn<float>("value");
        const int num = static_cast<int>(moe::CellKind::Number);
        const int mis = static_cast<int>(moe::CellKind::Missing);
        const int inf = static_cast<int>(moe::CellKind::NonFinite);
        const int txt = static_cast<int>(moe::CellKind::Text);
        QTest::newRow("int") << "42" << false << num << 42.0f;
        QTest::newRow("plus") << "+1.5" << false << num << 1.5f;
        QTest::newRow("double sign") << "+-1" << false << txt << 0.0f;
        QTest::newRow("exponent") << "-2.5E-3" << false << num << -0.0025f;
        QTest::newRow("comma in point mode") << "1,5" << false << txt << 0.0f;
        QTest::newRow("comma mode") << "1,5" << true << num << 1.5f;
        QTest::newRow("point in comma mode") << "1.5" << true << txt << 0.0f;
        QTest::newRow("thousands in comma mode") << "1.234,5" << true << txt << 0.0f;
        QTest::newRow("NA") << "NA" << false << mis << 0.0f;
        QTest::newRow("nan") << "nan" << false << mis << 0.0f;
        QTest::newRow("question") << " ? " << false << mis << 0.0f;
        QTest::newRow("empty") << "" << true << mis << 0.0f;
        QTest::newRow("inf") << "-Infinity" << false << inf << 0.0f;
        QTest::newRow("huge") << "3.5e38" << false << inf << 0.0f;
        QTest::newRow("hex is text") << "0x10" << false << txt << 0.0f;
        QTest::newRow("word") << "abc" << false << txt << 0.0f;
        QTest::newRow("trailing junk") << "12kg" << false << txt << 0.0f;
    }

    void cells() {
        QFETCH(QString, text);
        QFETCH(bool, comma);
        QFETCH(int, kind);
        QFETCH(float, value);
        const std::string s = text.toStdString();
        const moe::Cell c = moe::parseCell(s, comma);
        QCOMPARE(static_cast<int>(c.kind), kind);
        if (c.kind == moe::CellKind::Number) QCOMPARE(c.value, value);
    }

    void utf8Repair() {
        QCOMPARE(moe::toUtf8("plain"), std::string("plain"));
        QCOMPARE(moe::toUtf8("\xC3\xA9"), std::string("\xC3\xA9"));
        QCOMPARE(moe::toUtf8("caf\xE9 \x80"), std::string("caf\xC3\xA9 \xE2\x82\xAC"));
        QCOMPARE(moe::quoteForMessage(std::string(50, 'x')).size(), std::size_t{45});
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csv_reader.moc"
