#include "ui/territory_panel.h"

#include "ui/territory_view.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QVBoxLayout>

namespace moe::ui {

TerritoryPanel::TerritoryPanel(QWidget* parent) : QWidget(parent) {
    m_view = new TerritoryView(this);
    auto* boundary = m_boundary = new QCheckBox(tr("Decision boundary"), this);
    boundary->setChecked(true);
    boundary->setToolTip(tr("Where the MoE's predicted class changes"));
    auto* borders = new QCheckBox(tr("Expert borders"), this);
    borders->setToolTip(tr("Lines where the gate's first choice changes from one expert to another"));
    auto* points = new QCheckBox(tr("Data points"), this);
    points->setChecked(true);
    points->setToolTip(tr("Every sample of the dataset. With more than two features the map is a slice "
                          "on the PCA plane and each sample is drawn at its projection onto it"));
    connect(boundary, &QCheckBox::toggled, m_view, &TerritoryView::setShowDecisionBoundary);
    connect(borders, &QCheckBox::toggled, m_view, &TerritoryView::setShowExpertBorders);
    connect(points, &QCheckBox::toggled, m_view, &TerritoryView::setShowPoints);

    auto* options = new QHBoxLayout;
    options->setContentsMargins(8, 0, 8, 4);
    options->addWidget(boundary);
    options->addWidget(borders);
    options->addWidget(points);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_view, 1);
    layout->addLayout(options);
}

void TerritoryPanel::setClassification(bool classification) {
    m_boundary->setEnabled(classification);
    m_boundary->setToolTip(classification ? tr("Where the MoE's predicted class changes")
                                          : tr("Regression has no classes, so no decision boundary"));
}

}  // namespace moe::ui
