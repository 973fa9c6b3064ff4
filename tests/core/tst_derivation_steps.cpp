// Tests core/teach/derivation_steps.*: for every router and block mode the steps link only
// to entries of the shipped glossary and say what the router does (the k largest marked,
// top-p's running sum and stop, expert choice's place in the batch, noise zero at inference,
// s + b, the fixed hash, the residual); lines about an expert carry its index; the text
// names the glossary terms and ends with their definitions; numbers are formatted as
// documented.
#include "core/io/glossary_file.h"
#include "core/teach/derivation_steps.h"
#include "core/train/experiment.h"
#include "tests/support/experiment_fixtures.h"

#include <QTest>

using namespace moe;

namespace {

struct Written {
    RoutingDerivation derivation;
    std::vector<DerivationStep> steps;
    QString text;
};

Written write(const QString& router, const QString& mode, const Glossary& glossary) {
    const Dataset data = testing::generated("spirals", 200, 3, true);
    RunConfig c = testing::tinyConfig(3, 32, 7);
    c.model.router = *parseRouter(router.toStdString());
    c.model.mode = *parseMode(mode.toStdString());
    if (c.model.router == RouterKind::Switch) c.model.topK = 1;
    if (c.model.mode == MoeMode::Block) c.model.layers = 2;
    auto e = testing::trained(data, c);
    auto inspector = e->inspector();
    Written w;
    w.derivation = deriveRouting(*inspector, {0.5f, -0.25f}, e->cost()).value();
    w.steps = derivationSteps(w.derivation);
    w.text = QString::fromStdString(derivationText(w.steps, &glossary));
    return w;
}

int chosenMarks(const std::vector<DerivationStep>& steps, const QString& titlePart) {
    int n = 0;
    for (const DerivationStep& s : steps)
        if (QString::fromStdString(s.title).contains(titlePart))
            for (const DerivationLine& l : s.lines) n += QString::fromStdString(l.text).endsWith("<- chosen") ? 1 : 0;
    return n;
}

}  // namespace

class TestDerivationSteps : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        Result<Glossary> g = readGlossaryFile(MOE_GLOSSARY_FILE);
        QVERIFY2(g.ok(), g.ok() ? "" : g.error().c_str());
        m_glossary = std::move(g).value();
    }
    void everyRouterIsWrittenOut_data();
    void everyRouterIsWrittenOut();
    void numbersAreFormatted();

private:
    Glossary m_glossary;
};

void TestDerivationSteps::everyRouterIsWrittenOut_data() {
    QTest::addColumn<QString>("router");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("says");
    QTest::newRow("dense") << "dense" << "mixture" << "uses all 4 experts";
    QTest::newRow("softmax-topk") << "softmax-topk" << "mixture" << "Selection: the 2 largest p";
    QTest::newRow("switch") << "switch" << "mixture" << "Selection: the 1 largest p";
    QTest::newRow("noisy-topk") << "noisy-topk" << "mixture" << "At inference the noise is zero, so H = l.";
    QTest::newRow("expert-choice") << "expert-choice" << "mixture" << "inputs of the batch with the highest p for it";
    QTest::newRow("top-p") << "top-p" << "mixture" << ": included, stop";
    QTest::newRow("sigmoid-bias") << "sigmoid-bias" << "mixture" << "s + b = ";
    QTest::newRow("hash") << "hash" << "mixture" << "cyclically (not learned)";
    QTest::newRow("block") << "softmax-topk" << "block" << "Block 2: Residual";
}

void TestDerivationSteps::everyRouterIsWrittenOut() {
    QFETCH(QString, router);
    QFETCH(QString, mode);
    QFETCH(QString, says);
    const Written w = write(router, mode, m_glossary);
    QVERIFY2(w.text.contains(says), qPrintable(w.text));
    for (const DerivationStep& s : w.steps) {
        QVERIFY2(m_glossary.find(s.glossaryId), s.glossaryId.c_str());
        QVERIFY2(!s.lines.empty(), s.title.c_str());
        QVERIFY2(w.text.contains("[glossary: " + QString::fromStdString(m_glossary.find(s.glossaryId)->term) + "]"), s.title.c_str());
        for (const DerivationLine& l : s.lines) QVERIFY(l.expert >= -1 && l.expert < 4);
    }
    const RoutingDerivation& d = w.derivation;
    // The k largest are marked, and only they.
    if (router == "softmax-topk" || router == "switch" || router == "noisy-topk" || router == "sigmoid-bias")
        QCOMPARE(chosenMarks(w.steps, "Selection"), static_cast<int>(d.layers.size()) * (router == "switch" ? 1 : 2));
    // Every chosen expert has a weight line tagged with it.
    for (std::size_t l = 0; l < d.layers.size(); ++l)
        for (const ExpertTerm& t : d.layers[l].chosen) {
            bool tagged = false;
            for (const DerivationStep& s : w.steps)
                if (s.layer == static_cast<int>(l) && s.glossaryId != "logit")
                    for (const DerivationLine& line : s.lines) tagged = tagged || (line.expert == t.expert && line.chosen);
            QVERIFY(tagged);
        }
    QVERIFY(w.text.contains("\nGlossary\n"));
    QVERIFY(w.text.contains("Cost of this input"));
    QVERIFY(w.text.contains(QString::fromStdString(m_glossary.find("flops")->definition)));
    // Without a glossary the ids stand in for the terms and no definitions follow.
    const QString bare = QString::fromStdString(derivationText(w.steps, nullptr));
    QVERIFY(bare.contains("[glossary: flops]"));
    QVERIFY(!bare.contains("\nGlossary\n"));
}

void TestDerivationSteps::numbersAreFormatted() {
    QCOMPARE(QString::fromStdString(formatNumber(0.123456)), QString("0.1235"));
    QCOMPARE(QString::fromStdString(formatNumber(-0.00001)), QString("-1.000e-05"));
    QCOMPARE(QString::fromStdString(formatNumber(-0.00000)), QString("0.0000"));
    QCOMPARE(QString::fromStdString(formatNumber(1234.4)), QString("1234"));
    QCOMPARE(QString::fromStdString(formatNumber(2.5e7)), QString("2.500e+07"));
    QCOMPARE(QString::fromStdString(formatNumber(std::nan(""))), QString("n/a"));
}

QTEST_APPLESS_MAIN(TestDerivationSteps)
#include "tst_derivation_steps.moc"
