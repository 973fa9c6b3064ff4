#include "ui/report/run_report.h"

#include "core/io/config_json.h"
#include "ui/settings/config_summary.h"
#include "ui/cost/cost_table_model.h"
#include "ui/charts/expert_palette.h"
#include "ui/cost/latency_table_model.h"
#include "ui/report/paged_document.h"
#include "ui/report/report_figures.h"
#include "ui/routing/routing_health.h"
#include "ui/routing/routing_maps.h"
#include "ui/scale/at_scale_figures.h"

#include "core/data/bundled_datasets.h"
#include "core/data/generators.h"
#include "core/train/run_record.h"
#include "core/trace/trace_stats.h"
#include "core/util/quote_for_message.h"

#include <nlohmann/json.hpp>

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace moe::ui {
namespace {

QString tr(const char* text) { return QCoreApplication::translate("moe::ui::RunReport", text); }

QString esc(const QString& s) { return s.toHtmlEscaped(); }
QString esc(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

QString fixed(double v, int decimals) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("n/a");
}
QString percent(double share, int decimals = 1) {
    return std::isfinite(share) ? QString::number(100.0 * share, 'f', decimals) + QLatin1Char('%') : QStringLiteral("n/a");
}

// The PDF's text column (A4 less PagedDocument's margins) is about 680 px at 96 dpi; figures
// (ReportFigures::kWidth wide) are shown at most kPdfFigureWidth wide there.
constexpr int kPdfFigureWidth = 660;

// The browser's style. `break-inside` keeps a figure on one page when the page is printed.
const char* kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;max-width:52em;margin:2em auto;padding:0 1em;"
    "line-height:1.45}"
    "h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    "h3{font-size:1.05em;margin-bottom:0.3em}"
    "table{border-collapse:collapse;margin:0.6em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left;"
    "vertical-align:top}"
    "th{background:#f0f0f0}td.num{text-align:right}"
    ".meta{color:#666}.explain{color:#333;background:#f7f7f4;padding:0.5em 0.8em;border-left:3px solid #bbb}"
    ".warning{background:#FFF4D6;color:#4A3500;border:1px solid #E0B84F;padding:0.4em 0.8em}"
    ".figure{break-inside:avoid;page-break-inside:avoid}.path{font-family:monospace}"
    "img{max-width:100%;height:auto}.notes{white-space:pre-wrap}";

// The PDF's style: what QTextDocument understands of the above, in print sizes.
const char* kDocumentStyle =
    "h1{font-size:16pt;margin-bottom:4px}h2{font-size:13pt;margin-top:16px;margin-bottom:6px}"
    "h3{font-size:10.5pt;margin-top:12px;margin-bottom:4px}"
    "table{border-collapse:collapse;margin-top:4px;margin-bottom:8px}"
    "td,th{border:1px solid #bbb;padding:2px;text-align:left;vertical-align:top}"
    "th{background-color:#f0f0f0}td.num{text-align:right}"
    ".meta{color:#666}.explain{color:#333;background-color:#f7f7f4}"
    ".warning{background-color:#FFF4D6;color:#4A3500}.path{font-family:'DejaVu Sans Mono',monospace}"
    ".image{margin-top:2px;margin-bottom:2px}p{line-height:125%}p.image{line-height:100%}";

QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><th width=\"24%\">%1</th><td>%2</td></tr>").arg(name, value);
}

}  // namespace

RunReport::RunReport(ReportInput input) : m_in(std::move(input)), m_figures(m_in) {}

QString RunReport::summaryHtml() const {
    if (m_in.history.empty()) return tr("<p>No epoch has been trained yet.</p>");
    const moe::EpochSnapshot& last = m_in.result;
    const bool regression = m_in.data.task == moe::Task::Regression;
    auto score = [regression](const moe::ModelMetrics& m) {
        return regression ? QStringLiteral("R² %1").arg(fixed(m.testR2, 3)) : percent(m.testAccuracy);
    };
    QString s = tr("<p>After %1 epoch(s), the MoE reaches %2 on the test data, against %3 for the dense network "
                   "with as many parameters and %4 for the dense network with as much compute per input. ")
                    .arg(m_in.history.back().epoch)
                    .arg(score(last.moe), score(last.denseEqualParams), score(last.denseEqualCompute));
    s += keptEpochsSentence();
    const double saving = m_in.cost.savingVsDenseParams();
    if (saving > 0.0)
        s += tr("For each input it does %1 fewer FLOPs than the dense network with as many parameters.</p>")
                 .arg(percent(saving, 0));
    else
        s += tr("It saves no FLOPs against the dense network with as many parameters (every expert runs for every "
                "input).</p>");
    return s;
}

QString RunReport::originHtml() const {
    const moe::DatasetSource& o = m_in.origin;
    switch (o.kind) {
    case moe::DatasetSource::Kind::Generator: {
        const moe::GeneratorParams& g = o.generator;
        QString text = tr("generated by the built-in <b>%1</b> generator: %2")
                           .arg(esc(g.name), esc(moe::describeGenerator(g)));
        if (const moe::GeneratorInfo* info = moe::findGenerator(g.name))
            text += QStringLiteral(". ") + esc(info->description);
        return row(tr("Source"), text);
    }
    case moe::DatasetSource::Kind::Bundled: {
        const moe::BundledDatasetInfo* info = moe::findBundledDataset(o.bundledName);
        QString text = tr("the bundled dataset <b>%1</b>").arg(esc(o.bundledName));
        if (info)
            text += tr(" (file %1, label column “%2”). %3")
                        .arg(esc(info->file), esc(info->label), esc(info->description));
        return row(tr("Source"), text);
    }
    case moe::DatasetSource::Kind::CsvFile: break;
    }
    QString rows = row(tr("Source"), tr("the CSV file <span class=path>%1</span>").arg(esc(o.path)));
    QStringList options;
    for (const std::string& phrase : moe::describeCsvOptions(o.csv)) options << esc(phrase);
    rows += row(tr("Import options"), options.join(QStringLiteral("; ")));
    if (!m_in.importNotes.empty()) {
        QStringList notes;
        for (const std::string& n : m_in.importNotes) notes << esc(n);
        rows += row(tr("What the import did"), notes.join(QStringLiteral("<br>")));
    }
    return rows;
}

QString RunReport::datasetHtml() const {
    const moe::Dataset& d = m_in.data;
    QString rows = row(tr("Name"), esc(d.name)) + originHtml() +
                   row(tr("Task"), d.task == moe::Task::Regression ? tr("regression (predict a number)")
                                                                   : tr("classification (predict a class)")) +
                   row(tr("Samples"), QString::number(d.rows)) +
                   row(tr("Held out for testing"), percent(m_in.config.train.testFraction, 0));
    QStringList features;
    for (const std::string& f : d.featureNames) features << esc(f);
    rows += row(tr("Features (%1)").arg(d.cols), features.join(QStringLiteral(", ")));
    if (d.task == moe::Task::Classification) {
        std::vector<int> counts(d.classNames.size(), 0);
        for (int label : d.labels)
            if (label >= 0 && std::size_t(label) < counts.size()) ++counts[std::size_t(label)];
        QStringList classes;
        for (std::size_t c = 0; c < d.classNames.size(); ++c)
            classes << QStringLiteral("%1 (%2)").arg(esc(d.classNames[c])).arg(counts[c]);
        rows += row(tr("Classes (%1), samples each").arg(d.classNames.size()), classes.join(QStringLiteral(", ")));
    } else if (!d.values.empty()) {
        const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
        rows += row(tr("Target range"), QStringLiteral("%1 to %2").arg(double(*lo), 0, 'g', 4).arg(double(*hi), 0, 'g', 4));
    }
    return QStringLiteral("<table width=\"100%\">%1</table>").arg(rows);
}

QString RunReport::configHtml() const {
    QString s = QStringLiteral("<p>%1</p>").arg(esc(configSummary(m_in.config)));
    const nlohmann::ordered_json j = moe::configToJson(m_in.config);
    // Two settings a row, named as on the command line: every option in force.
    constexpr int kPerRow = 2;
    QString rows;
    int n = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++n) {
        QString value;
        if (it->is_string())
            value = QString::fromStdString(it->get<std::string>());
        else if (it->is_number_float())
            value = QString::number(it->get<double>(), 'g', 6);
        else
            value = QString::fromStdString(it->dump());
        if (n % kPerRow == 0) rows += QStringLiteral("<tr>");
        rows += QStringLiteral("<th width=\"27%\">%1</th><td width=\"23%\">%2</td>").arg(esc(it.key()), esc(value));
        if (n % kPerRow == kPerRow - 1) rows += QStringLiteral("</tr>");
    }
    if (n % kPerRow != 0) rows += QStringLiteral("<td></td><td></td></tr>");
    s += QStringLiteral("<table width=\"100%\">%1</table>").arg(rows);
    return s;
}

QString RunReport::keptEpochsSentence() const {
    const int epochs = m_in.history.back().epoch;
    const moe::EpochSnapshot& end = m_in.history.back();  // its flags say how each model ended
    QStringList parts;
    for (const auto& [name, m] : {std::pair{tr("the MoE's"), &end.moe},
                                  std::pair{tr("the dense = params model's"), &end.denseEqualParams},
                                  std::pair{tr("the dense = compute model's"), &end.denseEqualCompute}}) {
        const std::string note = moe::scoresEpochNote(*m, epochs, m_in.stopped);
        if (!note.empty()) parts << tr("%1 of %2").arg(name, esc(QString::fromStdString(note)));
    }
    if (parts.isEmpty()) return {};
    return tr("The scores are those of the weights each model kept: %1. ").arg(parts.join(QStringLiteral("; ")));
}

QString RunReport::resultsHtml() const {
    if (m_in.history.empty()) return {};
    const moe::EpochSnapshot& last = m_in.result;
    const bool regression = m_in.data.task == moe::Task::Regression;
    QString s = QStringLiteral("<table width=\"100%\"><thead><tr><th width=\"25%\">%1</th><th width=\"12%\">%2</th>"
                               "<th width=\"10%\">%3</th><th width=\"14%\">%4</th><th width=\"12%\">%5</th>"
                               "<th width=\"14%\">%6</th><th width=\"13%\">%7</th></tr></thead>")
                    .arg(tr("model"), regression ? tr("test R²") : tr("test accuracy"), tr("test loss"),
                         tr("parameters"), tr("used per input"), tr("FLOPs per input"), tr("training time"));
    const moe::ModelConfig& m = m_in.config.model;
    struct Row {
        QString name;
        const moe::ModelMetrics* metrics;
        const moe::ModelCost* cost;
    };
    const Row rows[] = {
        {tr("MoE: %1 experts of width %2, %3 per input").arg(m.experts).arg(m.hidden).arg(m.topK), &last.moe, &m_in.cost.moe},
        {tr("Dense = params (width %1)").arg(m.experts * m.hidden), &last.denseEqualParams, &m_in.cost.denseEqualParams},
        {tr("Dense = compute (width %1)").arg(m.topK * m.hidden), &last.denseEqualCompute, &m_in.cost.denseEqualCompute},
    };
    for (const Row& r : rows) {
        s += QStringLiteral("<tr><td>%1</td><td class=num>%2</td><td class=num>%3</td><td class=num>%4</td>"
                            "<td class=num>%5</td><td class=num>%6</td><td class=num>%7 s</td></tr>")
                 .arg(r.name, regression ? fixed(r.metrics->testR2, 3) : percent(r.metrics->testAccuracy),
                      fixed(r.metrics->testLoss, 4), CostTableModel::formatCount(double(r.cost->paramsTotal)),
                      CostTableModel::formatCount(double(r.cost->paramsActive)),
                      CostTableModel::formatCount(r.cost->flopsPerSample), fixed(r.metrics->trainSeconds, 2));
    }
    s += QStringLiteral("</table>");
    s += tr("<p class=explain>The three models saw the same training data in the same order. <i>Parameters</i> are "
            "all the weights a model holds; <i>used per input</i> are those one input actually goes through - "
            "for the MoE only the gate and the experts it was sent to. The test scores come from data held out "
            "from training, so they show how well each model generalises.</p>");
    return s;
}

QString RunReport::healthHtml() const {
    if (m_in.history.empty()) return {};
    const moe::EpochSnapshot& last = m_in.result;
    const int layers = RoutingMaps::layerCount(last);
    QString s;
    for (int l = 0; l < layers; ++l) {
        const RoutingHealth h = RoutingHealth::assess(RoutingMaps::statsOf(last, l), m_in.config, last.epoch);
        if (h.healthy()) continue;
        const QString where = layers > 1 ? tr("Block %1: ").arg(l + 1) : QString();
        s += QStringLiteral("<p class=warning>⚠ %1%2</p>").arg(where, esc(h.message()));
    }
    return s;
}

QString RunReport::routingHtml() const {
    if (m_in.history.empty()) return {};
    const moe::RoutingStats& r = m_in.result.routing;
    QString rows;
    for (std::size_t e = 0; e < r.expertLoad.size(); ++e) {
        const QString swatch = QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</span>")
                                   .arg(ExpertPalette::color(int(e)).name());
        rows += QStringLiteral("<tr><td>%1 %2</td><td class=num>%3</td><td class=num>%4</td></tr>")
                    .arg(swatch, esc(ExpertPalette::name(int(e))), percent(r.expertLoad[e]),
                         e < r.meanGate.size() ? fixed(r.meanGate[e], 3) : QStringLiteral("n/a"));
    }
    QString s = healthHtml();
    s += QStringLiteral("<table width=\"70%\"><thead><tr><th width=\"40%\">%1</th><th width=\"30%\">%2</th>"
                        "<th width=\"30%\">%3</th></tr></thead>%4</table>")
             .arg(tr("expert"), tr("share of test inputs"), tr("mean gate probability"), rows);
    s += tr("<p>Usage entropy %1 (1 = all experts used equally, 0 = one expert does everything); load "
            "coefficient of variation %2 (0 = perfectly even); gate entropy %3 (0 = the gate is always sure, "
            "1 = it never is); %4 of assignments dropped by expert capacity.")
             .arg(fixed(r.usageEntropy, 3), fixed(r.loadCv, 3), fixed(r.gateEntropy, 3), percent(r.droppedFraction));
    if (!r.deadExperts.empty()) s += tr(" %1 expert(s) received no input in the last epoch.").arg(r.deadExperts.size());
    s += QStringLiteral("</p>");
    s += tr("<p class=explain>A MoE only saves compute if its experts share the work; if the gate sends almost "
            "everything to one or two experts, the others are wasted weights. Training adds a small "
            "<i>balance loss</i> that nudges the gate toward even use.</p>");
    return s;
}

namespace {

/// A read-only table model as an HTML table: its headers and displayed text, numbers right.
QString modelTable(const QAbstractTableModel& model, const QString& corner, int firstWidthPercent) {
    const int columns = model.columnCount();
    const int rest = columns > 0 ? (100 - firstWidthPercent) / columns : 0;
    QString h = QStringLiteral("<table width=\"100%\"><thead><tr><th width=\"%1%\">%2</th>").arg(firstWidthPercent).arg(corner);
    auto text = [](const QVariant& v) { return esc(v.toString().simplified()); };
    for (int c = 0; c < columns; ++c)
        h += QStringLiteral("<th width=\"%1%\">%2</th>").arg(rest).arg(text(model.headerData(c, Qt::Horizontal)));
    h += QStringLiteral("</tr></thead>");
    for (int r = 0; r < model.rowCount(); ++r) {
        h += QStringLiteral("<tr><th>%1</th>").arg(text(model.headerData(r, Qt::Vertical)));
        for (int c = 0; c < columns; ++c)
            h += QStringLiteral("<td class=num>%1</td>").arg(text(model.data(model.index(r, c))));
        h += QStringLiteral("</tr>");
    }
    return h + QStringLiteral("</table>");
}

}  // namespace

QString RunReport::costTablesHtml() const {
    CostTableModel cost;
    cost.setCost(m_in.cost);
    const double active = m_in.cost.moe.paramsTotal > 0
                              ? double(m_in.cost.moe.paramsActive) / double(m_in.cost.moe.paramsTotal)
                              : 0.0;
    QString s = tr("<h3>Counted per input</h3>");
    s += modelTable(cost, tr("forward pass"), 34);
    s += tr("<p class=explain>FLOPs are counted, not timed: a multiply-add is 2 FLOPs. <i>Active</i> parameters are "
            "those one input goes through; the MoE uses %1 of its %2 parameters for each input, the dense "
            "models all of theirs. A dense model has no gate and no combine step (–).</p>")
             .arg(percent(active, 0), CostTableModel::formatCount(double(m_in.cost.moe.paramsTotal)));
    if (m_in.latency) {
        LatencyTableModel latency;
        latency.setLatency(*m_in.latency);
        s += tr("<h3>Measured on this machine</h3>");
        s += modelTable(latency, tr("inference"), 34);
        s += tr("<p class=explain>Wall-clock time of the trained models answering test inputs, the fastest of "
                "repeated timings, with %1 thread(s). FLOPs predict what the hardware must do; these times show "
                "what it did. On small models like these, fixed costs (memory, the gate's choice, gathering "
                "each expert's inputs) can eat the MoE's FLOP saving; it shows in throughput on larger "
                "batches first.</p>")
                 .arg(m_in.latency->threads);
    }
    return s;
}

QString RunReport::paretoTableHtml() const {
    if (m_in.topK.empty() || m_in.history.empty()) return {};
    const bool regression = m_in.data.task == moe::Task::Regression;
    const double dense = m_in.cost.denseEqualParams.flopsPerSample;
    QString s = QStringLiteral("<table width=\"100%\"><thead><tr><th width=\"20%\">%1</th><th width=\"20%\">%2</th>"
                               "<th width=\"20%\">%3</th><th width=\"20%\">%4</th><th width=\"20%\">%5</th></tr></thead>")
                    .arg(tr("experts per input (k)"), regression ? tr("test R²") : tr("test accuracy"),
                         tr("FLOPs per input"), tr("active parameters"), tr("FLOPs saved vs dense = params"));
    for (const moe::TopKPoint& p : m_in.topK) {
        const QString k = p.k == m_in.config.model.topK ? tr("%1 (trained)").arg(p.k) : QString::number(p.k);
        s += QStringLiteral("<tr><td>%1</td><td class=num>%2</td><td class=num>%3</td><td class=num>%4</td>"
                            "<td class=num>%5</td></tr>")
                 .arg(k, regression ? fixed(p.metrics.testR2, 3) : percent(p.metrics.testAccuracy),
                      CostTableModel::formatCount(p.cost.flopsPerSample),
                      CostTableModel::formatCount(double(p.cost.paramsActive)),
                      dense > 0.0 ? percent(1.0 - p.cost.flopsPerSample / dense, 0) : QStringLiteral("n/a"));
    }
    const moe::EpochSnapshot& last = m_in.result;
    for (const auto& [name, metrics, cost] :
         {std::tuple{tr("dense = params"), &last.denseEqualParams, &m_in.cost.denseEqualParams},
          std::tuple{tr("dense = compute"), &last.denseEqualCompute, &m_in.cost.denseEqualCompute}})
        s += QStringLiteral("<tr><td><i>%1</i></td><td class=num>%2</td><td class=num>%3</td><td class=num>%4</td>"
                            "<td class=num>%5</td></tr>")
                 .arg(name, regression ? fixed(metrics->testR2, 3) : percent(metrics->testAccuracy),
                      CostTableModel::formatCount(cost->flopsPerSample),
                      CostTableModel::formatCount(double(cost->paramsActive)),
                      dense > 0.0 ? percent(1.0 - cost->flopsPerSample / dense, 0) : QStringLiteral("n/a"));
    return s + QStringLiteral("</table>");
}

QString RunReport::figureHtml(qsizetype index, bool embedded) const {
    const Figure& f = m_figures.figures()[index];
    QString src;
    if (embedded) {
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        f.image.save(&buffer, "PNG");
        src = QStringLiteral("data:image/png;base64,") + QString::fromLatin1(png.toBase64());
    } else {
        src = QStringLiteral("figure-%1.png").arg(index + 1);
    }
    // The PDF page is narrower than a browser window: figures shrink to its width, keeping
    // their proportions.
    const int width = embedded ? f.size.width() : std::min(f.size.width(), kPdfFigureWidth);
    const int height = int(std::lround(double(f.size.height()) * width / std::max(1, f.size.width())));
    return QStringLiteral("<div class=figure><h3>%1</h3><p class=image><img src=\"%3\" width=\"%4\" height=\"%5\" "
                          "alt=\"%2\"></p><div class=explain>%6</div></div>")
        .arg(tr("Figure %1. %2").arg(index + 1).arg(esc(f.title)), esc(f.title), src)
        .arg(width)
        .arg(height)
        .arg(f.explanation);
}

QString RunReport::atScaleHtml() const {
    const AtScaleInput& in = *m_in.atScale;
    const AtScaleFigures f = computeAtScale(in);
    const moe::LlmConfig& c = in.model.config;
    QString h = tr("<p>The Cost tab's At scale page: what a transformer MoE language model costs, with the formulas "
                   "of <code>moe cost</code>. Model: <b>%1</b>%2 (%3).</p>")
                    .arg(esc(c.name.empty() ? std::string("unnamed") : c.name),
                         in.preset.isEmpty() || in.model.published ? QString() : tr(", edited from the preset %1").arg(esc(in.preset)),
                         esc(c.source.empty() ? std::string("the person's own") : c.source));
    if (!f.error.isEmpty()) h += QStringLiteral("<p class=warning>%1</p>").arg(esc(f.error));
    if (!f.hasCost) return h;
    const moe::LlmCost& cost = f.cost;
    h += tr("<p>%1 parameters, %2 active per token. A generated token at context %3 costs %4, %5% less than the "
            "dense model of equal parameters (%6 parameters, %7); the dense model of equal compute has %8 parameters "
            "and costs %9.</p>")
             .arg(formatParams(cost.paramsTotal.total()), formatParams(cost.paramsActive.total()))
             .arg(cost.context)
             .arg(formatFlops(cost.decode.total()))
             .arg(100.0 * cost.savingVsDenseParams(), 0, 'f', 1)
             .arg(formatParams(cost.denseEqualParams.params), formatFlops(cost.denseEqualParams.decodeFlopsPerToken),
                  formatParams(cost.denseEqualCompute.params), formatFlops(cost.denseEqualCompute.decodeFlopsPerToken));
    if (in.model.published)
        h += tr("<p>Published: %1 total, %2 active (%3).</p>")
                 .arg(formatParams(in.model.published->paramsTotal), formatParams(in.model.published->paramsActive),
                      esc(in.model.published->source));
    if (f.ep) {
        const moe::ExpertParallelEstimate& ep = *f.ep;
        h += tr("<p>Expert parallelism over %1 ranks, %2 placement, routing: %3. Every token sends %4 per MoE layer "
                "to other ranks and back (%5); the busiest rank has %6 times the mean load, and one MoE layer's step "
                "takes %7 (compute %8, all-to-all %9).</p>")
                 .arg(ep.ranks)
                 .arg(QString::fromLatin1(moe::placementName(in.placement)), esc(in.routing),
                      formatBytes(ep.allToAllBytesPerToken()), QString::fromLatin1(moe::weightDtypeName(in.dtype)))
                 .arg(ep.imbalance, 0, 'f', 3)
                 .arg(formatSeconds(ep.stepSeconds), formatSeconds(ep.computeSeconds), formatSeconds(ep.commSeconds));
    }
    return h;
}

QString RunReport::traceHtml() const {
    const moe::RoutingTrace& t = *m_in.trace;
    const moe::TraceStats& st = *m_in.traceStats;
    const moe::TraceMeta& m = t.meta;
    QString s = tr("<p>Besides this run, a <b>routing trace</b> was open: what the router of a real MoE model, "
                   "<b>%1</b>, did on recorded text (file %2). %3 %4 MoE layers of %5 experts, each token choosing "
                   "%6 (weights %7). These are the numbers <code>moe trace-stats</code> prints for the file; experts "
                   "are numbered from 1 here (Expert 1 is id 0 in the file).</p>")
                    .arg(esc(moe::visibleText(m.model, 80)), esc(QFileInfo(m_in.tracePath).fileName()),
                         t.countsOnly ? tr("It counts assignments per step (%1 steps, about %2 tokens);").arg(st.steps).arg(st.tokens)
                                      : tr("It holds %1 tokens in %2 sequences;").arg(st.tokens).arg(st.sequences))
                    .arg(t.layers())
                    .arg(m.experts)
                    .arg(m.topK)
                    .arg(esc(std::string(moe::weightRecipeName(m.weights))));
    s += QStringLiteral("<table width=\"100%\"><thead><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th>"
                        "<th>%6</th><th>%7</th></tr></thead>")
             .arg(tr("layer"), tr("load CV"), tr("MaxVio"), tr("usage entropy"), tr("dead experts"), tr("hot experts"),
                  tr("label NMI"));
    for (const moe::LayerTraceStats& l : st.layers)
        s += QStringLiteral("<tr><td class=num>%1</td><td class=num>%2</td><td class=num>%3</td><td class=num>%4</td>"
                            "<td class=num>%5</td><td class=num>%6</td><td class=num>%7</td></tr>")
                 .arg(l.layer)
                 .arg(fixed(l.loadCv, 3), fixed(l.maxViolation, 3), fixed(l.usageEntropy, 3))
                 .arg(l.deadExperts.size())
                 .arg(l.hotExperts.size())
                 .arg(t.hasLabels() ? fixed(l.labelExpertNmi, 3) : QStringLiteral("–"));
    return s + QStringLiteral("</table>");
}

QString RunReport::figuresHtml(Section section, bool embedded) const {
    QString h;
    for (qsizetype i = 0; i < m_figures.figures().size(); ++i)
        if (m_figures.sections()[i] == section) h += figureHtml(i, embedded) + QLatin1Char('\n');
    return h;
}

QString RunReport::html(bool embedded) const {
    const QString name = esc(m_in.data.name);
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>%1</title><style>%2</style></head><body>\n")
                    .arg(tr("MoE Explorer report: %1").arg(name), QString::fromLatin1(embedded ? kStyle : kDocumentStyle));
    h += tr("<h1>A Mixture of Experts on “%1”</h1>").arg(name);
    h += tr("<p class=meta>Made by MoE Explorer on %1 (UTC).</p>")
             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    h += tr("<h2>In short</h2>") + summaryHtml();
    if (!healthHtml().isEmpty())
        h += tr("<p class=warning>⚠ The routing has a problem: see the warning under Routing.</p>");
    if (!m_in.notes.trimmed().isEmpty()) {
        QString notes = esc(m_in.notes.trimmed());
        notes.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        h += tr("<h2>Notes</h2>") + QStringLiteral("<p class=notes>%1</p>").arg(notes);
    }
    h += tr("<h2>Results</h2>") + resultsHtml();
    h += tr("<h2>Learning</h2>") + figuresHtml(Section::Learning, embedded);
    if (!m_in.territory.expert.empty()) h += tr("<h2>Where the experts work</h2>") + figuresHtml(Section::Territory, embedded);
    h += tr("<h2>Routing</h2>") + routingHtml() + figuresHtml(Section::Routing, embedded);
    h += tr("<h2>Cost</h2>") + figuresHtml(Section::Cost, embedded) + costTablesHtml() +
         figuresHtml(Section::Pareto, embedded);
    if (!m_in.topK.empty())
        h += tr("<h3>Accuracy against compute, point by point</h3>") + paretoTableHtml();
    if (m_in.atScale) h += tr("<h2>At scale</h2>") + atScaleHtml() + figuresHtml(Section::AtScale, embedded);
    if (m_in.trace && m_in.traceStats) h += tr("<h2>Routing trace</h2>") + traceHtml() + figuresHtml(Section::Trace, embedded);
    h += tr("<h2>Dataset</h2>") + datasetHtml();
    h += tr("<h2>Configuration</h2>") + configHtml();
    h += QStringLiteral("</body></html>\n");
    return h;
}

void RunReport::fillDocument(QTextDocument& document) const {
    for (qsizetype i = 0; i < m_figures.figures().size(); ++i)
        document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("figure-%1.png").arg(i + 1)),
                             m_figures.figures()[i].image);
    document.setDefaultFont(QFont(QStringLiteral("DejaVu Sans"), 9));
    document.setHtml(html(false));
}

namespace {

bool fail(QString* error, const QString& path, const QString& why) {
    if (error) *error = tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), why);
    return false;
}

}  // namespace

bool RunReport::writeHtml(const QString& path, QString* error) const {
    if (QFileInfo(path).isDir()) return fail(error, path, tr("it is a folder"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, path, file.errorString());
    const QByteArray bytes = html(true).toUtf8();
    if (file.write(bytes) != bytes.size()) {  // a full disk, say: keep the old file, say why
        const QString why = file.errorString();
        file.cancelWriting();
        return fail(error, path, why);
    }
    if (!file.commit()) return fail(error, path, file.errorString());
    return true;
}

bool RunReport::writePdf(const QString& path, QString* error) const {
    if (QFileInfo(path).isDir()) return fail(error, path, tr("it is a folder"));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return fail(error, path, file.errorString());
    {
        QPdfWriter pdf(&file);
        pdf.setTitle(tr("MoE Explorer report: %1").arg(QString::fromStdString(m_in.data.name)));
        pdf.setCreator(QStringLiteral("MoE Explorer"));
        QTextDocument document;
        fillDocument(document);
        PagedDocument paged(document);
        if (!paged.print(pdf)) {
            file.cancelWriting();
            return fail(error, path, tr("the PDF could not be drawn"));
        }
    }
    if (file.size() == 0) {
        file.cancelWriting();
        return fail(error, path, tr("the PDF could not be drawn"));
    }
    if (!file.commit()) return fail(error, path, file.errorString());
    return true;
}

bool RunReport::write(const QString& path, QString* error) const {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("html") || suffix == QLatin1String("htm")) return writeHtml(path, error);
    if (suffix == QLatin1String("pdf")) return writePdf(path, error);
    return fail(error, path, tr("the name must end in .html or .pdf"));
}

}  // namespace moe::ui
