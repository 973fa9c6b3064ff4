#pragma once
// Intended usage: every message the window shows that may hold data - a file's name, a
// CSV cell, a JSON key, an error the system gave - goes through one of these, so that a
// control character (an ESC that starts a terminal sequence, a CR) is shown as its escape
// ("\x1b", "\r") and markup in a file name is shown as the characters it is, never as
// formatting (a QMessageBox or QLabel would otherwise render "<b>x</b>.csv" as bold):
//
//   showWarning(this, tr("Export failed"), error);                        // plain text
//   statusBar()->showMessage(visibleMessage(tr("Saved %1").arg(path)));
//
// The escaping is core's moe::visibleText, the one the command line's messages use; the
// message's own paragraph breaks ("\n") are kept.

#include <QString>

class QMessageBox;
class QWidget;

namespace moe::ui {

/// `message` with control characters shown as escapes, line by line.
QString visibleMessage(const QString& message);

/// A warning box over `parent` (window-modal, deleted when closed) showing `message`
/// through visibleMessage as plain text; returns it, already open.
QMessageBox* showWarning(QWidget* parent, const QString& title, const QString& message);

}  // namespace moe::ui
