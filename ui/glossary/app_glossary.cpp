#include "ui/glossary/app_glossary.h"

#include "core/io/glossary_file.h"

#include <QFile>

// The resource lives in the static library moe_ui: registering it by name keeps the linker
// from dropping it.
static void registerGlossaryResource() { Q_INIT_RESOURCE(glossary); }

namespace moe::ui {
namespace {

struct Loaded {
    moe::Glossary glossary;
    QString error;
};

const Loaded& loaded() {
    static const Loaded once = [] {
        registerGlossaryResource();
        Loaded l;
        const QString path = QStringLiteral(":/glossary/glossary.json");
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            l.error = path + QStringLiteral(": cannot open the glossary resource");
            return l;
        }
        moe::Result<moe::Glossary> g = moe::parseGlossary(f.readAll().toStdString(), path.toStdString());
        if (g) l.glossary = std::move(g).value();
        else l.error = QString::fromStdString(g.error());
        return l;
    }();
    return once;
}

}  // namespace

const moe::Glossary& applicationGlossary() { return loaded().glossary; }

QString applicationGlossaryError() { return loaded().error; }

}  // namespace moe::ui
