#include "ui/data/data_page.h"

#include "ui/data/data_scatter_view.h"
#include "ui/data/dataset_table_model.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace moe::ui {

DataPage::DataPage(QWidget* parent) : QWidget(parent) {
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("dataSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("classCounts"));
    m_counts->setWordWrap(true);

    m_x = new QComboBox(this);
    m_x->setObjectName(QStringLiteral("xAxisCombo"));
    m_y = new QComboBox(this);
    m_y->setObjectName(QStringLiteral("yAxisCombo"));
    for (QComboBox* box : {m_x, m_y}) {
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        box->setToolTip(
            tr("A feature, or a principal component: a direction through the "
               "standardised features along which the data varies most."));
        connect(box, &QComboBox::currentIndexChanged, this, &DataPage::replot);
    }
    auto* axes = new QHBoxLayout;
    axes->addWidget(new QLabel(tr("x"), this));
    axes->addWidget(m_x);
    axes->addSpacing(12);
    axes->addWidget(new QLabel(tr("y"), this));
    axes->addWidget(m_y);
    axes->addStretch(1);

    m_scatter = new DataScatterView(this);
    connect(m_scatter, &DataScatterView::rowHovered, this,
            [this](int row) { emit rowHovered(row * static_cast<int>(m_step)); });
    connect(m_scatter, &DataScatterView::rowClicked, this,
            [this](int row) { emit rowClicked(row * static_cast<int>(m_step)); });
    connect(m_scatter, &DataScatterView::hoverLeft, this, &DataPage::hoverLeft);
    auto* plot = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plot);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addLayout(axes);
    plotLayout->addWidget(m_scatter, 1);

    m_table = new DatasetTableModel(this);
    m_tableView = new QTableView(this);
    m_tableView->setObjectName(QStringLiteral("dataTable"));
    m_tableView->setModel(m_table);
    m_tableView->verticalHeader()->setDefaultSectionSize(22);
    m_tableView->horizontalHeader()->setDefaultSectionSize(80);
    // A row is one input: select whole rows, move with the arrows, and let Tab leave the
    // table instead of walking its cells. Enter (or a click) pins the row in the inspector.
    m_tableView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tableView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tableView->setTabKeyNavigation(false);
    m_tableView->setToolTip(tr("Every row of the dataset. Click a row, or move to it with the arrow keys "
                               "and press Enter, to pin it in the gate inspector and the Formula tab."));
    connect(m_tableView, &QAbstractItemView::clicked, this, [this](const QModelIndex& index) {
        if (index.isValid()) emit rowClicked(index.row());
    });
    connect(m_tableView, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        if (index.isValid()) emit rowClicked(index.row());
    });

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(plot);
    split->addWidget(m_tableView);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    split->setSizes({480, 200});
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_summary);
    layout->addWidget(m_counts);
    layout->addWidget(split, 1);
}

void DataPage::setData(const moe::Dataset& dataset, const QString& source,
                       const QStringList& notes) {
    m_data = std::make_shared<const moe::Dataset>(dataset);
    m_projection.clear();
    if (dataset.cols > 2) {
        // Fitted once per dataset; a projection of every row costs rows x cols x 2.
        m_pca.fit(dataset, 2);
        m_projection = m_pca.project(dataset);
    }
    m_table->setDataset(m_data);

    const QLocale locale;
    const QString task = dataset.task == moe::Task::Classification
                             ? tr("classification, %1 classes").arg(dataset.classCount())
                             : tr("regression");
    QString text = tr("<b>%1</b>%2: %3 rows × %4 features, %5.")
                       .arg(QString::fromStdString(dataset.name).toHtmlEscaped(),
                            source.isEmpty() || source == QString::fromStdString(dataset.name)
                                ? QString()
                                : QStringLiteral(" (%1)").arg(source.toHtmlEscaped()),
                            locale.toString(static_cast<qulonglong>(dataset.rows)),
                            locale.toString(static_cast<qulonglong>(dataset.cols)), task);
    for (const QString& note : notes)
        text += QStringLiteral(" ") + note.toHtmlEscaped() + QStringLiteral(".");
    m_summary->setText(text);
    m_counts->setText(classCountsText());
    fillAxisBoxes();
    replot();
}

QString DataPage::summaryText() const { return m_summary->text(); }

QString DataPage::classCountsText() const {
    if (!m_data || m_data->rows == 0) return {};
    const moe::Dataset& d = *m_data;
    const QLocale locale;
    if (d.task == moe::Task::Regression) {
        const auto [lo, hi] = std::minmax_element(d.values.begin(), d.values.end());
        double sum = 0.0;
        for (float v : d.values) sum += v;
        return tr("Target: from %1 to %2, mean %3")
            .arg(locale.toString(*lo, 'g', 4), locale.toString(*hi, 'g', 4),
                 locale.toString(sum / static_cast<double>(d.values.size()), 'g', 4));
    }
    std::vector<std::size_t> counts(static_cast<std::size_t>(d.classCount()), 0);
    for (int label : d.labels)
        if (label >= 0 && label < d.classCount()) ++counts[static_cast<std::size_t>(label)];
    QStringList parts;
    for (std::size_t c = 0; c < counts.size(); ++c)
        parts << tr("%1: %2 (%3%)")
                     .arg(QString::fromStdString(d.classNames[c]),
                          locale.toString(static_cast<qulonglong>(counts[c])))
                     .arg(100.0 * static_cast<double>(counts[c]) / static_cast<double>(d.rows), 0,
                          'f', 1);
    return tr("Classes: %1").arg(parts.join(QStringLiteral(" · ")));
}

QString DataPage::axisTitle(int axis) const {
    if (axis == kPca1 || axis == kPca2) {
        const std::size_t k = axis == kPca1 ? 0 : 1;
        return tr("PCA %1 (%2%)").arg(k + 1).arg(100.0 * m_pca.explainedVariance()[k], 0, 'f', 0);
    }
    const auto col = static_cast<std::size_t>(axis);
    return m_data && col < m_data->featureNames.size()
               ? QString::fromStdString(m_data->featureNames[col])
               : tr("x%1").arg(axis + 1);
}

void DataPage::fillAxisBoxes() {
    const QSignalBlocker bx(m_x), by(m_y);
    m_x->clear();
    m_y->clear();
    if (!m_data) return;
    const bool pca = !m_projection.empty();
    for (QComboBox* box : {m_x, m_y}) {
        if (pca) {
            box->addItem(axisTitle(kPca1), kPca1);
            box->addItem(axisTitle(kPca2), kPca2);
            box->insertSeparator(2);
        }
        for (int c = 0; c < static_cast<int>(m_data->cols); ++c) box->addItem(axisTitle(c), c);
    }
    setAxes(pca ? kPca1 : 0, pca ? kPca2 : std::min(1, static_cast<int>(m_data->cols) - 1));
}

void DataPage::setAxes(int x, int y) {
    const QSignalBlocker bx(m_x), by(m_y);
    m_x->setCurrentIndex(m_x->findData(x));
    m_y->setCurrentIndex(m_y->findData(y));
    replot();
}

int DataPage::xAxis() const { return m_x->currentData().toInt(); }
int DataPage::yAxis() const { return m_y->currentData().toInt(); }

void DataPage::replot() {
    if (!m_data || m_x->currentIndex() < 0 || m_y->currentIndex() < 0) return;
    const moe::Dataset& d = *m_data;
    const int x = xAxis(), y = yAxis();
    auto value = [&](int axis, std::size_t row) {
        if (axis == kPca1) return m_projection[row * 2];
        if (axis == kPca2) return m_projection[row * 2 + 1];
        return d.feature(row, static_cast<std::size_t>(axis));
    };
    // A two-column copy of (a subsample of) the rows, so the scatter view stays simple.
    moe::Dataset view;
    const std::size_t step = std::max<std::size_t>(1, (d.rows + kMaxPoints - 1) / kMaxPoints);
    m_step = step;
    view.name =
        step == 1
            ? d.name
            : tr("%1, every %2th row").arg(QString::fromStdString(d.name)).arg(step).toStdString();
    view.task = d.task;
    view.classNames = d.classNames;
    view.cols = 2;
    view.featureNames = {axisTitle(x).toStdString(), axisTitle(y).toStdString()};
    for (std::size_t r = 0; r < d.rows; r += step) {
        view.features.push_back(value(x, r));
        view.features.push_back(value(y, r));
        if (d.task == moe::Task::Classification)
            view.labels.push_back(d.labels[r]);
        else
            view.values.push_back(d.values[r]);
    }
    view.rows = view.features.size() / 2;
    // Principal components share a unit (standardised); raw features rarely do.
    m_scatter->setEqualAspect((x < 0 && y < 0) || d.cols <= 2);
    m_scatter->setData(view);
}

}  // namespace moe::ui
