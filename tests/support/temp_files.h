#pragma once
// Shared by tests that feed files to the program: writes bytes to a file in a temporary
// directory and returns its path, failing loudly (qFatal) if the test's own setup fails;
// reads or replaces a whole file's text (to damage a saved file, say).
//
//   QTemporaryDir dir;
//   const QString csv = moe::testing::writeFile(dir, "ragged.csv", "a,b\n1,2,3\n");
//   writeText(path, readText(path).substr(0, 10));   // truncated

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>

#include <fstream>
#include <sstream>
#include <string>

namespace moe::testing {

inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
    return path;
}

/// The whole file at `path` ("" if it cannot be read).
inline std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Replaces the file at `path` with `text`.
inline void writeText(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

}  // namespace moe::testing
