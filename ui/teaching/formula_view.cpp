#include "ui/teaching/formula_view.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMouseEvent>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace moe::ui {
namespace {

constexpr int kExpertProperty = QTextFormat::UserProperty + 1;  // the line's expert, or -1
const QString kGlossaryScheme = QStringLiteral("glossary");

}  // namespace

FormulaView::FormulaView(const moe::Glossary* glossary, QWidget* parent) : QWidget(parent), m_glossary(glossary) {
    m_message = new QLabel(tr("Pin an input on the map or in the data to see its routing written out."));
    m_message->setWordWrap(true);
    m_copy = new QToolButton;
    m_copy->setObjectName(QStringLiteral("formulaCopy"));
    m_copy->setText(tr("Copy as text"));
    m_copy->setToolTip(tr("Copy the write-out, with the glossary definitions of its terms, as plain text"));
    m_copy->setEnabled(false);
    m_browser = new QTextBrowser;
    m_browser->setObjectName(QStringLiteral("formulaText"));
    m_browser->setOpenLinks(false);
    m_browser->setReadOnly(true);
    m_browser->viewport()->setMouseTracking(true);
    m_browser->viewport()->installEventFilter(this);
    m_browser->setToolTip(tr("The routing of the shown input, step by step with the model's numbers. "
                             "Click a step's term for its glossary entry; hover a line about an expert "
                             "to highlight it in the gate bars."));

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_message, 1);
    top->addWidget(m_copy);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_browser, 1);

    connect(m_copy, &QToolButton::clicked, this, [this] { QApplication::clipboard()->setText(plainText()); });
    connect(m_browser, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == kGlossaryScheme) emit glossaryRequested(url.path());
    });
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &FormulaView::render);
    m_sinceRender.start();
}

void FormulaView::setDerivation(const moe::Result<moe::RoutingDerivation>& derivation) {
    if (!derivation) {
        clear(QString::fromStdString(derivation.error()));
        return;
    }
    m_steps = moe::derivationSteps(derivation.value());
    m_pendingMessage.clear();
    m_dirty = true;
    if (m_sinceRender.elapsed() >= kMinIntervalMs) render();
    else if (!m_timer.isActive()) m_timer.start(kMinIntervalMs - static_cast<int>(m_sinceRender.elapsed()));
}

void FormulaView::clear(const QString& message) {
    m_steps.clear();
    m_pendingMessage = message;
    m_dirty = true;
    render();
}

void FormulaView::refreshNow() {
    if (m_dirty) render();
}

QString FormulaView::plainText() const { return QString::fromStdString(moe::derivationText(m_steps, m_glossary)); }

void FormulaView::setExpertColours(const QVector<QColor>& colours) {
    m_colours = colours;
    applyHighlight();
}

void FormulaView::setHighlightedExpert(int expert) {
    if (expert == m_highlighted) return;
    m_highlighted = expert;
    applyHighlight();
}

void FormulaView::render() {
    m_timer.stop();
    m_dirty = false;
    m_sinceRender.restart();
    m_copy->setEnabled(!m_steps.empty());
    m_message->setVisible(m_steps.empty());
    if (!m_pendingMessage.isEmpty()) m_message->setText(m_pendingMessage);
    QScrollBar* bar = m_browser->verticalScrollBar();
    const int scroll = bar->value();

    QTextDocument* doc = m_browser->document();
    doc->clear();
    QTextCursor c(doc);
    QTextCharFormat title;
    title.setFontWeight(QFont::Bold);
    QTextCharFormat link;
    link.setAnchor(true);
    link.setForeground(palette().color(QPalette::Link));
    QTextCharFormat body;
    body.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    for (std::size_t i = 0; i < m_steps.size(); ++i) {
        const moe::DerivationStep& s = m_steps[i];
        QTextBlockFormat head;
        head.setTopMargin(i == 0 ? 0 : 6);
        head.setProperty(kExpertProperty, -1);
        if (i == 0) c.setBlockFormat(head);
        else c.insertBlock(head);
        c.insertText(QStringLiteral("%1. %2  ").arg(i + 1).arg(QString::fromStdString(s.title)), title);
        const moe::GlossaryEntry* entry = m_glossary ? m_glossary->find(s.glossaryId) : nullptr;
        link.setAnchorHref(kGlossaryScheme + ':' + QString::fromStdString(s.glossaryId));
        link.setToolTip(entry ? QString::fromStdString(entry->definition) : QString());
        c.insertText(entry ? QString::fromStdString(entry->term) : QString::fromStdString(s.glossaryId), link);
        for (const moe::DerivationLine& l : s.lines) {
            QTextBlockFormat line;
            line.setLeftMargin(14);
            line.setProperty(kExpertProperty, l.expert);
            c.insertBlock(line);
            c.insertText(QString::fromStdString(l.text), body);
        }
    }
    applyHighlight();
    bar->setValue(scroll);
}

void FormulaView::applyHighlight() {
    QTextDocument* doc = m_browser->document();
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        const int expert = b.blockFormat().property(kExpertProperty).toInt();
        if (!b.blockFormat().hasProperty(kExpertProperty) || expert < 0) continue;
        QTextBlockFormat f;
        if (expert == m_highlighted) {
            const QColor base = expert < m_colours.size() ? m_colours[expert] : palette().color(QPalette::Highlight);
            QColor soft = base;
            soft.setAlphaF(0.25f);
            f.setBackground(soft);
        } else {
            f.setBackground(Qt::transparent);
        }
        QTextCursor(b).mergeBlockFormat(f);
    }
}

int FormulaView::expertAt(const QPoint& viewportPos) const {
    const QTextBlock b = m_browser->cursorForPosition(viewportPos).block();
    if (!b.isValid() || !b.blockFormat().hasProperty(kExpertProperty)) return -1;
    return b.blockFormat().property(kExpertProperty).toInt();
}

bool FormulaView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_browser->viewport()) {
        int hovered = m_hovered;
        if (event->type() == QEvent::MouseMove) hovered = expertAt(static_cast<QMouseEvent*>(event)->position().toPoint());
        else if (event->type() == QEvent::Leave) hovered = -1;
        if (hovered != m_hovered) {
            m_hovered = hovered;
            setHighlightedExpert(hovered);
            emit expertHovered(hovered);
        }
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace moe::ui
