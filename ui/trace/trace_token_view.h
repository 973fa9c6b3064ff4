#pragma once
// Intended usage: the Trace workspace's Tokens view - the recorded text, one sequence at a
// time, each token on the colour of the expert its router chose first at the chosen MoE layer
// (the window's expert palette and numbering); hovering a token lists its choices and weights
// at every layer. A trace without texts shows each token by its position; a count-only trace
// has no tokens to show and says so.
//
//   auto* view = new TraceTokenView;
//   view->setTrace(loaded);
//   view->setLayer(3);          // index into meta.moe_layers
//   view->setSequence(0);       // index into sequences(), in the order first met

#include "ui/trace/trace_loader.h"

#include <QWidget>

#include <cstdint>
#include <vector>

class QLabel;
class QScrollArea;
class QSpinBox;

namespace moe::ui {

class TraceTokenView : public QWidget {
    Q_OBJECT
public:
    /// At most this many tokens of a sequence are drawn (a note says when more were cut).
    static constexpr int kMaxTokensShown = 4000;

    explicit TraceTokenView(QWidget* parent = nullptr);

    void setTrace(const LoadedTrace& trace);
    void setLayer(int layer);
    void setSequence(int index);
    int layer() const;
    int sequence() const;

    /// The distinct sequence numbers, in the order their first token comes.
    const std::vector<std::int32_t>& sequences() const { return m_sequenceIds; }
    /// The tokens drawn now, in position order.
    const std::vector<std::size_t>& shownTokens() const { return m_shown; }
    /// The first choice at the current layer of shown token `i` (0-based expert id).
    int firstChoice(std::size_t i) const;
    /// The rich-text tooltip of trace token `token`: its text, then its choices at every layer.
    QString tokenToolTip(std::size_t token) const;
    /// The token's text as drawn: control characters as escapes, a line break as ↵.
    static QString displayText(const moe::RoutingTrace& trace, std::size_t token);

    /// The key above the text: the most frequent first choices among the shown tokens.
    QString keyText() const;

    QSpinBox* layerBox() const { return m_layer; }
    QSpinBox* sequenceBox() const { return m_sequence; }
    QWidget* canvas() const { return m_canvas; }

private:
    void showSequence();

    LoadedTrace m_trace;
    std::vector<std::int32_t> m_sequenceIds;
    std::vector<std::vector<std::size_t>> m_sequenceTokens;  ///< per sequence, by position
    std::vector<std::size_t> m_shown;
    QSpinBox* m_layer = nullptr;
    QSpinBox* m_sequence = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_key = nullptr;
    QScrollArea* m_scroll = nullptr;
    QWidget* m_canvas = nullptr;
};

}  // namespace moe::ui
