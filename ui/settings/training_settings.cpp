#include "ui/settings/training_settings.h"

#include "ui/settings/settings_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace moe::ui {

TrainingSettings::TrainingSettings(QWidget* parent) : QWidget(parent) {
    m_epochs = SettingsForm::spinBox(1, 100000,
        tr("<p><b>Epochs</b>: passes over the training split.</p>"));
    m_batch = SettingsForm::spinBox(1, 4096,
        tr("<p><b>Batch size T</b>: inputs per gradient step. The balance loss and capacity "
           "are measured per batch, and expert choice picks among the inputs of a batch (so "
           "it needs at least 2).</p>"));
    m_learningRate = SettingsForm::doubleSpinBox(0.0001, 1.0, 4, 0.001,
        tr("<p><b>Learning rate</b>: step size for all weights, the gate's included. Too high "
           "and the gate flips experts back and forth; too low and nothing specialises.</p>"));
    m_optimizer = new QComboBox;
    m_optimizer->addItem(tr("adam"), static_cast<int>(moe::OptimizerKind::Adam));
    m_optimizer->addItem(tr("sgd (momentum 0.9)"), static_cast<int>(moe::OptimizerKind::Sgd));
    m_optimizer->setToolTip(tr("<p><b>Optimizer</b> for every model: Adam adapts the step per "
                               "weight; SGD with momentum is the classic.</p>"));
    m_balanceLoss = SettingsForm::doubleSpinBox(0.0, 10.0, 4, 0.005,
        tr("<p><b>Balance-loss weight α</b> of the Switch Transformer load-balancing loss "
           "α·E·Σ f<sub>i</sub>·P<sub>i</sub>: f<sub>i</sub> is expert i's share of the "
           "assignments, P<sub>i</sub> its mean gate probability. It is 1 at perfect balance "
           "and E at collapse, and pushes the gate to spread inputs evenly; with 0 a few "
           "experts may take everything. Default 0.01.</p>"));
    m_zLoss = SettingsForm::doubleSpinBox(0.0, 10.0, 4, 0.001,
        tr("<p><b>Z-loss weight β</b> of the ST-MoE router z-loss β·mean(logsumexp(logits)²). "
           "It keeps the gate's logits small so its softmax stays stable. Default 0.001.</p>"));
    m_seed = SettingsForm::spinBox(0, std::numeric_limits<int>::max(),
        tr("<p><b>Seed</b>: one seed drives initialisation, shuffling, the train/test split "
           "and the routers' noise. The same seed and settings give the same run, bit for "
           "bit.</p>"));

    m_form = new SettingsForm(this);
    m_form->addField(QStringLiteral("epochs"), tr("Epochs"), m_epochs);
    m_form->addField(QStringLiteral("batch"), tr("Batch size"), m_batch);
    m_form->addField(QStringLiteral("lr"), tr("Learning rate"), m_learningRate);
    m_form->addField(QStringLiteral("optimizer"), tr("Optimizer"), m_optimizer);
    m_form->addField(QStringLiteral("balance-loss"), tr("Balance loss α"), m_balanceLoss);
    m_form->addField(QStringLiteral("z-loss"), tr("Z-loss β"), m_zLoss);
    m_form->addField(QStringLiteral("seed"), tr("Seed"), m_seed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    layout->addStretch(1);

    setConfig(moe::RunConfig{});
    auto emitChanged = [this] { emit changed(); };
    for (QSpinBox* s : {m_epochs, m_batch, m_seed})
        connect(s, &QSpinBox::valueChanged, this, emitChanged);
    for (QDoubleSpinBox* s : {m_learningRate, m_balanceLoss, m_zLoss})
        connect(s, &QDoubleSpinBox::valueChanged, this, emitChanged);
    connect(m_optimizer, &QComboBox::currentIndexChanged, this, emitChanged);
}

bool TrainingSettings::usesBalanceLoss(moe::RouterKind r) {
    // Dense and expert choice give every expert the same load, and hash does not learn its
    // routing: the loss would have no gradient that changes anything.
    return r != moe::RouterKind::Dense && r != moe::RouterKind::ExpertChoice &&
           r != moe::RouterKind::Hash;
}

bool TrainingSettings::usesZLoss(moe::RouterKind r) { return r != moe::RouterKind::Hash; }

void TrainingSettings::setConfig(const moe::RunConfig& c) {
    const moe::TrainConfig& t = c.train;
    const QSignalBlocker b1(m_epochs), b2(m_batch), b3(m_learningRate), b4(m_optimizer),
        b5(m_balanceLoss), b6(m_zLoss), b7(m_seed);
    m_epochs->setValue(t.epochs);
    m_batch->setValue(t.batch);
    m_learningRate->setValue(t.learningRate);
    m_optimizer->setCurrentIndex(m_optimizer->findData(static_cast<int>(t.optimizer)));
    m_balanceLoss->setValue(t.balanceLoss);
    m_zLoss->setValue(t.zLoss);
    m_seed->setValue(static_cast<int>(
        std::min<std::uint64_t>(t.seed, static_cast<std::uint64_t>(std::numeric_limits<int>::max()))));
}

void TrainingSettings::apply(moe::RunConfig& c) const {
    moe::TrainConfig& t = c.train;
    t.epochs = m_epochs->value();
    t.batch = m_batch->value();
    t.learningRate = m_learningRate->value();
    t.optimizer = static_cast<moe::OptimizerKind>(m_optimizer->currentData().toInt());
    t.balanceLoss = usesBalanceLoss(m_router) ? m_balanceLoss->value() : 0.0;
    t.zLoss = usesZLoss(m_router) ? m_zLoss->value() : 0.0;
    t.seed = static_cast<std::uint64_t>(m_seed->value());
}

void TrainingSettings::setRouter(moe::RouterKind router) {
    m_router = router;
    m_form->setRowShown(QStringLiteral("balance-loss"), usesBalanceLoss(router));
    m_form->setRowShown(QStringLiteral("z-loss"), usesZLoss(router));
}

void TrainingSettings::setEpochs(int epochs) { m_epochs->setValue(epochs); }

}  // namespace moe::ui
