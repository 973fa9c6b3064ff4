#include "ui/scale/at_scale_view.h"

#include "ui/scale/llm_config_form.h"
#include "ui/scale/placement_grid_view.h"
#include "ui/scale/rank_load_view.h"
#include "ui/scale/stacked_bars_view.h"
#include "ui/training/training_controller.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

namespace moe::ui {
namespace {

QLabel* textLabel(const QString& name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

QLabel* heading(const QString& text, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    return label;
}

QScrollArea* scrolled(QWidget* content) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return scroll;
}

QString esc(const std::string& text) { return QString::fromStdString(text).toHtmlEscaped(); }

// The largest number of ranks up to `wanted` that divides `experts` (every placement fits).
int dividingRanks(int experts, int wanted) {
    for (int r = std::clamp(wanted, 1, experts); r > 1; --r)
        if (experts % r == 0) return r;
    return 1;
}

}  // namespace

AtScaleView::AtScaleView(TrainingController* controller, QWidget* parent)
    : QWidget(parent), m_controller(controller) {
    setObjectName(QStringLiteral("atScaleView"));
    m_form = new LlmConfigForm;
    m_form->setObjectName(QStringLiteral("llmConfigForm"));

    m_scaleUp = new QPushButton(tr("Scale up my model"), this);
    m_scaleUp->setObjectName(QStringLiteral("scaleUp"));
    m_scaleUp->setToolTip(tr("<p>Put the trained model's shape (its experts and top-k) and the load each of its "
                             "experts measured into this model, at the width and ranks of the form: what the same "
                             "routing would cost at scale. Needs at least one trained epoch.</p>"));
    m_uniform = new QPushButton(tr("Uniform routing"), this);
    m_uniform->setObjectName(QStringLiteral("uniformRouting"));
    m_uniform->setToolTip(tr("<p>Every routed expert gets the same share of the tokens again, as `moe cost` assumes "
                             "without --loads.</p>"));
    m_routingNote = textLabel(QStringLiteral("atScaleRouting"), this);
    connect(m_scaleUp, &QPushButton::clicked, this, [this] { scaleUp(); });
    connect(m_uniform, &QPushButton::clicked, this, [this] {
        m_used = true;
        useUniformRouting();
    });

    auto* content = new QWidget;
    m_error = textLabel(QStringLiteral("atScaleError"), content);
    QPalette red = m_error->palette();
    red.setColor(QPalette::WindowText, QColor(0xB3, 0x26, 0x1E));
    m_error->setPalette(red);
    m_summary = textLabel(QStringLiteral("atScaleSummary"), content);
    m_traffic = textLabel(QStringLiteral("atScaleTraffic"), content);
    m_source = textLabel(QStringLiteral("atScaleSource"), content);
    m_source->setForegroundRole(QPalette::PlaceholderText);
    m_split = new StackedBarsView(content);
    m_split->setObjectName(QStringLiteral("scaleSplitView"));
    m_split->setToolTip(tr("<p>Parameters by part, all of them and those one token uses, and FLOPs per generated "
                           "token, against the dense model of equal parameters (an FFN as wide as all experts) and "
                           "of equal compute (as wide as the k chosen ones).</p>"));
    m_memory = new StackedBarsView(content);
    m_memory->setObjectName(QStringLiteral("scaleMemoryView"));
    m_memory->setToolTip(tr("<p>The weights at 4, 2, 1 and half a byte per value, with the KV cache of one sequence "
                            "at the context of the form; below, what one rank holds when the routed experts are "
                            "spread over the ranks and the rest is copied to every rank.</p>"));
    m_grid = new PlacementGridView(content);
    m_grid->setObjectName(QStringLiteral("placementGridView"));
    m_grid->setToolTip(tr("<p>Ranks (rows) by routed experts (columns, counted from 1): a cell is filled in the "
                          "expert's colour on the rank that holds it, deeper the more tokens it gets.</p>"));
    m_ranks = new RankLoadView(content);
    m_ranks->setObjectName(QStringLiteral("rankLoadView"));
    m_ranks->setToolTip(tr("<p>Each rank's share of the routed work, made of its experts' loads; dashed: the even "
                           "share 1/R; outlined: the rank that finishes last and sets the step time.</p>"));
    m_step = new StackedBarsView(content);
    m_step->setObjectName(QStringLiteral("stepTimeView"));
    m_step->setToolTip(tr("<p>The estimated time of one MoE layer's step: the busiest rank computing and then "
                          "exchanging tokens (all-to-all), the same with the exchange hidden behind compute, and "
                          "the compute if every rank had the mean load.</p>"));

    auto* views = new QVBoxLayout(content);
    views->setContentsMargins(8, 6, 8, 6);
    views->setSpacing(4);
    views->addWidget(m_error);
    views->addWidget(m_summary);
    views->addWidget(heading(tr("<b>Parameters and compute</b> <span style='color:#666'>(against the two dense "
                                "baselines)</span>"), content));
    views->addWidget(m_split);
    views->addWidget(heading(tr("<b>Memory</b>"), content));
    views->addWidget(m_memory);
    views->addWidget(heading(tr("<b>Expert parallelism</b> <span style='color:#666'>(one MoE layer)</span>"), content));
    views->addWidget(m_traffic);
    views->addWidget(m_grid);
    views->addWidget(m_ranks);
    views->addWidget(m_step);
    views->addWidget(m_source);
    views->addStretch(1);

    auto* formScroll = scrolled(m_form);
    formScroll->setMinimumWidth(245);  // the form's widest label and a 64 px field, and the scroll bar
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(formScroll);
    split->addWidget(scrolled(content));
    split->setStretchFactor(0, 0);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);
    split->setSizes({255, 400});

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_scaleUp);
    buttons->addWidget(m_uniform);
    buttons->addWidget(m_routingNote, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);
    layout->setSpacing(4);
    layout->addLayout(buttons);
    layout->addWidget(split, 1);

    connect(m_form, &LlmConfigForm::changed, this, [this] {
        m_used = true;
        recompute();
    });
    connect(m_form, &LlmConfigForm::presetChosen, this, [this] {
        m_loads.clear();
        m_routing.clear();
    });
    if (m_controller) {
        for (auto signal : {&TrainingController::historyChanged, &TrainingController::experimentReset})
            connect(m_controller, signal, this, &AtScaleView::updateScaleUp);
        connect(m_controller, &TrainingController::stateChanged, this, &AtScaleView::updateScaleUp);
    }
    updateScaleUp();
    recompute();
}

void AtScaleView::updateScaleUp() {
    const bool trained = m_controller && m_controller->epochsCompleted() > 0;
    m_scaleUp->setEnabled(trained);
}

AtScaleInput AtScaleView::input() const {
    AtScaleInput in = m_form->input();
    in.loads = m_loads;
    in.routing = m_routing.isEmpty() ? tr("uniform") : m_routing;
    return in;
}

bool AtScaleView::scaleUp() {
    if (!m_controller || m_controller->epochsCompleted() < 1) return false;
    const moe::EpochSnapshot result = m_controller->result();
    const int experts = m_controller->config().model.experts;
    const int topK = std::clamp(m_controller->config().model.topK, 1, std::max(experts, 1));
    return useMeasuredLoads(experts, topK, result.routing.expertLoad,
                            tr("the trained model's measured loads (%1 experts, top-%2, epoch %3)")
                                .arg(experts)
                                .arg(topK)
                                .arg(result.epoch));
}

bool AtScaleView::useMeasuredLoads(int experts, int topK, std::vector<double> loads, const QString& routing) {
    if (experts < 1 || loads.size() != static_cast<std::size_t>(experts)) return false;
    AtScaleInput in = m_form->input();
    in.model.config.moe.experts = experts;
    in.model.config.moe.topK = std::clamp(topK, 1, experts);
    in.ranks = dividingRanks(experts, in.ranks);
    m_form->setInput(in);
    m_form->setEdited(true);
    m_loads = std::move(loads);
    m_routing = routing;
    m_used = true;
    recompute();
    return true;
}

void AtScaleView::useUniformRouting() {
    m_loads.clear();
    m_routing.clear();
    recompute();
}

QString AtScaleView::summaryText() const { return m_summary->text(); }
QString AtScaleView::trafficText() const { return m_traffic->text(); }
QString AtScaleView::errorText() const { return m_error->text(); }

void AtScaleView::recompute() {
    const AtScaleInput in = input();
    m_figures = computeAtScale(in);
    m_form->showError(m_figures);
    m_error->setText(m_figures.error.toHtmlEscaped());
    m_error->setVisible(!m_figures.error.isEmpty());
    m_routingNote->setText(tr("Routing: %1").arg(in.routing.toHtmlEscaped()));
    m_uniform->setEnabled(!m_loads.empty());

    const moe::LlmConfig& c = in.model.config;
    const QString name = esc(c.name.empty() ? std::string("(unnamed model)") : c.name);
    if (m_figures.hasCost) {
        const moe::LlmCost& cost = m_figures.cost;
        const double total = cost.paramsTotal.total();
        const double active = cost.paramsActive.total();
        QString text = tr("<b>%1</b>%2: <b>%3</b> parameters, <b>%4</b> active per token (%5%).")
                           .arg(name, m_form->isEdited() ? tr(" (edited)") : QString(), formatParams(total),
                                formatParams(active))
                           .arg(100.0 * active / total, 0, 'f', 1);
        if (in.model.published) {
            const moe::PublishedFigures& p = *in.model.published;
            text += tr(" Published: %1 total, %2 active; ours counted alike: %3, %4.")
                        .arg(formatParams(p.paramsTotal), formatParams(p.paramsActive),
                             formatParams(cost.paramsTotal.totalWithout(p.totalWithout)),
                             formatParams(cost.paramsActive.totalWithout(p.activeWithout)));
        }
        text += tr(" A generated token at context %1 costs <b>%2</b>: %3% less than the dense model of equal "
                   "parameters (%4), %5 than the one of equal compute (%6).")
                    .arg(cost.context)
                    .arg(formatFlops(cost.decode.total()))
                    .arg(100.0 * cost.savingVsDenseParams(), 0, 'f', 1)
                    .arg(formatFlops(cost.denseEqualParams.decodeFlopsPerToken),
                         cost.decode.total() <= cost.denseEqualCompute.decodeFlopsPerToken ? tr("no more") : tr("more"),
                         formatFlops(cost.denseEqualCompute.decodeFlopsPerToken));
        m_summary->setText(text);
        m_split->setChart(parameterFlopBars(cost));
        m_memory->setChart(memoryBars(m_figures));
    } else {
        m_summary->setText(tr("<b>%1</b>: no figures until the marked field is fixed.").arg(name));
        m_split->setChart({});
        m_memory->setChart({});
    }
    if (m_figures.ep) {
        const moe::ExpertParallelEstimate& ep = *m_figures.ep;
        m_traffic->setText(tr("%1 ranks, %2 placement, %3 routing. All-to-all per token per MoE layer (%4): "
                              "dispatch %5 + combine %6 = <b>%7</b>; %8% of a token's experts are on other ranks.")
                               .arg(ep.ranks)
                               .arg(QString::fromLatin1(moe::placementName(in.placement)),
                                    m_loads.empty() ? tr("uniform") : tr("measured"),
                                    QString::fromLatin1(moe::weightDtypeName(in.dtype)),
                                    formatBytes(ep.dispatchBytesPerToken), formatBytes(ep.combineBytesPerToken),
                                    formatBytes(ep.allToAllBytesPerToken()))
                               .arg(100.0 * ep.remoteFraction, 0, 'f', 1));
        m_grid->setEstimate(ep);
        m_ranks->setEstimate(ep);
        m_step->setChart(stepTimeBars(m_figures));
    } else {
        m_traffic->setText(tr("No expert-parallel estimate until the marked field is fixed."));
        m_grid->clear();
        m_ranks->clear();
        m_step->setChart({});
    }
    QString source = tr("Model: %1.").arg(esc(c.source.empty() ? std::string("the person's own") : c.source));
    if (in.model.published) source += tr(" Published figures: %1.").arg(esc(in.model.published->source));
    source += tr(" Formulas: docs/moe-definitions.md, as `moe cost` computes them.");
    m_source->setText(source);
}

}  // namespace moe::ui
