#include "ui/trace/trace_workspace.h"

#include "core/util/quote_for_message.h"
#include "ui/charts/heatmap_view.h"
#include "ui/messages/message_text.h"
#include "ui/trace/trace_consistency_view.h"
#include "ui/trace/trace_load_view.h"
#include "ui/trace/trace_matrix_view.h"
#include "ui/trace/trace_token_view.h"

#include <QAction>
#include <QApplication>
#include <QChartView>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QTabWidget>
#include <QVBoxLayout>

namespace moe::ui {

TraceWorkspace::TraceWorkspace(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("traceWorkspace"));
    m_open = new QAction(tr("Open routing &trace…"), this);
    m_open->setObjectName(QStringLiteral("openTraceAction"));
    m_open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_open->setStatusTip(tr("Open a routing trace recorded from a real MoE model (scripts/record-trace, "
                            "docs/trace-format.md) and see its router's load, co-activation and consistency"));
    m_open->setToolTip(m_open->statusTip());
    connect(m_open, &QAction::triggered, this, &TraceWorkspace::chooseFile);
    m_loader = new TraceLoader(this);
    connect(m_loader, &TraceLoader::loaded, this, &TraceWorkspace::setTrace);
    connect(m_loader, &TraceLoader::failed, this, &TraceWorkspace::onFailed);
    connect(m_loader, &TraceLoader::busyChanged, this, [this](bool busy) {
        m_open->setEnabled(!busy);
        if (busy) QApplication::setOverrideCursor(Qt::BusyCursor);
        else QApplication::restoreOverrideCursor();
    });

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("traceSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    m_load = new TraceLoadView;
    m_tokens = new TraceTokenView;
    m_coActivation = new TraceMatrixView(TraceMatrixView::Kind::CoActivation);
    m_specialisation = new TraceMatrixView(TraceMatrixView::Kind::Specialisation);
    m_consistency = new TraceConsistencyView;
    m_views = new QTabWidget;
    m_views->setObjectName(QStringLiteral("traceViews"));
    m_views->setDocumentMode(true);
    m_views->addTab(m_load, tr("Load"));
    m_views->addTab(m_tokens, tr("Tokens"));
    m_views->addTab(m_coActivation, tr("Co-activation"));
    m_views->addTab(m_specialisation, tr("Specialisation"));
    m_views->addTab(m_consistency, tr("Consistency"));
    m_views->setTabToolTip(0, tr("Each MoE layer's load over its experts against the balanced share 1/E, with its "
                                 "CV, MaxVio, dead and hot experts"));
    m_views->setTabToolTip(1, tr("The recorded text coloured by the expert each token chose first at a layer"));
    m_views->setTabToolTip(2, tr("Which experts are chosen together for the same token, clustered"));
    m_views->setTabToolTip(3, tr("Which experts take which label (domain, class) of token, and the NMI"));
    m_views->setTabToolTip(4, tr("How often a token's expert at one layer predicts its expert at the next"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 4, 6, 0);
    layout->addWidget(m_summary);
    layout->addWidget(m_views, 1);
    setTrace({});
}

QWidget* TraceWorkspace::dialogParent() {
    // Over the workspace once it shows, else over the window that owns it.
    if (isVisible() || !parentWidget()) return window();
    return parentWidget()->window();
}

void TraceWorkspace::chooseFile() {
    const QString path = QFileDialog::getOpenFileName(dialogParent(), tr("Open routing trace"), {},
                                                      tr("Routing traces (*.safetensors);;All files (*)"));
    if (!path.isEmpty()) openFile(path);
}

void TraceWorkspace::openFile(const QString& path) { m_loader->load(path); }

void TraceWorkspace::onFailed(const QString& path, const QString& message) {
    // The trace already open, if any, stays: the refusal changes nothing.
    emit openFailed(path, message);
    showWarning(dialogParent(), tr("Could not open the routing trace"), message);
}

void TraceWorkspace::setTrace(const LoadedTrace& trace) {
    m_trace = trace;
    m_summary->setText(summaryText());
    m_load->setTrace(trace);
    m_tokens->setTrace(trace);
    m_coActivation->setTrace(trace);
    m_specialisation->setTrace(trace);
    m_consistency->setTrace(trace);
    if (!trace.isEmpty()) emit traceOpened(trace.path);
}

QString TraceWorkspace::summaryText() const {
    if (m_trace.isEmpty()) return tr("No routing trace is open: File > Open routing trace… (Ctrl+Shift+T).");
    const moe::RoutingTrace& t = *m_trace.trace;
    const moe::TraceMeta& m = t.meta;
    QString text = tr("%1 (%2): ").arg(QString::fromStdString(moe::visibleText(m.model, 80)),
                                       QFileInfo(m_trace.path).fileName());
    if (t.countsOnly)
        text += tr("count-only, %1 steps, about %2 tokens").arg(m_trace.stats->steps).arg(m_trace.stats->tokens);
    else
        text += tr("%1 tokens in %2 sequences").arg(m_trace.stats->tokens).arg(m_trace.stats->sequences);
    text += tr("; %1 MoE layers of %2 experts, top-%3, weights %4")
                .arg(t.layers())
                .arg(m.experts)
                .arg(m.topK)
                .arg(QString::fromLatin1(moe::weightRecipeName(m.weights)));
    if (m.sharedExperts > 0) text += tr(", %1 shared").arg(m.sharedExperts);
    text += m.labels.empty() ? tr("; no labels") : tr("; %1 labels, %2 tokens labelled").arg(m.labels.size()).arg(m_trace.stats->labelledTokens);
    return visibleMessage(text);
}

QList<TraceWorkspace::Figure> TraceWorkspace::figures() const {
    return {{m_load->map(), tr("Load per MoE layer and expert"), true},
            {m_tokens->canvas(), tr("Tokens coloured by their first-choice expert"), false},
            {m_coActivation->map(), tr("Co-activation of experts"), true},
            {m_specialisation->map(), tr("Specialisation by label"), true},
            {m_consistency->chartView(), tr("Routing consistency between consecutive MoE layers"), true}};
}

}  // namespace moe::ui
