#pragma once
// Intended usage: one labelled form of settings whose rows are keyed by the option name
// moe::validateConfig uses ("top-k", "groups"), so a validation message can be put next to
// the field it is about. Rows can be shown and hidden (a router's own parameters), and a
// field can be marked invalid: its label turns red, the field is tinted and framed, and
// the message appears under it with a warning icon.
//
//   auto* form = new SettingsForm(this);
//   form->addField("top-k", tr("Top-k"), SettingsForm::spinBox(1, 64, tr("<p>...</p>")));
//   form->setError("top-k", "cannot exceed the number of experts (2), got 3");

#include <QHash>
#include <QString>
#include <QWidget>

class QDoubleSpinBox;
class QGridLayout;
class QLabel;
class QSpinBox;

namespace moe::ui {

class SettingsForm : public QWidget {
    Q_OBJECT
public:
    explicit SettingsForm(QWidget* parent = nullptr);

    /// Adds `field` under `label`. The label gets the field's tooltip and the field the
    /// object name `option`, so tests and scripts can find it.
    void addField(const QString& option, const QString& label, QWidget* field);
    /// A full-width, wrapped explanation (grey text, an info icon when `info`).
    QLabel* addNote(const QString& key, const QString& text, bool info = false);

    /// Shows or hides a field's row (with its error, if any) or a note.
    void setRowShown(const QString& key, bool shown);
    bool isRowShown(const QString& key) const;

    bool hasField(const QString& option) const { return m_rows.contains(option); }
    QWidget* field(const QString& option) const;
    QString label(const QString& option) const;

    /// Marks the field and shows `message` under it; an empty message unmarks it.
    void setError(const QString& option, const QString& message);
    void clearErrors();
    QString error(const QString& option) const;
    bool hasError() const;

    static QSpinBox* spinBox(int lo, int hi, const QString& tip);
    static QDoubleSpinBox* doubleSpinBox(double lo, double hi, int decimals, double step,
                                         const QString& tip);

private:
    struct Row {
        QLabel* label = nullptr;
        QWidget* field = nullptr;
        QWidget* errorRow = nullptr;
        QLabel* errorText = nullptr;
        QString message;
        bool shown = true;
    };
    void updateErrorRow(const Row& row);

    QGridLayout* m_grid = nullptr;
    QHash<QString, Row> m_rows;
    QHash<QString, QWidget*> m_notes;
};

}  // namespace moe::ui
