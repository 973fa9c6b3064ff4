#pragma once
// Intended usage: File > Report…: says what the report of the current run holds, takes
// the person's own notes, and saves the report as HTML or PDF. The notes stay in the
// dialog between openings, so a second report keeps them.
//
//   auto* dialog = new ReportDialog([=] { return inputFromTheRun(); }, window);
//   dialog->open();

#include "ui/training/report_input.h"

#include <QDialog>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace moe::ui {

class ReportDialog : public QDialog {
    Q_OBJECT
public:
    /// `input` is asked for the run's values at each save (the notes are added here).
    ReportDialog(std::function<ReportInput()> input, QWidget* parent = nullptr);

    QString notes() const;
    void setNotes(const QString& notes);
    /// Writes the report to `path` (.html or .pdf); false with a message naming the file.
    bool save(const QString& path, QString* error) const;

private:
    void saveInteractively(const QString& suffix);

    std::function<ReportInput()> m_input;
    QPlainTextEdit* m_notes = nullptr;
    QLabel* m_status = nullptr;
};

}  // namespace moe::ui
