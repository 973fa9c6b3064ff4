#pragma once
// Intended usage: the territory map with its display options (decision boundary, expert
// borders, data points) under it. Screenshots grab view() alone.

#include <QWidget>

class QCheckBox;

namespace moe::ui {

class TerritoryView;

class TerritoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit TerritoryPanel(QWidget* parent = nullptr);
    TerritoryView* view() const { return m_view; }
    /// A regression model has no decision boundary: its option is disabled then.
    void setClassification(bool classification);

private:
    TerritoryView* m_view = nullptr;
    QCheckBox* m_boundary = nullptr;
};

}  // namespace moe::ui
