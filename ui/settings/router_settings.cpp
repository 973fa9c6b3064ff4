#include "ui/settings/router_settings.h"

#include "ui/settings/settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace moe::ui {
namespace {

QString describe(moe::RouterKind r) {
    return QString::fromUtf8(moe::routerDescription(r));
}

}  // namespace

RouterSettings::RouterSettings(QWidget* parent) : QWidget(parent) {
    m_router = new QComboBox;
    for (moe::RouterKind r : moe::allRouters()) {
        m_router->addItem(QString::fromLatin1(moe::routerName(r)), static_cast<int>(r));
        m_router->setItemData(m_router->count() - 1, describe(r), Qt::ToolTipRole);
    }
    m_experts = SettingsForm::spinBox(1, 64,
        tr("<p><b>Experts (E)</b>: how many expert networks the layer holds. More experts add "
           "parameters (capacity) but not compute: each input still runs only the experts "
           "the router picks. The gate learns which expert handles which part of the input "
           "space.</p>"));
    m_topK = SettingsForm::spinBox(1, 64,
        tr("<p><b>Top-k</b>: how many experts each input is sent to. Compute per input grows "
           "with k. k = 1 is the Switch Transformer's choice, k = 2 Mixtral's. Must be at "
           "most E.</p>"));
    m_renormalize = new QCheckBox(tr("to sum 1"));
    m_renormalize->setToolTip(
        tr("<p><b>Renormalise</b>: the chosen experts' gate probabilities are divided by "
           "their sum, so they add up to 1 (Mixtral, GShard). Off: the raw probabilities are "
           "used, so the output shrinks where the gate is unsure.</p><p>With k = 1 the raw "
           "probability is always used: a renormalised single weight is always 1, and the "
           "gate would learn nothing from the task.</p>"));
    m_jitter = SettingsForm::doubleSpinBox(0.0, 0.99, 3, 0.005,
        tr("<p><b>Jitter ε</b> (Switch Transformer): in training the router's input is "
           "multiplied by noise drawn from U(1 − ε, 1 + ε), so the gate explores near the "
           "borders between experts. Evaluation is noise-free. Default 0.01.</p>"));
    m_topP = SettingsForm::doubleSpinBox(0.0, 1.0, 2, 0.05,
        tr("<p><b>Threshold p</b> (dynamic top-p, Huang 2024): experts are taken in "
           "descending gate probability up to and including the first whose cumulative "
           "probability exceeds p. A sure gate uses one expert, an unsure one several. Must "
           "be in (0, 1]; default 0.4.</p>"));
    m_entropyLoss = SettingsForm::doubleSpinBox(0.0, 10.0, 4, 0.005,
        tr("<p><b>Entropy loss weight</b>: adds weight · mean(−Σ p ln p) to the training "
           "loss. It sharpens the gate, so top-p routing needs fewer experts per input. "
           "0 = off.</p>"));
    m_importanceLoss = SettingsForm::doubleSpinBox(0.0, 10.0, 4, 0.005,
        tr("<p><b>Importance and load loss weight w</b> (Shazeer 2017): w · (CV²(importance) "
           "+ CV²(load)). Importance is the sum of an expert's combine weights over the batch, "
           "load a smooth estimate of how many inputs it gets; CV² uses the unbiased "
           "variance. It pushes the noisy gate to spread the work. 0 = off.</p>"));
    m_expertChoiceFactor = SettingsForm::doubleSpinBox(0.0, 64.0, 2, 0.25,
        tr("<p><b>Capacity factor c</b> (expert choice, Zhou 2022): in a batch of T inputs "
           "each expert takes the C = T · c / E inputs it scores highest, so an input gets c "
           "experts on average: some get more, some none. Every expert gets exactly the same "
           "load. Must be greater than 0 and at most E; default 2.</p><p>An expert picks its "
           "inputs from the whole batch, so a prediction depends on the batch it is in, and is "
           "undefined for one input alone.</p>"));
    m_biasUpdateRate = SettingsForm::doubleSpinBox(0.0, 1.0, 4, 0.0005,
        tr("<p><b>Bias update rate u</b> (DeepSeek-V3, auxiliary-loss-free balancing): after "
           "every step each expert's bias moves toward even load, b<sub>i</sub> += u · "
           "sign(mean load − load<sub>i</sub>). The bias changes which experts are chosen, "
           "not their weights. 0 = no balancing; default 0.001.</p>"));

    m_form = new SettingsForm(this);
    m_form->addField(QStringLiteral("router"), tr("Router"), m_router);
    m_form->addField(QStringLiteral("experts"), tr("Experts"), m_experts);
    m_form->addField(QStringLiteral("top-k"), tr("Top-k"), m_topK);
    m_form->addField(QStringLiteral("renormalize"), tr("Renormalise"), m_renormalize);
    m_form->addField(QStringLiteral("jitter"), tr("Jitter ε"), m_jitter);
    m_form->addField(QStringLiteral("top-p"), tr("Threshold p"), m_topP);
    m_form->addField(QStringLiteral("entropy-loss"), tr("Entropy loss"), m_entropyLoss);
    m_form->addField(QStringLiteral("importance-loss"), tr("Importance loss"), m_importanceLoss);
    m_form->addField(QStringLiteral("expert-choice-factor"), tr("Capacity factor c"),
                     m_expertChoiceFactor);
    m_form->addNote(QStringLiteral("expert-choice-note"),
                    tr("Predictions depend on the batch: an input's output changes with the "
                       "inputs beside it. Evaluation runs each split as one batch."),
                    true);
    m_form->addField(QStringLiteral("bias-update-rate"), tr("Bias update u"), m_biasUpdateRate);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);

    setConfig(moe::RunConfig{});
    auto emitChanged = [this] {
        updateRows();
        emit changed();
    };
    connect(m_router, &QComboBox::currentIndexChanged, this, emitChanged);
    for (QSpinBox* s : {m_experts, m_topK}) connect(s, &QSpinBox::valueChanged, this, emitChanged);
    for (QDoubleSpinBox* s : {m_jitter, m_topP, m_entropyLoss, m_importanceLoss,
                              m_expertChoiceFactor, m_biasUpdateRate})
        connect(s, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_renormalize, &QCheckBox::toggled, this, emitChanged);
}

moe::RouterKind RouterSettings::router() const {
    return static_cast<moe::RouterKind>(m_router->currentData().toInt());
}

bool RouterSettings::usesTopK(moe::RouterKind r) {
    return r == moe::RouterKind::SoftmaxTopK || r == moe::RouterKind::NoisyTopK ||
           r == moe::RouterKind::SigmoidBias || r == moe::RouterKind::Hash;
}

void RouterSettings::setConfig(const moe::RunConfig& c) {
    const moe::ModelConfig& m = c.model;
    {
        const QSignalBlocker b1(m_router), b2(m_experts), b3(m_topK), b4(m_renormalize),
            b5(m_jitter), b6(m_topP), b7(m_entropyLoss), b8(m_importanceLoss),
            b9(m_expertChoiceFactor), b10(m_biasUpdateRate);
        m_router->setCurrentIndex(m_router->findData(static_cast<int>(m.router)));
        m_experts->setValue(m.experts);
        m_topK->setValue(m.topK);
        m_renormalize->setChecked(m.renormalize);
        m_jitter->setValue(m.jitter);
        m_topP->setValue(m.topPThreshold);
        m_entropyLoss->setValue(c.train.entropyLoss);
        m_importanceLoss->setValue(c.train.importanceLoss);
        m_expertChoiceFactor->setValue(m.expertChoiceFactor);
        m_biasUpdateRate->setValue(m.biasUpdateRate);
    }
    updateRows();
}

void RouterSettings::apply(moe::RunConfig& c) const {
    moe::ModelConfig& m = c.model;
    const moe::ModelConfig defaults;
    m.router = router();
    m.experts = m_experts->value();
    if (usesTopK(m.router))
        m.topK = m_topK->value();
    else if (m.router == moe::RouterKind::Switch)
        m.topK = 1;
    else  // dense, top-p, expert choice choose their own number of experts
        m.topK = std::clamp(m_topK->value(), 1, m.experts);
    m.renormalize = m_renormalize->isChecked();
    m.jitter = m_jitter->value();
    m.topPThreshold = m.router == moe::RouterKind::TopP || m_topP->value() > 0.0
                          ? m_topP->value()
                          : defaults.topPThreshold;
    const double c0 = m_expertChoiceFactor->value();
    m.expertChoiceFactor = m.router == moe::RouterKind::ExpertChoice || (c0 > 0.0 && c0 <= m.experts)
                               ? c0
                               : std::min(defaults.expertChoiceFactor, static_cast<double>(m.experts));
    m.biasUpdateRate = m_biasUpdateRate->value();
    c.train.entropyLoss = m_entropyLoss->value();
    c.train.importanceLoss = m_importanceLoss->value();
}

void RouterSettings::updateRows() {
    const moe::RouterKind r = router();
    m_router->setToolTip(tr("<p><b>Router</b>: how the gate chooses the experts of each "
                            "input.</p><p><b>%1</b>: %2</p>")
                             .arg(QString::fromLatin1(moe::routerName(r)), describe(r).toHtmlEscaped()));
    m_form->setRowShown(QStringLiteral("top-k"), usesTopK(r));
    m_form->setRowShown(QStringLiteral("renormalize"), r == moe::RouterKind::SoftmaxTopK);
    m_renormalize->setEnabled(m_topK->value() > 1);
    m_form->setRowShown(QStringLiteral("jitter"), r == moe::RouterKind::Switch);
    m_form->setRowShown(QStringLiteral("top-p"), r == moe::RouterKind::TopP);
    m_form->setRowShown(QStringLiteral("entropy-loss"), r == moe::RouterKind::TopP);
    m_form->setRowShown(QStringLiteral("importance-loss"), r == moe::RouterKind::NoisyTopK);
    m_form->setRowShown(QStringLiteral("expert-choice-factor"), r == moe::RouterKind::ExpertChoice);
    m_form->setRowShown(QStringLiteral("expert-choice-note"), r == moe::RouterKind::ExpertChoice);
    m_form->setRowShown(QStringLiteral("bias-update-rate"), r == moe::RouterKind::SigmoidBias);
}

}  // namespace moe::ui
