// Tests ui/data/class_key.* in the data scatter (ui/data/data_scatter_view.*): every class gets an
// entry with its marker, in as many columns as the height needs, inside the view, none
// overlapping another - the Qt legend it replaces dropped digits' classes 7 to 9.
#include "ui/data/class_key.h"
#include "ui/data/data_scatter_view.h"

#include <QTest>

using namespace moe::ui;

namespace {

moe::Dataset classes(int count, const QString& prefix) {
    moe::Dataset d;
    d.name = "key";
    d.rows = 200;
    d.cols = 2;
    for (std::size_t r = 0; r < d.rows; ++r) {
        d.features.push_back(static_cast<float>(r % 20));
        d.features.push_back(static_cast<float>(r / 20));
        d.labels.push_back(static_cast<int>(r) % count);
    }
    d.featureNames = {"x1", "x2"};
    for (int c = 0; c < count; ++c) d.classNames.push_back((prefix + QString::number(c)).toStdString());
    return d;
}

}  // namespace

class TestClassKey : public QObject {
    Q_OBJECT
private slots:
    void everyClassHasAnEntry_data();
    void everyClassHasAnEntry();
};

void TestClassKey::everyClassHasAnEntry_data() {
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("prefix");
    QTest::addColumn<QSize>("size");
    // 520 x 240: about the scatter's size in the Data tab at 1280 x 800.
    QTest::newRow("2 classes") << 2 << QStringLiteral("arm ") << QSize(520, 240);
    QTest::newRow("digits' 10 classes") << 10 << QString() << QSize(520, 240);
    QTest::newRow("10 long names") << 10 << QStringLiteral("cluster ") << QSize(520, 240);
    QTest::newRow("10 classes, short view") << 10 << QStringLiteral("cluster ") << QSize(520, 130);
}

void TestClassKey::everyClassHasAnEntry() {
    QFETCH(int, count);
    QFETCH(QString, prefix);
    QFETCH(QSize, size);
    DataScatterView view;
    view.resize(size);
    view.setData(classes(count, prefix));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCoreApplication::processEvents();
    const ClassKey* key = view.key();
    QCOMPARE(key->entries().size(), qsizetype(count));
    QVERIFY(QRect(QPoint(0, 0), view.size()).contains(key->geometry()));
    for (int i = 0; i < count; ++i) {
        QCOMPARE(key->entries()[i].name, prefix + QString::number(i));
        const QRectF r = key->entryRect(i);
        QVERIFY2(QRectF(key->rect()).contains(r), qPrintable(QStringLiteral("entry %1 is cut off").arg(i)));
        for (int j = i + 1; j < count; ++j) QVERIFY(!r.intersects(key->entryRect(j)));
    }
    // The plot keeps most of the width.
    QVERIFY(key->width() < size.width() / 2);
}

QTEST_MAIN(TestClassKey)
#include "tst_class_key.moc"
