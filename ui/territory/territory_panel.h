#pragma once
// Intended usage: the territory map with its display options (decision boundary, expert
// borders, data points) under it. Screenshots grab view() alone.

#include <QWidget>

class QCheckBox;
class QComboBox;
class QSpinBox;

namespace moe::ui {

class TerritoryView;

class TerritoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit TerritoryPanel(QWidget* parent = nullptr);
    TerritoryView* view() const { return m_view; }
    QComboBox* modeBox() const { return m_mode; }
    QComboBox* expertBox() const { return m_expert; }
    QSpinBox* layerBox() const { return m_layer; }
    /// A regression model has no decision boundary: its option is disabled then.
    void setClassification(bool classification);

private:
    TerritoryView* m_view = nullptr;
    QCheckBox* m_boundary = nullptr;
    QComboBox* m_mode = nullptr;
    QComboBox* m_expert = nullptr;
    QSpinBox* m_layer = nullptr;
    void syncChoices();
};

}  // namespace moe::ui
