#include "ui/trace/trace_token_view.h"

#include "core/util/quote_for_message.h"
#include "ui/charts/expert_palette.h"

#include <QEvent>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QScrollArea>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <numeric>

namespace moe::ui {
namespace {

// Draws the shown tokens as flowing text on their experts' colours; its height follows its
// width, so the scroll area around it scrolls the rest.
class TokenCanvas : public QWidget {
public:
    explicit TokenCanvas(TraceTokenView* owner) : m_owner(owner) {
        setMouseTracking(true);
        setAttribute(Qt::WA_OpaquePaintEvent);
    }

    void relayout(const moe::RoutingTrace* trace) {
        m_trace = trace;
        m_boxes.clear();
        m_texts.clear();
        const QFontMetrics fm(font());
        const int pad = 3, gap = 2, lineH = fm.height() + 2 * pad + gap;
        int x = gap, y = gap;
        const int width = std::max(200, this->width());
        if (m_trace) {
            for (std::size_t token : m_owner->shownTokens()) {
                QString text = TraceTokenView::displayText(*m_trace, token);
                const bool breaks = text.endsWith(QChar(0x21B5));
                const int w = fm.horizontalAdvance(text) + 2 * pad;
                if (x + w > width - gap && x > gap) {
                    x = gap;
                    y += lineH;
                }
                m_boxes.push_back(QRect(x, y, w, lineH - gap));
                m_texts.push_back(std::move(text));
                x += w + gap;
                if (breaks) {
                    x = gap;
                    y += lineH;
                }
            }
        }
        const int height = y + lineH + gap;
        if (minimumHeight() != height) setMinimumHeight(height);
        update();
    }

protected:
    void resizeEvent(QResizeEvent*) override { relayout(m_trace); }

    void paintEvent(QPaintEvent* event) override {
        QPainter p(this);
        p.fillRect(event->rect(), palette().base());
        if (!m_trace) return;
        const int pad = 3;
        p.setRenderHint(QPainter::Antialiasing);
        for (std::size_t i = 0; i < m_boxes.size(); ++i) {
            const QRect& box = m_boxes[i];
            if (!box.intersects(event->rect())) continue;
            const int expert = m_owner->firstChoice(i);
            p.setPen(Qt::NoPen);
            p.setBrush(ExpertPalette::shaded(expert, 0.45));
            p.drawRoundedRect(box, 3, 3);
            p.setPen(QColor(0x1A, 0x1A, 0x1A));
            p.drawText(box.adjusted(pad, 0, -pad, 0), Qt::AlignVCenter | Qt::AlignLeft, m_texts[i]);
            if (static_cast<int>(i) == m_hover) {
                p.setBrush(Qt::NoBrush);
                p.setPen(QPen(QColor(0x1A, 0x1A, 0x1A), 1.5));
                p.drawRoundedRect(QRectF(box).adjusted(0.75, 0.75, -0.75, -0.75), 3, 3);
            }
        }
    }

    bool event(QEvent* e) override {
        if (e->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(e);
            const int i = boxAt(help->pos());
            if (i < 0) QToolTip::hideText();
            else QToolTip::showText(help->globalPos(), m_owner->tokenToolTip(m_owner->shownTokens()[static_cast<std::size_t>(i)]), this, m_boxes[static_cast<std::size_t>(i)]);
            return true;
        }
        if (e->type() == QEvent::Leave && m_hover >= 0) {
            m_hover = -1;
            update();
        }
        return QWidget::event(e);
    }

    void mouseMoveEvent(QMouseEvent* e) override {
        const int i = boxAt(e->position().toPoint());
        if (i != m_hover) {
            m_hover = i;
            update();
        }
    }

private:
    int boxAt(QPoint pos) const {
        for (std::size_t i = 0; i < m_boxes.size(); ++i)
            if (m_boxes[i].contains(pos)) return static_cast<int>(i);
        return -1;
    }

    TraceTokenView* m_owner;
    const moe::RoutingTrace* m_trace = nullptr;
    std::vector<QRect> m_boxes;
    std::vector<QString> m_texts;
    int m_hover = -1;
};

}  // namespace

TraceTokenView::TraceTokenView(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("traceTokenView"));
    setToolTip(tr("The recorded text, each token on the colour of the expert chosen first at the chosen layer; "
                  "hover a token for its choices and weights at every layer"));
    m_layer = new QSpinBox;
    m_layer->setObjectName(QStringLiteral("traceTokenLayer"));
    m_layer->setToolTip(tr("The MoE layer whose first choice colours the tokens"));
    m_sequence = new QSpinBox;
    m_sequence->setObjectName(QStringLiteral("traceTokenSequence"));
    m_sequence->setToolTip(tr("Which recorded sequence (document, line) to show, in the order of the trace"));
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_key = new QLabel;
    m_key->setObjectName(QStringLiteral("traceTokenKey"));
    m_key->setTextFormat(Qt::RichText);
    m_key->setWordWrap(true);
    m_canvas = new TokenCanvas(this);
    m_canvas->setObjectName(QStringLiteral("traceTokenText"));
    m_scroll = new QScrollArea;
    m_scroll->setWidget(m_canvas);
    m_scroll->setWidgetResizable(true);
    m_scroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    m_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* controls = new QHBoxLayout;
    auto* layerLabel = new QLabel(tr("&Layer:"));
    layerLabel->setBuddy(m_layer);
    auto* sequenceLabel = new QLabel(tr("&Sequence:"));
    sequenceLabel->setBuddy(m_sequence);
    controls->addWidget(layerLabel);
    controls->addWidget(m_layer);
    controls->addSpacing(12);
    controls->addWidget(sequenceLabel);
    controls->addWidget(m_sequence);
    controls->addSpacing(12);
    controls->addWidget(m_note, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_key);
    layout->addWidget(m_scroll, 1);
    connect(m_layer, &QSpinBox::valueChanged, this, [this] { showSequence(); });
    connect(m_sequence, &QSpinBox::valueChanged, this, [this] { showSequence(); });
}

QString TraceTokenView::displayText(const moe::RoutingTrace& trace, std::size_t token) {
    if (!trace.hasText()) return QStringLiteral("#%1").arg(trace.position[token]);
    const std::string_view raw = trace.text(token);
    std::string body(raw);
    bool newline = false;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) {
        newline = newline || body.back() == '\n';
        body.pop_back();
    }
    QString text = QString::fromStdString(moe::visibleText(body));
    if (text.isEmpty() && !newline) text = QStringLiteral("·");
    if (newline) text += QChar(0x21B5);
    return text;
}

void TraceTokenView::setTrace(const LoadedTrace& trace) {
    m_trace = trace;
    m_sequenceIds.clear();
    m_sequenceTokens.clear();
    const bool tokens = !trace.isEmpty() && !trace.trace->countsOnly;
    if (tokens) {
        const moe::RoutingTrace& t = *trace.trace;
        std::map<std::int32_t, std::size_t> where;
        for (std::size_t i = 0; i < t.tokens(); ++i) {
            auto [it, fresh] = where.try_emplace(t.sequence[i], m_sequenceIds.size());
            if (fresh) {
                m_sequenceIds.push_back(t.sequence[i]);
                m_sequenceTokens.emplace_back();
            }
            m_sequenceTokens[it->second].push_back(i);
        }
        for (std::vector<std::size_t>& s : m_sequenceTokens)
            std::stable_sort(s.begin(), s.end(), [&t](std::size_t a, std::size_t b) { return t.position[a] < t.position[b]; });
    }
    {
        const QSignalBlocker quiet1(m_layer), quiet2(m_sequence);
        m_layer->setRange(0, tokens ? trace.trace->layers() - 1 : 0);
        m_layer->setValue(0);
        m_sequence->setRange(tokens ? 1 : 0, std::max<int>(static_cast<int>(m_sequenceIds.size()), tokens ? 1 : 0));
        m_sequence->setValue(tokens ? 1 : 0);
    }
    m_layer->setEnabled(tokens);
    m_sequence->setEnabled(tokens);
    showSequence();
}

void TraceTokenView::setLayer(int layer) { m_layer->setValue(layer); }
void TraceTokenView::setSequence(int index) { m_sequence->setValue(index + 1); }
int TraceTokenView::layer() const { return m_layer->value(); }
int TraceTokenView::sequence() const { return m_sequence->value() - 1; }

int TraceTokenView::firstChoice(std::size_t i) const {
    return m_trace.trace->expertId(layer(), m_shown[i], 0);
}

void TraceTokenView::showSequence() {
    m_shown.clear();
    auto* canvas = static_cast<TokenCanvas*>(m_canvas);
    if (m_trace.isEmpty() || m_trace.trace->countsOnly) {
        m_key->clear();
        m_note->setText(m_trace.isEmpty() ? tr("No routing trace is open.")
                                          : tr("A count-only trace records how many tokens each expert received, "
                                               "not the tokens themselves: there is no text to show."));
        canvas->relayout(nullptr);
        return;
    }
    const moe::RoutingTrace& t = *m_trace.trace;
    if (m_sequenceIds.empty()) {
        m_key->clear();
        m_note->setText(tr("The trace holds no tokens."));
        canvas->relayout(nullptr);
        return;
    }
    m_layer->setSuffix(tr(" (network layer %1)").arg(t.meta.moeLayers[static_cast<std::size_t>(layer())]));
    m_sequence->setSuffix(tr(" of %1").arg(m_sequenceIds.size()));
    const std::vector<std::size_t>& all = m_sequenceTokens[static_cast<std::size_t>(sequence())];
    const std::size_t n = std::min<std::size_t>(all.size(), kMaxTokensShown);
    m_shown.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    QString note = tr("Sequence %1: %2 tokens, coloured by their first choice at this layer.")
                       .arg(m_sequenceIds[static_cast<std::size_t>(sequence())])
                       .arg(all.size());
    if (n < all.size()) note += tr(" The first %1 are shown.").arg(n);
    if (!t.hasText()) note += tr(" The trace holds no texts: tokens are shown by position.");
    m_note->setText(note);
    m_key->setText(keyText());
    canvas->relayout(&t);
}

QString TraceTokenView::keyText() const {
    if (m_shown.empty()) return {};
    // With up to 128 experts the colours alone cannot name them: the busiest ones are keyed.
    std::map<int, int> count;
    for (std::size_t i = 0; i < m_shown.size(); ++i) ++count[firstChoice(i)];
    std::vector<std::pair<int, int>> busiest(count.begin(), count.end());
    std::stable_sort(busiest.begin(), busiest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    QStringList items;
    for (std::size_t i = 0; i < busiest.size() && i < 8; ++i)
        items << QStringLiteral("<span style='background-color:%1'>&nbsp;%2&nbsp;</span> %3")
                     .arg(ExpertPalette::shaded(busiest[i].first, 0.45).name(), ExpertPalette::name(busiest[i].first))
                     .arg(busiest[i].second);
    QString text = tr("First choices here: %1").arg(items.join(QStringLiteral(" &nbsp; ")));
    if (busiest.size() > 8) text += tr(" &nbsp;and %1 more experts").arg(busiest.size() - 8);
    return text;
}

QString TraceTokenView::tokenToolTip(std::size_t token) const {
    if (m_trace.isEmpty()) return {};
    const moe::RoutingTrace& t = *m_trace.trace;
    QString html = tr("<b>%1</b> &nbsp;sequence %2, position %3, id %4")
                       .arg(displayText(t, token).toHtmlEscaped())
                       .arg(t.sequence[token])
                       .arg(t.position[token])
                       .arg(token);
    if (t.hasLabels() && t.label[token] >= 0)
        html += tr(", label %1").arg(QString::fromStdString(moe::visibleText(t.meta.labels[static_cast<std::size_t>(t.label[token])])).toHtmlEscaped());
    // Two columns of layers when there are many, so 48 layers fit on a 800-pixel screen.
    const int L = t.layers();
    const int columns = L > 16 ? 2 : 1;
    const int perColumn = (L + columns - 1) / columns;
    html += QStringLiteral("<table cellspacing=0 cellpadding=1><tr>");
    for (int c = 0; c < columns; ++c) {
        html += QStringLiteral("<td valign=top style='padding-right:10px'><table cellspacing=0 cellpadding=1>");
        for (int l = c * perColumn; l < std::min(L, (c + 1) * perColumn); ++l) {
            html += QStringLiteral("<tr><td align=right>L%1&nbsp;</td><td>").arg(t.meta.moeLayers[static_cast<std::size_t>(l)]);
            for (int r = 0; r < t.meta.topK; ++r) {
                const int e = t.expertId(l, token, r);
                html += QStringLiteral("<span style='background-color:%1'>&nbsp;%2&nbsp;</span>&nbsp;%3 ")
                            .arg(ExpertPalette::shaded(e, 0.45).name())
                            .arg(e + 1)
                            .arg(static_cast<double>(t.weight(l, token, r)), 0, 'f', 2);
            }
            html += QStringLiteral("</td></tr>");
        }
        html += QStringLiteral("</table></td>");
    }
    html += QStringLiteral("</tr></table>");
    html += tr("<i>Each layer: the chosen experts, best first, numbered from 1, with their weights.</i>");
    return html;
}

}  // namespace moe::ui
