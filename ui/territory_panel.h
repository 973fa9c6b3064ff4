#pragma once
// Intended usage: the territory map with its display options (decision boundary, expert
// borders, data points) under it. Screenshots grab view() alone.

#include <QWidget>

namespace moe::ui {

class TerritoryView;

class TerritoryPanel : public QWidget {
    Q_OBJECT
public:
    explicit TerritoryPanel(QWidget* parent = nullptr);
    TerritoryView* view() const { return m_view; }

private:
    TerritoryView* m_view = nullptr;
};

}  // namespace moe::ui
