#include "core/data/csv_tokenizer.h"

#include <csv.h>

#include <cstdlib>
#include <new>

namespace moe {
namespace {

constexpr unsigned char kOptions = CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_EMPTY_IS_NULL;

// libcsv grows its field buffer through this; refusing past the limit makes csv_parse stop
// with CSV_ENOMEM, which is reported as a field that is too long.
void* limitedRealloc(void* block, std::size_t size) {
    if (size > CsvTokenizer::kMaxFieldBytes + 4096) return nullptr;
    return std::realloc(block, size);
}

/// Line breaks inside a (quoted) field: LF, CR LF and a lone CR each count once.
std::size_t countLineBreaks(const char* text, std::size_t size) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (text[i] == '\n') {
            ++count;
        } else if (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n')) {
            ++count;
        }
    }
    return count;
}

}  // namespace

void CsvTokenizer::ParserDeleter::operator()(csv_parser* parser) const {
    csv_free(parser);
    delete parser;
}

CsvTokenizer::CsvTokenizer(char delimiter, Sink& sink) : m_parser(new csv_parser), m_sink(sink) {
    if (csv_init(m_parser.get(), kOptions) != 0) throw std::bad_alloc();
    csv_set_delim(m_parser.get(), static_cast<unsigned char>(delimiter));
    csv_set_realloc_func(m_parser.get(), limitedRealloc);
    csv_set_blk_size(m_parser.get(), 4096);
}

CsvTokenizer::~CsvTokenizer() = default;

bool CsvTokenizer::feed(const char* data, std::size_t size) {
    if (m_failure != Failure::None) return false;
    const std::size_t done = csv_parse(m_parser.get(), data, size, onField, onRecord, this);
    if (done == size) return true;
    m_failure =
        csv_error(m_parser.get()) == CSV_EPARSE ? Failure::StrayQuote : Failure::FieldTooLong;
    return false;
}

bool CsvTokenizer::finish() {
    if (m_failure != Failure::None) return false;
    if (csv_fini(m_parser.get(), onField, onRecord, this) != 0) {
        m_failure = Failure::UnterminatedQuote;
        return false;
    }
    return true;
}

void CsvTokenizer::onField(void* text, std::size_t size, void* self) {
    auto* t = static_cast<CsvTokenizer*>(self);
    if (t->m_fields == 0) t->m_recordLine = t->m_line;
    // Unquoted empty fields arrive as nullptr (CSV_EMPTY_IS_NULL).
    char* chars = text != nullptr ? static_cast<char*>(text) : t->m_empty;
    // Only quoted fields can hold line breaks; the test is cheap for the short unquoted ones.
    std::size_t breaks = 0;
    for (std::size_t i = 0; i < size; ++i) {
        if (static_cast<unsigned char>(chars[i]) <= '\r') {
            breaks = countLineBreaks(chars, size);
            break;
        }
    }
    t->m_sink.field(chars, size, t->m_fields, t->m_line);
    t->m_line += breaks;
    ++t->m_fields;
}

void CsvTokenizer::onRecord(int terminator, void* self) {
    auto* t = static_cast<CsvTokenizer*>(self);
    if (t->m_fields == 0) {
        // A line break outside any record (CSV_REPALL_NL): a blank line, or the LF of a CR LF
        // whose CR ended the previous record.
        if (!(terminator == '\n' && t->m_lastTerminator == '\r')) ++t->m_line;
        t->m_lastTerminator = terminator;
        return;
    }
    t->m_sink.record(t->m_fields, t->m_recordLine);
    t->m_fields = 0;
    if (terminator != -1) ++t->m_line;
    t->m_lastTerminator = terminator;
}

}  // namespace moe
