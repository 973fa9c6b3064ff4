#include "ui/model_panel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <limits>

namespace moe::ui {
namespace {

QSpinBox* spin(QWidget* parent, int lo, int hi, const QString& tip) {
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox* dspin(QWidget* parent, double lo, double hi, int decimals, double step,
                      const QString& tip) {
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setToolTip(tip);
    return s;
}

}  // namespace

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    m_experts = spin(this, 1, 64,
        tr("<p><b>Experts (E)</b>: how many expert networks the layer holds. More experts add "
           "parameters (capacity) but not compute: each input still runs only its top-k "
           "experts. The gate learns which expert handles which part of the input space.</p>"));
    m_topK = spin(this, 1, 64,
        tr("<p><b>Top-k</b>: how many experts each input is sent to. Compute per input grows "
           "with k. k = 1 is the Switch Transformer's choice, k = 2 Mixtral's. The chosen "
           "experts' gate probabilities are renormalised to sum to 1. Must be at most E.</p>"));
    m_hidden = spin(this, 1, 1024,
        tr("<p><b>Hidden width (h)</b> of each expert: Linear(d, h) → activation → Linear(h, "
           "out). The dense baselines get width E·h (equal parameters) and k·h (equal "
           "compute).</p>"));
    m_activation = new QComboBox(this);
    for (moe::Activation a : {moe::Activation::Relu, moe::Activation::Tanh, moe::Activation::Gelu})
        m_activation->addItem(QString::fromLatin1(moe::activationName(a)), static_cast<int>(a));
    m_activation->setToolTip(tr("<p><b>Activation</b> inside every expert (and the dense "
                                "baselines). ReLU gives piecewise-linear experts.</p>"));
    m_learningRate = dspin(this, 0.0001, 1.0, 4, 0.001,
        tr("<p><b>Learning rate</b>: step size for all weights, the gate's included. Too high "
           "and the gate flips experts back and forth; too low and nothing specialises.</p>"));
    m_epochs = spin(this, 1, 100000,
                    tr("<p><b>Epochs</b>: passes over the training split.</p>"));
    m_batch = spin(this, 1, 4096,
        tr("<p><b>Batch size</b>: samples per gradient step. The load-balancing loss measures "
           "how evenly each batch is spread over the experts.</p>"));
    m_balanceLoss = dspin(this, 0.0, 10.0, 4, 0.005,
        tr("<p><b>Balance-loss weight α</b> of the Switch Transformer load-balancing loss "
           "α·E·Σ f<sub>i</sub>·P<sub>i</sub>. It pushes the gate to spread inputs evenly over "
           "the experts; with 0 a few experts may take everything (collapse).</p>"));
    m_zLoss = dspin(this, 0.0, 10.0, 4, 0.001,
        tr("<p><b>Z-loss weight β</b> of the ST-MoE router z-loss β·mean(logsumexp(logits)²). "
           "It keeps the gate's logits small so its softmax stays stable.</p>"));
    m_seed = spin(this, 0, std::numeric_limits<int>::max(),
        tr("<p><b>Seed</b>: one seed drives initialisation, shuffling and the train/test "
           "split. The same seed and settings give the same run, bit for bit.</p>"));
    m_optimizer = new QComboBox(this);
    m_optimizer->addItem(tr("adam"), static_cast<int>(moe::OptimizerKind::Adam));
    m_optimizer->addItem(tr("sgd (momentum 0.9)"), static_cast<int>(moe::OptimizerKind::Sgd));
    m_optimizer->setToolTip(tr("<p><b>Optimizer</b> for every model: Adam adapts the step per "
                               "weight; SGD with momentum is the classic.</p>"));

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("modelError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto addRow = [&](const QString& option, const QString& label, QWidget* field) {
        form->addRow(label, field);
        if (auto* l = qobject_cast<QLabel*>(form->labelForField(field))) l->setToolTip(field->toolTip());
        m_fieldByOption.insert(option, field);
        m_labelByOption.insert(option, label);
    };
    addRow(QStringLiteral("experts"), tr("Experts"), m_experts);
    addRow(QStringLiteral("top-k"), tr("Top-k"), m_topK);
    addRow(QStringLiteral("hidden"), tr("Hidden width"), m_hidden);
    addRow(QStringLiteral("activation"), tr("Activation"), m_activation);
    addRow(QStringLiteral("lr"), tr("Learning rate"), m_learningRate);
    addRow(QStringLiteral("optimizer"), tr("Optimizer"), m_optimizer);
    addRow(QStringLiteral("epochs"), tr("Epochs"), m_epochs);
    addRow(QStringLiteral("batch"), tr("Batch size"), m_batch);
    addRow(QStringLiteral("balance-loss"), tr("Balance loss α"), m_balanceLoss);
    addRow(QStringLiteral("z-loss"), tr("Z-loss β"), m_zLoss);
    addRow(QStringLiteral("seed"), tr("Seed"), m_seed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_error);

    moe::RunConfig defaults;
    // The toy configuration of design.md: what the GUI trains out of the box.
    defaults.model.experts = 8;
    defaults.model.topK = 2;
    defaults.model.hidden = 32;
    setConfig(defaults);

    auto changed = [this] {
        validate();
        emit configChanged();
    };
    for (QSpinBox* s : {m_experts, m_topK, m_hidden, m_epochs, m_batch, m_seed})
        connect(s, &QSpinBox::valueChanged, this, changed);
    for (QDoubleSpinBox* s : {m_learningRate, m_balanceLoss, m_zLoss})
        connect(s, &QDoubleSpinBox::valueChanged, this, changed);
    for (QComboBox* c : {m_activation, m_optimizer})
        connect(c, &QComboBox::currentIndexChanged, this, changed);
}

moe::RunConfig ModelPanel::config() const {
    moe::RunConfig c;
    c.model.experts = m_experts->value();
    c.model.topK = m_topK->value();
    c.model.hidden = m_hidden->value();
    c.model.activation = static_cast<moe::Activation>(m_activation->currentData().toInt());
    c.train.learningRate = m_learningRate->value();
    c.train.optimizer = static_cast<moe::OptimizerKind>(m_optimizer->currentData().toInt());
    c.train.epochs = m_epochs->value();
    c.train.batch = m_batch->value();
    c.train.balanceLoss = m_balanceLoss->value();
    c.train.zLoss = m_zLoss->value();
    c.train.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

void ModelPanel::setConfig(const moe::RunConfig& c) {
    {
        const QSignalBlocker b1(m_experts), b2(m_topK), b3(m_hidden), b4(m_activation),
            b5(m_learningRate), b6(m_optimizer), b7(m_epochs), b8(m_batch), b9(m_balanceLoss),
            b10(m_zLoss), b11(m_seed);
        m_experts->setValue(c.model.experts);
        m_topK->setValue(c.model.topK);
        m_hidden->setValue(c.model.hidden);
        m_activation->setCurrentIndex(m_activation->findData(static_cast<int>(c.model.activation)));
        m_learningRate->setValue(c.train.learningRate);
        m_optimizer->setCurrentIndex(m_optimizer->findData(static_cast<int>(c.train.optimizer)));
        m_epochs->setValue(c.train.epochs);
        m_batch->setValue(c.train.batch);
        m_balanceLoss->setValue(c.train.balanceLoss);
        m_zLoss->setValue(c.train.zLoss);
        m_seed->setValue(static_cast<int>(std::min<std::uint64_t>(c.train.seed, std::numeric_limits<int>::max())));
    }
    validate();
    emit configChanged();
}

void ModelPanel::setEpochs(int epochs) { m_epochs->setValue(epochs); }

void ModelPanel::validate() {
    for (QWidget* field : std::as_const(m_fieldByOption)) markInvalid(field, false);
    const moe::RunConfig c = config();
    const moe::Status status = moe::validateConfig(c);
    m_valid = status.ok();
    if (m_valid) {
        m_message.clear();
        m_error->hide();
        const int percent = static_cast<int>(100.0 * c.model.topK / c.model.experts + 0.5);
        m_summary->setText(tr("Each input is routed to %1 of %2 experts (softmax top-k, weights "
                              "renormalised): %3% of the experts' compute.")
                               .arg(c.model.topK).arg(c.model.experts).arg(percent));
        m_summary->show();
        return;
    }
    // validateConfig names the option as "--name: why"; show it with the field's label.
    const QString raw = QString::fromStdString(status.error());
    QString option;
    QString why = raw;
    if (raw.startsWith(QLatin1String("--")) && raw.contains(QLatin1Char(':'))) {
        option = raw.mid(2, raw.indexOf(QLatin1Char(':')) - 2);
        why = raw.mid(raw.indexOf(QLatin1Char(':')) + 1).trimmed();
    }
    if (QWidget* field = m_fieldByOption.value(option)) markInvalid(field, true);
    const QString label = m_labelByOption.value(option, option);
    m_message = label.isEmpty() ? why : label + QStringLiteral(": ") + why;
    m_error->setText(m_message + tr(". Training is disabled until this is fixed."));
    m_error->show();
    m_summary->hide();
}

void ModelPanel::markInvalid(QWidget* field, bool invalid) {
    field->setProperty("invalid", invalid);
    if (!invalid) {
        field->setPalette(QPalette());  // back to the inherited palette
        return;
    }
    QPalette palette = field->palette();
    palette.setColor(QPalette::Base, QColor(0xFD, 0xE2, 0xE0));
    field->setPalette(palette);
}

}  // namespace moe::ui
