#include "core/teach/lesson_targets.h"

#include "core/data/bundled_datasets.h"
#include "core/data/generators.h"
#include "core/model/model_config.h"
#include "core/scale/expert_placement.h"
#include "core/scale/llm_presets.h"
#include "core/scale/weight_dtype.h"
#include "core/train/run_config.h"
#include "core/train/training_pace.h"

#include <algorithm>

namespace moe {
namespace {

using Kind = LessonControl::Kind;

LessonControl control(std::string name, Kind kind, std::string key = {}, std::vector<std::string> choices = {}) {
    return LessonControl{std::move(name), kind, std::move(choices), std::move(key)};
}

template <class Enum>
std::vector<std::string> namesOf(std::initializer_list<Enum> values, const char* (*name)(Enum)) {
    std::vector<std::string> out;
    for (Enum v : values) out.emplace_back(name(v));
    return out;
}

std::vector<std::string> routerNames() {
    std::vector<std::string> out;
    for (RouterKind r : allRouters()) out.emplace_back(routerName(r));
    return out;
}

std::vector<std::string> datasetNames() {
    std::vector<std::string> out;
    for (const GeneratorInfo& g : builtinGenerators()) out.push_back(g.name);
    for (const BundledDatasetInfo& b : bundledDatasets()) out.push_back(b.name);
    return out;
}

std::vector<std::string> dtypeNames() {
    std::vector<std::string> out;
    for (WeightDtype d : allWeightDtypes()) out.emplace_back(weightDtypeName(d));
    return out;
}

std::vector<LessonControl> makeControls() {
    return {
        control("router", Kind::Choice, "router", routerNames()),
        control("experts", Kind::Integer, "experts"),
        control("top-k", Kind::Integer, "top_k"),
        control("renormalize", Kind::Toggle, "renormalize"),
        control("jitter", Kind::Number, "jitter"),
        control("top-p", Kind::Number, "top_p"),
        control("entropy-loss", Kind::Number, "entropy_loss"),
        control("importance-loss", Kind::Number, "importance_loss"),
        control("expert-choice-factor", Kind::Number, "expert_choice_factor"),
        control("bias-update-rate", Kind::Number, "bias_update_rate"),
        control("mode", Kind::Choice, "mode", namesOf({MoeMode::Mixture, MoeMode::Block}, modeName)),
        control("mixture-loss", Kind::Choice, "mixture_loss",
                namesOf({MixtureLoss::Cooperative, MixtureLoss::Competitive}, mixtureLossName)),
        control("layers", Kind::Integer, "layers"),
        control("model-width", Kind::Integer, "model_width"),
        control("hidden", Kind::Integer, "hidden"),
        control("activation", Kind::Choice, "activation",
                namesOf({Activation::Relu, Activation::Tanh, Activation::Gelu}, activationName)),
        control("shared-experts", Kind::Integer, "shared_experts"),
        control("groups", Kind::Integer, "groups"),
        control("capacity-factor", Kind::Number, "capacity_factor"),
        control("capacity-policy", Kind::Choice, "capacity_policy",
                namesOf({CapacityPolicy::ChoiceMajor, CapacityPolicy::SampleMajor, CapacityPolicy::Probs},
                        capacityPolicyName)),
        control("renormalize-after-drop", Kind::Toggle, "renormalize_after_drop"),
        control("epochs", Kind::Integer, "epochs"),
        control("batch", Kind::Integer, "batch"),
        control("lr", Kind::Number, "lr"),
        control("optimizer", Kind::Choice, "optimizer",
                namesOf({OptimizerKind::Adam, OptimizerKind::Sgd}, optimizerName)),
        control("balance-loss", Kind::Number, "balance_loss"),
        control("z-loss", Kind::Number, "z_loss"),
        control("seed", Kind::Integer, "seed"),
        control("datasetCombo", Kind::Choice, {}, datasetNames()),
        control("samplesSpin", Kind::Integer),
        control("noiseSpin", Kind::Number),
        control("clustersSpin", Kind::Integer),
        control("dataSeedSpin", Kind::Integer),
        control("trainingSpeed", Kind::Choice, {}, namesOf({TrainingSpeed::Full, TrainingSpeed::Fast, TrainingSpeed::Moderate, TrainingSpeed::Slow}, speedName)),
        control("paretoTopK", Kind::Integer),
        // The Cost tab's At scale page, named as its fields are (the `moe cost --json` names).
        control("llm.preset", Kind::Choice, {}, llmPresetNames()),
        control("llm.ranks", Kind::Integer),
        control("llm.dtype", Kind::Choice, {}, dtypeNames()),
        control("llm.placement", Kind::Choice, {},
                namesOf({Placement::Contiguous, Placement::RoundRobin, Placement::Balanced}, placementName)),
    };
}

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

const std::vector<LessonControl>& lessonControls() {
    static const std::vector<LessonControl> controls = makeControls();
    return controls;
}

const LessonControl* findLessonControl(const std::string& name) {
    for (const LessonControl& c : lessonControls())
        if (c.name == name) return &c;
    return nullptr;
}

const std::vector<std::string>& lessonActions() {
    static const std::vector<std::string> actions{"train", "pause", "step-epoch", "step-batch", "stop", "reset",
                                                 "scaleUp", "uniformRouting"};
    return actions;
}
bool isLessonAction(const std::string& name) { return contains(lessonActions(), name); }

const std::vector<std::string>& lessonViews() {
    static const std::vector<std::string> views{"territory", "data",    "formula", "utilization", "gate-matrix",
                                                "cost",      "history", "pareto",  "at-scale",    "glossary",
                                                "inspector"};
    return views;
}
bool isLessonView(const std::string& name) { return contains(lessonViews(), name); }

const std::vector<std::string>& lessonEvents() {
    static const std::vector<std::string> events{"run-finished", "input-pinned", "view-opened", "pareto-k-changed",
                                                 "setting-changed", "scaled-up"};
    return events;
}
bool isLessonEvent(const std::string& name) { return contains(lessonEvents(), name); }
bool lessonEventTakesView(const std::string& name) { return name == "view-opened"; }
bool lessonEventTakesControl(const std::string& name) { return name == "setting-changed"; }

std::string joinNames(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace moe
