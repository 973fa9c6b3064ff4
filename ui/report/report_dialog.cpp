#include "ui/report/report_dialog.h"
#include "ui/messages/message_text.h"

#include "ui/report/run_report.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace moe::ui {

ReportDialog::ReportDialog(std::function<ReportInput()> input, QWidget* parent)
    : QDialog(parent), m_input(std::move(input)) {
    setWindowTitle(tr("Report of the run"));
    auto* about = new QLabel(
        tr("<p>The report explains this run to a reader new to Mixture-of-Experts models: the dataset and "
           "where it came from, the configuration, the MoE against both dense baselines, the learning curves, "
           "the expert territory, the routing (load per expert over training, specialisation by class, the "
           "gate's probabilities, any warning), and the cost (FLOPs, parameters, measured latency, accuracy "
           "against FLOPs as top-k varies), each figure with a short explanation.</p>"
           "<p>HTML: one self-contained file (figures inside) for a browser or e-mail. PDF: for print.</p>"));
    about->setWordWrap(true);
    m_notes = new QPlainTextEdit;
    m_notes->setPlaceholderText(tr("Your notes: what you tried, what you expected, what you conclude…"));
    m_notes->setToolTip(tr("Printed in the report under \"Notes\", as you type it."));
    m_status = new QLabel;
    m_status->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QPushButton* html = buttons->addButton(tr("Save &HTML…"), QDialogButtonBox::ActionRole);
    html->setToolTip(tr("One .html file with the figures embedded: opens in any browser."));
    QPushButton* pdf = buttons->addButton(tr("Save &PDF…"), QDialogButtonBox::ActionRole);
    pdf->setToolTip(tr("An A4 PDF document of the same report."));
    connect(html, &QPushButton::clicked, this, [this] { saveInteractively(QStringLiteral("html")); });
    connect(pdf, &QPushButton::clicked, this, [this] { saveInteractively(QStringLiteral("pdf")); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(new QLabel(tr("Notes:")));
    layout->addWidget(m_notes, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(560, 420);
}

QString ReportDialog::notes() const { return m_notes->toPlainText(); }

void ReportDialog::setNotes(const QString& notes) { m_notes->setPlainText(notes); }

bool ReportDialog::save(const QString& path, QString* error) const {
    ReportInput in = m_input();
    in.notes = notes();
    return RunReport(std::move(in)).write(path, error);
}

void ReportDialog::saveInteractively(const QString& suffix) {
    const ReportInput probe = m_input();
    const QString proposal = QDir::home().filePath(
        QStringLiteral("%1-report.%2").arg(QString::fromStdString(probe.data.name), suffix));
    const QString filter = suffix == QLatin1String("pdf") ? tr("PDF document (*.pdf)") : tr("HTML page (*.html)");
    QString path = QFileDialog::getSaveFileName(this, tr("Save the report"), proposal, filter);
    if (path.isEmpty()) return;
    const QString given = QFileInfo(path).suffix().toLower();
    if (given != suffix && !(suffix == QLatin1String("html") && given == QLatin1String("htm")))
        path += QLatin1Char('.') + suffix;
    QString error;
    if (!save(path, &error)) {
        showWarning(this, tr("Report not saved"), error);
        return;
    }
    m_status->setText(tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

}  // namespace moe::ui
