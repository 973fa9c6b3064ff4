#include "ui/trace/trace_zoom_area.h"

#include <QComboBox>
#include <QResizeEvent>

#include <algorithm>
#include <cmath>

namespace moe::ui {

TraceZoomArea::TraceZoomArea(QWidget* view, const QString& boxName, QWidget* parent)
    : QScrollArea(parent), m_view(view) {
    setFrameShape(QFrame::NoFrame);
    setWidget(view);
    setWidgetResizable(true);
    m_box = new QComboBox;
    m_box->setObjectName(boxName);
    m_box->addItem(tr("Fit"), 1.0);
    m_box->addItem(tr("2×"), 2.0);
    m_box->addItem(tr("4×"), 4.0);
    m_box->addItem(tr("8×"), 8.0);
    m_box->setToolTip(tr("Zoom: Fit shows the whole matrix in the area; 2×, 4× and 8× draw it larger, with room "
                         "for every label, to scroll through"));
    connect(m_box, &QComboBox::currentIndexChanged, this,
            [this](int index) { setZoom(m_box->itemData(index).toDouble()); });
}

void TraceZoomArea::setZoom(double zoom) {
    m_zoom = std::max(1.0, zoom);
    const int index = m_box->findData(m_zoom);
    if (index >= 0 && index != m_box->currentIndex()) m_box->setCurrentIndex(index);
    setWidgetResizable(m_zoom <= 1.0);
    fitView();
}

void TraceZoomArea::resizeEvent(QResizeEvent* event) {
    QScrollArea::resizeEvent(event);
    fitView();
}

void TraceZoomArea::fitView() {
    if (m_zoom <= 1.0) return;  // the scroll area sizes it
    const QSize area = viewport()->size();
    m_view->resize(static_cast<int>(std::lround(area.width() * m_zoom)),
                   static_cast<int>(std::lround(area.height() * m_zoom)));
}

}  // namespace moe::ui
