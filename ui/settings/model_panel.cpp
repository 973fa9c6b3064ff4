#include "ui/settings/model_panel.h"

#include "ui/settings/capacity_settings.h"
#include "ui/settings/config_summary.h"
#include "ui/settings/router_settings.h"
#include "ui/settings/settings_form.h"
#include "ui/settings/shape_settings.h"
#include "ui/settings/training_settings.h"

#include <QLabel>
#include <QRegularExpression>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace moe::ui {

ModelPanel::ModelPanel(QWidget* parent) : QWidget(parent) {
    m_router = new RouterSettings(this);
    m_training = new TrainingSettings;
    m_shape = new ShapeSettings;
    m_capacity = new CapacitySettings;
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("modelTabs"));
    m_tabs->addTab(m_training, tr("Training"));
    m_tabs->addTab(m_shape, tr("Shape"));
    m_tabs->addTab(m_capacity, tr("Capacity"));
    m_tabs->setTabToolTip(TrainingSection, tr("Epochs, batch, optimizer, auxiliary losses, seed"));
    m_tabs->setTabToolTip(ShapeSection, tr("Mixture or residual MoE blocks, expert width, "
                                           "shared experts, a two-level gate"));
    m_tabs->setTabToolTip(CapacitySection, tr("How many inputs an expert may take, and what "
                                              "happens to the rest"));
    m_tabs->tabBar()->setExpanding(true);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("modelSummary"));
    m_summary->setWordWrap(true);
    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_summary->setContentsMargins(6, 0, 6, 0);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("modelError"));
    m_error->setWordWrap(true);
    m_error->setTextFormat(Qt::RichText);
    m_error->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_error->hide();
    connect(m_error, &QLabel::linkActivated, this,
            [this](const QString& link) { m_tabs->setCurrentIndex(link.toInt()); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_router);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs);
    layout->addWidget(m_error);
    layout->addStretch(1);
    // Never squeeze a form below its rows: a scrolled column gives the panel its minimum.
    m_router->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_tabs->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    moe::RunConfig defaults;
    // The toy configuration of design.md: what the GUI trains out of the box.
    defaults.model.experts = 8;
    defaults.model.topK = 2;
    defaults.model.hidden = 32;
    setConfig(defaults);

    connect(m_router, &RouterSettings::changed, this, &ModelPanel::onChanged);
    connect(m_training, &TrainingSettings::changed, this, &ModelPanel::onChanged);
    connect(m_shape, &ShapeSettings::changed, this, &ModelPanel::onChanged);
    connect(m_capacity, &CapacitySettings::changed, this, &ModelPanel::onChanged);
}

moe::RunConfig ModelPanel::config() const {
    moe::RunConfig c;
    m_router->apply(c);
    m_training->apply(c);
    m_shape->apply(c);
    m_capacity->apply(c);
    return c;
}

void ModelPanel::setConfig(const moe::RunConfig& c) {
    m_router->setConfig(c);
    m_training->setConfig(c);
    m_shape->setConfig(c);
    m_capacity->setConfig(c);
    onChanged();
}

void ModelPanel::setEpochs(int epochs) { m_training->setEpochs(epochs); }

void ModelPanel::showSection(Section section) { m_tabs->setCurrentIndex(section); }

SettingsForm* ModelPanel::formFor(const QString& option) const {
    for (SettingsForm* form : {m_router->form(), m_training->form(), m_shape->form(), m_capacity->form()})
        if (form->hasField(option)) return form;
    return nullptr;
}

void ModelPanel::onChanged() {
    const moe::RouterKind router = m_router->router();
    m_training->setRouter(router);
    m_capacity->setRouter(router);
    validate();
    emit configChanged();
}

void ModelPanel::validate() {
    for (SettingsForm* form : {m_router->form(), m_training->form(), m_shape->form(), m_capacity->form()})
        form->clearErrors();
    for (int i = 0; i < m_tabs->count(); ++i) {
        m_tabs->setTabIcon(i, QIcon());
        m_tabs->tabBar()->setTabTextColor(i, QColor());
    }
    const moe::RunConfig c = config();
    const moe::Status status = moe::validateConfig(c);
    m_valid = status.ok();
    if (m_valid) {
        m_message.clear();
        m_error->hide();
        m_summary->setText(configSummary(c));
        m_summary->show();
        return;
    }
    showError(QString::fromStdString(status.error()));
}

bool ModelPanel::markBuildError(const QString& message) {
    QString raw = message;
    if (!raw.startsWith(QLatin1String("--"))) {
        // A message about the data that names the options to change, one of them ours.
        static const QRegularExpression mentioned(QStringLiteral("--([a-z-]+)"));
        for (auto it = mentioned.globalMatch(raw); it.hasNext();) {
            const QString option = it.next().captured(1);
            if (SettingsForm* form = formFor(option); form && form->isRowShown(option)) {
                raw = QStringLiteral("--%1: %2").arg(option, message);
                break;
            }
        }
    }
    if (!raw.startsWith(QLatin1String("--"))) return false;
    for (SettingsForm* form : {m_router->form(), m_training->form(), m_shape->form(), m_capacity->form()})
        form->clearErrors();
    showError(raw);
    const QString option = raw.mid(2, raw.indexOf(QLatin1Char(':')) - 2);
    SettingsForm* form = formFor(option);
    return form && !form->error(option).isEmpty();
}

void ModelPanel::showError(const QString& raw) {
    // validateConfig names the option as "--name: why": mark that field, explain it there.
    QString option;
    QString why = raw;
    if (raw.startsWith(QLatin1String("--")) && raw.contains(QLatin1Char(':'))) {
        option = raw.mid(2, raw.indexOf(QLatin1Char(':')) - 2);
        why = raw.mid(raw.indexOf(QLatin1Char(':')) + 1).trimmed();
    }
    SettingsForm* form = formFor(option);
    if (form && !form->isRowShown(option)) form = nullptr;  // cannot point at a hidden field
    const QString label = form ? form->label(option) : option;
    m_message = label.isEmpty() ? why : label + QStringLiteral(": ") + why;
    QString text;
    if (form) {
        form->setError(option, why);
        const int tab = m_tabs->indexOf(form->parentWidget());
        if (tab >= 0) {
            m_tabs->setTabIcon(tab, style()->standardIcon(QStyle::SP_MessageBoxWarning));
            m_tabs->tabBar()->setTabTextColor(tab, QColor(0xB3, 0x26, 0x1E));
            text = tr("Training is disabled until <b>%1</b> on the <a href=\"%2\">%3</a> tab is "
                      "fixed.")
                       .arg(label.toHtmlEscaped())
                       .arg(tab)
                       .arg(m_tabs->tabText(tab).toHtmlEscaped());
        } else {
            text = tr("Training is disabled until <b>%1</b> is fixed.").arg(label.toHtmlEscaped());
        }
    } else {
        text = tr("%1. Training is disabled until this is fixed.").arg(m_message.toHtmlEscaped());
    }
    m_error->setText(text);
    m_error->show();
    m_summary->hide();
}

}  // namespace moe::ui
