#include "ui/data/class_key.h"

#include <QPainter>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>

namespace moe::ui {
namespace {

constexpr double kMarker = 18.0;  // the marker's column, before the name
constexpr double kPad = 6.0;      // around the entries and after each name

}  // namespace

ClassKey::ClassKey(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, Qt::white);
    setPalette(p);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    setToolTip(tr("The marker each class's points are drawn with."));
}

void ClassKey::setEntries(const QList<Entry>& entries) {
    m_entries = entries;
    // Before the first real layout (height 0) one column; resizeEvent corrects it.
    m_lastColumns = height() > 2 * rowHeight() ? columns() : 1;
    updateGeometry();
    update();
}

double ClassKey::rowHeight() const { return std::ceil(fontMetrics().height() + 4.0); }

double ClassKey::columnWidth() const {
    double name = 0.0;
    for (const Entry& e : m_entries) name = std::max(name, static_cast<double>(fontMetrics().horizontalAdvance(e.name)));
    return kMarker + name + kPad;
}

int ClassKey::rowsFit() const { return std::max(1, static_cast<int>((height() - 2 * kPad) / rowHeight())); }

int ClassKey::columns() const {
    const int n = static_cast<int>(m_entries.size());
    return n == 0 ? 1 : (n + rowsFit() - 1) / rowsFit();
}

QSize ClassKey::sizeHint() const {
    const int rows = static_cast<int>((m_entries.size() + m_lastColumns - 1) / std::max(m_lastColumns, 1));
    return {static_cast<int>(std::ceil(2 * kPad + m_lastColumns * columnWidth())),
            static_cast<int>(std::ceil(2 * kPad + rows * rowHeight()))};
}

QSize ClassKey::minimumSizeHint() const {
    return {static_cast<int>(std::ceil(2 * kPad + m_lastColumns * columnWidth())), static_cast<int>(rowHeight())};
}

void ClassKey::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    // A new height may need another number of columns, and so another width.
    if (columns() != m_lastColumns) {
        m_lastColumns = columns();
        updateGeometry();
    }
}

QRectF ClassKey::entryRect(int i) const {
    if (i < 0 || i >= m_entries.size()) return {};
    const int rows = static_cast<int>((m_entries.size() + columns() - 1) / columns());
    const double h = rowHeight();
    // The entries centred vertically, column by column.
    const double top = std::max(kPad, (height() - rows * h) / 2.0);
    return QRectF(kPad + (i / rows) * columnWidth(), top + (i % rows) * h, columnWidth(), h);
}

void ClassKey::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    for (int i = 0; i < m_entries.size(); ++i) {
        const QRectF r = entryRect(i);
        const Entry& e = m_entries[i];
        p.setPen(QPen(ClassPalette::outline(), 0.9));
        p.setBrush(e.fill);
        p.drawPath(ClassPalette::markerPath(e.shape, QPointF(r.left() + kMarker / 2 - 2, r.center().y()), 4.5));
        p.setPen(palette().color(QPalette::WindowText));
        p.drawText(r.adjusted(kMarker, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, e.name);
    }
}

}  // namespace moe::ui
