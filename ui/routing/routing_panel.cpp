#include "ui/routing/routing_panel.h"

#include "ui/routing/routing_stats_model.h"

#include <QHeaderView>
#include <algorithm>
#include <QLabel>
#include <QResizeEvent>
#include <QTableView>
#include <QTransposeProxyModel>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

// One row per statistic: its name on one line ("Experts per input"), the row is short.
class OneLineNames : public QTransposeProxyModel {
public:
    using QTransposeProxyModel::QTransposeProxyModel;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        const QVariant value = QTransposeProxyModel::headerData(section, orientation, role);
        if (orientation == Qt::Vertical && role == Qt::DisplayRole) return value.toString().simplified();
        return value;
    }
};

}  // namespace

RoutingPanel::RoutingPanel(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("routingTitle"));
    m_title->setWordWrap(true);  // two lines in a narrow column rather than cut
    m_title->setToolTip(tr("Measured on the test split at the end of the latest epoch. Hover "
                           "over a column for its definition."));
    m_model = new RoutingStatsModel(this);
    m_transposed = new OneLineNames(this);
    m_transposed->setSourceModel(m_model);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("routingTable"));
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setFocusPolicy(Qt::NoFocus);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->verticalHeader()->setMinimumSectionSize(fontMetrics().height() + 4);
    m_table->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 2, 8, 2);
    layout->setSpacing(2);
    layout->addWidget(m_title);
    layout->addWidget(m_table);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RoutingPanel::fitTable);
    clear();
}

void RoutingPanel::setSnapshot(const moe::EpochSnapshot& snapshot, moe::MoeMode mode) {
    std::vector<moe::RoutingStats> layers = snapshot.layers;
    if (layers.empty()) layers.push_back(snapshot.routing);
    m_model->setLayers(layers, mode == moe::MoeMode::Block);
    m_title->setText(tr("<b>Routing</b> <span style='color:#666'>(test split, epoch %1)</span>")
                         .arg(snapshot.epoch));
}

void RoutingPanel::clear() {
    m_model->clear();
    m_title->setText(tr("<b>Routing</b> <span style='color:#666'>(test split; waiting for "
                        "the models…)</span>"));
}

bool RoutingPanel::isTransposed() const { return m_table->model() == m_transposed; }

void RoutingPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (event->size().width() != event->oldSize().width()) fitTable();
}

int RoutingPanel::widthOneRowPerLayer() const {
    // Each column as wide as its widest header line or cell, the row names before them.
    const QFontMetrics fm(m_table->font());
    auto widest = [&](const QString& text) {
        int w = 0;
        for (const QString& line : text.split(QLatin1Char('\n'))) w = std::max(w, fm.horizontalAdvance(line));
        return w;
    };
    int rowNames = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        rowNames = std::max(rowNames, widest(m_model->headerData(row, Qt::Vertical).toString()));
    int width = rowNames + 16 + 2 * m_table->frameWidth();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        int w = widest(m_model->headerData(column, Qt::Horizontal).toString());
        for (int row = 0; row < m_model->rowCount(); ++row)
            w = std::max(w, widest(m_model->index(row, column).data().toString()));
        width += w + 14;
    }
    return width;
}

void RoutingPanel::fitTable() {
    // One row per layer when that fits the column's width, else one row per statistic.
    const bool transpose = widthOneRowPerLayer() > width() - 16;
    if (transpose != isTransposed()) m_table->setModel(transpose ? static_cast<QAbstractItemModel*>(m_transposed)
                                                                 : static_cast<QAbstractItemModel*>(m_model));
    // Exactly the header and the rows: the readout never scrolls and never wastes room.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    const int rows = m_table->model()->rowCount();
    for (int row = 0; row < rows; ++row) height += m_table->rowHeight(row);
    if (rows == 0) height += m_table->verticalHeader()->minimumSectionSize();
    m_table->setFixedHeight(height);
}

}  // namespace moe::ui
