#pragma once
// Intended usage: splits CSV bytes into fields and records for the CSV reader, fed in
// chunks of any size so a file never has to be in memory at once. It wraps libcsv in strict
// mode (RFC 4180 quoting: quoted fields, doubled quotes, line breaks inside quotes; CR, LF
// and CRLF line ends) and adds what libcsv does not report: the physical line on which each
// field starts, so errors can name file:line:column. Blank lines are skipped. libcsv trims
// spaces and tabs around unquoted fields (not the delimiter, when that is a tab).
//
//   struct Counter : CsvTokenizer::Sink { ... };
//   Counter sink; CsvTokenizer t(',', sink);
//   while (n = fread(buf, ...)) if (!t.feed(buf, n)) report(t.failureLine(), ...);
//   if (!t.finish()) report(...);

#include <cstddef>
#include <cstdint>
#include <memory>

struct csv_parser;

namespace moe {

class CsvTokenizer {
public:
    class Sink {
    public:
        virtual ~Sink() = default;
        /// One field with its quotes removed and doubled quotes undone. `text` may be modified
        /// in place and is valid until return. `column` is 0-based within the record; `line`
        /// is the 1-based physical line on which the field starts.
        virtual void field(char* text, std::size_t size, std::size_t column, std::size_t line) = 0;
        /// The end of a record of `fields` fields that started on `line`.
        virtual void record(std::size_t fields, std::size_t line) = 0;
    };

    enum class Failure {
        None,
        StrayQuote,         ///< a quote inside an unquoted field, or text after a closing quote
        UnterminatedQuote,  ///< the input ended inside a quoted field
        FieldTooLong        ///< a field longer than kMaxFieldBytes (or memory ran out)
    };

    /// Longest field accepted: a runaway quote in a large file fails fast instead of taking
    /// the rest of the file into one field.
    static constexpr std::size_t kMaxFieldBytes = std::size_t{1} << 20;

    CsvTokenizer(char delimiter, Sink& sink);
    ~CsvTokenizer();
    CsvTokenizer(const CsvTokenizer&) = delete;
    CsvTokenizer& operator=(const CsvTokenizer&) = delete;

    /// Parses the next bytes; false once a failure has happened (later calls do nothing).
    bool feed(const char* data, std::size_t size);
    /// Ends the input (delivering a last record without a line break); false on a failure.
    bool finish();

    Failure failure() const { return m_failure; }
    /// Where the field in progress (or the next one) starts: its 1-based line and 0-based
    /// column. After a failure: the field that failed.
    std::size_t line() const { return m_line; }
    std::size_t column() const { return m_fields; }

private:
    static void onField(void* text, std::size_t size, void* self);
    static void onRecord(int terminator, void* self);

    struct ParserDeleter {
        void operator()(csv_parser* parser) const;
    };
    std::unique_ptr<csv_parser, ParserDeleter> m_parser;
    Sink& m_sink;
    std::size_t m_line = 1;
    std::size_t m_recordLine = 1;
    std::size_t m_fields = 0;
    int m_lastTerminator = 0;
    Failure m_failure = Failure::None;
    char m_empty[1] = {0};
};

}  // namespace moe
