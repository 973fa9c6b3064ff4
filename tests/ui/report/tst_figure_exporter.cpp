// FigureExporter and ExportMenu on the real views of a trained window, offscreen: every
// file is what it claims, writes are atomic, and every view offers the menu.
#include "tests/support/worker_waits.h"
#include "ui/cost/cost_bars.h"
#include "ui/cost/cost_panel.h"
#include "ui/training/curves_view.h"
#include "ui/data/data_scatter_view.h"
#include "ui/report/export_menu.h"
#include "ui/report/figure_exporter.h"
#include "ui/window/main_window.h"
#include "ui/data/data_panel.h"
#include "ui/territory/territory_view.h"
#include "ui/training/training_controller.h"

#include <QAction>
#include <QChartView>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace moe::ui;

class TestFigureExporter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void pngDecodesAtTheChosenScale_data();
    void pngDecodesAtTheChosenScale();
    void svgParsesAndHasTheChartsText_data();
    void svgParsesAndHasTheChartsText();
    void pdfIsOnePageTheFiguresSize();
    void exportsAreSharperThanAnUpscaledGrab();
    void unwritableDestinationLeavesNoFile_data();
    void unwritableDestinationLeavesNoFile();
    void copyPutsTheImageOnTheClipboard();
    void everyViewOffersTheMenu();
    void fileMenuExportsTheViewUsedLast();
    void cleanupTestCase();

private:
    QWidget* view(const QString& name) const;
    std::unique_ptr<MainWindow> m_window;
    QTemporaryDir m_dir;
};

void TestFigureExporter::initTestCase() {
    QVERIFY(m_dir.isValid());
    // MOE_KEEP_EXPORTS=1 keeps the files to look at them.
    if (qEnvironmentVariableIsSet("MOE_KEEP_EXPORTS")) {
        m_dir.setAutoRemove(false);
        qInfo("exports kept in %s", qPrintable(m_dir.path()));
    }
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1280, 800);
    m_window->show();
    m_window->dataPanel()->setSamples(300);
    m_window->setEpochs(3);
    TrainingController* c = m_window->controller();
    QTRY_VERIFY_WITH_TIMEOUT(c->state() == TrainingState::Ready, moe::testing::kWorkerWaitMs);
    QSignalSpy ended(c, &TrainingController::runEnded);
    c->train();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 60000);
    m_window->curvesView()->redrawNow();
    QTest::qWait(100);
}

void TestFigureExporter::cleanupTestCase() { m_window.reset(); }

QWidget* TestFigureExporter::view(const QString& name) const {
    if (name == QLatin1String("territory")) return m_window->territoryView();
    if (name == QLatin1String("curves")) return m_window->curvesView();
    if (name == QLatin1String("cost")) return m_window->costPanel()->findChild<CostBars*>();
    if (name == QLatin1String("data")) {
        // Exported from its tab, as a person would.
        m_window->centreTabs()->setCurrentIndex(1);
        QTest::qWait(100);
        return m_window->dataView();
    }
    m_window->centreTabs()->setCurrentIndex(0);
    return nullptr;
}

void TestFigureExporter::pngDecodesAtTheChosenScale_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("scale");
    for (const QString& name : {QStringLiteral("territory"), QStringLiteral("curves"), QStringLiteral("cost"), QStringLiteral("data")})
        for (int scale : {1, 2, 3})
            QTest::newRow(qPrintable(QStringLiteral("%1@%2x").arg(name).arg(scale))) << name << double(scale);
}

void TestFigureExporter::pngDecodesAtTheChosenScale() {
    QFETCH(QString, name);
    QFETCH(double, scale);
    ExportMenu* menu = view(name)->findChild<ExportMenu*>(QString(), Qt::FindDirectChildrenOnly);
    QVERIFY(menu);
    const FigureExporter figure = menu->exporter();
    const QString path = m_dir.filePath(QStringLiteral("%1-%2.png").arg(name).arg(scale));
    QString error;
    QVERIFY2(figure.writePng(path, scale, &error), qPrintable(error));
    QImage image;
    QVERIFY(image.load(path, "PNG"));
    QCOMPARE(image.size(), (figure.size() * scale).toSize());
    QCOMPARE(qRound(image.dotsPerMeterX() / 39.37007874), qRound(96 * scale));
    // Not blank: a figure has many colours (text, lines, experts).
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

void TestFigureExporter::svgParsesAndHasTheChartsText_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QStringList>("texts");
    QTest::addRow("territory") << "territory" << QStringList{"Expert territory", "x1", "x2"};
    QTest::addRow("curves") << "curves" << QStringList{"Learning curves", "Loss", "Epoch", "MoE"};
    QTest::addRow("cost") << "cost" << QStringList{"FLOPs per input", "Dense = params", "gate"};
    QTest::addRow("data") << "data" << QStringList{"spirals", "samples"};
}

void TestFigureExporter::svgParsesAndHasTheChartsText() {
    QFETCH(QString, name);
    QFETCH(QStringList, texts);
    ExportMenu* menu = view(name)->findChild<ExportMenu*>(QString(), Qt::FindDirectChildrenOnly);
    const QString path = m_dir.filePath(name + QStringLiteral(".svg"));
    QString error;
    QVERIFY2(menu->exporter().writeSvg(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    QString allText;
    int elements = 0;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement) {
            ++elements;
            if (xml.name() == QLatin1String("text")) allText += xml.readElementText(QXmlStreamReader::IncludeChildElements) + '\n';
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(elements > 30);
    for (const QString& text : texts) QVERIFY2(allText.contains(text), qPrintable(text + " not in\n" + allText.left(600)));
}

void TestFigureExporter::pdfIsOnePageTheFiguresSize() {
    ExportMenu* menu = view(QStringLiteral("curves"))->findChild<ExportMenu*>();
    const QString path = m_dir.filePath(QStringLiteral("curves.pdf"));
    QString error;
    QVERIFY2(menu->exporter().writePdf(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));
    QCOMPARE(pdf.count("/Type /Page\n") + pdf.count("/Type /Page "), 1);
    const QSizeF points = menu->exporter().size() * 0.75;
    const QByteArray box = QByteArray("/MediaBox [0 0 ");
    const qsizetype at = pdf.indexOf(box);
    QVERIFY(at > 0);
    const QList<QByteArray> numbers = pdf.mid(at + box.size(), 40).split(']').first().split(' ');
    QVERIFY(std::abs(numbers.value(0).toDouble() - points.width()) < 1.5);
    QVERIFY(std::abs(numbers.value(1).toDouble() - points.height()) < 1.5);
}

void TestFigureExporter::exportsAreSharperThanAnUpscaledGrab() {
    // At 3x, a crisp render has edges one device pixel wide; a 1x grab scaled up has them
    // three pixels wide, so the rendered image has more sharp transitions between
    // neighbours.
    const FigureExporter figure = view(QStringLiteral("cost"))->findChild<ExportMenu*>()->exporter();
    const QImage crisp = figure.toImage(3.0);
    const QImage blurred = figure.toImage(1.0).scaled(crisp.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    auto sharpEdges = [](const QImage& image) {
        int count = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 1; x < image.width(); ++x)
                if (std::abs(qGray(image.pixel(x, y)) - qGray(image.pixel(x - 1, y))) > 100) ++count;
        return count;
    };
    QVERIFY2(sharpEdges(crisp) > 2 * sharpEdges(blurred),
             qPrintable(QStringLiteral("%1 vs %2").arg(sharpEdges(crisp)).arg(sharpEdges(blurred))));
}

void TestFigureExporter::unwritableDestinationLeavesNoFile_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addRow("png") << "png";
    QTest::addRow("svg") << "svg";
    QTest::addRow("pdf") << "pdf";
}

void TestFigureExporter::unwritableDestinationLeavesNoFile() {
    QFETCH(QString, suffix);
    const FigureExporter figure = view(QStringLiteral("curves"))->findChild<ExportMenu*>()->exporter();
    QString error;
    // A folder that does not exist.
    const QString missing = m_dir.filePath(QStringLiteral("no/such/folder/figure.") + suffix);
    QVERIFY(!figure.write(missing, 1.0, &error));
    QVERIFY2(error.contains(QStringLiteral("figure.") + suffix), qPrintable(error));
    // A parent that is a file, and a destination that is a folder: nothing is left behind.
    const QString plain = m_dir.filePath(QStringLiteral("plain-") + suffix);
    QFile(plain).open(QIODevice::WriteOnly);
    error.clear();
    QVERIFY(!figure.write(plain + QStringLiteral("/figure.") + suffix, 1.0, &error));
    QVERIFY2(error.contains(plain), qPrintable(error));
    const QString folder = m_dir.filePath(QStringLiteral("folder.") + suffix);
    QVERIFY(QDir().mkpath(folder));
    error.clear();
    QVERIFY(!figure.write(folder, 1.0, &error));
    QVERIFY2(error.contains(QStringLiteral("folder")), qPrintable(error));
    QVERIFY(QFileInfo(folder).isDir());
    const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("*.tmp*"), QStringLiteral("*~")}, QDir::Files | QDir::Hidden);
    QVERIFY2(left.isEmpty(), qPrintable(left.join(' ')));
    // A name without a known suffix is refused before anything is written.
    QVERIFY(!figure.write(m_dir.filePath(QStringLiteral("figure.bmp")), 1.0, &error));
    QVERIFY(error.contains(QStringLiteral(".png")));
}

void TestFigureExporter::copyPutsTheImageOnTheClipboard() {
    ExportMenu* menu = view(QStringLiteral("territory"))->findChild<ExportMenu*>();
    QGuiApplication::clipboard()->clear();
    menu->copyAction()->trigger();
    const QImage copied = QGuiApplication::clipboard()->image();
    QCOMPARE(copied.size(), (menu->exporter().size() * 2.0).toSize());
}

void TestFigureExporter::everyViewOffersTheMenu() {
    for (const QString& name : {QStringLiteral("territory"), QStringLiteral("curves"), QStringLiteral("cost")}) {
        QWidget* v = view(name);
        // Right click where the user would: on the chart itself for chart views.
        QWidget* target = v;
        if (auto* chart = v->findChild<QChartView*>()) target = chart->viewport();
        QContextMenuEvent event(QContextMenuEvent::Mouse, QPoint(20, 20), target->mapToGlobal(QPoint(20, 20)));
        QCoreApplication::sendEvent(target, &event);
        QMenu* menu = nullptr;
        QTRY_VERIFY((menu = v->findChild<QMenu*>()) != nullptr && menu->isVisible());
        QStringList texts;
        for (QAction* a : menu->actions())
            if (!a->isSeparator()) texts << a->text();
        QVERIFY2(texts.contains(QStringLiteral("Export as &PNG…")) && texts.contains(QStringLiteral("Export as &SVG…")) &&
                     texts.contains(QStringLiteral("Export as P&DF…")) && texts.contains(QStringLiteral("&Copy image")),
                 qPrintable(texts.join(", ")));
        menu->close();
        QTRY_VERIFY(!v->findChild<QMenu*>());
    }
}

void TestFigureExporter::fileMenuExportsTheViewUsedLast() {
    m_window->centreTabs()->setCurrentIndex(0);
    QTest::mouseClick(m_window->curvesView()->findChild<QChartView*>()->viewport(), Qt::LeftButton);
    QCOMPARE(ExportMenu::current(m_window.get())->view(), m_window->curvesView());
    QTest::mouseClick(m_window->territoryView(), Qt::LeftButton);
    QCOMPARE(ExportMenu::current(m_window.get())->view(), m_window->territoryView());
    // The data view is in the hidden tab: never "current" while it cannot be seen.
    // Territory, data, curves, cost, gate bars, two utilization heatmaps, its chart, gate matrix,
    // the Pareto view, the run-history overlay, the five views of the Cost tab's At scale page, and
    // the Trace workspace's load map, tokens, co-activation, specialisation and consistency
    // (there before a trace opens, hidden).
    QCOMPARE(ExportMenu::all(m_window.get()).size(), 21);
    for (ExportMenu* m : ExportMenu::all(m_window.get()))
        if (m->view() == m_window->dataView()) QVERIFY(!m->view()->isVisible());
}

QTEST_MAIN(TestFigureExporter)
#include "tst_figure_exporter.moc"
