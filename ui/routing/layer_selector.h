#pragma once
// Intended usage: "MoE block: [Block 2]" - picks which MoE layer a view shows when block
// mode stacks several, each with its own router. Hidden while there is only one layer.
//
//   auto* layers = new LayerSelector;
//   layers->setLayerCount(snapshot.layers.size());
//   connect(layers, &LayerSelector::layerChanged, view, &View::redraw);

#include <QWidget>

class QComboBox;

namespace moe::ui {

class LayerSelector : public QWidget {
    Q_OBJECT
public:
    /// `what` ends the combo box's tooltip: what the chosen layer's router is shown in.
    explicit LayerSelector(const QString& what, QWidget* parent = nullptr);

    /// Keeps the current choice when it still exists; hides the selector below 2 layers.
    void setLayerCount(int layers);
    int layer() const;
    QComboBox* comboBox() const { return m_box; }

signals:
    void layerChanged(int layer);

private:
    QComboBox* m_box = nullptr;
};

}  // namespace moe::ui
