#pragma once
// Intended usage: the import dialog's preview, the first rows of a CSV file exactly as the
// reader splits them. Column headers show the name, type and role that will be used; the
// label column is bold, ignored columns are grey, missing cells are marked.
//
//   auto* model = new CsvPreviewModel(this);
//   model->setPreview(moe::previewCsv(path, options).value());
//   previewView->setModel(model);

#include "core/data/csv_reader.h"

#include <QAbstractTableModel>

namespace moe::ui {

class CsvPreviewModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit CsvPreviewModel(QObject* parent = nullptr);

    /// Replaces the table (a model reset).
    void setPreview(moe::CsvPreview preview);
    void clear();
    const moe::CsvPreview& preview() const { return m_preview; }

    static QString typeName(moe::ColumnType type);
    static QString roleName(moe::ColumnRole role);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    moe::CsvPreview m_preview;
};

}  // namespace moe::ui
