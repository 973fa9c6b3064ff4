#include "core/data/generators.h"

#include <cmath>
#include <iterator>
#include <numbers>
#include <random>
#include <sstream>
#include <utility>

namespace moe {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr int kMinSamples = 10;
constexpr int kMaxSamples = 1'000'000;
constexpr double kMaxNoise = 10.0;
constexpr int kMinClusters = 2;
constexpr int kMaxClusters = 10;
/// Every generator keeps its noise-free points inside [-kExtent, kExtent]^2, a scale at
/// which default learning rates and initialisations behave without standardisation.
constexpr double kExtent = 3.0;

// One seeded engine read through the standard distributions only: the same parameters
// give the same points on a given standard library, and nothing touches a global RNG.
class Sampler {
public:
    explicit Sampler(std::uint64_t seed) : m_engine(seed) {}

    /// Uniform in [lo, hi).
    double uniform(double lo, double hi) { return lo + (hi - lo) * m_unit(m_engine); }
    /// Uniform in {0, ..., n - 1}.
    int index(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_engine); }
    /// Scales a standard normal rather than building N(0, sd): sd may be 0, and drawing the
    /// same numbers whatever the noise means a noise slider only jitters the same points.
    double gauss(double sd) { return sd * m_normal(m_engine); }

private:
    std::mt19937_64 m_engine;
    std::uniform_real_distribution<double> m_unit{0.0, 1.0};
    std::normal_distribution<double> m_normal{0.0, 1.0};
};

// Builds the rows of one dataset. Row i belongs to class (or region) i % K, which splits
// the samples as evenly as possible and interleaves the classes, so any prefix of the
// rows (a probe set, a preview) is balanced too.
class Builder {
public:
    Builder(const GeneratorParams& params, Task task, std::vector<std::string> classNames)
        : m_sampler(params.seed), m_noise(params.noise) {
        const auto rows = static_cast<std::size_t>(params.samples);
        m_data.name = params.name;
        m_data.task = task;
        m_data.rows = rows;
        m_data.cols = 2;
        m_data.featureNames = {"x1", "x2"};
        m_data.classNames = std::move(classNames);
        m_data.features.reserve(2 * rows);
        if (task == Task::Classification)
            m_data.labels.reserve(rows);
        else
            m_data.values.reserve(rows);
    }

    Sampler& sampler() { return m_sampler; }
    double noise() const { return m_noise; }
    std::size_t rows() const { return m_data.rows; }

    /// Adds a classified point with Gaussian noise on both coordinates.
    void addNoisy(double x1, double x2, int label) {
        const double n1 = m_sampler.gauss(m_noise);
        const double n2 = m_sampler.gauss(m_noise);
        addPoint(x1 + n1, x2 + n2);
        m_data.labels.push_back(label);
    }
    /// Adds a regression point; the caller has already put the noise on the target.
    void addTarget(double x1, double x2, double target) {
        addPoint(x1, x2);
        m_data.values.push_back(static_cast<float>(target));
    }

    Dataset take() { return std::move(m_data); }

private:
    void addPoint(double x1, double x2) {
        m_data.features.push_back(static_cast<float>(x1));
        m_data.features.push_back(static_cast<float>(x2));
    }

    Sampler m_sampler;
    double m_noise;
    Dataset m_data;
};

std::vector<std::string> numberedNames(const char* prefix, int count) {
    std::vector<std::string> names;
    for (int c = 0; c < count; ++c) names.push_back(prefix + std::to_string(c));
    return names;
}

// Archimedean spirals: radius grows linearly with angle, so the two arms stay a constant
// distance apart (about 0.83) along their whole length. t = sqrt(u) spreads the points
// evenly along the arm instead of crowding the centre, where the arms are closest.
// Default noise 0.1 (= GeneratorParams' default): a 2-16-16-2 MLP reaches about 0.99 test
// accuracy; at 0.2 the arms blur into each other and it drops to about 0.95.
Dataset makeSpirals(const GeneratorParams& params) {
    constexpr double kTurns = 1.5;
    constexpr double kInnerRadius = 0.3;
    constexpr double kOuterRadius = 2.8;
    Builder b(params, Task::Classification, {"arm A", "arm B"});
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int arm = static_cast<int>(i % 2);
        const double t = std::sqrt(b.sampler().uniform(0.0, 1.0));
        const double angle = 2.0 * kPi * kTurns * t + kPi * arm;
        const double radius = kInnerRadius + (kOuterRadius - kInnerRadius) * t;
        b.addNoisy(radius * std::cos(angle), radius * std::sin(angle), arm);
    }
    return b.take();
}

// Cluster centres sit evenly on a circle (the first at 45 degrees, so four clusters take
// the four diagonal corners); the noise is each cluster's standard deviation.
Dataset makeBlobs(const GeneratorParams& params) {
    constexpr double kCentreRadius = 2.0;
    const int k = params.clusters;
    Builder b(params, Task::Classification, numberedNames("cluster ", k));
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int c = static_cast<int>(i % static_cast<std::size_t>(k));
        const double angle = kPi / 4.0 + 2.0 * kPi * c / k;
        b.addNoisy(kCentreRadius * std::cos(angle), kCentreRadius * std::sin(angle), c);
    }
    return b.take();
}

// scikit-learn's make_moons shape, centred and scaled by 2 to span x1 in [-3, 3].
Dataset makeMoons(const GeneratorParams& params) {
    constexpr double kScale = 2.0;
    Builder b(params, Task::Classification, {"upper moon", "lower moon"});
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int c = static_cast<int>(i % 2);
        const double t = b.sampler().uniform(0.0, kPi);
        const double x1 = c == 0 ? std::cos(t) : 1.0 - std::cos(t);
        const double x2 = c == 0 ? std::sin(t) : 0.5 - std::sin(t);
        b.addNoisy(kScale * (x1 - 0.5), kScale * (x2 - 0.25), c);
    }
    return b.take();
}

Dataset makeCircles(const GeneratorParams& params) {
    constexpr double kRadius[2] = {1.0, 2.0};
    Builder b(params, Task::Classification, {"inner", "outer"});
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int c = static_cast<int>(i % 2);
        const double angle = b.sampler().uniform(0.0, 2.0 * kPi);
        b.addNoisy(kRadius[c] * std::cos(angle), kRadius[c] * std::sin(angle), c);
    }
    return b.take();
}

// An n x n board over [-kExtent, kExtent]^2 (n even); cell (column, row) has class
// (column + row) % 2. Points are uniform in each cell shrunk by `margin` on every side:
// the thin gap keeps the task learnable once noise blurs the edges (the same padding
// TensorFlow Playground gives its XOR data).
Dataset makeBoard(const GeneratorParams& params, int cellsPerSide, double margin,
                  std::vector<std::string> classNames) {
    const double cell = 2.0 * kExtent / cellsPerSide;
    Builder b(params, Task::Classification, std::move(classNames));
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int c = static_cast<int>(i % 2);
        const int row = b.sampler().index(cellsPerSide);
        // Every other column in this row has class c; pick one of them.
        const int column = 2 * b.sampler().index(cellsPerSide / 2) + (row + c) % 2;
        const double x1 = -kExtent + column * cell + b.sampler().uniform(margin, cell - margin);
        const double x2 = -kExtent + row * cell + b.sampler().uniform(margin, cell - margin);
        b.addNoisy(x1, x2, c);
    }
    return b.take();
}

Dataset makeCheckerboard(const GeneratorParams& params) {
    return makeBoard(params, 4, 0.1, {"dark", "light"});
}

Dataset makeXor(const GeneratorParams& params) {
    return makeBoard(params, 2, 0.3, {"same sign", "opposite sign"});
}

// Synthetic vowels, formant-LIKE and not recordings: each class is one vowel of the h-V-d
// words, placed at the mean first and second formants (F1, F2) that Peterson and Barney
// (1952) report for men. Every point is a "speaker" whose vocal tract scales both formants
// by the same factor (women's and children's formants are higher), so each class stretches
// along a line through the origin of the formant plane: a correlated spread, as in their
// scatter plots. The two front vowels and the two back ones lie close: two regions, each
// with a pair of overlapping classes. Laid out as a vowel chart: x1 falls with F2 (front
// vowels on the left), x2 falls with F1 (high vowels at the top). Default noise 0.3: the
// pairs overlap, and a small MoE or MLP reaches about 0.93-0.95 test accuracy, not 1.
Dataset makeVowels(const GeneratorParams& params) {
    struct Vowel {
        const char* word;
        double f1, f2;  ///< Hz
    };
    static constexpr Vowel kVowels[] = {{"heed", 270, 2290}, {"hid", 390, 1990}, {"hod", 730, 1090}, {"hud", 640, 1190}};
    constexpr double kMinScale = 0.85, kMaxScale = 1.2;    // speaker's formant scale
    constexpr double kF1Low = 200, kF1High = 900;         // Hz spanning x2 in [kExtent, -kExtent]
    constexpr double kF2Low = 800, kF2High = 2800;        // Hz spanning x1 in [kExtent, -kExtent]
    std::vector<std::string> names;
    for (const Vowel& v : kVowels) names.emplace_back(v.word);
    Builder b(params, Task::Classification, std::move(names));
    constexpr int kCount = static_cast<int>(std::size(kVowels));
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int c = static_cast<int>(i % kCount);
        const double scale = b.sampler().uniform(kMinScale, kMaxScale);
        const double f1 = scale * kVowels[c].f1, f2 = scale * kVowels[c].f2;
        b.addNoisy(kExtent - 2.0 * kExtent * (f2 - kF2Low) / (kF2High - kF2Low),
                   kExtent - 2.0 * kExtent * (f1 - kF1Low) / (kF1High - kF1Low), c);
    }
    return b.take();
}

// Regression with a different smooth function in each quadrant and jumps between them,
// so a mixture has an obvious way to divide the work. Region r = i % 4 keeps the quadrants
// equally filled; the sign of each coordinate identifies the region exactly (x < 0 or x >= 0).
Dataset makePiecewise(const GeneratorParams& params) {
    // A gap along both axes keeps the quadrants apart, as the boards do: the lesson is which
    // expert owns which region, not how sharply a jump at the border can be fitted.
    constexpr double kGap = 0.3;
    Builder b(params, Task::Regression, {});
    for (std::size_t i = 0; i < b.rows(); ++i) {
        const int region = static_cast<int>(i % 4);
        const bool right = region == 0 || region == 3;
        const bool top = region == 0 || region == 1;
        const double x1 =
            right ? b.sampler().uniform(kGap, kExtent) : b.sampler().uniform(-kExtent, -kGap);
        const double x2 =
            top ? b.sampler().uniform(kGap, kExtent) : b.sampler().uniform(-kExtent, -kGap);
        double y = 0.0;
        switch (region) {
            case 0:  // x1 >= 0, x2 >= 0: a tilted plane
                y = 0.5 * x1 - 0.4 * x2 + 0.5;
                break;
            case 1:  // x1 < 0, x2 >= 0: a sine wave running diagonally
                y = 1.2 * std::sin(1.5 * x1 + 0.75 * x2);
                break;
            case 2:  // x1 < 0, x2 < 0: a bowl centred in the quadrant
                y = 0.6 * ((x1 + 1.5) * (x1 + 1.5) + (x2 + 1.5) * (x2 + 1.5)) - 1.0;
                break;
            default:  // x1 >= 0, x2 < 0: a constant
                y = -1.0;
                break;
        }
        b.addTarget(x1, x2, y + b.sampler().gauss(b.noise()));
    }
    return b.take();
}

struct Entry {
    GeneratorInfo info;
    Dataset (*make)(const GeneratorParams&);
};

const std::vector<Entry>& registry() {
    static const std::vector<Entry> entries{
        {{"spirals",
          "Two spiral arms wound around each other one and a half times: no straight line "
          "separates them, so the model has to learn curved territories.",
          Task::Classification, 2, 0.1},
         makeSpirals},
        {{"blobs",
          "Round clouds of points, one per class, set around a circle: the easiest case, "
          "where each expert can take a cluster or two.",
          Task::Classification, 4, 0.4},
         makeBlobs},
        {{"moons", "Two interlocking half circles, separated by one gently curved boundary.",
          Task::Classification, 2, 0.2},
         makeMoons},
        {{"circles",
          "A ring of one class inside a ring of the other: the boundary is a circle, which "
          "no single straight line can draw.",
          Task::Classification, 2, 0.2},
         makeCircles},
        {{"checkerboard",
          "A 4 x 4 board of squares in alternating classes: many small regions, which "
          "invites the experts to split the plane between them.",
          Task::Classification, 2, 0.05},
         makeCheckerboard},
        {{"xor",
          "The four quadrants of the plane, with opposite quadrants sharing a class: the "
          "classic problem that no linear model can solve.",
          Task::Classification, 2, 0.1},
         makeXor},
        {{"vowels",
          "Synthetic, formant-like vowels (not recordings): four vowels (heed, hid, hod, hud) as "
          "points of their first two formants around Peterson and Barney's mean values, each "
          "stretched by speaker and overlapping its neighbour in two pairs.",
          Task::Classification, 4, 0.3},
         makeVowels},
        {{"piecewise",
          "Regression: each quadrant of the plane follows its own smooth function (a plane, "
          "a sine wave, a bowl, a constant), so each expert can own a quadrant.",
          Task::Regression, 0, 0.1},
         makePiecewise},
    };
    return entries;
}

const Entry* findEntry(const std::string& name) {
    for (const Entry& e : registry())
        if (e.info.name == name) return &e;
    return nullptr;
}

std::string builtinNameList() {
    std::string list;
    for (const Entry& e : registry()) list += (list.empty() ? "" : ", ") + e.info.name;
    return list;
}

}  // namespace

const std::vector<GeneratorInfo>& builtinGenerators() {
    static const std::vector<GeneratorInfo> infos = [] {
        std::vector<GeneratorInfo> out;
        for (const Entry& e : registry()) out.push_back(e.info);
        return out;
    }();
    return infos;
}

const GeneratorInfo* findGenerator(const std::string& name) {
    for (const GeneratorInfo& info : builtinGenerators())
        if (info.name == name) return &info;
    return nullptr;
}

Result<Dataset> generateDataset(const GeneratorParams& params) {
    const Entry* entry = findEntry(params.name);
    if (!entry)
        return Error{"unknown dataset '" + params.name + "' (built-in: " + builtinNameList() + ")"};
    if (params.samples < kMinSamples || params.samples > kMaxSamples)
        return Error{"samples must be between " + std::to_string(kMinSamples) + " and " +
                     std::to_string(kMaxSamples) + ", got " + std::to_string(params.samples)};
    if (!std::isfinite(params.noise) || params.noise < 0.0 || params.noise > kMaxNoise) {
        std::ostringstream got;
        got << params.noise;
        return Error{"noise must be a number between 0 and " +
                     std::to_string(static_cast<int>(kMaxNoise)) + ", got " + got.str()};
    }
    // Only blobs reads `clusters`; the other generators ignore it, so a shared parameter
    // struct (a GUI form) never fails because of a field that does not apply.
    if (entry->info.name == "blobs" &&
        (params.clusters < kMinClusters || params.clusters > kMaxClusters))
        return Error{"clusters must be between " + std::to_string(kMinClusters) + " and " +
                     std::to_string(kMaxClusters) + ", got " + std::to_string(params.clusters)};
    return entry->make(params);
}

}  // namespace moe
