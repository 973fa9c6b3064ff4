#pragma once
// Intended usage: the import dialog for a person's CSV file, in the manner of Orange's File
// widget: the detected delimiter, header and decimal separator (each can be overridden),
// what to do with missing values, the task, and per column its type and role (feature,
// label, ignore), with a live preview of the first rows as they will be read and the
// problem a full read would stop with. A numeric column with a few text cells (a mistyped
// number) is flagged on its row, with the cell and two ways out: treat that text as missing
// (the "Also missing" field) or read the column as categories. Types the person did not
// choose are left to the reader to infer, so that check applies as on the command line.
// Accepting it yields the CsvOptions to read with;
// reading the whole file is the caller's (off the GUI thread, see DatasetLoader).
//
//   CsvImportDialog dialog(path, this);
//   if (dialog.exec() == QDialog::Accepted) loader->load(path, dialog.options());

#include "core/data/csv_reader.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTableWidget;

namespace moe::ui {

class CsvPreviewModel;

class CsvImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit CsvImportDialog(const QString& path, QWidget* parent = nullptr);

    QString path() const { return m_path; }
    /// The settings as shown, every column's role and type explicit.
    moe::CsvOptions options() const;
    /// The preview worked and shows no problem, so Import is enabled.
    bool canImport() const;
    /// Empty when the preview could not be made; see message().
    const moe::CsvPreview& preview() const;
    /// The error or problem shown to the person; empty when there is none.
    QString message() const;
    CsvPreviewModel* previewModel() const { return m_model; }

    int columnCount() const;
    moe::ColumnRole columnRole(int column) const;
    moe::ColumnType columnType(int column) const;
    /// As if chosen in the column table (a new label demotes the old one to feature).
    void setColumnRole(int column, moe::ColumnRole role);
    void setColumnType(int column, moe::ColumnType type);

    QComboBox* delimiterBox() const { return m_delimiter; }
    QComboBox* headerBox() const { return m_header; }
    QComboBox* decimalBox() const { return m_decimal; }
    QComboBox* missingBox() const { return m_missing; }
    QComboBox* taskBox() const { return m_task; }
    /// Cell texts that also mean "missing", separated by commas.
    QLineEdit* alsoMissingEdit() const { return m_alsoMissing; }
    /// The warning about mistyped numeric columns (hidden when there is none); its links
    /// "missing:C" and "categorical:C" take the two ways out for column C.
    QLabel* mistypedLabel() const { return m_mistyped; }
    /// What a link of mistypedLabel() does, for column `column`.
    void treatAsMissing(int column);
    void readAsCategories(int column);

signals:
    /// After every refresh of the preview (a setting changed).
    void previewUpdated();

private:
    /// Re-reads the preview; `keepColumns` keeps the column table's choices (a role or type
    /// changed) instead of taking the new preview's defaults (the format changed).
    void refresh(bool keepColumns);
    void fillColumnTable();
    void updateSummary();
    void updateDetectedLabels();
    void updateMistypedColumns();
    QComboBox* columnCombo(int column, int tableColumn) const;

    QString m_path;
    bool m_ok = false;
    QString m_error;
    CsvPreviewModel* m_model = nullptr;
    QComboBox* m_delimiter = nullptr;
    QComboBox* m_header = nullptr;
    QComboBox* m_decimal = nullptr;
    QComboBox* m_missing = nullptr;
    QComboBox* m_task = nullptr;
    QLineEdit* m_alsoMissing = nullptr;
    QLabel* m_mistyped = nullptr;
    QList<bool> m_typeChosen;  ///< per column: the person chose its type
    QTableWidget* m_columns = nullptr;
    QTableView* m_previewView = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    bool m_updating = false;
};

}  // namespace moe::ui
