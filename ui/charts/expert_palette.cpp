#include "ui/charts/expert_palette.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cmath>

namespace moe::ui {
namespace {

// Okabe-Ito (2008) without black, then Paul Tol's muted scheme (2021).
constexpr std::array<QRgb, 16> kCurated{
    0xFF0072B2,  // blue
    0xFFE69F00,  // orange
    0xFF009E73,  // bluish green
    0xFFD55E00,  // vermillion
    0xFF56B4E9,  // sky blue
    0xFFCC79A7,  // reddish purple
    0xFFF0E442,  // yellow
    0xFF332288,  // indigo
    0xFF44AA99,  // teal
    0xFF882255,  // wine
    0xFF999933,  // olive
    0xFF88CCEE,  // cyan
    0xFF117733,  // green
    0xFFCC6677,  // rose
    0xFFAA4499,  // purple
    0xFFDDCC77,  // sand
};

}  // namespace

QColor ExpertPalette::color(int expert) {
    const int i = std::max(expert, 0);
    if (i < static_cast<int>(kCurated.size())) return QColor::fromRgb(kCurated[static_cast<std::size_t>(i)]);
    // Golden-angle hue walk with alternating lightness keeps neighbours apart.
    const int j = i - static_cast<int>(kCurated.size());
    const double hue = std::fmod(0.11 + 0.381966 * j, 1.0);
    const double lightness = (j % 2 == 0) ? 0.45 : 0.62;
    return QColor::fromHslF(static_cast<float>(hue), 0.55f, static_cast<float>(lightness));
}

QColor ExpertPalette::shaded(int expert, double strength) {
    const QColor c = color(expert);
    const double s = std::clamp(strength, 0.0, 1.0);
    auto mix = [s](int channel) { return static_cast<int>(std::lround(255.0 + (channel - 255.0) * s)); };
    return QColor(mix(c.red()), mix(c.green()), mix(c.blue()));
}

int ExpertPalette::curatedCount() { return static_cast<int>(kCurated.size()); }

QString ExpertPalette::name(int expert) {
    return QCoreApplication::translate("ExpertPalette", "Expert %1").arg(expert + 1);
}

}  // namespace moe::ui
