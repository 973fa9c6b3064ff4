#include "ui/territory/territory_panel.h"

#include "ui/territory/territory_view.h"

#include "ui/charts/expert_palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPixmap>
#include <QSpinBox>
#include <QHBoxLayout>
#include <QVBoxLayout>
#include <QAction>
#include <QIcon>
#include <QSignalBlocker>

#include <algorithm>

namespace moe::ui {

TerritoryPanel::TerritoryPanel(QWidget* parent) : QWidget(parent) {
    m_view = new TerritoryView(this);
    auto* boundary = m_boundary = new QCheckBox(tr("Decision boundary"), this);
    boundary->setObjectName(QStringLiteral("territoryBoundary"));
    boundary->setChecked(true);
    boundary->setToolTip(tr("Where the MoE's predicted class changes"));
    auto* borders = new QCheckBox(tr("Expert borders"), this);
    borders->setObjectName(QStringLiteral("territoryBorders"));
    borders->setToolTip(tr("Lines where the gate's first choice changes from one expert to another"));
    auto* points = new QCheckBox(tr("Data points"), this);
    points->setObjectName(QStringLiteral("territoryPoints"));
    points->setChecked(true);
    points->setToolTip(tr("Every sample of the dataset. With more than two features the map is a slice "
                          "on the PCA plane and each sample is drawn at its projection onto it"));
    connect(boundary, &QCheckBox::toggled, m_view, &TerritoryView::setShowDecisionBoundary);
    connect(borders, &QCheckBox::toggled, m_view, &TerritoryView::setShowExpertBorders);
    connect(points, &QCheckBox::toggled, m_view, &TerritoryView::setShowPoints);

    // What the map shows: a teacher switches between who answers where and what is answered.
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("territoryMode"));
    m_mode->addItem(tr("Experts' territories"), static_cast<int>(TerritoryView::Mode::Experts));
    m_mode->addItem(tr("Model's decision"), static_cast<int>(TerritoryView::Mode::Decision));
    m_mode->addItem(tr("One expert alone"), static_cast<int>(TerritoryView::Mode::ExpertAlone));
    m_mode->setItemData(0, tr("Each point coloured by the expert the router sends it to first, paler where the "
                              "gate hesitates. (Alt+1)"), Qt::ToolTipRole);
    m_mode->setItemData(1, tr("Each point coloured by what the whole MoE predicts there: the experts' answers "
                              "mixed by the gate. (Alt+2)"), Qt::ToolTipRole);
    m_mode->setItemData(2, tr("What one expert would predict if the gate sent every point to it: an expert is "
                              "usually right only in its own territory. (Alt+3)"), Qt::ToolTipRole);
    m_mode->setToolTip(tr("<p>What the map colours: the experts' territories (who answers where), the "
                          "model's decision regions (what is answered), or one expert's own decision "
                          "regions (what that expert would answer everywhere). Alt+1, Alt+2, Alt+3.</p>"));
    m_expert = new QComboBox(this);
    m_expert->setObjectName(QStringLiteral("territoryExpert"));
    m_expert->setToolTip(tr("The expert whose own decision regions the map shows: compare them with its "
                            "territory to see where it is trusted and where it would be wrong."));
    m_layer = new QSpinBox(this);
    m_layer->setObjectName(QStringLiteral("territoryLayer"));
    m_layer->setPrefix(tr("layer "));
    m_layer->setRange(1, 1);
    m_layer->setToolTip(tr("Block mode: each MoE block has its own router; choose whose territory to draw. "
                           "The later blocks route hidden vectors, so their territories can look unlike "
                           "the first."));
    auto* choices = new QHBoxLayout;
    choices->setContentsMargins(8, 0, 8, 0);
    auto* mapLabel = new QLabel(tr("&Map:"), this);
    mapLabel->setBuddy(m_mode);
    choices->addWidget(mapLabel);
    choices->addWidget(m_mode);
    choices->addWidget(m_expert);
    choices->addWidget(m_layer);
    choices->addStretch(1);
    for (int i = 0; i < 3; ++i) {
        // Named for Help > Keyboard shortcuts: "Map: Experts' territories".
        auto* action = new QAction(tr("Map: %1").arg(m_mode->itemText(i)), this);
        action->setShortcut(QKeySequence(Qt::ALT | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, [this, i] { m_mode->setCurrentIndex(i); });
        addAction(action);
    }
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        m_view->setMode(static_cast<TerritoryView::Mode>(m_mode->currentData().toInt()));
        syncChoices();
    });
    connect(m_expert, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0) m_view->setSelectedExpert(index);
    });
    connect(m_layer, &QSpinBox::valueChanged, this, [this](int value) { m_view->setLayer(value - 1); });
    connect(m_view, &TerritoryView::territoryChanged, this, &TerritoryPanel::syncChoices);
    syncChoices();

    auto* options = new QHBoxLayout;
    options->setContentsMargins(8, 0, 8, 4);
    options->addWidget(boundary);
    options->addWidget(borders);
    options->addWidget(points);
    options->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(choices);
    layout->addWidget(m_view, 1);
    layout->addLayout(options);
}

void TerritoryPanel::syncChoices() {
    const int experts = std::max(m_view->territory().experts, 1);
    if (m_expert->count() != experts) {
        const QSignalBlocker block(m_expert);
        m_expert->clear();
        for (int e = 0; e < experts; ++e) {
            QPixmap swatch(12, 12);
            swatch.fill(ExpertPalette::color(e));
            m_expert->addItem(QIcon(swatch), ExpertPalette::name(e));
        }
        m_expert->setCurrentIndex(std::clamp(m_view->selectedExpert(), 0, experts - 1));
    }
    m_expert->setVisible(m_view->mode() == TerritoryView::Mode::ExpertAlone);
    const int layers = m_view->layers();
    m_layer->setRange(1, layers);
    m_layer->setVisible(layers > 1 && m_view->mode() == TerritoryView::Mode::Experts);
}

void TerritoryPanel::setClassification(bool classification) {
    m_boundary->setEnabled(classification);
    m_boundary->setToolTip(classification ? tr("Where the MoE's predicted class changes")
                                          : tr("Regression has no classes, so no decision boundary"));
}

}  // namespace moe::ui
