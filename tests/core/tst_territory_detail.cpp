// Tests core/train/territory_detail.* through Experiment::territory(): every cell's expert,
// per-layer territory and each expert's own decision agree with what the gate inspector
// (SampleInspector) says about the same input; the hash router's territory is the hash's
// choice, not the flat gate's argmax.
#include "core/data/generators.h"
#include "core/train/experiment.h"
#include "core/train/sample_inspector.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

#include <algorithm>

using namespace moe;

namespace {

Dataset makeData(const std::string& name, int samples) { return testing::generated(name, samples, 9); }

using NoStop = testing::RunToTheEnd;

/// The raw features at the centre of cell (row, col) of `spec`.
std::vector<float> cellFeatures(const GridSpec& spec, int row, int col) {
    const double y = spec.yMax - (row + 0.5) * (spec.yMax - spec.yMin) / spec.height;
    const double x = spec.xMin + (col + 0.5) * (spec.xMax - spec.xMin) / spec.width;
    return spec.plane->pointAt(x, y);
}

int argmax(const std::vector<float>& v) {
    return static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

class TestTerritoryDetail : public QObject {
    Q_OBJECT
private slots:
    void cellsAgreeWithTheInspector_data();
    void cellsAgreeWithTheInspector();
};

void TestTerritoryDetail::cellsAgreeWithTheInspector_data() {
    QTest::addColumn<QString>("dataset");
    QTest::addColumn<QString>("router");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("layers");
    QTest::newRow("spirals softmax-topk mixture") << "spirals" << "softmax-topk" << "mixture" << 1;
    QTest::newRow("blobs hash mixture") << "blobs" << "hash" << "mixture" << 1;
    QTest::newRow("moons sigmoid-bias mixture") << "moons" << "sigmoid-bias" << "mixture" << 1;
    QTest::newRow("spirals softmax-topk block, 2 layers") << "spirals" << "softmax-topk" << "block" << 2;
    QTest::newRow("piecewise (regression) mixture") << "piecewise" << "softmax-topk" << "mixture" << 1;
}

void TestTerritoryDetail::cellsAgreeWithTheInspector() {
    QFETCH(QString, dataset);
    QFETCH(QString, router);
    QFETCH(QString, mode);
    QFETCH(int, layers);
    const Dataset data = makeData(dataset.toStdString(), 300);
    RunConfig c;
    c.model.experts = 4;
    c.model.topK = 2;
    c.model.hidden = 8;
    c.model.router = *parseRouter(router.toStdString());
    c.model.mode = *parseMode(mode.toStdString());
    c.model.layers = layers;
    c.train.epochs = 4;
    c.train.seed = 3;
    auto created = Experiment::create(data, c);
    QVERIFY(created.ok());
    Experiment& e = *created.value();
    NoStop obs;
    e.run(obs);
    const GridSpec spec = e.defaultGrid(24, 20);
    const TerritoryGrid grid = e.territory(spec);
    const auto cells = static_cast<std::size_t>(spec.width * spec.height);
    QCOMPARE(grid.layerExpert.size(), static_cast<std::size_t>(layers));
    QCOMPARE(grid.expert, grid.layerExpert[0]);
    const bool classification = data.task == Task::Classification;
    QCOMPARE(classification ? grid.expertClass.size() : grid.expertValue.size(), std::size_t{4});

    auto inspector = e.inspector();
    bool hashSpreads = false;
    for (int row = 0; row < spec.height; row += 3) {
        for (int col = 0; col < spec.width; col += 5) {
            const std::size_t cell = static_cast<std::size_t>(row * spec.width + col);
            QVERIFY(cell < cells);
            const SampleInspection s = inspector->inspect(cellFeatures(spec, row, col)).value();
            for (int l = 0; l < layers; ++l) {
                const LayerInspection& li = s.layers[static_cast<std::size_t>(l)];
                const int shown = grid.layerExpert[static_cast<std::size_t>(l)][cell];
                if (c.model.router == RouterKind::Hash || c.model.router == RouterKind::SigmoidBias) {
                    QCOMPARE(shown, li.chosen.front().expert);  // the router's own first choice
                    if (shown != grid.layerExpert[0][0]) hashSpreads = true;
                } else {
                    QCOMPARE(shown, argmax(li.gate));
                }
            }
            if (classification) {
                QCOMPARE(grid.predictedClass[cell], s.predictedClass);
                for (const ExpertAnswer& a : s.layers[0].chosen)
                    QCOMPARE(grid.expertClass[static_cast<std::size_t>(a.expert)][cell], argmax(a.classProbabilities));
            } else {
                for (const ExpertAnswer& a : s.layers[0].chosen) {
                    const float v = grid.expertValue[static_cast<std::size_t>(a.expert)][cell];
                    QVERIFY(std::abs(v - a.value) < 1e-4f * (1.0f + std::abs(v)));
                }
            }
        }
    }
    if (c.model.router == RouterKind::Hash) {
        QVERIFY(hashSpreads);  // the hash spreads the plane over experts; the flat gate would not
        for (float conf : grid.confidence) QCOMPARE(conf, 1.0f);
    }
}

QTEST_APPLESS_MAIN(TestTerritoryDetail)
#include "tst_territory_detail.moc"
