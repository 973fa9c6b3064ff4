// Tests the rule at the top of ui/CMakeLists.txt on the source tree itself: every header a
// ui/ folder includes from another folder is one its CMakeLists.txt lists under "May include"
// (a whole folder, "ui/charts/", or one header, the seam), no folders include each other in a
// circle, every source is listed by its folder, and folders stay small. A failure names the
// file and line, or the circle.
#include <QDir>
#include <QFile>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#ifndef MOE_SOURCE_DIR
#error "MOE_SOURCE_DIR must name the project's source directory"
#endif

namespace {

constexpr int kMaxSourcesPerFolder = 16;
constexpr int kMaxTopLevelFiles = 3;  // besides CMakeLists.txt

struct Include {
    QString file;  ///< relative to the source directory, e.g. ui/cost/pareto_view.cpp
    int line = 0;
    QString folder;  ///< the included header's folder, e.g. charts
    QString header;  ///< e.g. ui/charts/axis_ticks.h
};

struct Folder {
    QStringList sources;       ///< file names, e.g. pareto_view.cpp
    QStringList mayInclude;    ///< "ui/charts/" (the whole folder) or "ui/cost/cost_table_model.h"
    QString cmakeText;         ///< the folder's CMakeLists.txt
    QList<Include> includes;   ///< of other folders' headers
};

QDir uiDir() { return QDir(QStringLiteral(MOE_SOURCE_DIR "/ui")); }

QString readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return QString::fromUtf8(f.readAll());
}

// Every folder of ui/, with its sources, its "May include" list and its includes of others.
QMap<QString, Folder> readFolders() {
    QMap<QString, Folder> folders;
    const QRegularExpression include(QStringLiteral(R"re(^\s*#\s*include\s*"(ui/([a-z_]+)/[a-z_]+\.h)")re"));
    const QRegularExpression mayInclude(QStringLiteral(R"(^#\s*May include:(.*)$)"));
    for (const QString& name : uiDir().entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        Folder folder;
        const QDir dir(uiDir().filePath(name));
        folder.cmakeText = dir.exists(QStringLiteral("CMakeLists.txt"))
                               ? readAll(dir.filePath(QStringLiteral("CMakeLists.txt")))
                               : QString();
        // "# May include: ui/charts/ ..." and its continuation lines ("#   ui/cost/...").
        bool listing = false;
        for (const QString& line : folder.cmakeText.split(QLatin1Char('\n'))) {
            const QRegularExpressionMatch m = mayInclude.match(line);
            if (m.hasMatch()) listing = true;
            else if (!(listing && line.startsWith(QLatin1String("#   ")))) listing = false;
            if (listing)
                folder.mayInclude += (m.hasMatch() ? m.captured(1) : line.mid(1)).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
        folder.sources = dir.entryList({QStringLiteral("*.h"), QStringLiteral("*.cpp")}, QDir::Files, QDir::Name);
        for (const QString& source : folder.sources) {
            const QStringList lines = readAll(dir.filePath(source)).split(QLatin1Char('\n'));
            for (int i = 0; i < lines.size(); ++i) {
                const QRegularExpressionMatch m = include.match(lines[i]);
                if (m.hasMatch() && m.captured(2) != name)
                    folder.includes.append({QStringLiteral("ui/%1/%2").arg(name, source), i + 1, m.captured(2),
                                            m.captured(1)});
            }
        }
        folders.insert(name, folder);
    }
    return folders;
}

// A circle through `at` in the folder graph, as "a -> b -> a", or empty.
QString findCircle(const QMap<QString, QSet<QString>>& edges, const QString& at, QStringList& path,
                   QSet<QString>& done) {
    if (path.contains(at)) return (path.mid(path.indexOf(at)) << at).join(QStringLiteral(" -> "));
    if (done.contains(at)) return {};
    path.append(at);
    for (const QString& next : edges.value(at)) {
        const QString circle = findCircle(edges, next, path, done);
        if (!circle.isEmpty()) return circle;
    }
    path.removeLast();
    done.insert(at);
    return {};
}

}  // namespace

class TestUiLayers : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void foldersIncludeOnlyWhatTheyList();
    void noFoldersIncludeEachOtherInACircle();
    void everySourceIsListedByItsFolder();
    void foldersStaySmall();
    void noSourceIncludesAFlatUiPath();

private:
    QMap<QString, Folder> m_folders;
};

void TestUiLayers::initTestCase() {
    m_folders = readFolders();
    QVERIFY2(m_folders.size() >= 2, qPrintable(uiDir().path()));
}

void TestUiLayers::foldersIncludeOnlyWhatTheyList() {
    QStringList wrong;
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it) {
        const Folder& folder = it.value();
        for (const Include& inc : folder.includes) {
            const bool listed = folder.mayInclude.contains(QStringLiteral("ui/%1/").arg(inc.folder)) ||
                                folder.mayInclude.contains(inc.header);
            if (!listed)
                wrong << QStringLiteral("%1:%2: includes %3, which ui/%4/CMakeLists.txt does not list under "
                                        "'May include'")
                             .arg(inc.file)
                             .arg(inc.line)
                             .arg(inc.header, it.key());
        }
    }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

void TestUiLayers::noFoldersIncludeEachOtherInACircle() {
    QMap<QString, QSet<QString>> edges;
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it)
        for (const Include& inc : it.value().includes) edges[it.key()].insert(inc.folder);
    QSet<QString> done;
    for (const QString& start : m_folders.keys()) {
        QStringList path;
        const QString circle = findCircle(edges, start, path, done);
        QVERIFY2(circle.isEmpty(), qPrintable(QStringLiteral("ui/ folders include each other: ") + circle));
    }
}

void TestUiLayers::everySourceIsListedByItsFolder() {
    QStringList missing;
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it) {
        for (const QString& source : it.value().sources) {
            const QRegularExpression word(QStringLiteral(R"((^|\s)%1(\s|\)|$))")
                                              .arg(QRegularExpression::escape(source)),
                                          QRegularExpression::MultilineOption);
            if (!word.match(it.value().cmakeText).hasMatch())
                missing << QStringLiteral("ui/%1/%2 is not listed in ui/%1/CMakeLists.txt").arg(it.key(), source);
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
}

void TestUiLayers::foldersStaySmall() {
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it)
        QVERIFY2(it.value().sources.size() <= kMaxSourcesPerFolder,
                 qPrintable(QStringLiteral("ui/%1 has %2 source files, more than %3: split it")
                                .arg(it.key())
                                .arg(it.value().sources.size())
                                .arg(kMaxSourcesPerFolder)));
    QStringList top = uiDir().entryList(QDir::Files, QDir::Name);
    top.removeAll(QStringLiteral("CMakeLists.txt"));
    QVERIFY2(top.size() <= kMaxTopLevelFiles,
             qPrintable(QStringLiteral("ui/ has %1 files at its top level, more than %2: %3")
                            .arg(top.size())
                            .arg(kMaxTopLevelFiles)
                            .arg(top.join(QStringLiteral(", ")))));
}

void TestUiLayers::noSourceIncludesAFlatUiPath() {
    // "ui/pareto_view.h" from before the folders: a header at ui/'s top level belongs in a folder.
    const QRegularExpression flat(QStringLiteral(R"re(^\s*#\s*include\s*"ui/[a-z_]+\.h")re"));
    QStringList wrong;
    for (auto it = m_folders.cbegin(); it != m_folders.cend(); ++it)
        for (const QString& source : it.value().sources) {
            const QStringList lines =
                readAll(uiDir().filePath(it.key() + QLatin1Char('/') + source)).split(QLatin1Char('\n'));
            for (int i = 0; i < lines.size(); ++i)
                if (flat.match(lines[i]).hasMatch())
                    wrong << QStringLiteral("ui/%1/%2:%3: %4").arg(it.key(), source).arg(i + 1).arg(lines[i].trimmed());
        }
    QVERIFY2(wrong.isEmpty(), qPrintable(wrong.join(QLatin1Char('\n'))));
}

QTEST_GUILESS_MAIN(TestUiLayers)
#include "tst_ui_layers.moc"
