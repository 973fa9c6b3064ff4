#include "app/cli/train_command.h"

#include "app/cli/progress_printer.h"
#include "core/data/bundled_datasets.h"
#include "core/io/atomic_file.h"
#include "core/io/json_text.h"
#include "core/io/metrics_export.h"
#include "core/io/model_file.h"
#include "core/io/run_summary_json.h"
#include "core/train/experiment.h"
#include "core/train/trained_model.h"
#include "core/util/quote_for_message.h"
#ifdef MOE_CLI_REPORT
#include "ui/report/offscreen_report.h"
#endif

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <vector>

namespace moe::cli {
namespace {

// Every router and mode moe-spec names; the ones this build cannot run yet are refused
// with "not available yet" rather than "unknown".
constexpr std::array kSpecRouters{"dense",         "softmax-topk", "switch",       "noisy-topk",
                                  "expert-choice", "top-p",        "sigmoid-bias", "hash"};
constexpr std::array kSpecModes{"mixture", "block"};

template <std::size_t N, class Parse>
std::string availableNames(const std::array<const char*, N>& names, Parse parse) {
    std::string out;
    for (const char* n : names)
        if (parse(n)) out += (out.empty() ? "" : ", ") + std::string(n);
    return out;
}

template <std::size_t N>
bool listed(const std::array<const char*, N>& names, const std::string& s) {
    for (const char* n : names)
        if (s == n) return true;
    return false;
}

std::string percent(double fraction) {
    if (!std::isfinite(fraction)) return "n/a";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f%%", 100.0 * fraction);
    return buffer;
}

std::string fixed(double value, int decimals) {
    if (!std::isfinite(value)) return "n/a";
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

void printRow(const char* name, Task task, const ModelMetrics& m, const ModelCost& c) {
    const std::string quality =
        task == Task::Classification ? fixed(m.testAccuracy, 4) : fixed(m.testR2, 4);
    const std::string params =
        std::to_string(c.paramsTotal) +
        (c.paramsActive != c.paramsTotal ? " (" + std::to_string(c.paramsActive) + ")" : "");
    std::string kept = m.bestEpoch >= 0 ? std::to_string(m.bestEpoch) : std::string("n/a");
    if (m.diverged) kept += " diverged";
    else if (m.stoppedEarly) kept += " stopped";
    std::printf("%-22s %9s %10s %17s %13.0f %8s  %s\n", name, quality.c_str(),
                fixed(m.testLoss, 4).c_str(), params.c_str(), c.flopsPerSample,
                fixed(m.trainSeconds, 2).c_str(), kept.c_str());
}

void printTable(const RunSummary& s) {
    const ModelConfig& mc = s.config.model;
    std::printf("dataset %s: %zu samples, %zu features, ", s.datasetName.c_str(), s.samples,
                s.features);
    if (s.task == Task::Classification)
        std::printf("%d classes", s.classes);
    else
        std::printf("regression");
    std::printf(" (%zu train / %zu validation / %zu test), %d epochs\n", s.trainSamples,
                s.validationSamples, s.testSamples, s.snapshot.epoch);
    std::printf("MoE: %s mode, %s router\n\n", modeName(mc.mode), routerName(mc.router));
    std::printf("%-22s %9s %10s %17s %13s %8s  %s\n", "model",
                s.task == Task::Classification ? "test acc" : "test R2", "test loss",
                "params (active)", "FLOPs/sample", "train s", "epoch kept");
    const std::string moeName = "MoE " + std::to_string(mc.experts) + "x" +
                                std::to_string(mc.hidden) + ", top-" + std::to_string(mc.topK);
    printRow(moeName.c_str(), s.task, s.snapshot.moe, s.cost.moe);
    printRow("dense, equal params", s.task, s.snapshot.denseEqualParams, s.cost.denseEqualParams);
    printRow("dense, equal compute", s.task, s.snapshot.denseEqualCompute,
             s.cost.denseEqualCompute);

    std::printf("\nFLOPs saved vs dense equal params: %s\n",
                percent(s.cost.savingVsDenseParams()).c_str());
    const std::vector<RoutingStats> layers = s.snapshot.layers.empty()
                                                 ? std::vector<RoutingStats>{s.snapshot.routing}
                                                 : s.snapshot.layers;
    for (std::size_t l = 0; l < layers.size(); ++l) {
        const RoutingStats& r = layers[l];
        if (layers.size() > 1) std::printf("layer %zu ", l);
        std::printf("expert load (test split):");
        for (double f : r.expertLoad) std::printf(" %.3f", f);
        std::printf("\nload CV %s (population), usage entropy %s, gate entropy %s",
                    fixed(r.loadCv, 3).c_str(), fixed(r.usageEntropy, 3).c_str(),
                    fixed(r.gateEntropy, 3).c_str());
        if (r.droppedFraction > 0.0)
            std::printf(", dropped %s", percent(r.droppedFraction).c_str());
        if (std::isfinite(r.classExpertNmi))
            std::printf(", class-expert NMI %s", fixed(r.classExpertNmi, 3).c_str());
        if (!r.deadExperts.empty()) {
            std::printf(", dead experts:");
            for (int e : r.deadExperts) std::printf(" %d", e);
        }
        std::printf("\n");
    }
}

/// "--save: out/m.json: cannot save: ..." when `path` (given) cannot be saved, checked
/// before training so that a hopeless destination costs no training time.
Status checkDestination(const char* option, const std::string& path) {
    if (path.empty()) return {};
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    if (!target.has_filename() || fs::is_directory(target, ec))
        return Error{std::string(option) + ": " + quoteForMessage(path, 80) + " is not a file name"};
    if (!fs::is_directory(dir, ec))
        return Error{std::string(option) + ": directory " + quoteForMessage(dir.string(), 80) +
                     " does not exist"};
    if (Status s = checkCanSave(path); !s) return Error{std::string(option) + ": " + s.error()};
    return {};
}

/// One file the run writes after training and how the write went.
struct Output {
    const char* key;   ///< its member in the --json object: "model_file"
    const char* what;  ///< for the table's "saved ... to FILE" line: "the MoE"
    std::string path;
    Status written;
};

/// Written outputs as their members of `j`, and "failed_outputs": [{"file", "error"}] for
/// the others, so a script sees which files exist.
void describeOutputs(nlohmann::ordered_json& j, const std::vector<Output>& outputs) {
    nlohmann::ordered_json failed = nlohmann::ordered_json::array();
    for (const Output& o : outputs) {
        if (o.written)
            j[o.key] = o.path;
        else
            failed.push_back({{"file", o.path}, {"error", o.written.error()}});
    }
    if (!failed.empty()) j["failed_outputs"] = failed;
}

}  // namespace

TrainCommand::TrainCommand(CLI::App& parent)
    : m_app(parent.add_subcommand(
          "train", "Train a MoE and its two dense baselines (equal params, equal compute)")) {
    CLI::App& a = *m_app;
    m_data.addTo(a, true);
    ModelConfig& m = m_config.model;
    TrainConfig& t = m_config.train;
    m_router = routerName(m.router);
    m_mode = modeName(m.mode);
    m_optimizer = optimizerName(t.optimizer);
    m_activation = activationName(m.activation);
    m_mixtureLoss = mixtureLossName(m.mixtureLoss);
    m_capacityPolicy = capacityPolicyName(m.capacityPolicy);
    a.add_option("--experts", m.experts, "Number of experts E")->capture_default_str();
    a.add_option("--top-k", m.topK, "Experts per sample k")->capture_default_str();
    a.add_option("--hidden", m.hidden, "Hidden width of each expert")->capture_default_str();
    a.add_option("--activation", m_activation, "relu, tanh or gelu")->capture_default_str();
    a.add_option("--router", m_router,
                 "Router (available: " + availableNames(kSpecRouters, parseRouter) + ")")
        ->capture_default_str();
    a.add_flag("--raw-gate", m_rawGate,
               "softmax-topk: combine with the raw p instead of renormalising the chosen");
    a.add_option("--mode", m_mode,
                 "mixture (experts are the output) or block (residual MoE blocks)")
        ->capture_default_str();
    a.add_option("--mixture-loss", m_mixtureLoss, "mixture mode: cooperative or competitive")
        ->capture_default_str();
    a.add_option("--layers", m.layers, "block mode: residual MoE blocks")->capture_default_str();
    a.add_option("--model-width", m.modelWidth, "block mode: embedding width, 0 = --hidden")
        ->capture_default_str();
    a.add_option("--shared-experts", m.sharedExperts, "Always-on experts (DeepSeekMoE)")
        ->capture_default_str();
    a.add_option("--groups", m.groups, "Expert groups of a two-level (hierarchical) gate")
        ->capture_default_str();
    a.add_option("--capacity-factor", m.capacityFactor, "Training expert capacity, 0 = no limit")
        ->capture_default_str();
    a.add_option("--eval-capacity-factor", m.evalCapacityFactor,
                 "Evaluation expert capacity, 0 = no limit, -1 = as in training")
        ->capture_default_str();
    a.add_option("--capacity-policy", m_capacityPolicy,
                 "Who keeps a full expert's slots: choice-major, sample-major or probs")
        ->capture_default_str();
    a.add_flag("--renormalize-after-drop", m.renormalizeAfterDrop,
               "Renormalise the weights that survive capacity (DeepSpeed)");
    a.add_option("--jitter", m.jitter, "switch: router input jitter eps in training")
        ->capture_default_str();
    a.add_option("--top-p", m.topPThreshold, "top-p: cumulative probability threshold")
        ->capture_default_str();
    a.add_option("--expert-choice-factor", m.expertChoiceFactor,
                 "expert-choice: average experts per sample")
        ->capture_default_str();
    a.add_option("--bias-update-rate", m.biasUpdateRate, "sigmoid-bias: bias step u")
        ->capture_default_str();
    a.add_option("--balance-loss", t.balanceLoss, "Switch load-balancing weight alpha")
        ->capture_default_str();
    a.add_option("--z-loss", t.zLoss, "Router z-loss weight beta")->capture_default_str();
    a.add_option("--importance-loss", t.importanceLoss,
                 "noisy-topk: importance and load loss weight")
        ->capture_default_str();
    a.add_option("--entropy-loss", t.entropyLoss, "top-p: gate entropy loss weight")
        ->capture_default_str();
    m_epochsOption = a.add_option("--epochs", t.epochs,
                                  "Training epochs (a bundled dataset may recommend fewer, see 'moe datasets')")
                         ->capture_default_str();
    a.add_option("--batch", t.batch, "Mini-batch size")->capture_default_str();
    a.add_option("--lr", t.learningRate, "Learning rate")->capture_default_str();
    a.add_option("--optimizer", m_optimizer, "adam or sgd")->capture_default_str();
    a.add_option("--momentum", t.momentum, "SGD momentum")->capture_default_str();
    a.add_option("--seed", t.seed, "Seed of initialisation, split and shuffling")
        ->check(wholeNumber())
        ->capture_default_str();
    a.add_option("--threads", t.threads, "Worker threads, 0 = all cores")->capture_default_str();
    a.add_option("--test-fraction", t.testFraction, "Share of rows held out for testing")
        ->capture_default_str();
    a.add_option("--validation-fraction", t.validationFraction,
                 "Share of the training rows held out to pick the epoch kept and stop early, 0 = none")
        ->capture_default_str();
    a.add_option("--patience", t.patience,
                 "Epochs without a better validation loss before a model stops, 0 = train every epoch")
        ->capture_default_str();
    a.add_option("--weight-decay", t.weightDecay, "Decoupled weight decay (AdamW) of the weight matrices")
        ->capture_default_str();
    if (t.clipNorm > 0.0) m_clipNorm = fixed(t.clipNorm, 1);
    a.add_option("--clip-norm", m_clipNorm, "Largest gradient L2 norm per step, or off")->capture_default_str();
    m_lrSchedule = lrScheduleName(t.lrSchedule);
    a.add_option("--lr-schedule", m_lrSchedule, "constant, or cosine (linear warm-up, then cosine decay)")
        ->capture_default_str();
    a.add_option("--save", m_save, "Save the trained MoE to MODEL.json (atomically)");
    a.add_option("--report", m_report,
                 "Save the run's report (figures, results, explanations) as FILE.html or FILE.pdf");
    a.add_option("--metrics", m_metrics,
                 "Save every epoch's metrics and routing statistics to FILE.csv or FILE.json");
    a.add_flag("--json", m_json, "Print one JSON object on stdout");
}

bool TrainCommand::selected() const { return m_app->parsed(); }

Status TrainCommand::resolveOptions() {
    ModelConfig& m = m_config.model;
    TrainConfig& t = m_config.train;
    if (const std::optional<RouterKind> r = parseRouter(m_router)) {
        m.router = *r;
    } else {
        const std::string available = availableNames(kSpecRouters, parseRouter);
        if (listed(kSpecRouters, m_router))
            return Error{"--router: '" + m_router +
                         "' is not available yet (available: " + available + ")"};
        return Error{"--router: unknown router '" + m_router + "' (available: " + available + ")"};
    }
    if (const std::optional<MoeMode> mode = parseMode(m_mode)) {
        m.mode = *mode;
    } else {
        const std::string available = availableNames(kSpecModes, parseMode);
        if (listed(kSpecModes, m_mode))
            return Error{"--mode: '" + m_mode + "' is not available yet (available: " + available +
                         ")"};
        return Error{"--mode: unknown mode '" + m_mode + "' (available: " + available + ")"};
    }
    if (const std::optional<MixtureLoss> l = parseMixtureLoss(m_mixtureLoss))
        m.mixtureLoss = *l;
    else
        return Error{"--mixture-loss: unknown loss '" + m_mixtureLoss +
                     "' (cooperative or competitive)"};
    if (const std::optional<CapacityPolicy> p = parseCapacityPolicy(m_capacityPolicy))
        m.capacityPolicy = *p;
    else
        return Error{"--capacity-policy: unknown policy '" + m_capacityPolicy +
                     "' (choice-major, sample-major or probs)"};
    if (const std::optional<OptimizerKind> o = parseOptimizer(m_optimizer))
        t.optimizer = *o;
    else
        return Error{"--optimizer: unknown optimizer '" + m_optimizer + "' (adam or sgd)"};
    if (const std::optional<Activation> act = parseActivation(m_activation))
        m.activation = *act;
    else
        return Error{"--activation: unknown activation '" + m_activation +
                     "' (relu, tanh or gelu)"};
    if (const std::optional<LrSchedule> schedule = parseLrSchedule(m_lrSchedule))
        t.lrSchedule = *schedule;
    else
        return Error{"--lr-schedule: unknown schedule '" + m_lrSchedule + "' (constant or cosine)"};
    if (m_clipNorm == "off") {
        t.clipNorm = 0.0;
    } else {
        double norm = 0.0;
        try {
            std::size_t used = 0;
            norm = std::stod(m_clipNorm, &used);
            if (used != m_clipNorm.size()) norm = -1.0;
        } catch (const std::exception&) {
            norm = -1.0;
        }
        if (!(norm > 0.0) || !std::isfinite(norm))
            return Error{"--clip-norm: must be a number greater than 0, or off; got '" + m_clipNorm + "'"};
        t.clipNorm = norm;
    }
    m.renormalize = !m_rawGate;
    if (Status s = validateConfig(m_config); !s) return s;
    // Expert choice sets its own capacity (C = max(1, round-half-up(T c / E))); a capacity
    // factor would be accepted and silently unused.
    if (m.router == RouterKind::ExpertChoice && m.capacityFactor > 0.0)
        return Error{"--capacity-factor: expert-choice routing sets its own capacity from "
                     "--expert-choice-factor (C = max(1, round(T c / E)) per expert); drop --capacity-factor"};
    if (m.router == RouterKind::ExpertChoice && m.evalCapacityFactor > 0.0)
        return Error{"--eval-capacity-factor: expert-choice routing sets its own capacity from "
                     "--expert-choice-factor; drop --eval-capacity-factor"};

    // Refuse a hopeless destination before training rather than after.
    if (Status s = checkDestination("--save", m_save); !s) return s;
    if (Status s = checkDestination("--metrics", m_metrics); !s) return s;
    if (Status s = checkDestination("--report", m_report); !s) return s;
    if (!m_report.empty()) {
#ifdef MOE_CLI_REPORT
        std::string ext = std::filesystem::path(m_report).extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext != ".html" && ext != ".htm" && ext != ".pdf")
            return Error{"--report: '" + m_report + "' must end in .html or .pdf"};
#else
        return Error{"--report: this build has no GUI (MOE_BUILD_GUI=OFF), which draws the report"};
#endif
    }
    if (!m_metrics.empty()) {
        std::string ext = std::filesystem::path(m_metrics).extension().string();
        for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (ext != ".csv" && ext != ".json")
            return Error{"--metrics: '" + m_metrics + "' must end in .csv or .json"};
    }
    return {};
}

int TrainCommand::run() {
    if (Status s = resolveOptions(); !s) return fail(s.error());
    DatasetSource origin;
    std::vector<std::string> importNotes;
    Result<Dataset> data = loadDataset(m_data, &origin, &importNotes);
    if (!data) return fail(data.error());
    const BundledDatasetInfo* bundled = findBundledDataset(m_data.source);
    if (bundled && bundled->epochs > 0 && m_epochsOption->count() == 0) {
        m_config.train.epochs = bundled->epochs;
        std::cerr << "moe: " << bundled->name << ": " << bundled->epochs
                  << " epochs, the dataset's recommended training (longer overfits it; --epochs to choose)\n";
    }
    Result<std::unique_ptr<Experiment>> created = Experiment::create(data.value(), m_config);
    if (!created) return fail(created.error());
    Experiment& experiment = *created.value();

    ProgressPrinter progress(stderrIsTerminal(), m_config.train.epochs);
    experiment.run(progress);
    progress.finish();

    const RunSummary summary = summarizeRun(experiment);
    // Every output is attempted, even after one fails: the run's work is not lost to it.
    std::vector<Output> outputs;
#ifdef MOE_CLI_REPORT
    if (!m_report.empty())
        outputs.push_back({"report_file", "the report", m_report,
                           ui::writeReportWithoutWindow(experiment, origin, importNotes, m_report)});
#endif
    if (!m_save.empty())
        outputs.push_back({"model_file", "the MoE", m_save, saveModel(m_save, experiment.trainedModel())});
    if (!m_metrics.empty())
        outputs.push_back({"metrics_file", "the metrics of every epoch", m_metrics,
                           writeMetricsFile(m_metrics, experiment.history(), summary.task)});
    if (m_json) {
        nlohmann::ordered_json j = runSummaryToJson(summary);
        describeOutputs(j, outputs);
        std::cout << toJsonText(j) << std::endl;
    } else {
        printTable(summary);
        for (const Output& o : outputs)
            if (o.written) std::printf("saved %s to %s\n", o.what, o.path.c_str());
        std::fflush(stdout);
    }
    int status = kExitOk;
    for (const Output& o : outputs)
        if (!o.written) status = fail(o.written.error());
    if (status == kExitOk && !summary.divergences.empty()) {
        std::string line = "training diverged: ";
        for (std::size_t i = 0; i < summary.divergences.size(); ++i)
            line += (i > 0 ? "; " : "") + summary.divergences[i];
        std::cerr << "moe: " << line << '\n';
        status = kExitDiverged;
    }
    return status;
}

}  // namespace moe::cli
