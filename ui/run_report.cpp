#include "ui/run_report.h"

#include "core/io/config_json.h"
#include "ui/config_summary.h"
#include "ui/cost_bars.h"
#include "ui/cost_table_model.h"
#include "ui/curves_view.h"
#include "ui/expert_palette.h"
#include "ui/figure_exporter.h"
#include "ui/territory_view.h"

#include <nlohmann/json.hpp>

#include <QBuffer>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextDocument>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <memory>

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

// A4 less the 2 x 2 cm margins of QTextDocument::print() is 643 px at 96 dpi.
constexpr int kPdfFigureWidth = 620;

const char* kStyle =
    "body{font-family:'DejaVu Sans',Arial,sans-serif;color:#222;max-width:52em;margin:2em auto;padding:0 1em;"
    "line-height:1.45}"
    "h1{font-size:1.6em;margin-bottom:0.2em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ccc}"
    "h3{font-size:1.05em;margin-bottom:0.3em}"
    "table{border-collapse:collapse;margin:0.6em 0}td,th{border:1px solid #bbb;padding:3px 8px;text-align:left}"
    "th{background:#f0f0f0}td.num{text-align:right}"
    ".meta{color:#666}.explain{color:#333;background:#f7f7f4;padding:0.5em 0.8em;border-left:3px solid #bbb}"
    "img{max-width:100%;height:auto}.notes{white-space:pre-wrap}";

QString row(const QString& name, const QString& value) {
    return QStringLiteral("<tr><th>%1</th><td>%2</td></tr>").arg(name, value);
}

}  // namespace

RunReport::RunReport(ReportInput input) : m_in(std::move(input)) { renderFigures(); }

void RunReport::renderFigures() {
    auto add = [this](QWidget* view, QSize size, const QString& title, FigureExporter::TitleMode mode,
                      const QString& explanation) {
        std::unique_ptr<QWidget> owned(view);
        // Laid out like a shown window but never on screen, so hidden layouts settle too.
        view->setAttribute(Qt::WA_DontShowOnScreen);
        view->resize(size);
        view->show();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
        const FigureExporter figure(view, title, mode);
        m_figures.push_back({title, explanation, figure.toImage(kScale), figure.size().toSize()});
    };
    const bool regression = m_in.data.task == moe::Task::Regression;

    auto* curves = new CurvesView;
    curves->setHistory(QList<moe::EpochSnapshot>(m_in.history.begin(), m_in.history.end()), m_in.data.task,
                       m_in.config.train.epochs);
    curves->redrawNow();
    add(curves, {680, 460}, tr("Learning curves: the MoE against the dense baselines"), FigureExporter::AddTitle,
        tr("<p>Each line is one model, trained on the same batches of data for the same number of epochs "
           "(one epoch = one pass over the training data). The top chart shows the <b>loss</b>, the error the "
           "training minimises: lower is better; solid lines are measured on test data the models never "
           "trained on, dashed ones on the training data. The bottom chart shows the %1 on the test data: "
           "higher is better.</p><p><b>Dense = params</b> is an ordinary network with as many weights as the "
           "MoE, all of them used for every input. <b>Dense = compute</b> is an ordinary network that does as "
           "much arithmetic per input as the MoE. A MoE pays off when its curve reaches that of dense = params "
           "while it costs like dense = compute.</p>")
            .arg(regression ? tr("R² (1 = perfect prediction, 0 = no better than the mean)")
                            : tr("accuracy (share of inputs classified right)")));

    if (!m_in.territory.expert.empty()) {
        auto* map = new TerritoryView;
        map->setData(m_in.data);
        map->setTerritory(m_in.territory);
        if (!m_in.history.empty()) map->setExpertLoad(m_in.history.back().routing.expertLoad);
        add(map, {660, 640}, tr("Expert territory"), FigureExporter::ViewHasTitle,
            tr("<p>A Mixture of Experts is made of several small networks, the <b>experts</b>, and a small "
               "network called the <b>gate</b> (or router) that looks at each input and sends it to a few "
               "experts only. The map colours every point of the input plane by the expert the gate prefers "
               "there; paler colour means the gate hesitates between experts. The dots are the data, and the "
               "dark line is where the model's prediction changes.</p><p>Clear regions of one colour mean the "
               "experts have <b>specialised</b>: each handles its own part of the problem. The percentages in "
               "the legend are the share of test inputs each expert received; an expert near 0% is hardly "
               "used.</p>"));
    }

    auto* bars = new CostBars;
    bars->setCost(m_in.cost);
    add(bars, {680, bars->sizeHint().height()}, tr("Cost per input (FLOPs, forward pass)"), FigureExporter::AddTitle,
        tr("<p><b>FLOPs</b> count the multiplications and additions a model does to answer for one input. "
           "The MoE's bar is split into the gate, the experts it actually runs, and the step that combines "
           "their answers. Because each input visits only a few experts, the MoE can hold many weights "
           "(like dense = params) but spend little arithmetic per input (like dense = compute): that is the "
           "point of sparsity.</p>"));
}

QString RunReport::summaryHtml() const {
    if (m_in.history.empty()) return tr("<p>No epoch has been trained yet.</p>");
    const moe::EpochSnapshot& last = m_in.history.back();
    const bool regression = m_in.data.task == moe::Task::Regression;
    auto score = [regression](const moe::ModelMetrics& m) {
        return regression ? QStringLiteral("R² %1").arg(fixed(m.testR2, 3)) : percent(m.testAccuracy);
    };
    QString s = tr("<p>After %1 epoch(s), the MoE reaches %2 on the test data, against %3 for the dense network "
                   "with as many parameters and %4 for the dense network with as much compute per input. ")
                    .arg(last.epoch)
                    .arg(score(last.moe), score(last.denseEqualParams), score(last.denseEqualCompute));
    const double saving = m_in.cost.savingVsDenseParams();
    if (saving > 0.0)
        s += tr("For each input it does %1 fewer FLOPs than the dense network with as many parameters.</p>")
                 .arg(percent(saving, 0));
    else
        s += tr("It saves no FLOPs against the dense network with as many parameters (every expert runs for every "
                "input).</p>");
    return s;
}

QString RunReport::datasetHtml() const {
    const moe::Dataset& d = m_in.data;
    QString rows = row(tr("Name"), esc(d.name)) + row(tr("Source"), esc(m_in.source)) +
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
    return QStringLiteral("<table>%1</table>").arg(rows);
}

QString RunReport::configHtml() const {
    QString s = QStringLiteral("<p>%1</p>").arg(esc(configSummary(m_in.config)));
    const nlohmann::ordered_json j = moe::configToJson(m_in.config);
    // Three settings a row: every option in force, named as on the command line.
    constexpr int kPerRow = 3;
    QString rows;
    int n = 0;
    for (auto it = j.begin(); it != j.end(); ++it, ++n) {
        const std::string value = it->is_string() ? it->get<std::string>() : it->dump();
        if (n % kPerRow == 0) rows += QStringLiteral("<tr>");
        rows += QStringLiteral("<th>%1</th><td>%2</td>").arg(esc(it.key()), esc(value));
        if (n % kPerRow == kPerRow - 1) rows += QStringLiteral("</tr>");
    }
    if (n % kPerRow != 0) rows += QStringLiteral("</tr>");
    s += QStringLiteral("<table width=\"100%\">%1</table>").arg(rows);
    return s;
}

QString RunReport::resultsHtml() const {
    if (m_in.history.empty()) return {};
    const moe::EpochSnapshot& last = m_in.history.back();
    const bool regression = m_in.data.task == moe::Task::Regression;
    QString s = QStringLiteral("<table width=\"100%\"><tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th><th>%7</th></tr>")
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

QString RunReport::routingHtml() const {
    if (m_in.history.empty()) return {};
    const moe::RoutingStats& r = m_in.history.back().routing;
    QString rows;
    for (std::size_t e = 0; e < r.expertLoad.size(); ++e) {
        const QString swatch = QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</span>")
                                   .arg(ExpertPalette::color(int(e)).name());
        rows += QStringLiteral("<tr><td>%1 %2</td><td class=num>%3</td><td class=num>%4</td></tr>")
                    .arg(swatch, esc(ExpertPalette::name(int(e))), percent(r.expertLoad[e]),
                         e < r.meanGate.size() ? fixed(r.meanGate[e], 3) : QStringLiteral("n/a"));
    }
    QString s = QStringLiteral("<table><tr><th>%1</th><th>%2</th><th>%3</th></tr>%4</table>")
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

QString RunReport::figureHtml(qsizetype index, bool embedded) const {
    const Figure& f = m_figures[index];
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
    // The figure carries its title; the PDF page is narrower than a browser window.
    const int width = embedded ? f.size.width() : std::min(f.size.width(), kPdfFigureWidth);
    return QStringLiteral("<p><img src=\"%2\" width=\"%3\" alt=\"%1\"></p><div class=explain>%4</div>")
        .arg(esc(f.title), src)
        .arg(width)
        .arg(f.explanation);
}

QString RunReport::html(bool embedded) const {
    const QString name = esc(m_in.data.name);
    QString h = QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                               "<title>%1</title><style>%2</style></head><body>\n")
                    .arg(tr("MoE Explorer report: %1").arg(name), QString::fromLatin1(kStyle));
    h += tr("<h1>A Mixture of Experts on “%1”</h1>").arg(name);
    h += tr("<p class=meta>Made by MoE Explorer on %1 (UTC).</p>")
             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    h += tr("<h2>In short</h2>") + summaryHtml();
    if (!m_in.notes.trimmed().isEmpty()) {
        QString notes = esc(m_in.notes.trimmed());
        notes.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
        h += tr("<h2>Notes</h2>") + QStringLiteral("<p class=notes>%1</p>").arg(notes);
    }
    h += tr("<h2>Results</h2>") + resultsHtml();
    h += tr("<h2>Figures</h2>");
    for (qsizetype i = 0; i < m_figures.size(); ++i) h += figureHtml(i, embedded) + QLatin1Char('\n');
    h += tr("<h2>Routing</h2>") + routingHtml();
    h += tr("<h2>Dataset</h2>") + datasetHtml();
    h += tr("<h2>Configuration</h2>") + configHtml();
    h += QStringLiteral("</body></html>\n");
    return h;
}

void RunReport::fillDocument(QTextDocument& document) const {
    for (qsizetype i = 0; i < m_figures.size(); ++i)
        document.addResource(QTextDocument::ImageResource, QUrl(QStringLiteral("figure-%1.png").arg(i + 1)),
                             m_figures[i].image);
    document.setDefaultStyleSheet(QString::fromLatin1(kStyle));
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
    file.write(html(true).toUtf8());
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
        // No page margins: QTextDocument::print() keeps 2 cm on every side itself.
        pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0),
                                      QPageLayout::Millimeter));
        QTextDocument document;
        fillDocument(document);
        document.print(&pdf);
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
