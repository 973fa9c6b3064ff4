// Opening a person's CSV file in the window: the import dialog's detection, overrides and
// messages, the background read, the data page, and training on what was imported.
#include "tests/support/worker_waits.h"
#include "core/data/csv_reader.h"
#include "ui/import/csv_import_dialog.h"
#include "ui/import/csv_preview_model.h"
#include "ui/data/data_page.h"
#include "ui/data/data_panel.h"
#include "ui/data/data_scatter_view.h"
#include "ui/import/dataset_loader.h"
#include "ui/import/dataset_opener.h"
#include "ui/data/dataset_table_model.h"
#include "ui/window/main_window.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"
#include "tests/support/temp_files.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QMimeData>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QLineEdit>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <random>

using namespace moe::ui;

namespace {

/// Two well separated classes in 4 features, written the European way: UTF-8 BOM, CRLF,
/// semicolons, decimal commas, a quoted Unicode header, a text column to ignore and the
/// label in the first column.
QByteArray europeanCsv(int rows) {
    QByteArray b(
        "\xEF\xBB\xBF\"Sorte\";\"L\xC3\xA4nge\";\"Breite\";\"H\xC3\xB6he\";\"Gewicht\";"
        "\"Notiz\"\r\n");
    std::mt19937 rng(11);
    std::normal_distribution<double> g(0.0, 0.3);
    for (int r = 0; r < rows; ++r) {
        const bool a = r % 2 == 0;
        const double centre = a ? 1.0 : -1.0;
        b += a ? "Apfel" : "Birne";
        for (int c = 0; c < 4; ++c)
            b += ";" + QByteArray::number(centre + g(rng), 'f', 3).replace('.', ',');
        b += ";\"note " + QByteArray::number(r) + "\"\r\n";
    }
    return b;
}

QString write(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    return moe::testing::writeFile(dir, name, bytes);
}

}  // namespace

class TestCsvImport : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void dialogDetectsAndOverrides() {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("fruit.csv"), europeanCsv(40));
        CsvImportDialog dialog(path);
        QVERIFY2(dialog.canImport(), qPrintable(dialog.message()));
        const moe::CsvPreview& p = dialog.preview();
        QCOMPARE(p.delimiter, ';');
        QVERIFY(p.hasHeader);
        QVERIFY(p.decimalComma);
        QVERIFY(p.utf8Bom);
        QVERIFY(dialog.delimiterBox()->itemText(0).contains(QStringLiteral("semicolon")));
        QCOMPARE(dialog.columnCount(), 6);
        QCOMPARE(QString::fromStdString(p.columns[1].name), QStringLiteral("L\u00e4nge"));
        QCOMPARE(dialog.columnType(0), moe::ColumnType::Categorical);
        QCOMPARE(dialog.columnType(1), moe::ColumnType::Numeric);
        // The default label is the last column, the notes: 40 distinct texts, still a label.
        QCOMPARE(dialog.columnRole(5), moe::ColumnRole::Label);

        // The person picks the fruit as the label and ignores the notes; the preview follows.
        QSignalSpy updated(&dialog, &CsvImportDialog::previewUpdated);
        dialog.setColumnRole(0, moe::ColumnRole::Label);
        QCOMPARE(dialog.columnRole(5), moe::ColumnRole::Feature);  // one label only
        dialog.setColumnRole(5, moe::ColumnRole::Ignore);
        QVERIFY(updated.count() >= 2);
        QCOMPARE(dialog.preview().labelColumn, std::size_t{0});
        QVERIFY(dialog.previewModel()
                    ->headerData(0, Qt::Horizontal)
                    .toString()
                    .contains(QStringLiteral("label")));
        QCOMPARE(dialog.preview().task, moe::Task::Classification);
        QVERIFY(dialog.canImport());

        // Overriding the delimiter breaks the table: one column, a message, no Import.
        dialog.delimiterBox()->setCurrentIndex(dialog.delimiterBox()->findData(int(',')));
        QVERIFY(!dialog.canImport());
        QVERIFY(!dialog.message().isEmpty());
        dialog.delimiterBox()->setCurrentIndex(0);
        QVERIFY(dialog.canImport());

        const moe::CsvOptions o = dialog.options();
        QCOMPARE(o.roles.size(), std::size_t{6});
        QCOMPARE(o.delimiter, '\0');
    }

    void dialogShowsTheProblem() {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("ragged.csv"), "a,b,y\n1,2,0\n3,4,1,9\n");
        CsvImportDialog dialog(path);
        QVERIFY(!dialog.canImport());
        QVERIFY2(dialog.message().contains(QStringLiteral("ragged.csv:3:4:")),
                 qPrintable(dialog.message()));

        const QString binary = write(dir, QStringLiteral("b.csv"), QByteArray("\x01\x02\0\x03", 4));
        CsvImportDialog refused(binary);
        QVERIFY(!refused.canImport());
        QVERIFY(refused.message().contains(QStringLiteral("not a text file")));
    }

    void mistypedNumberIsShownWithItsWaysOut() {
        // Column x holds 20 numbers and one typo on line 8; y is the label.
        QByteArray csv = "x,z,y\n";
        for (int r = 0; r < 21; ++r)
            csv += (r == 6 ? QByteArray("abc") : QByteArray::number(r * 0.5)) + "," + QByteArray::number(r % 3) +
                   "," + QByteArray(r % 2 ? "a" : "b") + "\n";
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("typo.csv"), csv);
        {
            CsvImportDialog dialog(path);
            QVERIFY(!dialog.canImport());  // as a full read would be refused, nothing one-hot encodes it
            QVERIFY2(dialog.message().contains(QStringLiteral("typo.csv:8:1:")), qPrintable(dialog.message()));
            QVERIFY(dialog.mistypedLabel()->isVisibleTo(&dialog));
            const QString warning = dialog.mistypedLabel()->text();
            QVERIFY2(warning.contains(QStringLiteral("<b>x</b>")) && warning.contains(QStringLiteral("line 8")),
                     qPrintable(warning));
            QVERIFY(warning.contains(QStringLiteral("href=\"missing:0\"")));
            QVERIFY(warning.contains(QStringLiteral("href=\"categorical:0\"")));
            auto* table = dialog.findChild<QTableWidget*>(QStringLiteral("columnTable"));
            QCOMPARE(table->item(0, 1)->text(), QStringLiteral("numbers ⚠"));
            // Touching another setting must not make the guard vanish.
            dialog.missingBox()->setCurrentIndex(1);
            QVERIFY(!dialog.canImport());
            QVERIFY(dialog.mistypedLabel()->isVisibleTo(&dialog));

            // Way out 1: the text means "missing"; x stays numeric.
            dialog.treatAsMissing(0);
            QCOMPARE(dialog.alsoMissingEdit()->text(), QStringLiteral("abc"));
            QVERIFY2(dialog.canImport(), qPrintable(dialog.message()));
            QVERIFY(!dialog.mistypedLabel()->isVisibleTo(&dialog));
            QCOMPARE(dialog.columnType(0), moe::ColumnType::Numeric);
            const moe::CsvOptions o = dialog.options();
            QCOMPARE(o.missingValues, std::vector<std::string>{"abc"});
            moe::CsvReport report;
            auto read = moe::readCsv(path.toStdString(), o, &report);
            QVERIFY2(read, read ? "" : read.error().c_str());
            QCOMPARE(read.value().cols, std::size_t{2});  // x and z, no one-hot columns
        }
        {
            // Way out 2: the column is categories, by choice.
            CsvImportDialog dialog(path);
            dialog.readAsCategories(0);
            QVERIFY2(dialog.canImport(), qPrintable(dialog.message()));
            QVERIFY(!dialog.mistypedLabel()->isVisibleTo(&dialog));
            QCOMPARE(dialog.options().types.at(0), moe::ColumnType::Categorical);
            QCOMPARE(dialog.options().types.at(1), moe::ColumnType::Auto);  // not chosen: inferred
            auto read = moe::readCsv(path.toStdString(), dialog.options());
            QVERIFY2(read, read ? "" : read.error().c_str());
            QVERIFY(read.value().cols > 2);
        }
    }

    void importsThroughTheDialogAndTrains() {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("fruit.csv"), europeanCsv(200));
        MainWindow w;
        w.resize(1280, 800);
        w.show();
        w.setEpochs(30);

        // The dialog's code path: its options, read by the window's opener.
        CsvImportDialog dialog(path, &w);
        dialog.setColumnRole(0, moe::ColumnRole::Label);
        dialog.setColumnRole(5, moe::ColumnRole::Ignore);
        QVERIFY(dialog.canImport());
        QSignalSpy opened(w.opener(), &DatasetOpener::datasetOpened);
        w.opener()->load(dialog.path(), dialog.options());
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);

        const moe::Dataset& data = w.controller()->data();
        QCOMPARE(data.rows, std::size_t{200});
        QCOMPARE(data.cols, std::size_t{4});
        QCOMPARE(data.classNames, (std::vector<std::string>{"Apfel", "Birne"}));
        QCOMPARE(w.dataPanel()->source(), DataPanel::Source::File);
        QCOMPARE(w.dataPanel()->currentName(), QStringLiteral("fruit.csv"));
        QVERIFY(w.opener()->recentFiles().contains(QFileInfo(path).absoluteFilePath()));
        QVERIFY(!w.opener()->recentMenu()->actions().isEmpty());

        // The data page: summary, class counts, a PCA scatter (4 features), the table.
        DataPage* page = w.dataPage();
        QVERIFY(page->summaryText().contains(QStringLiteral("200")));
        QVERIFY(page->classCountsText().contains(QStringLiteral("Apfel: 100")));
        QCOMPARE(page->xAxis(), DataPage::kPca1);
        QCOMPARE(page->yAxis(), DataPage::kPca2);
        QCOMPARE(w.dataView()->pointCount(), 200);
        QCOMPARE(page->tableModel()->rowCount(), 200);
        QCOMPARE(page->tableModel()->columnCount(), 5);
        page->setAxes(0, 2);
        QCOMPARE(page->xAxis(), 0);
        QCOMPARE(w.dataView()->pointCount(), 200);

        // Train on it.
        TrainingController* c = w.controller();
        QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
        QSignalSpy ended(c, &TrainingController::runEnded);
        c->train();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 120000);
        QCOMPARE(c->epochsCompleted(), 30);
        QVERIFY2(c->history().constLast().moe.testAccuracy >= 0.9,
                 qPrintable(QString::number(c->history().constLast().moe.testAccuracy)));
        // Four features: the territory map is a slice on the PCA plane through the data mean.
        QTRY_VERIFY(!w.territoryView()->image().isNull());
        const moe::GridSpec& spec = w.territoryView()->territory().spec;
        QVERIFY(spec.plane);
        QCOMPARE(spec.plane->kind(), moe::FeaturePlane::Kind::Principal);
        QCOMPARE(spec.plane->cols(), std::size_t{4});

        // Back to a built-in dataset and to the file again, without reading it again.
        QVERIFY(w.selectDataset(QStringLiteral("moons")));
        QTRY_COMPARE(w.controller()->data().cols, std::size_t{2});
        QComboBox* chooser = w.dataPanel()->findChild<QComboBox*>(QStringLiteral("datasetCombo"));
        chooser->setCurrentIndex(chooser->findText(QStringLiteral("fruit.csv")));
        QTRY_COMPARE(w.controller()->data().cols, std::size_t{4});
    }

    void doneWhenFilesImportThroughTheDialog_data() {
        // The files of issue 5's "Done when": as R's write.csv writes them (a quoted header
        // with an empty first name, quoted row names and factors), as a European spreadsheet
        // does (BOM, CRLF, semicolons, decimal commas) and with quoted Unicode headers holding
        // a comma and a doubled quote. The person names the label column in the dialog.
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("label");
        QByteArray r("\"\",\"Sepal.Length\",\"Sepal.Width\",\"Species\"\n");
        QByteArray eu("\xEF\xBB\xBFL\xC3\xA4nge;Breite;Sorte\r\n");
        QByteArray uni("\"Gr\xC3\xB6\xC3\x9F" "e (cm)\",\"Temp, \xC2\xB0" "C\",\"Kind \"\"\xCE\xB1\"\"\"\n");
        for (int i = 0; i < 60; ++i) {
            const QByteArray a = QByteArray::number(1 + (i % 2) * 3 + (i % 5) / 10.0, 'f', 1);
            const QByteArray b = QByteArray::number(2 + (i % 2) * 2 + (i % 7) / 10.0, 'f', 1);
            const QByteArray kind = i % 2 ? "setosa" : "virginica";
            r += "\"" + QByteArray::number(i + 1) + "\"," + a + "," + b + ",\"" + kind + "\"\n";
            eu += QByteArray(a).replace('.', ',') + ";" + QByteArray(b).replace('.', ',') + ";" + kind + "\r\n";
            uni += a + "," + b + ",\"" + kind + "\"\n";
        }
        QTest::newRow("R write.csv") << r << QStringLiteral("Species");
        QTest::newRow("European spreadsheet") << eu << QStringLiteral("Sorte");
        QTest::newRow("quoted Unicode headers") << uni << QStringLiteral("Kind \"\u03B1\"");
    }

    void doneWhenFilesImportThroughTheDialog() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, label);
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("table.csv"), bytes);
        MainWindow w;
        w.setEpochs(3);
        CsvImportDialog dialog(path, &w);
        int labelColumn = -1;
        for (int c = 0; c < dialog.columnCount(); ++c)
            if (QString::fromStdString(dialog.preview().columns[static_cast<std::size_t>(c)].name) == label)
                labelColumn = c;
        QVERIFY2(labelColumn >= 0, qPrintable(label));
        dialog.setColumnRole(labelColumn, moe::ColumnRole::Label);
        QVERIFY2(dialog.canImport(), qPrintable(dialog.message()));
        QSignalSpy opened(w.opener(), &DatasetOpener::datasetOpened);
        w.opener()->load(dialog.path(), dialog.options());
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
        const moe::Dataset& data = w.controller()->data();
        QCOMPARE(data.rows, std::size_t{60});
        QCOMPARE(data.cols, std::size_t{2});  // R's row names are not a feature
        QCOMPARE(data.classNames, (std::vector<std::string>{"setosa", "virginica"}));
        TrainingController* c = w.controller();
        QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
        QSignalSpy ended(c, &TrainingController::runEnded);
        c->train();
        QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
        QCOMPARE(c->epochsCompleted(), 3);
    }

    void badFileGivesAMessage() {
        QTemporaryDir dir;
        // Looks fine in the first rows, fails later: the read reports where.
        QByteArray bytes("a,b,y\n");
        for (int i = 0; i < 1500; ++i) bytes += "1,2,0\n3,4,1\n";
        bytes += "5,oops,1\n";
        const QString path = write(dir, QStringLiteral("late.csv"), bytes);
        MainWindow w;
        QSignalSpy failed(w.opener(), &DatasetOpener::openFailed);
        w.opener()->load(path, {});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        const QString message = failed.first().at(1).toString();
        QVERIFY2(message.contains(QStringLiteral("late.csv:3002:2:")), qPrintable(message));
        bool shown = false;
        for (const QLabel* label : w.dataPanel()->findChildren<QLabel*>())
            shown = shown || (label->text() == message && !label->isHidden());
        QVERIFY2(shown, "the data panel does not show the error");
    }

    void bundledDatasetsInTheChooser() {
        MainWindow w;
        QVERIFY(w.selectDataset(QStringLiteral("wine")));
        QCOMPARE(w.dataPanel()->source(), DataPanel::Source::Bundled);
        QTRY_COMPARE(w.controller()->data().cols, std::size_t{13});
        QCOMPARE(w.controller()->data().rows, std::size_t{178});
        QVERIFY(w.dataPage()->summaryText().contains(QStringLiteral("wine")));
        QVERIFY(w.selectDataset(QStringLiteral("diabetes")));
        QTRY_COMPARE(w.controller()->data().task, moe::Task::Regression);
        QVERIFY(w.dataPage()->classCountsText().startsWith(QStringLiteral("Target")));
    }

    void dropOpensTheDialog() {
        QTemporaryDir dir;
        const QString path = write(dir, QStringLiteral("drop.csv"), "a,b,y\n1,2,x\n3,4,z\n");
        MainWindow w;
        w.show();
        QVERIFY(w.acceptDrops());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&w, &drop);
        QTRY_VERIFY(w.findChild<CsvImportDialog*>() != nullptr);
        CsvImportDialog* dialog = w.findChild<CsvImportDialog*>();
        QCOMPARE(dialog->path(), path);
        QVERIFY(dialog->canImport());
        QSignalSpy opened(w.opener(), &DatasetOpener::datasetOpened);
        dialog->accept();
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, 30000);
        QCOMPARE(w.controller()->data().rows, std::size_t{2});
    }

    void openActionHasItsShortcut() {
        MainWindow w;
        QCOMPARE(w.opener()->openAction()->shortcut(), QKeySequence(QKeySequence::Open));
    }
};

QTEST_MAIN(TestCsvImport)
#include "tst_csv_import.moc"
