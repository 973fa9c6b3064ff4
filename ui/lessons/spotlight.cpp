#include "ui/lessons/spotlight.h"

#include "ui/lessons/lesson_stage.h"

#include <QPainter>
#include <QPainterPath>

namespace moe::ui {
namespace {

constexpr int kFollowMs = 120;  // often enough to follow a splitter drag, cheap when idle
constexpr int kRingPad = 3;
// Amber: not one of the expert colours, and readable on the light and the dark palette.
const QColor kRing(0xE6, 0x8A, 0x00);

}  // namespace

Spotlight::Spotlight(LessonStage* stage) : QWidget(stage->window()), m_stage(stage) {
    setObjectName(QStringLiteral("lessonSpotlight"));
    setAttribute(Qt::WA_TransparentForMouseEvents);
    setAttribute(Qt::WA_NoSystemBackground);
    setFocusPolicy(Qt::NoFocus);
    m_follow.setInterval(kFollowMs);
    connect(&m_follow, &QTimer::timeout, this, &Spotlight::follow);
    hide();
}

void Spotlight::setTargets(const QStringList& names) {
    m_names = names;
    for (const QString& name : names) m_stage->bringIntoView(name);
    if (names.isEmpty()) {
        m_follow.stop();
        m_rings.clear();
        hide();
        return;
    }
    m_follow.start();
    follow();
}

void Spotlight::follow() {
    QWidget* window = m_stage->window();
    if (geometry() != window->rect()) setGeometry(window->rect());
    QList<QRect> rings;
    for (const QString& name : m_names) {
        const QRect r = m_stage->ringFor(name);
        if (!r.isEmpty()) rings.append(r.adjusted(-kRingPad, -kRingPad, kRingPad, kRingPad));
    }
    if (isHidden()) show();
    raise();  // above a dock or panel shown since
    if (rings == m_rings) return;
    m_rings = rings;
    update();
}

void Spotlight::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    for (const QRect& r : m_rings) {
        QColor halo = kRing;
        halo.setAlpha(70);
        p.setPen(QPen(halo, 7));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(r).adjusted(-2, -2, 2, 2), 6, 6);
        p.setPen(QPen(kRing, 2.5));
        p.drawRoundedRect(QRectF(r), 5, 5);
    }
}

}  // namespace moe::ui
