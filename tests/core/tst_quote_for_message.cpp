// Tests core/util/quote_for_message.*: control characters, C1 controls and invalid UTF-8
// become visible escapes, valid UTF-8 is kept, long values are cut at a character.
#include "core/util/quote_for_message.h"

#include <QtTest/QtTest>

#include <string>

using moe::quoteForMessage;
using moe::visibleText;

class TestQuoteForMessage : public QObject {
    Q_OBJECT

private slots:
    void escapesControlCharacters() {
        QCOMPARE(visibleText("a\x1b[2Jb"), std::string("a\\x1b[2Jb"));
        QCOMPARE(visibleText("x\ry\nz\tw"), std::string("x\\ry\\nz\\tw"));
        QCOMPARE(visibleText(std::string("n\0ul\x7f", 5)), std::string("n\\x00ul\\x7f"));
        QCOMPARE(visibleText("csi \xc2\x9b" "31m"), std::string("csi \\u009b31m"));
        QCOMPARE(visibleText("back\\slash"), std::string("back\\slash"));
    }

    void keepsValidUtf8AndShowsInvalidBytes() {
        QCOMPARE(visibleText("Gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80"),
                 std::string("Gr\xc3\xb6\xc3\x9f" "e \xe2\x82\xac \xf0\x9f\x98\x80"));
        QCOMPARE(visibleText("caf\xe9"), std::string("caf\\xe9"));               // Latin-1
        QCOMPARE(visibleText("\xc0\xaf"), std::string("\\xc0\\xaf"));             // overlong
        QCOMPARE(visibleText("\xed\xa0\x80"), std::string("\\xed\\xa0\\x80"));     // surrogate
        QCOMPARE(visibleText("cut \xe2\x82"), std::string("cut \\xe2\\x82"));      // cut off
        QCOMPARE(visibleText("\xf4\x90\x80\x80"), std::string("\\xf4\\x90\\x80\\x80"));
    }

    void shortensByCharacters() {
        QCOMPARE(quoteForMessage(std::string(50, 'x')), "'" + std::string(40, 'x') + "...'");
        QCOMPARE(quoteForMessage(std::string(40, 'x')), "'" + std::string(40, 'x') + "'");
        // Three characters of two bytes each: cut after two, not inside one.
        QCOMPARE(visibleText("\xc3\xa9\xc3\xa9\xc3\xa9", 2), std::string("\xc3\xa9\xc3\xa9..."));
        QCOMPARE(visibleText("\x1b\x1b\x1b", 2), std::string("\\x1b\\x1b..."));
        QCOMPARE(quoteForMessage(""), std::string("''"));
    }
};

QTEST_GUILESS_MAIN(TestQuoteForMessage)
#include "tst_quote_for_message.moc"
