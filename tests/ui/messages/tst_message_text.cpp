// The window's messages show data as the characters it is: control characters escaped as
// the command line escapes them, markup in a file name not rendered, our own paragraph
// breaks kept; and the real window's "could not open" path goes through it.
#include "ui/messages/message_text.h"
#include "ui/data/data_panel.h"
#include "ui/import/dataset_opener.h"
#include "ui/window/main_window.h"

#include <QApplication>
#include <QMessageBox>
#include <QStatusBar>
#include <QTest>

using namespace moe::ui;

class TestMessageText : public QObject {
    Q_OBJECT
private slots:
    void escapesControlCharacters();
    void keepsParagraphsAndMarkup();
    void warningBoxIsPlainText();
    void windowShowsAnOpenFailureEscaped();
};

void TestMessageText::escapesControlCharacters() {
    QCOMPARE(visibleMessage(QStringLiteral("a\x1b[2Jb")), QStringLiteral("a\\x1b[2Jb"));
    QCOMPARE(visibleMessage(QStringLiteral("over\rwrite")), QStringLiteral("over\\rwrite"));
    QCOMPARE(visibleMessage(QStringLiteral("tab\there")), QStringLiteral("tab\\there"));
    QCOMPARE(visibleMessage(QString::fromUtf8("caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d")),
             QString::fromUtf8("caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d"));  // text is kept
    QCOMPARE(visibleMessage(QString()), QString());
}

void TestMessageText::keepsParagraphsAndMarkup() {
    QCOMPARE(visibleMessage(QStringLiteral("one\x07\n\ntwo")), QStringLiteral("one\\x07\n\ntwo"));
    QCOMPARE(visibleMessage(QStringLiteral("<b>x</b>.csv")), QStringLiteral("<b>x</b>.csv"));
}

void TestMessageText::warningBoxIsPlainText() {
    QWidget parent;
    QMessageBox* box = showWarning(&parent, QStringLiteral("Could not open"), QStringLiteral("<b>x</b>\x1b[31m.csv: no"));
    QVERIFY(box->isVisible());
    QCOMPARE(box->textFormat(), Qt::PlainText);
    QCOMPARE(box->text(), QStringLiteral("<b>x</b>\\x1b[31m.csv: no"));
    QCOMPARE(box->icon(), QMessageBox::Warning);
    QVERIFY(box->testAttribute(Qt::WA_DeleteOnClose));
    box->close();
}

void TestMessageText::windowShowsAnOpenFailureEscaped() {
    MainWindow w;
    w.show();
    const QString path = QStringLiteral("/tmp/a\x1b]0;pwned\x07.csv");
    emit w.opener()->openFailed(path, path + QStringLiteral(": line 2: cell \x1b[2J is not a number"));
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = w.findChild<QMessageBox*>()) != nullptr);
    QCOMPARE(box->textFormat(), Qt::PlainText);
    const QString shown = box->text();
    QVERIFY2(!shown.contains(QChar(0x1b)) && !shown.contains(QChar(0x07)), qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("\\x1b[2J")), qPrintable(shown));
    const QString status = w.statusBar()->currentMessage();
    QVERIFY2(!status.contains(QChar(0x1b)) && status.contains(QStringLiteral("\\x1b]0;pwned\\x07")), qPrintable(status));
    QVERIFY(!w.dataPanel()->errorText().contains(QChar(0x1b)));
    box->close();
}

QTEST_MAIN(TestMessageText)
#include "tst_message_text.moc"
