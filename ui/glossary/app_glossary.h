#pragma once
// Intended usage: the glossary the application ships (resources/glossary/glossary.json,
// compiled in as the Qt resource :/glossary/glossary.json), read once on first use. The
// shipped file is checked by tests/core/tst_glossary_file; should it still fail to load,
// the glossary is empty and applicationGlossaryError() says why, so no view depends on it
// being there.
//
//   const moe::Glossary& g = applicationGlossary();
//   if (const moe::GlossaryEntry* e = g.find("load-cv")) label->setToolTip(...);

#include "core/teach/glossary.h"

#include <QString>

namespace moe::ui {

const moe::Glossary& applicationGlossary();
/// Empty when the glossary loaded; otherwise the one-line reason.
QString applicationGlossaryError();

}  // namespace moe::ui
