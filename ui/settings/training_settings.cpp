#include "ui/settings/training_settings.h"

#include "ui/settings/settings_form.h"

#include "core/train/lr_schedule.h"

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
    m_schedule = new QComboBox;
    m_schedule->addItem(tr("cosine"), static_cast<int>(moe::LrSchedule::Cosine));
    m_schedule->addItem(tr("constant"), static_cast<int>(moe::LrSchedule::Constant));
    m_schedule->setToolTip(tr("<p><b>Learning-rate schedule</b>. <i>Cosine</i> (with warm-up): the "
                              "rate rises linearly from lr/W to lr over the first W steps (%1% of "
                              "the planned steps), then falls along a half cosine to 0 at the "
                              "last planned step (Loshchilov &amp; Hutter 2017; warm-up as in "
                              "Goyal et al. 2017). Large early steps move the gate while it is "
                              "still random; small late ones let the experts settle. "
                              "<i>Constant</i>: lr throughout.</p>")
                               .arg(moe::kWarmupShare * 100.0, 0, 'g', 3));
    m_weightDecay = SettingsForm::doubleSpinBox(0.0, 10.0, 4, 0.01,
        tr("<p><b>Weight decay</b>, decoupled as in AdamW (Loshchilov &amp; Hutter 2019): each "
           "step shrinks every weight matrix by lr × decay × w, apart from the gradient. "
           "Biases and the router's bias buffer are not decayed. It keeps experts from "
           "fitting noise in the few inputs they see. 0 turns it off; default 0.1.</p>"));
    m_clipNorm = SettingsForm::doubleSpinBox(0.0, 1000.0, 2, 0.5,
        tr("<p><b>Gradient clipping</b>: when the L2 norm of a model's whole gradient exceeds "
           "this, the gradient is scaled down to it before the step (Pascanu et al. 2013). "
           "One bad batch can then not throw the gate far off. Off at 0; default 1.</p>"));
    m_clipNorm->setSpecialValueText(tr("off"));
    m_validation = SettingsForm::doubleSpinBox(0.0, 0.9, 2, 0.05,
        tr("<p><b>Validation split</b>: the share of the training split held out (stratified "
           "by class, seeded) to choose the epoch whose weights are kept and to stop early. "
           "The test split is never used for that: it is scored only for the report. "
           "None at 0; default 0.15.</p>"));
    m_validation->setSpecialValueText(tr("none"));
    m_patience = SettingsForm::spinBox(0, 100000,
        tr("<p><b>Early-stopping patience</b>, in epochs: a model stops after this many epochs without "
           "a lower validation loss, and gets back the weights of its best epoch. The MoE and "
           "each dense baseline stop on their own. Off at 0 (and without a validation "
           "split): every planned epoch runs and the last weights are kept. Default 60.</p>"));
    m_patience->setSpecialValueText(tr("off"));
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
    m_form->addField(QStringLiteral("lr-schedule"), tr("LR schedule"), m_schedule);
    m_form->addField(QStringLiteral("optimizer"), tr("Optimizer"), m_optimizer);
    m_form->addField(QStringLiteral("weight-decay"), tr("Weight decay"), m_weightDecay);
    m_form->addField(QStringLiteral("clip-norm"), tr("Clip norm"), m_clipNorm);
    m_form->addField(QStringLiteral("validation-fraction"), tr("Validation split"), m_validation);
    m_form->addField(QStringLiteral("patience"), tr("Patience"), m_patience);
    m_form->addField(QStringLiteral("balance-loss"), tr("Balance loss α"), m_balanceLoss);
    m_form->addField(QStringLiteral("z-loss"), tr("Z-loss β"), m_zLoss);
    m_form->addField(QStringLiteral("seed"), tr("Seed"), m_seed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_form);
    layout->addStretch(1);

    setConfig(moe::RunConfig{});
    auto emitChanged = [this] { emit changed(); };
    for (QSpinBox* s : {m_epochs, m_batch, m_seed, m_patience})
        connect(s, &QSpinBox::valueChanged, this, emitChanged);
    for (QDoubleSpinBox* s : {m_learningRate, m_balanceLoss, m_zLoss, m_weightDecay, m_clipNorm, m_validation})
        connect(s, &QDoubleSpinBox::valueChanged, this, emitChanged);
    for (QComboBox* c : {m_optimizer, m_schedule})
        connect(c, &QComboBox::currentIndexChanged, this, emitChanged);
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
        b5(m_balanceLoss), b6(m_zLoss), b7(m_seed), b8(m_schedule), b9(m_weightDecay),
        b10(m_clipNorm), b11(m_validation), b12(m_patience);
    m_epochs->setValue(t.epochs);
    m_batch->setValue(t.batch);
    m_learningRate->setValue(t.learningRate);
    m_optimizer->setCurrentIndex(m_optimizer->findData(static_cast<int>(t.optimizer)));
    m_schedule->setCurrentIndex(m_schedule->findData(static_cast<int>(t.lrSchedule)));
    m_weightDecay->setValue(t.weightDecay);
    m_clipNorm->setValue(t.clipNorm);
    m_validation->setValue(t.validationFraction);
    m_patience->setValue(t.patience);
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
    t.lrSchedule = static_cast<moe::LrSchedule>(m_schedule->currentData().toInt());
    t.weightDecay = m_weightDecay->value();
    t.clipNorm = m_clipNorm->value();
    t.validationFraction = m_validation->value();
    t.patience = m_patience->value();
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
