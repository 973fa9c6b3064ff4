// DatasetTableModel and CsvPreviewModel under QAbstractItemModelTester, and what they show.
#include "core/data/csv_reader.h"
#include "ui/import/csv_preview_model.h"
#include "ui/data/dataset_table_model.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace moe::ui;

namespace {

std::shared_ptr<const moe::Dataset> classification() {
    // Designated initialisers: GCC 12 reports a false -Wrestrict on assigning a short literal.
    return std::make_shared<const moe::Dataset>(moe::Dataset{
        .name = "t",
        .task = moe::Task::Classification,
        .rows = 3,
        .cols = 2,
        .features = {1.5f, -2.0f, 3.0f, 4.25f, 0.0f, 1e-7f},
        .labels = {1, 0, 1},
        .values = {},
        .featureNames = {"weight", "height"},
        .classNames = {"cat", "dog"}});
}

}  // namespace

class TestDatasetTableModel : public QObject {
    Q_OBJECT
private slots:
    void passesTheModelTester() {
        DatasetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setDataset(classification());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 3);
        model.setDataset(nullptr);
        QCOMPARE(model.columnCount(), 0);
        model.setDataset(classification());
    }

    void showsFeaturesAndClasses() {
        DatasetTableModel model;
        model.setDataset(classification());
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("weight"));
        QCOMPARE(model.headerData(2, Qt::Horizontal).toString(), QStringLiteral("class"));
        QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("4.25"));
        QCOMPARE(model.data(model.index(2, 1)).toString(), QStringLiteral("1e-07"));
        QCOMPARE(model.data(model.index(0, 2)).toString(), QStringLiteral("dog"));
        QCOMPARE(model.data(model.index(0, 2), Qt::UserRole).toInt(), 1);
        QVERIFY(model.data(model.index(0, 2), Qt::FontRole).value<QFont>().bold());
    }

    void showsRegressionTargets() {
        auto d = std::make_shared<const moe::Dataset>(moe::Dataset{.name = {},
                                                                   .task = moe::Task::Regression,
                                                                   .rows = 2,
                                                                   .cols = 1,
                                                                   .features = {1, 2},
                                                                   .labels = {},
                                                                   .values = {0.5f, 7.0f},
                                                                   .featureNames = {"x"},
                                                                   .classNames = {}});
        DatasetTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setDataset(d);
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("target"));
        QCOMPARE(model.data(model.index(1, 1)).toString(), QStringLiteral("7"));
    }

    void previewModelPassesTheTester() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\"\",a,colour,y\n1,1.5,red,x\n2,NA,blue,z\n3,2,red,x,extra\n");
        f.close();
        moe::Result<moe::CsvPreview> p = moe::previewCsv(path.toStdString());
        QVERIFY(p.ok());

        CsvPreviewModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPreview(p.value());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), 4);
        QCOMPARE(model.data(model.index(2, 1)).toString(), QStringLiteral("2"));
        QVERIFY(
            model.headerData(2, Qt::Horizontal).toString().contains(QStringLiteral("categorical")));
        QVERIFY(model.headerData(3, Qt::Horizontal).toString().contains(QStringLiteral("label")));
        QVERIFY(model.headerData(0, Qt::Horizontal).toString().contains(QStringLiteral("ignore")));
        QCOMPARE(model.data(model.index(1, 1), Qt::ToolTipRole).toString(),
                 QStringLiteral("missing value"));
        QVERIFY(model.data(model.index(0, 3), Qt::FontRole).value<QFont>().bold());
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestDatasetTableModel)
#include "tst_dataset_table_model.moc"
