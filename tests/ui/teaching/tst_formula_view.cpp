// Tests ui/teaching/formula_view.*: the view shows the core's steps (its Copy as text is
// derivationText with the glossary), highlights the lines of a hovered expert and reports
// the expert under the pointer, opens glossary links, coalesces updates to <= 20 Hz, and
// says in words why expert choice alone or a refused input has no write-out.
#include "core/teach/routing_derivation.h"
#include "core/train/experiment.h"
#include "tests/support/experiment_fixtures.h"
#include "ui/glossary/app_glossary.h"
#include "ui/teaching/formula_view.h"

#include <QAbstractTextDocumentLayout>
#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QToolButton>

using namespace moe::ui;

namespace {

struct Fixture {
    std::unique_ptr<moe::Experiment> experiment;
    std::shared_ptr<moe::SampleInspector> inspector;
    moe::Dataset data;
};

Fixture make(moe::RouterKind router) {
    Fixture f;
    f.data = moe::testing::generated("spirals", 200, 3, true);
    moe::RunConfig c = moe::testing::tinyConfig(3, 32, 7);
    c.model.router = router;
    f.experiment = moe::testing::trained(f.data, c);
    f.inspector = f.experiment->inspector();
    return f;
}

/// The first block of `view`'s document whose text starts with `prefix`.
QTextBlock blockStarting(const FormulaView& view, const QString& prefix) {
    for (QTextBlock b = view.browser()->document()->begin(); b.isValid(); b = b.next())
        if (b.text().startsWith(prefix)) return b;
    return {};
}

}  // namespace

class TestFormulaView : public QObject {
    Q_OBJECT
private slots:
    void showsTheCoreStepsAndCopiesThem() {
        QVERIFY2(applicationGlossaryError().isEmpty(), qPrintable(applicationGlossaryError()));
        Fixture f = make(moe::RouterKind::SoftmaxTopK);
        FormulaView view(&applicationGlossary());
        const auto d = moe::deriveRouting(*f.inspector, moe::testing::rawRow(f.data, 3), f.experiment->cost());
        view.setDerivation(d);
        view.refreshNow();
        const auto steps = moe::derivationSteps(d.value());
        QCOMPARE(view.steps().size(), steps.size());
        QCOMPARE(view.plainText(), QString::fromStdString(moe::derivationText(steps, &applicationGlossary())));
        QVERIFY(view.copyButton()->isEnabled());
        view.copyButton()->click();
        QCOMPARE(QApplication::clipboard()->text(), view.plainText());
        // Every step's title and every line is in the document.
        const QString shown = view.browser()->toPlainText();
        for (const auto& s : steps) {
            QVERIFY(shown.contains(QString::fromStdString(s.title)));
            for (const auto& l : s.lines) QVERIFY(shown.contains(QString::fromStdString(l.text)));
        }
    }

    void hoverHighlightsBothWays() {
        Fixture f = make(moe::RouterKind::SoftmaxTopK);
        FormulaView view(&applicationGlossary());
        view.resize(600, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setExpertColours({Qt::red, Qt::green, Qt::blue, Qt::yellow});
        view.setDerivation(moe::deriveRouting(*f.inspector, moe::testing::rawRow(f.data, 3), f.experiment->cost()));
        view.refreshNow();
        view.setHighlightedExpert(1);
        const QTextBlock p2 = blockStarting(view, "p_2 = ");
        const QTextBlock p1 = blockStarting(view, "p_1 = ");
        QVERIFY(p2.isValid() && p1.isValid());
        QVERIFY(p2.blockFormat().background().color().alpha() > 0);
        QCOMPARE(p1.blockFormat().background().color().alpha(), 0);

        QSignalSpy hovered(&view, &FormulaView::expertHovered);
        const QRectF r = view.browser()->document()->documentLayout()->blockBoundingRect(p1);
        const QPoint at = r.center().toPoint() - QPoint(0, view.browser()->verticalScrollBar()->value());
        QMouseEvent move(QEvent::MouseMove, at, view.browser()->viewport()->mapToGlobal(at), Qt::NoButton, Qt::NoButton,
                         Qt::NoModifier);
        QApplication::sendEvent(view.browser()->viewport(), &move);
        QCOMPARE(hovered.count(), 1);
        QCOMPARE(hovered.takeFirst().at(0).toInt(), 0);
        QCOMPARE(view.highlightedExpert(), 0);
        QEvent leave(QEvent::Leave);
        QApplication::sendEvent(view.browser()->viewport(), &leave);
        QCOMPARE(hovered.takeFirst().at(0).toInt(), -1);
    }

    void glossaryLinksAreReported() {
        Fixture f = make(moe::RouterKind::TopP);
        FormulaView view(&applicationGlossary());
        view.setDerivation(moe::deriveRouting(*f.inspector, moe::testing::rawRow(f.data, 3), f.experiment->cost()));
        view.refreshNow();
        QSignalSpy requested(&view, &FormulaView::glossaryRequested);
        emit view.browser()->anchorClicked(QUrl(QStringLiteral("glossary:top-p")));
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.takeFirst().at(0).toString(), QString("top-p"));
        // The step's link is in the document, with the entry's term.
        QVERIFY(view.browser()->toHtml().contains("glossary:top-p"));
        QVERIFY(view.browser()->toPlainText().contains("Top-p (dynamic) routing"));
    }

    void updatesAreCoalesced() {
        Fixture f = make(moe::RouterKind::SoftmaxTopK);
        FormulaView view(&applicationGlossary());
        const auto first = moe::deriveRouting(*f.inspector, moe::testing::rawRow(f.data, 3), f.experiment->cost());
        const auto second = moe::deriveRouting(*f.inspector, moe::testing::rawRow(f.data, 4), f.experiment->cost());
        QTest::qWait(FormulaView::kMinIntervalMs + 5);
        view.setDerivation(first);   // drawn at once: nothing was drawn for a while
        const QString drawn = view.browser()->toPlainText();
        view.setDerivation(second);  // within the interval: waits
        QCOMPARE(view.browser()->toPlainText(), drawn);
        QTRY_VERIFY_WITH_TIMEOUT(view.browser()->toPlainText() != drawn, 1000);
    }

    void saysWhyThereIsNoWriteOut() {
        Fixture f = make(moe::RouterKind::ExpertChoice);
        auto empty = std::make_shared<moe::Dataset>();
        empty->cols = f.data.cols;
        moe::SampleInspector alone(f.experiment->trainedModel(), empty);
        FormulaView view(&applicationGlossary());
        view.setDerivation(moe::deriveRouting(alone, moe::testing::rawRow(f.data, 0), f.experiment->cost()));
        view.refreshNow();
        QVERIFY(view.browser()->toPlainText().contains("Expert choice is undefined for one input alone"));
        view.setDerivation(moe::deriveRouting(*f.inspector, {1.0f}, f.experiment->cost()));
        view.refreshNow();
        QVERIFY(view.steps().empty());
        QVERIFY(!view.copyButton()->isEnabled());
        QVERIFY(view.findChild<QLabel*>()->text().contains("the model takes 2 features"));
    }
};

QTEST_MAIN(TestFormulaView)
#include "tst_formula_view.moc"
