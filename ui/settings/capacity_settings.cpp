#include "ui/settings/capacity_settings.h"

#include "ui/settings/settings_form.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

QString factorTip() {
    return QObject::tr(
        "<p>Each expert takes at most C = ⌈factor · T · k / E⌉ assignments of a batch of T "
        "inputs (DeepSpeed, Megablocks): 1 is exactly an even share, 1.25 leaves 25% slack "
        "(Switch). Assignments beyond C are <i>dropped</i>: their weight becomes 0. In block "
        "mode a dropped input passes through the residual. 0 = no limit (dropless).</p>");
}

}  // namespace

CapacitySettings::CapacitySettings(QWidget* parent) : QWidget(parent) {
    m_factor = SettingsForm::doubleSpinBox(0.0, 16.0, 2, 0.25,
        tr("<p><b>Training capacity factor</b>.</p>") + factorTip());
    m_factor->setSpecialValueText(tr("no limit"));

    auto* eval = new QWidget;
    eval->setToolTip(tr("<p><b>Evaluation capacity factor</b>: the limit on the test split "
                        "and in predictions. Systems often train with a limit and infer "
                        "with more room, or none.</p>") + factorTip());
    m_evalAsTraining = new QCheckBox(tr("as training"), eval);
    m_evalAsTraining->setObjectName(QStringLiteral("eval-capacity-as-training"));
    m_evalAsTraining->setToolTip(tr("<p>Evaluate with the training capacity factor.</p>"));
    m_evalFactor = SettingsForm::doubleSpinBox(0.0, 16.0, 2, 0.25, eval->toolTip());
    m_evalFactor->setObjectName(QStringLiteral("eval-capacity-value"));
    m_evalFactor->setSpecialValueText(tr("no limit"));
    m_evalFactor->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_evalFactor->setMinimumWidth(60);
    // The check box over the spin box: side by side they would widen the settings column.
    auto* evalLayout = new QVBoxLayout(eval);
    evalLayout->setContentsMargins(0, 0, 0, 0);
    evalLayout->setSpacing(2);
    evalLayout->addWidget(m_evalAsTraining);
    evalLayout->addWidget(m_evalFactor);

    m_policy = new QComboBox;
    const QList<QPair<moe::CapacityPolicy, QString>> policies = {
        {moe::CapacityPolicy::ChoiceMajor,
         tr("<p><b>choice-major</b> (default; GShard, Tutel): all first choices in input order, "
            "then all second choices, and so on. A second choice never pushes out a first "
            "one.</p>")},
        {moe::CapacityPolicy::SampleMajor,
         tr("<p><b>sample-major</b> (DeepSpeed \"position\"): input by input, each input's "
            "choices in rank order. Early inputs in a batch get all their experts.</p>")},
        {moe::CapacityPolicy::Probs,
         tr("<p><b>probs</b> (DeepSpeed, Megatron): each expert keeps the C assignments it "
            "scores highest. The inputs the gate is least sure about are dropped.</p>")}};
    QString policyTip = tr("<p><b>Overflow policy</b>: which assignments keep their slots when "
                           "an expert gets more than C.</p>");
    for (const auto& [policy, tip] : policies) {
        m_policy->addItem(QString::fromLatin1(moe::capacityPolicyName(policy)), static_cast<int>(policy));
        m_policy->setItemData(m_policy->count() - 1, tip, Qt::ToolTipRole);
        policyTip += tip;
    }
    m_policy->setToolTip(policyTip);
    m_renormalizeAfterDrop = new QCheckBox(tr("renormalise"));
    m_renormalizeAfterDrop->setToolTip(
        tr("<p><b>After a drop</b>: by default the kept weights stay as they were, so an input "
           "that lost an expert gets a smaller output (Tutel). On: the surviving weights are "
           "renormalised to sum to 1 (DeepSpeed).</p>"));

    m_form = new SettingsForm(this);
    m_form->addField(QStringLiteral("capacity-factor"), tr("Training"), m_factor);
    m_form->addField(QStringLiteral("eval-capacity-factor"), tr("Evaluation"), eval);
    m_form->addField(QStringLiteral("capacity-policy"), tr("Overflow"), m_policy);
    m_form->addField(QStringLiteral("renormalize-after-drop"), tr("After a drop"),
                     m_renormalizeAfterDrop);
    m_form->addNote(QStringLiteral("capacity-note"),
                    tr("Capacity factor: each expert's limit as a multiple of an even share. "
                       "Policy and renormalising matter only with a limit."));
    m_form->addNote(QStringLiteral("expert-choice-capacity"),
                    tr("Expert choice sets its own capacity: each expert takes T · c / E "
                       "inputs of a batch, so nothing overflows and these settings do not "
                       "apply."),
                    true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    layout->addStretch(1);

    setConfig(moe::RunConfig{});
    auto emitChanged = [this] {
        updateRows();
        emit changed();
    };
    for (QDoubleSpinBox* s : {m_factor, m_evalFactor})
        connect(s, &QDoubleSpinBox::valueChanged, this, emitChanged);
    for (QCheckBox* b : {m_evalAsTraining, m_renormalizeAfterDrop})
        connect(b, &QCheckBox::toggled, this, emitChanged);
    connect(m_policy, &QComboBox::currentIndexChanged, this, emitChanged);
}

void CapacitySettings::setConfig(const moe::RunConfig& c) {
    const moe::ModelConfig& m = c.model;
    {
        const QSignalBlocker b1(m_factor), b2(m_evalAsTraining), b3(m_evalFactor), b4(m_policy),
            b5(m_renormalizeAfterDrop);
        m_factor->setValue(m.capacityFactor);
        m_evalAsTraining->setChecked(m.evalCapacityFactor < 0.0);
        m_evalFactor->setValue(m.evalCapacityFactor < 0.0 ? m.capacityFactor : m.evalCapacityFactor);
        m_policy->setCurrentIndex(m_policy->findData(static_cast<int>(m.capacityPolicy)));
        m_renormalizeAfterDrop->setChecked(m.renormalizeAfterDrop);
    }
    updateRows();
}

void CapacitySettings::apply(moe::RunConfig& c) const {
    moe::ModelConfig& m = c.model;
    m.capacityFactor = m_factor->value();
    m.evalCapacityFactor = m_evalAsTraining->isChecked() ? -1.0 : m_evalFactor->value();
    m.capacityPolicy = static_cast<moe::CapacityPolicy>(m_policy->currentData().toInt());
    m.renormalizeAfterDrop = m_renormalizeAfterDrop->isChecked();
}

void CapacitySettings::setRouter(moe::RouterKind router) {
    m_router = router;
    updateRows();
}

void CapacitySettings::updateRows() {
    const bool applies = m_router != moe::RouterKind::ExpertChoice;
    if (m_evalAsTraining->isChecked()) {
        const QSignalBlocker blocker(m_evalFactor);
        m_evalFactor->setValue(m_factor->value());
    }
    const bool limited = m_factor->value() > 0.0 ||
                         (!m_evalAsTraining->isChecked() && m_evalFactor->value() > 0.0);
    m_factor->setEnabled(applies);
    m_evalAsTraining->setEnabled(applies);
    m_evalFactor->setEnabled(applies && !m_evalAsTraining->isChecked());
    m_policy->setEnabled(applies && limited);
    m_renormalizeAfterDrop->setEnabled(applies && limited);
    m_form->setRowShown(QStringLiteral("capacity-note"), applies);
    m_form->setRowShown(QStringLiteral("expert-choice-capacity"), !applies);
}

}  // namespace moe::ui
