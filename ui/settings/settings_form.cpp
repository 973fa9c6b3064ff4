#include "ui/settings/settings_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QStyle>

namespace moe::ui {
namespace {

const QColor kErrorText(0xB3, 0x26, 0x1E);
const QColor kErrorTint(0xFD, 0xE2, 0xE0);

// An icon and a wrapped text side by side, the icon on the first line.
QWidget* iconRow(QWidget* parent, QStyle::StandardPixmap icon, QLabel** text) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 2);
    layout->setSpacing(4);
    auto* iconLabel = new QLabel(row);
    const int size = row->fontMetrics().height() - 2;
    iconLabel->setPixmap(row->style()->standardIcon(icon).pixmap(size, size));
    iconLabel->setAlignment(Qt::AlignTop);
    layout->addWidget(iconLabel, 0, Qt::AlignTop);
    *text = new QLabel(row);
    (*text)->setWordWrap(true);
    (*text)->setTextFormat(Qt::RichText);
    layout->addWidget(*text, 1);
    return row;
}

}  // namespace

SettingsForm::SettingsForm(QWidget* parent) : QWidget(parent) {
    // A grid, not a QFormLayout: rows are shown and hidden often, and QFormLayout (Qt 6.4)
    // keeps a stale height for word-wrapped rows after setRowVisible(). A grid gives a row
    // whose widgets are all hidden neither height nor spacing.
    m_grid = new QGridLayout(this);
    m_grid->setContentsMargins(6, 6, 6, 6);
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(5);
    m_grid->setColumnStretch(1, 1);
}

void SettingsForm::addField(const QString& option, const QString& label, QWidget* field) {
    Row row;
    row.field = field;
    row.label = new QLabel(label, this);
    row.label->setToolTip(field->toolTip());
    row.label->setBuddy(field);
    field->setObjectName(option);
    // Spin boxes and combo boxes size themselves to their widest value or item; in a
    // settings column that is too wide, so let them shrink to a readable minimum.
    if (qobject_cast<QAbstractSpinBox*>(field)) {
        field->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
        field->setMinimumWidth(64);
    } else if (auto* combo = qobject_cast<QComboBox*>(field)) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(6);
    }
    const int r = m_grid->rowCount();
    m_grid->addWidget(row.label, r, 0, Qt::AlignLeft | Qt::AlignVCenter);
    m_grid->addWidget(field, r, 1);
    row.errorRow = iconRow(this, QStyle::SP_MessageBoxWarning, &row.errorText);
    row.errorRow->setObjectName(option + QStringLiteral("-error"));
    QPalette palette = row.errorText->palette();
    palette.setColor(QPalette::WindowText, kErrorText);
    row.errorText->setPalette(palette);
    m_grid->addWidget(row.errorRow, r + 1, 0, 1, 2);
    row.errorRow->setVisible(false);
    m_rows.insert(option, row);
}

QLabel* SettingsForm::addNote(const QString& key, const QString& text, bool info) {
    QLabel* label = nullptr;
    QWidget* row = nullptr;
    if (info) {
        row = iconRow(this, QStyle::SP_MessageBoxInformation, &label);
    } else {
        label = new QLabel(this);
        label->setWordWrap(true);
        row = label;
    }
    label->setText(text);
    label->setForegroundRole(QPalette::PlaceholderText);
    row->setObjectName(key);
    m_grid->addWidget(row, m_grid->rowCount(), 0, 1, 2);
    m_notes.insert(key, row);
    return label;
}

void SettingsForm::setRowShown(const QString& key, bool shown) {
    if (QWidget* note = m_notes.value(key)) {
        note->setVisible(shown);
        updateGeometry();
        return;
    }
    auto it = m_rows.find(key);
    if (it == m_rows.end()) return;
    it->shown = shown;
    it->label->setVisible(shown);
    it->field->setVisible(shown);
    updateErrorRow(*it);
}

bool SettingsForm::isRowShown(const QString& key) const {
    if (QWidget* note = m_notes.value(key)) return !note->isHidden();
    return m_rows.contains(key) && m_rows.value(key).shown;
}

QWidget* SettingsForm::field(const QString& option) const { return m_rows.value(option).field; }

QString SettingsForm::label(const QString& option) const {
    const Row row = m_rows.value(option);
    return row.label ? row.label->text() : QString();
}

void SettingsForm::setError(const QString& option, const QString& message) {
    auto it = m_rows.find(option);
    if (it == m_rows.end()) return;
    const bool invalid = !message.isEmpty();
    it->message = message;
    it->errorText->setText(message.toHtmlEscaped());
    it->field->setProperty("invalid", invalid);
    if (invalid) {
        QPalette palette = it->field->palette();
        palette.setColor(QPalette::Base, kErrorTint);
        palette.setColor(QPalette::Button, kErrorTint);
        it->field->setPalette(palette);
        QPalette labelPalette = it->label->palette();
        labelPalette.setColor(QPalette::WindowText, kErrorText);
        it->label->setPalette(labelPalette);
    } else {
        it->field->setPalette(QPalette());  // back to the inherited palette
        it->label->setPalette(QPalette());
    }
    QFont font = it->label->font();
    font.setBold(invalid);
    it->label->setFont(font);
    updateErrorRow(*it);
}

void SettingsForm::clearErrors() {
    const QStringList options = m_rows.keys();
    for (const QString& option : options)
        if (!m_rows.value(option).message.isEmpty()) setError(option, {});
}

QString SettingsForm::error(const QString& option) const {
    return m_rows.value(option).message;
}

bool SettingsForm::hasError() const {
    for (const Row& row : m_rows)
        if (!row.message.isEmpty()) return true;
    return false;
}

void SettingsForm::updateErrorRow(const Row& row) {
    row.errorRow->setVisible(row.shown && !row.message.isEmpty());
    // Tell the parent layouts now: they cache this form's height for a width, and a row
    // that appears or goes does not always reach them (the panel kept a stale height).
    updateGeometry();
}

QSpinBox* SettingsForm::spinBox(int lo, int hi, const QString& tip) {
    auto* s = new QSpinBox;
    s->setRange(lo, hi);
    s->setToolTip(tip);
    return s;
}

QDoubleSpinBox* SettingsForm::doubleSpinBox(double lo, double hi, int decimals, double step,
                                            const QString& tip) {
    auto* s = new QDoubleSpinBox;
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setToolTip(tip);
    return s;
}

}  // namespace moe::ui
