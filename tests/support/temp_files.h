#pragma once
// Shared by tests that feed files to the program: writes bytes to a file in a temporary
// directory and returns its path, failing loudly (qFatal) if the test's own setup fails.
//
//   QTemporaryDir dir;
//   const QString csv = moe::testing::writeFile(dir, "ragged.csv", "a,b\n1,2,3\n");

#include <QByteArray>
#include <QFile>
#include <QString>
#include <QTemporaryDir>
#include <QtGlobal>

namespace moe::testing {

inline QString writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes) {
    const QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size()) qFatal("cannot write %s", qPrintable(path));
    return path;
}

}  // namespace moe::testing
