#include "ui/settings/shape_settings.h"

#include "ui/settings/settings_form.h"

#include <QComboBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

QString mixtureTip() {
    return QObject::tr(
        "<p><b>Mixture</b> (Jacobs, Jordan, Nowlan, Hinton 1991): the experts produce the "
        "model's output, y = Σ w<sub>i</sub> expert<sub>i</sub>(x). The gate's favourite expert "
        "at each point of the plane is that expert's <i>territory</i>.</p>");
}

QString blockTip() {
    return QObject::tr(
        "<p><b>Block</b> (Shazeer 2017, GShard, Switch, Mixtral): an embedding Linear(d, m), "
        "then residual blocks z ← z + MoE(z) with experts m → h → m, then a head. An input "
        "that capacity drops passes through the residual unchanged. This is the MoE of the "
        "large language models.</p>");
}

}  // namespace

ShapeSettings::ShapeSettings(QWidget* parent) : QWidget(parent) {
    m_mode = new QComboBox;
    m_mode->addItem(QStringLiteral("mixture"), static_cast<int>(moe::MoeMode::Mixture));
    m_mode->setItemData(0, mixtureTip(), Qt::ToolTipRole);
    m_mode->addItem(QStringLiteral("block"), static_cast<int>(moe::MoeMode::Block));
    m_mode->setItemData(1, blockTip(), Qt::ToolTipRole);
    m_mode->setToolTip(tr("<p><b>Model shape</b>: where the MoE sits in the model.</p>") +
                       mixtureTip() + blockTip());

    m_mixtureLoss = new QComboBox;
    m_mixtureLoss->addItem(QStringLiteral("cooperative"),
                           static_cast<int>(moe::MixtureLoss::Cooperative));
    m_mixtureLoss->addItem(QStringLiteral("competitive"),
                           static_cast<int>(moe::MixtureLoss::Competitive));
    m_mixtureLoss->setToolTip(
        tr("<p><b>Mixture loss</b>. <i>Cooperative</i>: the loss of the combined output; the "
           "experts share the work. <i>Competitive</i> (the 1991 paper): −log Σ w<sub>i</sub> "
           "P<sub>i</sub>(target | x), with P<sub>i</sub> the expert's own probability of the "
           "target. Each expert learns from an input in proportion to its responsibility, so "
           "the experts localise: each takes a region.</p>"));
    m_layers = SettingsForm::spinBox(1, 16,
        tr("<p><b>MoE blocks</b>: how many residual MoE blocks are stacked. Each has its own "
           "router and experts; the routing readout shows each block's numbers.</p>"));
    m_modelWidth = SettingsForm::spinBox(0, 4096,
        tr("<p><b>Model width m</b>: the width of the vectors the blocks pass along (the "
           "embedding's output). 0 = the same as the expert hidden width.</p>"));
    m_modelWidth->setSpecialValueText(tr("as hidden"));
    m_hidden = SettingsForm::spinBox(1, 1024,
        tr("<p><b>Hidden width h</b> of each expert: Linear(in, h) → activation → Linear(h, "
           "out). The dense baselines get width E·h (equal parameters) and k·h (equal "
           "compute).</p>"));
    m_activation = new QComboBox;
    for (moe::Activation a : {moe::Activation::Relu, moe::Activation::Tanh, moe::Activation::Gelu})
        m_activation->addItem(QString::fromLatin1(moe::activationName(a)), static_cast<int>(a));
    m_activation->setToolTip(tr("<p><b>Activation</b> inside every expert (and the dense "
                                "baselines). ReLU gives piecewise-linear experts.</p>"));
    m_sharedExperts = SettingsForm::spinBox(0, 16,
        tr("<p><b>Shared experts</b> (DeepSeekMoE): experts that every input runs, added with "
           "weight 1 beside the routed ones. They learn what all inputs have in common, so "
           "the routed experts can specialise. They cost compute on every input.</p>"));
    m_groups = SettingsForm::spinBox(1, 64,
        tr("<p><b>Groups G</b> (hierarchical mixture, Jordan & Jacobs 1994): a two-level gate. "
           "A top gate picks a group, a gate inside the group an expert; an expert's "
           "probability is the product. 1 = one flat gate. G must divide the number of "
           "experts, and works with the softmax routers (dense, softmax-topk, switch, "
           "top-p).</p>"));

    m_form = new SettingsForm(this);
    m_form->addField(QStringLiteral("mode"), tr("Shape"), m_mode);
    m_form->addField(QStringLiteral("mixture-loss"), tr("Mixture loss"), m_mixtureLoss);
    m_form->addField(QStringLiteral("layers"), tr("MoE blocks"), m_layers);
    m_form->addField(QStringLiteral("model-width"), tr("Model width"), m_modelWidth);
    m_form->addField(QStringLiteral("hidden"), tr("Hidden width"), m_hidden);
    m_form->addField(QStringLiteral("activation"), tr("Activation"), m_activation);
    m_form->addField(QStringLiteral("shared-experts"), tr("Shared experts"), m_sharedExperts);
    m_form->addField(QStringLiteral("groups"), tr("Groups"), m_groups);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    layout->addStretch(1);

    setConfig(moe::RunConfig{});
    auto emitChanged = [this] {
        updateRows();
        emit changed();
    };
    for (QComboBox* c : {m_mode, m_mixtureLoss, m_activation})
        connect(c, &QComboBox::currentIndexChanged, this, emitChanged);
    for (QSpinBox* s : {m_layers, m_modelWidth, m_hidden, m_sharedExperts, m_groups})
        connect(s, &QSpinBox::valueChanged, this, emitChanged);
}

moe::MoeMode ShapeSettings::mode() const {
    return static_cast<moe::MoeMode>(m_mode->currentData().toInt());
}

void ShapeSettings::setConfig(const moe::RunConfig& c) {
    const moe::ModelConfig& m = c.model;
    {
        const QSignalBlocker b1(m_mode), b2(m_mixtureLoss), b3(m_layers), b4(m_modelWidth),
            b5(m_hidden), b6(m_activation), b7(m_sharedExperts), b8(m_groups);
        m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(m.mode)));
        m_mixtureLoss->setCurrentIndex(m_mixtureLoss->findData(static_cast<int>(m.mixtureLoss)));
        m_layers->setValue(m.layers);
        m_modelWidth->setValue(m.modelWidth);
        m_hidden->setValue(m.hidden);
        m_activation->setCurrentIndex(m_activation->findData(static_cast<int>(m.activation)));
        m_sharedExperts->setValue(m.sharedExperts);
        m_groups->setValue(m.groups);
    }
    updateRows();
}

void ShapeSettings::apply(moe::RunConfig& c) const {
    moe::ModelConfig& m = c.model;
    m.mode = mode();
    const bool block = m.mode == moe::MoeMode::Block;
    m.mixtureLoss = block ? moe::MixtureLoss::Cooperative
                          : static_cast<moe::MixtureLoss>(m_mixtureLoss->currentData().toInt());
    m.layers = block ? m_layers->value() : 1;
    m.modelWidth = block ? m_modelWidth->value() : 0;
    m.hidden = m_hidden->value();
    m.activation = static_cast<moe::Activation>(m_activation->currentData().toInt());
    m.sharedExperts = m_sharedExperts->value();
    m.groups = m_groups->value();
}

void ShapeSettings::updateRows() {
    const bool block = mode() == moe::MoeMode::Block;
    m_form->setRowShown(QStringLiteral("mixture-loss"), !block);
    m_form->setRowShown(QStringLiteral("layers"), block);
    m_form->setRowShown(QStringLiteral("model-width"), block);
}

}  // namespace moe::ui
