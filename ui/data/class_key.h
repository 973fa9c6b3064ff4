#pragma once
// Intended usage: the key of a scatter plot's classes (or value bands), beside the plot:
// each entry is the marker its points are drawn with (ClassPalette fill and shape) and its
// name. Entries fill as many columns as the height needs, so none is ever left out (Qt's
// chart legend drops what does not fit in one column: digits lost classes 7 to 9).
//
//   key->setEntries({{"arm A", ClassPalette::fill(0), ClassPalette::Shape::Circle}, ...});

#include "ui/charts/class_palette.h"

#include <QColor>
#include <QList>
#include <QRectF>
#include <QString>
#include <QWidget>

namespace moe::ui {

class ClassKey : public QWidget {
    Q_OBJECT
public:
    struct Entry {
        QString name;
        QColor fill;
        ClassPalette::Shape shape = ClassPalette::Shape::Circle;
    };

    explicit ClassKey(QWidget* parent = nullptr);

    void setEntries(const QList<Entry>& entries);
    const QList<Entry>& entries() const { return m_entries; }
    /// Where entry `i` is drawn at the current size; empty for an invalid index.
    QRectF entryRect(int i) const;
    /// Columns the entries take at the current height.
    int columns() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    double rowHeight() const;
    double columnWidth() const;
    int rowsFit() const;

    QList<Entry> m_entries;
    int m_lastColumns = 1;
};

}  // namespace moe::ui
