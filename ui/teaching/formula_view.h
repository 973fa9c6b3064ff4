#pragma once
// Intended usage: the "Formula" view beside the gate inspector - the routing of the shown
// input written out step by step with the model's real numbers (core/teach/
// routing_derivation.h, rendered by derivation_steps.h). Each step's title links to its
// glossary entry; a line about one expert is highlighted when that expert is hovered in the
// gate bars (setHighlightedExpert), and hovering such a line reports the expert
// (expertHovered) so the bars can highlight it back. Copy as text puts the plain-text
// write-out, with the linked glossary definitions, on the clipboard.
//
//   auto* formula = new FormulaView(&applicationGlossary());
//   formula->setDerivation(deriveRouting(*inspector, features, cost));   // <= 20 Hz
//   connect(formula, &FormulaView::glossaryRequested, dock, &GlossaryDock::showEntry);
//
// Updates are coalesced: setDerivation() stores the latest write-out and redraws at most
// every kMinIntervalMs, so a fast trainer cannot flood the view.

#include "core/teach/derivation_steps.h"
#include "core/teach/glossary.h"
#include "core/util/result.h"

#include <QColor>
#include <QElapsedTimer>
#include <QString>
#include <QTimer>
#include <QVector>
#include <QWidget>

class QLabel;
class QTextBrowser;
class QToolButton;

namespace moe::ui {

class FormulaView : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMinIntervalMs = 50;  // <= 20 redraws a second

    explicit FormulaView(const moe::Glossary* glossary, QWidget* parent = nullptr);

    /// A new write-out (or why there is none); drawn within kMinIntervalMs.
    void setDerivation(const moe::Result<moe::RoutingDerivation>& derivation);
    /// Nothing to write out: `message` says why ("Pin an input ...").
    void clear(const QString& message);
    /// Marks the lines about `expert` (0-based; -1: none).
    void setHighlightedExpert(int expert);
    /// Colours of the experts, for the highlight (the expert palette); index = expert.
    void setExpertColours(const QVector<QColor>& colours);
    /// Draws a pending update at once.
    void refreshNow();

    const std::vector<moe::DerivationStep>& steps() const { return m_steps; }
    int highlightedExpert() const { return m_highlighted; }
    /// What Copy as text puts on the clipboard.
    QString plainText() const;
    QTextBrowser* browser() const { return m_browser; }
    QToolButton* copyButton() const { return m_copy; }

signals:
    /// The pointer is over a line about `expert` (-1 when it leaves such lines).
    void expertHovered(int expert);
    /// A step's glossary link was clicked.
    void glossaryRequested(const QString& id);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void render();
    void applyHighlight();
    int expertAt(const QPoint& viewportPos) const;

    const moe::Glossary* m_glossary;
    QLabel* m_message = nullptr;
    QTextBrowser* m_browser = nullptr;
    QToolButton* m_copy = nullptr;
    std::vector<moe::DerivationStep> m_steps;
    QString m_pendingMessage;
    bool m_dirty = false;
    int m_highlighted = -1;
    int m_hovered = -1;
    QVector<QColor> m_colours;
    QTimer m_timer;
    QElapsedTimer m_sinceRender;
};

}  // namespace moe::ui
