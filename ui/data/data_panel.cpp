#include "ui/data/data_panel.h"
#include "ui/messages/message_text.h"

#include "core/data/bundled_datasets.h"

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

bool hasClusters(const moe::GeneratorInfo* g) { return g && g->name == "blobs"; }

/// Item data of each chooser entry: its DataPanel::Source.
constexpr int kSourceRole = Qt::UserRole + 1;

}  // namespace

DataPanel::DataPanel(QWidget* parent) : QWidget(parent) {
    m_generator = new QComboBox(this);
    m_generator->setObjectName(QStringLiteral("datasetCombo"));
    for (const moe::GeneratorInfo& g : moe::builtinGenerators()) {
        m_generator->addItem(QString::fromStdString(g.name));
        m_generator->setItemData(m_generator->count() - 1, QString::fromStdString(g.description),
                                 Qt::ToolTipRole);
    }
    m_generator->insertSeparator(m_generator->count());
    for (const moe::BundledDatasetInfo& b : moe::bundledDatasets()) {
        m_generator->addItem(QString::fromStdString(b.name));
        m_generator->setItemData(m_generator->count() - 1, QString::fromStdString(b.description),
                                 Qt::ToolTipRole);
        m_generator->setItemData(m_generator->count() - 1, int(Source::Bundled), kSourceRole);
    }
    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_description->setForegroundRole(QPalette::PlaceholderText);

    m_samples = new QSpinBox(this);
    m_samples->setObjectName(QStringLiteral("samplesSpin"));
    m_samples->setRange(50, 20000);
    m_samples->setSingleStep(100);
    m_samples->setValue(moe::GeneratorParams{}.samples);
    m_samples->setToolTip(tr("Number of points generated. 80% train the models, 20% test them."));

    m_noise = new QDoubleSpinBox(this);
    m_noise->setObjectName(QStringLiteral("noiseSpin"));
    m_noise->setRange(0.0, 5.0);
    m_noise->setDecimals(2);
    m_noise->setSingleStep(0.05);
    m_noise->setToolTip(tr("Standard deviation of the Gaussian noise added to each point, in "
                           "feature units. More noise blurs the boundaries the experts must learn."));

    m_clusters = new QSpinBox(this);
    m_clusters->setObjectName(QStringLiteral("clustersSpin"));
    m_clusters->setRange(2, 12);
    m_clusters->setValue(moe::GeneratorParams{}.clusters);
    m_clusters->setToolTip(tr("Number of Gaussian clusters, one class each. With as many experts "
                              "as clusters, the gate can give each expert a cluster of its own."));

    m_seed = new QSpinBox(this);
    m_seed->setObjectName(QStringLiteral("dataSeedSpin"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_seed->setValue(static_cast<int>(moe::GeneratorParams{}.seed));
    m_seed->setToolTip(tr("Seed of the data generator: the same seed gives the same points."));

    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->setTextFormat(Qt::PlainText);  // markup in a file name is not formatting
    m_error->hide();

    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("Dataset"), m_generator);
    m_form->addRow(m_description);
    m_form->addRow(tr("Samples"), m_samples);
    m_form->addRow(tr("Noise"), m_noise);
    m_form->addRow(tr("Clusters"), m_clusters);
    m_form->addRow(tr("Data seed"), m_seed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(m_form);
    layout->addWidget(m_error);

    connect(m_generator, &QComboBox::currentIndexChanged, this, &DataPanel::onGeneratorChanged);
    auto changed = [this] { emit paramsChanged(); };
    connect(m_samples, &QSpinBox::valueChanged, this, changed);
    connect(m_noise, &QDoubleSpinBox::valueChanged, this, changed);
    connect(m_clusters, &QSpinBox::valueChanged, this, changed);
    connect(m_seed, &QSpinBox::valueChanged, this, changed);
    onGeneratorChanged();
}

const moe::GeneratorInfo* DataPanel::currentGenerator() const {
    return moe::findGenerator(m_generator->currentText().toStdString());
}

void DataPanel::onGeneratorChanged() {
    const moe::GeneratorInfo* g = currentGenerator();
    const Source from = source();
    QString description = g ? QString::fromStdString(g->description) : QString();
    if (from != Source::Generator)
        description = m_generator->itemData(m_generator->currentIndex(), Qt::ToolTipRole).toString();
    m_description->setText(description);
    m_generator->setToolTip(description);
    m_form->setRowVisible(m_clusters, hasClusters(g));
    // Real data comes as it is: no sample count, noise or seed to choose.
    for (QWidget* w : {static_cast<QWidget*>(m_samples), static_cast<QWidget*>(m_noise),
                       static_cast<QWidget*>(m_seed)})
        m_form->setRowVisible(w, from == Source::Generator);
    if (m_quiet) return;
    if (g) {
        const QSignalBlocker block(m_noise);
        m_noise->setValue(g->defaultNoise);
    }
    emit paramsChanged();
}

moe::GeneratorParams DataPanel::params() const {
    moe::GeneratorParams p;
    p.name = m_generator->currentText().toStdString();
    p.samples = m_samples->value();
    p.noise = m_noise->value();
    p.seed = static_cast<std::uint64_t>(m_seed->value());
    p.clusters = m_clusters->value();
    return p;
}

DataPanel::Source DataPanel::source() const {
    const QVariant kind = m_generator->currentData(kSourceRole);
    return kind.isValid() ? static_cast<Source>(kind.toInt()) : Source::Generator;
}

QString DataPanel::currentName() const { return m_generator->currentText(); }

void DataPanel::showFile(const QString& name) {
    int index = -1;
    for (int i = 0; i < m_generator->count(); ++i)
        if (m_generator->itemData(i, kSourceRole).toInt() == int(Source::File) &&
            m_generator->itemData(i, kSourceRole).isValid())
            index = i;
    if (index < 0) {
        m_generator->insertSeparator(m_generator->count());
        m_generator->addItem(name);
        index = m_generator->count() - 1;
        m_generator->setItemData(index, int(Source::File), kSourceRole);
    }
    m_generator->setItemText(index, name);
    m_generator->setItemData(index, tr("Opened from a file (File > Open)"), Qt::ToolTipRole);
    m_quiet = true;
    m_generator->setCurrentIndex(index);
    onGeneratorChanged();
    m_quiet = false;
}

bool DataPanel::selectDataset(const QString& name) {
    const int index = m_generator->findText(name);
    if (index < 0) return false;
    m_generator->setCurrentIndex(index);
    return true;
}

void DataPanel::setSamples(int samples) { m_samples->setValue(samples); }

bool DataPanel::setParams(const moe::GeneratorParams& params) {
    if (!moe::findGenerator(params.name) || !selectDataset(QString::fromStdString(params.name))) return false;
    m_samples->setValue(params.samples);
    m_noise->setValue(params.noise);
    m_seed->setValue(static_cast<int>(params.seed));
    m_clusters->setValue(params.clusters);
    return true;
}

void DataPanel::showError(const QString& message) {
    m_error->setText(visibleMessage(message));  // a file's name or cell, shown as the characters it is
    m_error->setVisible(!message.isEmpty());
}

QString DataPanel::errorText() const { return m_error->isHidden() ? QString() : m_error->text(); }

}  // namespace moe::ui
