#include "ui/messages/message_text.h"

#include "core/util/quote_for_message.h"

#include <QMessageBox>
#include <QStringList>

namespace moe::ui {

QString visibleMessage(const QString& message) {
    QStringList lines = message.split(QLatin1Char('\n'));
    for (QString& line : lines) line = QString::fromStdString(moe::visibleText(line.toStdString()));
    return lines.join(QLatin1Char('\n'));
}

QMessageBox* showWarning(QWidget* parent, const QString& title, const QString& message) {
    auto* box = new QMessageBox(QMessageBox::Warning, visibleMessage(title), visibleMessage(message),
                                QMessageBox::Ok, parent);
    box->setTextFormat(Qt::PlainText);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return box;
}

}  // namespace moe::ui
