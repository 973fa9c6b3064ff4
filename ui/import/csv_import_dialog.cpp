#include "ui/import/csv_import_dialog.h"

#include "core/data/csv_format.h"
#include "core/util/quote_for_message.h"
#include "ui/import/csv_preview_model.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

enum ColumnTableColumn {
    NameColumn,
    DetectedColumn,
    TypeColumn,
    RoleColumn,
    MissingColumn,
    ColumnTableColumns
};

QComboBox* combo(const QString& objectName, const QList<QPair<QString, int>>& items,
                 QWidget* parent) {
    auto* box = new QComboBox(parent);
    box->setObjectName(objectName);
    for (const auto& [text, value] : items) box->addItem(text, value);
    return box;
}

QString delimiterText(char delimiter) {
    return QString::fromStdString(moe::delimiterName(delimiter));
}

}  // namespace

CsvImportDialog::CsvImportDialog(const QString& path, QWidget* parent)
    : QDialog(parent), m_path(path) {
    setWindowTitle(tr("Import %1").arg(QFileInfo(path).fileName()));
    m_model = new CsvPreviewModel(this);

    m_delimiter = combo(QStringLiteral("delimiterCombo"),
                        {{tr("Detect"), 0},
                         {tr("Comma"), ','},
                         {tr("Semicolon"), ';'},
                         {tr("Tab"), '\t'},
                         {tr("Pipe"), '|'}},
                        this);
    m_header = combo(QStringLiteral("headerCombo"),
                     {{tr("Detect"), int(moe::CsvHeader::Detect)},
                      {tr("First row is a header"), int(moe::CsvHeader::Present)},
                      {tr("No header"), int(moe::CsvHeader::Absent)}},
                     this);
    m_decimal = combo(QStringLiteral("decimalCombo"),
                      {{tr("Detect"), int(moe::CsvDecimal::Detect)},
                       {tr("Point (1.5)"), int(moe::CsvDecimal::Point)},
                       {tr("Comma (1,5)"), int(moe::CsvDecimal::Comma)}},
                      this);
    m_delimiter->setToolTip(tr("The character between fields; Detect picks the one that splits the "
                               "rows into the same number of columns most consistently"));
    m_header->setToolTip(tr("Whether the first row names the columns; Detect says yes when it holds "
                            "text where the rows below hold numbers"));
    m_decimal->setToolTip(tr("How numbers write their fraction: 1.5 or 1,5 (the comma needs a delimiter "
                             "other than the comma)"));
    m_missing = combo(QStringLiteral("missingCombo"),
                      {{tr("Drop the rows"), int(moe::MissingPolicy::DropRows)},
                       {tr("Fill with the column mean"), int(moe::MissingPolicy::FillMean)},
                       {tr("Refuse the file"), int(moe::MissingPolicy::Fail)}},
                      this);
    m_missing->setToolTip(tr("Missing values are empty cells, NA, N/A, NaN or ?, and the texts of "
                             "\"Also missing\""));
    m_alsoMissing = new QLineEdit(this);
    m_alsoMissing->setObjectName(QStringLiteral("alsoMissingEdit"));
    m_alsoMissing->setPlaceholderText(tr("e.g. -999, unknown"));
    m_alsoMissing->setToolTip(tr("Other cell texts that mean \"no value\" in this file, separated by commas "
                                 "(as --missing on the command line). A column of numbers with such cells "
                                 "stays numeric."));
    m_task = combo(QStringLiteral("taskCombo"),
                   {{tr("Detect"), -1},
                    {tr("Classification"), int(moe::Task::Classification)},
                    {tr("Regression"), int(moe::Task::Regression)}},
                   this);
    m_task->setToolTip(
        tr("Text labels, or a few distinct whole numbers, are classes; other numbers a "
           "value to predict."));

    auto* format = new QFormLayout;
    format->addRow(tr("Delimiter"), m_delimiter);
    format->addRow(tr("Header"), m_header);
    format->addRow(tr("Decimal separator"), m_decimal);
    auto* handling = new QFormLayout;
    handling->addRow(tr("Missing values"), m_missing);
    handling->addRow(tr("Also missing"), m_alsoMissing);
    handling->addRow(tr("Task"), m_task);
    auto* settings = new QHBoxLayout;
    settings->addLayout(format);
    settings->addSpacing(16);
    settings->addLayout(handling);

    m_columns = new QTableWidget(0, ColumnTableColumns, this);
    m_columns->setObjectName(QStringLiteral("columnTable"));
    m_columns->setHorizontalHeaderLabels(
        {tr("Column"), tr("Detected"), tr("Type"), tr("Role"), tr("Missing")});
    m_columns->horizontalHeaderItem(MissingColumn)
        ->setToolTip(tr("Missing values in the rows previewed"));
    m_columns->verticalHeader()->setVisible(false);
    m_columns->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_columns->setSelectionMode(QAbstractItemView::NoSelection);
    m_columns->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_previewView = new QTableView(this);
    m_previewView->setObjectName(QStringLiteral("previewTable"));
    m_previewView->setModel(m_model);
    m_previewView->setSelectionMode(QAbstractItemView::NoSelection);
    m_previewView->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_previewView->verticalHeader()->setDefaultSectionSize(22);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_columns);
    split->addWidget(m_previewView);
    split->setSizes({170, 260});
    split->setChildrenCollapsible(false);

    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    m_mistyped = new QLabel(this);
    m_mistyped->setObjectName(QStringLiteral("mistypedLabel"));
    m_mistyped->setWordWrap(true);
    m_mistyped->setTextFormat(Qt::RichText);
    m_mistyped->setStyleSheet(QStringLiteral("color: #8a5a00;"));
    m_mistyped->hide();
    connect(m_mistyped, &QLabel::linkActivated, this, [this](const QString& link) {
        const qsizetype colon = link.indexOf(QLatin1Char(':'));
        const int column = link.mid(colon + 1).toInt();
        if (link.startsWith(QLatin1String("missing:"))) treatAsMissing(column);
        else if (link.startsWith(QLatin1String("categorical:"))) readAsCategories(column);
    });
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problemLabel"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Import"));
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(
        tr("Load the data with these settings; the models are rebuilt for it"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    auto* file = new QLabel(tr("<b>%1</b>").arg(path.toHtmlEscaped()), this);
    file->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(file);
    layout->addLayout(settings);
    layout->addWidget(split, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_mistyped);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);
    resize(760, 600);

    for (QComboBox* box : {m_delimiter, m_header, m_decimal})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { refresh(false); });
    for (QComboBox* box : {m_missing, m_task})
        connect(box, &QComboBox::currentIndexChanged, this, [this] { refresh(true); });
    connect(m_alsoMissing, &QLineEdit::editingFinished, this, [this] { refresh(true); });
    refresh(false);
}

moe::CsvOptions CsvImportDialog::options() const {
    moe::CsvOptions o;
    o.delimiter = static_cast<char>(m_delimiter->currentData().toInt());
    o.header = static_cast<moe::CsvHeader>(m_header->currentData().toInt());
    o.decimal = static_cast<moe::CsvDecimal>(m_decimal->currentData().toInt());
    o.missing = static_cast<moe::MissingPolicy>(m_missing->currentData().toInt());
    if (const int task = m_task->currentData().toInt(); task >= 0)
        o.task = static_cast<moe::Task>(task);
    for (const QString& token : m_alsoMissing->text().split(QLatin1Char(','), Qt::SkipEmptyParts))
        if (const QString t = token.trimmed(); !t.isEmpty()) o.missingValues.push_back(t.toStdString());
    for (int c = 0; c < m_columns->rowCount(); ++c) {
        o.roles.push_back(columnRole(c));
        // A type the person did not choose is inferred by the reader, as on the command line.
        o.types.push_back(m_typeChosen.value(c) ? columnType(c) : moe::ColumnType::Auto);
    }
    o.name = QFileInfo(m_path).completeBaseName().toStdString();
    return o;
}

bool CsvImportDialog::canImport() const { return m_ok && m_model->preview().problem.empty(); }

const moe::CsvPreview& CsvImportDialog::preview() const { return m_model->preview(); }

QString CsvImportDialog::message() const { return m_problem->text(); }

int CsvImportDialog::columnCount() const { return m_columns->rowCount(); }

QComboBox* CsvImportDialog::columnCombo(int column, int tableColumn) const {
    return qobject_cast<QComboBox*>(m_columns->cellWidget(column, tableColumn));
}

moe::ColumnRole CsvImportDialog::columnRole(int column) const {
    return static_cast<moe::ColumnRole>(columnCombo(column, RoleColumn)->currentData().toInt());
}

moe::ColumnType CsvImportDialog::columnType(int column) const {
    return static_cast<moe::ColumnType>(columnCombo(column, TypeColumn)->currentData().toInt());
}

void CsvImportDialog::setColumnRole(int column, moe::ColumnRole role) {
    QComboBox* box = columnCombo(column, RoleColumn);
    box->setCurrentIndex(box->findData(int(role)));
}

void CsvImportDialog::setColumnType(int column, moe::ColumnType type) {
    QComboBox* box = columnCombo(column, TypeColumn);
    box->setCurrentIndex(box->findData(int(type)));
}

void CsvImportDialog::treatAsMissing(int column) {
    if (column < 0 || column >= static_cast<int>(preview().columns.size())) return;
    const QString text = QString::fromStdString(preview().columns[static_cast<std::size_t>(column)].firstText).trimmed();
    if (text.isEmpty() || text.contains(QLatin1Char(','))) return;  // a comma cannot be listed
    QStringList tokens = m_alsoMissing->text().split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (QString& t : tokens) t = t.trimmed();
    if (!tokens.contains(text)) tokens << text;
    m_alsoMissing->setText(tokens.join(QStringLiteral(", ")));
    refresh(true);
}

void CsvImportDialog::readAsCategories(int column) {
    if (column < 0 || column >= columnCount()) return;
    setColumnType(column, moe::ColumnType::Categorical);  // a choice: refreshes
    if (!m_typeChosen.value(column)) {  // already categorical as inferred: say so explicitly
        m_typeChosen[column] = true;
        refresh(true);
    }
}

void CsvImportDialog::refresh(bool keepColumns) {
    if (m_updating) return;
    moe::CsvOptions o = options();
    if (!keepColumns) {
        o.roles.clear();
        o.types.clear();
    }
    moe::Result<moe::CsvPreview> preview = moe::previewCsv(m_path.toStdString(), o);
    m_ok = preview.ok();
    m_error = m_ok ? QString() : QString::fromStdString(preview.error());
    if (!m_ok) {
        m_model->clear();
        if (!keepColumns) m_columns->setRowCount(0);
    } else {
        m_model->setPreview(std::move(preview).value());
        if (!keepColumns) fillColumnTable();
        // The types as read now (an "Also missing" text can make a column numeric again).
        m_updating = true;
        for (int c = 0; c < columnCount() && c < static_cast<int>(m_model->preview().columns.size()); ++c)
            if (!m_typeChosen.value(c)) setColumnType(c, m_model->preview().columns[static_cast<std::size_t>(c)].type);
        m_updating = false;
    }
    updateDetectedLabels();
    updateMistypedColumns();
    updateSummary();
    m_previewView->resizeColumnsToContents();
    emit previewUpdated();
}

void CsvImportDialog::fillColumnTable() {
    const moe::CsvPreview& p = m_model->preview();
    m_updating = true;
    m_columns->setRowCount(static_cast<int>(p.columns.size()));
    m_typeChosen = QList<bool>(static_cast<qsizetype>(p.columns.size()), false);
    for (int c = 0; c < static_cast<int>(p.columns.size()); ++c) {
        const moe::CsvColumnPreview& column = p.columns[static_cast<std::size_t>(c)];
        m_columns->setItem(c, NameColumn,
                           new QTableWidgetItem(QString::fromStdString(column.name)));
        m_columns->setItem(c, DetectedColumn,
                           new QTableWidgetItem(CsvPreviewModel::typeName(column.inferredType)));
        auto* missing = new QTableWidgetItem(QString::number(column.missing));
        missing->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_columns->setItem(c, MissingColumn, missing);

        auto* type = combo(
            QStringLiteral("typeCombo%1").arg(c),
            {{CsvPreviewModel::typeName(moe::ColumnType::Numeric), int(moe::ColumnType::Numeric)},
             {CsvPreviewModel::typeName(moe::ColumnType::Categorical),
              int(moe::ColumnType::Categorical)}},
            m_columns);
        type->setCurrentIndex(type->findData(int(column.type)));
        type->setToolTip(
            tr("Numeric columns are used as they are; categorical ones are one-hot encoded "
               "(and give the classes when they are the label)."));
        m_columns->setCellWidget(c, TypeColumn, type);
        connect(type, &QComboBox::currentIndexChanged, this, [this, c] {
            if (m_updating) return;
            m_typeChosen[c] = true;
            refresh(true);
        });

        auto* role = combo(
            QStringLiteral("roleCombo%1").arg(c),
            {{CsvPreviewModel::roleName(moe::ColumnRole::Feature), int(moe::ColumnRole::Feature)},
             {CsvPreviewModel::roleName(moe::ColumnRole::Label), int(moe::ColumnRole::Label)},
             {CsvPreviewModel::roleName(moe::ColumnRole::Ignore), int(moe::ColumnRole::Ignore)}},
            m_columns);
        role->setCurrentIndex(role->findData(int(column.role)));
        role->setToolTip(tr("Features are the inputs the gate and experts see; the one label is what the "
                            "models learn to predict; ignored columns are left out"));
        m_columns->setCellWidget(c, RoleColumn, role);
        connect(role, &QComboBox::currentIndexChanged, this, [this, c] {
            if (columnRole(c) == moe::ColumnRole::Label) {
                // One label: the previous one becomes a feature.
                m_updating = true;
                for (int other = 0; other < columnCount(); ++other)
                    if (other != c && columnRole(other) == moe::ColumnRole::Label)
                        setColumnRole(other, moe::ColumnRole::Feature);
                m_updating = false;
            }
            refresh(true);
        });
    }
    m_columns->resizeColumnsToContents();
    m_columns->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_updating = false;
}

void CsvImportDialog::updateDetectedLabels() {
    if (!m_ok) return;
    const moe::CsvPreview& p = m_model->preview();
    const QSignalBlocker b1(m_delimiter), b2(m_header), b3(m_decimal), b4(m_task);
    m_delimiter->setItemText(0, tr("Detect (%1)").arg(delimiterText(p.delimiter)));
    m_header->setItemText(0, tr("Detect (%1)").arg(p.hasHeader ? tr("header") : tr("no header")));
    m_decimal->setItemText(0, tr("Detect (%1)").arg(p.decimalComma ? tr("comma") : tr("point")));
    m_task->setItemText(0, tr("Detect (%1)").arg(QString::fromLatin1(moe::taskName(p.task))));
}

void CsvImportDialog::updateMistypedColumns() {
    QStringList warnings;
    const moe::CsvPreview& p = m_model->preview();
    for (int c = 0; m_ok && c < columnCount() && c < static_cast<int>(p.columns.size()); ++c) {
        const moe::CsvColumnPreview& col = p.columns[static_cast<std::size_t>(c)];
        QTableWidgetItem* detected = m_columns->item(c, DetectedColumn);
        const bool mistyped = col.looksMistyped() && !m_typeChosen.value(c) &&
                              columnRole(c) != moe::ColumnRole::Ignore;
        const QString cell = QString::fromStdString(moe::quoteForMessage(col.firstText));
        if (detected) {
            detected->setText(mistyped ? tr("numbers ⚠") : CsvPreviewModel::typeName(col.inferredType));
            detected->setToolTip(mistyped ? tr("%1 of %2 values are numbers; %3 on line %4 is not")
                                                .arg(col.numbers)
                                                .arg(col.numbers + col.texts)
                                                .arg(cell)
                                                .arg(col.firstTextLine)
                                          : QString());
        }
        if (!mistyped) continue;
        const QString name = QString::fromStdString(col.name).toHtmlEscaped();
        QString ways = tr("<a href=\"categorical:%1\">read it as categories</a>").arg(c);
        if (!col.firstText.empty() && col.firstText.find(',') == std::string::npos)
            ways = tr("<a href=\"missing:%1\">treat %2 as missing</a>, ").arg(c).arg(cell.toHtmlEscaped()) + ways;
        warnings << tr("⚠ Column <b>%1</b> is numbers except %2 on line %3, column %4 (%5 of %6 values are numbers): "
                       "fix the cell in the file, %7.")
                        .arg(name, cell.toHtmlEscaped())
                        .arg(col.firstTextLine)
                        .arg(c + 1)
                        .arg(col.numbers)
                        .arg(col.numbers + col.texts)
                        .arg(ways);
    }
    m_mistyped->setText(warnings.join(QStringLiteral("<br>")));
    m_mistyped->setVisible(!warnings.isEmpty());
}

void CsvImportDialog::updateSummary() {
    const moe::CsvPreview& p = m_model->preview();
    QString problem = m_ok ? QString::fromStdString(p.problem) : m_error;
    bool oneLabel = true;
    if (m_ok) {
        int labels = 0, features = 0;
        for (int c = 0; c < columnCount(); ++c) {
            labels += columnRole(c) == moe::ColumnRole::Label ? 1 : 0;
            features += columnRole(c) == moe::ColumnRole::Feature ? 1 : 0;
        }
        oneLabel = labels == 1;
        if (!oneLabel && problem.isEmpty()) problem = tr("Choose one column as the label.");
        QString text = p.wholeFile
                           ? tr("%n row(s), the whole file", nullptr, int(p.sampledRows))
                           : tr("First %n rows read for the preview", nullptr, int(p.sampledRows));
        text += QStringLiteral(" · ") + tr("%n feature column(s)", nullptr, features) +
                QStringLiteral(" · ") + QString::fromLatin1(moe::taskName(p.task));
        for (const std::string& note : p.notes)
            text += QStringLiteral(" · ") + QString::fromStdString(note);
        m_summary->setText(text);
    } else {
        m_summary->clear();
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(canImport() && oneLabel);
}

}  // namespace moe::ui
