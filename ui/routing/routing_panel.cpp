#include "ui/routing/routing_panel.h"

#include "ui/routing/routing_stats_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace moe::ui {

RoutingPanel::RoutingPanel(QWidget* parent) : QWidget(parent) {
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("routingTitle"));
    m_title->setWordWrap(true);  // two lines in a narrow column rather than cut
    m_title->setToolTip(tr("Measured on the test split at the end of the latest epoch. Hover "
                           "over a column for its definition."));
    m_model = new RoutingStatsModel(this);
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

void RoutingPanel::fitTable() {
    // Exactly the header and the rows: the readout never scrolls and never wastes room.
    m_table->resizeRowsToContents();
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < m_model->rowCount(); ++row) height += m_table->rowHeight(row);
    if (m_model->rowCount() == 0) height += m_table->verticalHeader()->minimumSectionSize();
    m_table->setFixedHeight(height);
}

}  // namespace moe::ui
