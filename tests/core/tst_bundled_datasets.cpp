// Tests core/data/bundled_datasets.*: every file in datasets/ loads by name with the shape
// datasets/README.md promises, and the search path finds the directory.
#include "core/data/bundled_datasets.h"

#include <QtTest/QtTest>

#include <cstdlib>
#include <filesystem>
#include <set>

using moe::BundledDatasetInfo;
using moe::Dataset;
using moe::Task;

class TestBundledDatasets : public QObject {
    Q_OBJECT

private slots:
    void init() { unsetenv("MOE_DATASETS_DIR"); }

    void loadsByName_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addColumn<int>("classes");
        QTest::newRow("iris") << "iris" << 150 << 4 << 3;
        QTest::newRow("wine") << "wine" << 178 << 13 << 3;
        QTest::newRow("digits") << "digits" << 1797 << 64 << 10;
        QTest::newRow("diabetes") << "diabetes" << 442 << 10 << 0;
    }

    void loadsByName() {
        QFETCH(QString, name);
        QFETCH(int, rows);
        QFETCH(int, cols);
        QFETCH(int, classes);
        const BundledDatasetInfo* info = moe::findBundledDataset(name.toStdString());
        QVERIFY(info != nullptr);
        QCOMPARE(info->samples, rows);
        QCOMPARE(info->features, cols);
        QCOMPARE(info->classes, classes);

        moe::Result<Dataset> r = moe::loadBundledDataset(name.toStdString());
        if (!r) QFAIL(r.error().c_str());
        const Dataset& d = r.value();
        QCOMPARE(QString::fromStdString(d.name), name);
        QCOMPARE(d.rows, static_cast<std::size_t>(rows));
        QCOMPARE(d.cols, static_cast<std::size_t>(cols));
        QCOMPARE(d.classCount(), classes);
        QCOMPARE(d.task, classes > 0 ? Task::Classification : Task::Regression);
        QCOMPARE(d.task, info->task);
        QCOMPARE(d.featureNames.size(), d.cols);
        if (classes > 0) {
            // Every class occurs.
            const std::set<int> seen(d.labels.begin(), d.labels.end());
            QCOMPARE(static_cast<int>(seen.size()), classes);
        } else {
            QCOMPARE(d.values.size(), d.rows);
        }
    }

    void classNames() {
        QCOMPARE(moe::loadBundledDataset("iris").value().classNames,
                 (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
        QCOMPARE(moe::loadBundledDataset("digits").value().classNames.front(), std::string("0"));
    }

    void unknownName() {
        QVERIFY(moe::findBundledDataset("spirals") == nullptr);
        moe::Result<Dataset> r = moe::loadBundledDataset("nope");
        QVERIFY(!r);
        QVERIFY(QString::fromStdString(r.error()).contains("unknown"));
    }

    void environmentComesFirst() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A directory without the files is passed over...
        setenv("MOE_DATASETS_DIR", qPrintable(dir.path()), 1);
        QCOMPARE(QString::fromStdString(moe::datasetSearchPath().front()), dir.path());
        moe::Result<std::string> fallback = moe::bundledDatasetsDir();
        QVERIFY(fallback.ok());
        QVERIFY(QString::fromStdString(fallback.value()) != dir.path());
        // ...one with them wins.
        const std::string source = fallback.value();
        for (const BundledDatasetInfo& b : moe::bundledDatasets())
            QVERIFY(QFile::copy(QString::fromStdString(source + "/" + b.file),
                                dir.filePath(QString::fromStdString(b.file))));
        QCOMPARE(QString::fromStdString(moe::bundledDatasetsDir().value()), dir.path());
        QVERIFY(moe::loadBundledDataset("wine").ok());
    }
};

QTEST_GUILESS_MAIN(TestBundledDatasets)
#include "tst_bundled_datasets.moc"
