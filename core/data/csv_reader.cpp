#include "core/data/csv_reader.h"

#include "core/data/csv_cell.h"
#include "core/data/csv_format.h"
#include "core/data/csv_table_builder.h"
#include "core/data/csv_tokenizer.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <set>
#include <string_view>
#include <utility>

namespace moe {
namespace {

constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
constexpr std::size_t kMaxHeadBytes = std::size_t{64} << 20;
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

/// Everything decided before streaming: the format, the columns and their roles.
struct Prepared {
    bool bom = false;
    char delimiter = ',';
    bool header = false;
    bool decimalComma = false;
    CsvSample sample;  ///< header record included
    std::size_t columns = 0;
    std::vector<std::string> names;
    std::vector<ColumnType> inferred;
    std::vector<ColumnType> types;
    std::vector<bool> declared;  ///< the type was chosen, not inferred
    std::vector<ColumnRole> roles;
    std::size_t label = 0;
    std::vector<std::string> notes;
};

std::string trimmedCopy(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return std::string(text);
}

std::string lowered(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

Result<File> openFile(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        return Error{path + ": is a directory, not a CSV file"};
    File file(std::fopen(path.c_str(), "rb"));
    if (!file) return Error{path + ": cannot open: " + std::strerror(errno)};
    return file;
}

/// The first bytes of the file, enough for `records` complete records when the file has them.
Result<std::string> readHead(std::FILE* file, const std::string& path, std::size_t records,
                             bool& wholeFile) {
    std::string head;
    std::size_t want = kChunkBytes;
    wholeFile = false;
    while (true) {
        const std::size_t have = head.size();
        head.resize(want);
        const std::size_t got = std::fread(head.data() + have, 1, want - have, file);
        head.resize(have + got);
        if (std::ferror(file)) return Error{path + ": read error: " + std::strerror(errno)};
        if (head.size() < want) {
            wholeFile = true;
            return head;
        }
        // Enough when the head holds the records wanted, or is already large.
        const std::size_t lines =
            static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
        if (lines > records || want >= kMaxHeadBytes) return head;
        want *= 2;
    }
}

Result<std::size_t> resolveLabel(const std::string& spec, const std::vector<std::string>& names,
                                 const std::string& path) {
    const std::size_t n = names.size();
    const std::string wanted = trimmedCopy(spec);
    if (wanted.empty()) return n - 1;
    for (std::size_t c = 0; c < n; ++c)
        if (names[c] == wanted) return c;
    for (std::size_t c = 0; c < n; ++c)
        if (lowered(names[c]) == lowered(wanted)) return c;
    long long number = 0;
    const auto [ptr, ec] = std::from_chars(wanted.data(), wanted.data() + wanted.size(), number);
    if (ec == std::errc() && ptr == wanted.data() + wanted.size()) {
        const auto count = static_cast<long long>(n);
        if (number >= 1 && number <= count) return static_cast<std::size_t>(number - 1);
        if (number <= -1 && number >= -count) return static_cast<std::size_t>(count + number);
        return Error{path + ": no column number " + wanted + ": the file has " + std::to_string(n) +
                     " columns (1.." + std::to_string(n) + ", or -1 for the last)"};
    }
    std::string list;
    for (std::size_t c = 0; c < std::min<std::size_t>(n, 12); ++c)
        list += (c ? ", " : "") + names[c];
    if (n > 12) list += ", ...";
    return Error{visibleText(path + ": no column named '" + wanted + "'; the columns are: " + list)};
}

/// A column inferred categorical whose sampled cells are all numbers or missing once the
/// person's own missing-value texts count as missing is numeric.
void numericApartFromMissing(Prepared& p, std::size_t skip, const std::vector<std::string>& missingValues) {
    for (std::size_t c = 0; c < p.columns; ++c) {
        if (p.inferred[c] != ColumnType::Categorical) continue;
        bool numeric = true;
        for (std::size_t r = skip; numeric && r < p.sample.records.size(); ++r) {
            if (c >= p.sample.records[r].size()) continue;
            const std::string text = trimmedCopy(p.sample.records[r][c]);
            if (std::find(missingValues.begin(), missingValues.end(), text) != missingValues.end()) continue;
            numeric = parseCell(text, p.decimalComma).kind != CellKind::Text;
        }
        if (numeric) p.inferred[c] = ColumnType::Numeric;
    }
}

/// The column an option names (by name or number, as --label), or why there is none.
Result<std::size_t> columnNamed(const std::string& name, const std::vector<std::string>& names,
                                const std::string& path, const std::string& option) {
    if (trimmedCopy(name).empty()) return Error{option + ": give a column name"};
    Result<std::size_t> c = resolveLabel(name, names, path);
    if (!c) return Error{option + ": " + c.error()};
    return c;
}

Result<Prepared> prepare(const std::string& path, std::FILE* file, const CsvOptions& o) {
    Prepared p;
    bool wholeFile = false;
    Result<std::string> headRead = readHead(file, path, o.inferenceRows + 2, wholeFile);
    if (!headRead) return Error{headRead.error()};
    std::string_view head = headRead.value();
    if (head.substr(0, kUtf8Bom.size()) == kUtf8Bom) {
        p.bom = true;
        head.remove_prefix(kUtf8Bom.size());
    }
    if (wholeFile && head.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return Error{csvLocated(path, 1, 1, "the file is empty")};
    if (auto binary = binaryError(head, path)) return Error{*binary};

    if (o.delimiter == '"' || o.delimiter == '\n' || o.delimiter == '\r')
        return Error{path + ": a quote or a line break cannot be the delimiter"};
    p.delimiter = o.delimiter != 0 ? o.delimiter : detectDelimiter(head, wholeFile);
    Result<CsvSample> sample =
        sampleRecords(head, p.delimiter, o.inferenceRows + 1, wholeFile, path);
    if (!sample) return Error{sample.error()};
    p.sample = std::move(sample).value();
    if (p.sample.records.empty()) {
        if (wholeFile) return Error{csvLocated(path, 1, 1, "the file is empty")};
        return Error{csvLocated(path, 1, 1, "no complete row in the first 64 MiB")};
    }
    p.columns = p.sample.records.front().size();
    if (p.columns < 2 && !o.featuresOnly) {
        const std::string why = o.delimiter != 0
                                    ? "no " + delimiterName(p.delimiter) + " between fields"
                                    : "no comma, semicolon, tab or pipe between fields";
        return Error{csvLocated(
            path, p.sample.lines.front(), 1,
            "only one column (" + why + "); a dataset needs at least one feature and a label")};
    }

    if (o.decimal == CsvDecimal::Detect) {
        p.decimalComma = detectDecimalComma(p.sample, p.delimiter);
    } else {
        p.decimalComma = o.decimal == CsvDecimal::Comma;
        if (p.decimalComma && p.delimiter == ',')
            return Error{path + ": a decimal comma needs a delimiter other than a comma"};
    }
    p.header = o.header == CsvHeader::Detect ? detectHeader(p.sample, p.decimalComma)
                                             : o.header == CsvHeader::Present;

    std::vector<bool> unnamed(p.columns, !p.header);
    std::set<std::string> taken;
    for (std::size_t c = 0; c < p.columns; ++c) {
        std::string name;
        if (p.header) name = toUtf8(trimmedCopy(p.sample.records.front()[c]));
        if (name.empty()) {
            unnamed[c] = true;
            name = "column " + std::to_string(c + 1);
        }
        // Names must be unique: the label is picked by name, features are shown by name.
        const std::string base = name;
        for (int k = 2; taken.count(name) > 0; ++k) name = base + " (" + std::to_string(k) + ")";
        taken.insert(name);
        p.names.push_back(std::move(name));
    }

    const std::size_t skip = p.header ? 1 : 0;
    p.inferred = inferColumnTypes(p.sample, skip, p.columns, p.decimalComma);
    if (!o.missingValues.empty()) numericApartFromMissing(p, skip, o.missingValues);
    p.types = p.inferred;
    p.declared.assign(p.columns, false);
    if (!o.types.empty()) {
        if (o.types.size() != p.columns)
            return Error{path + ": " + std::to_string(o.types.size()) + " column types given for " +
                         std::to_string(p.columns) + " columns"};
        for (std::size_t c = 0; c < p.columns; ++c)
            if (o.types[c] != ColumnType::Auto) p.types[c] = o.types[c], p.declared[c] = true;
    }
    for (const std::string& name : o.categoricalColumns) {
        Result<std::size_t> c = columnNamed(name, p.names, path, "--categorical");
        if (!c) return Error{c.error()};
        p.types[c.value()] = ColumnType::Categorical;
        p.declared[c.value()] = true;
    }

    if (!o.roles.empty()) {
        if (o.roles.size() != p.columns)
            return Error{path + ": " + std::to_string(o.roles.size()) + " column roles given for " +
                         std::to_string(p.columns) + " columns"};
        const auto labels = std::count(o.roles.begin(), o.roles.end(), ColumnRole::Label);
        if (o.featuresOnly && labels != 0)
            return Error{path + ": a label column was chosen for reading features only"};
        if (!o.featuresOnly && labels != 1) return Error{path + ": choose exactly one label column"};
        p.roles = o.roles;
        p.label = static_cast<std::size_t>(
            std::find(o.roles.begin(), o.roles.end(), ColumnRole::Label) - o.roles.begin());
    } else if (o.featuresOnly) {
        p.label = p.columns;  // none
        p.roles.assign(p.columns, ColumnRole::Feature);
    } else {
        Result<std::size_t> label = resolveLabel(o.label, p.names, path);
        if (!label) return Error{label.error()};
        p.label = label.value();
        p.roles.assign(p.columns, ColumnRole::Feature);
        p.roles[p.label] = ColumnRole::Label;
        // R's write.csv and pandas' to_csv put the row names first, under an empty name.
        if (p.header && unnamed[0] && p.label != 0 && p.columns > 2) {
            p.roles[0] = ColumnRole::Ignore;
            p.notes.push_back(
                "the first column has no name: taken as row names (as R and "
                "pandas write them) and ignored");
        }
    }
    for (const std::string& name : o.ignoredColumns) {
        Result<std::size_t> c = columnNamed(name, p.names, path, "--ignore");
        if (!c) return Error{c.error()};
        if (p.roles[c.value()] == ColumnRole::Label)
            return Error{"--ignore: '" + p.names[c.value()] + "' is the label column"};
        p.roles[c.value()] = ColumnRole::Ignore;
    }
    return p;
}

CsvTableBuilder::Setup makeSetup(const std::string& path, const CsvOptions& o, const Prepared& p) {
    CsvTableBuilder::Setup setup;
    setup.path = path;
    setup.name = !o.name.empty() ? o.name : std::filesystem::path(path).stem().string();
    for (std::size_t c = 0; c < p.columns; ++c)
        setup.columns.push_back(
            {.name = p.names[c], .role = p.roles[c], .type = p.types[c], .declared = p.declared[c]});
    setup.decimalComma = p.decimalComma;
    setup.headerRecords = p.header ? 1 : 0;
    setup.missing = o.missing;
    setup.task = o.task;
    setup.maxInferredClasses = o.maxInferredClasses;
    setup.maxCategories = o.maxCategories;
    setup.missingValues = o.missingValues;
    return setup;
}

/// Rows the file probably has, from the size of the sampled records, rounded up so that
/// the reserved storage rarely has to grow.
std::size_t estimateRows(const CsvSample& sample, std::uintmax_t fileBytes) {
    if (sample.wholeFile) return sample.records.size();
    std::size_t bytes = 0;
    for (const auto& record : sample.records)
        for (const std::string& field : record) bytes += field.size() + 1;
    if (bytes == 0) return 0;
    const double perRow = static_cast<double>(bytes) / static_cast<double>(sample.records.size());
    return static_cast<std::size_t>(1.15 * static_cast<double>(fileBytes) / perRow) + 1024;
}

}  // namespace

Result<CsvPreview> previewCsv(const std::string& path, const CsvOptions& options,
                              std::size_t maxRows) {
    Result<File> file = openFile(path);
    if (!file) return Error{file.error()};
    Result<Prepared> prepared = prepare(path, file.value().get(), options);
    if (!prepared) return Error{prepared.error()};
    const Prepared& p = prepared.value();

    CsvPreview out;
    out.delimiter = p.delimiter;
    out.hasHeader = p.header;
    out.decimalComma = p.decimalComma;
    out.utf8Bom = p.bom;
    out.labelColumn = p.label;
    out.notes = p.notes;
    const std::size_t skip = p.header ? 1 : 0;
    const auto& records = p.sample.records;
    out.sampledRows = records.size() - skip;
    out.wholeFile = p.sample.wholeFile;
    for (std::size_t c = 0; c < p.columns; ++c) {
        CsvColumnPreview column;
        column.name = p.names[c];
        column.inferredType = p.inferred[c];
        column.type = p.types[c];
        column.role = p.roles[c];
        column.declared = p.declared[c];
        for (std::size_t r = skip; r < records.size(); ++r) {
            if (c >= records[r].size()) continue;
            const std::string text = trimmedCopy(records[r][c]);
            const bool alsoMissing = std::find(options.missingValues.begin(), options.missingValues.end(), text) !=
                                     options.missingValues.end();
            const CellKind kind = parseCell(text, p.decimalComma).kind;
            if (kind == CellKind::Missing || alsoMissing) {
                ++column.missing;
            } else if (kind == CellKind::Text) {
                if (column.texts++ == 0) {
                    column.firstText = toUtf8(text);
                    column.firstTextLine = p.sample.lines[r];
                }
            } else {
                ++column.numbers;
            }
        }
        out.columns.push_back(std::move(column));
    }
    for (std::size_t r = skip; r < records.size() && out.rows.size() < maxRows; ++r) {
        std::vector<std::string> row;
        for (const std::string& field : records[r]) row.push_back(toUtf8(field));
        out.rows.push_back(std::move(row));
    }

    // The sampled rows go through the same builder as a full read, so the preview shows the
    // error the import would stop with, as far as these rows tell.
    CsvTableBuilder builder(makeSetup(path, options, p));
    std::string cell;
    for (std::size_t r = 0; r < records.size() && !builder.failed(); ++r) {
        for (std::size_t c = 0; c < records[r].size(); ++c) {
            cell = records[r][c];
            builder.field(cell.data(), cell.size(), c, p.sample.lines[r]);
        }
        builder.record(records[r].size(), p.sample.lines[r]);
    }
    if (builder.failed()) {
        out.problem = builder.error();
    } else if (p.sample.wholeFile || out.sampledRows > 0) {
        const std::size_t endLine = p.sample.lines.back() + 1;
        Result<Dataset> sampled = builder.finish(endLine);
        if (!sampled) {
            // Classes and missing rows are only final for the whole file.
            if (p.sample.wholeFile) out.problem = sampled.error();
            out.task = options.task.value_or(p.label < p.columns && p.types[p.label] != ColumnType::Categorical
                                                 ? Task::Regression
                                                 : Task::Classification);
        } else {
            out.task = sampled.value().task;
            if (p.sample.wholeFile)
                for (const std::string& note : builder.stats().notes) out.notes.push_back(note);
        }
    }
    return out;
}

Result<Dataset> readCsv(const std::string& path, const CsvOptions& options, CsvReport* report) {
    Result<File> opened = openFile(path);
    if (!opened) return Error{opened.error()};
    std::FILE* file = opened.value().get();
    Result<Prepared> prepared = prepare(path, file, options);
    if (!prepared) return Error{prepared.error()};
    const Prepared& p = prepared.value();

    std::error_code ec;
    const std::uintmax_t bytes = std::filesystem::file_size(path, ec);
    CsvTableBuilder::Setup setup = makeSetup(path, options, p);
    setup.expectedRows = estimateRows(p.sample, ec ? 0 : bytes);
    CsvTableBuilder builder(std::move(setup));
    CsvTokenizer tokenizer(p.delimiter, builder);

    if (std::fseek(file, p.bom ? static_cast<long>(kUtf8Bom.size()) : 0L, SEEK_SET) != 0)
        return Error{path + ": cannot seek: " + std::strerror(errno)};
    std::unique_ptr<char[]> buffer(new char[kChunkBytes]);
    bool tokenizerFailed = false;
    while (!builder.failed() && !tokenizerFailed) {
        const std::size_t got = std::fread(buffer.get(), 1, kChunkBytes, file);
        if (got == 0) break;
        if (const void* nul = std::memchr(buffer.get(), 0, got)) {
            const auto upTo =
                static_cast<std::size_t>(static_cast<const char*>(nul) - buffer.get());
            if (tokenizer.feed(buffer.get(), upTo))
                builder.fail(tokenizer.line(), tokenizer.column() + 1,
                             "not a text file: it holds a NUL byte (binary data?)");
            tokenizerFailed = tokenizer.failure() != CsvTokenizer::Failure::None;
            break;
        }
        tokenizerFailed = !tokenizer.feed(buffer.get(), got);
    }
    if (builder.failed()) return Error{builder.error()};
    if (std::ferror(file)) return Error{path + ": read error: " + std::strerror(errno)};
    if (tokenizerFailed || !tokenizer.finish()) return Error{tokenizerError(tokenizer, path)};
    if (builder.failed()) return Error{builder.error()};

    const std::size_t endLine = std::max(tokenizer.line(), p.sample.lines.front() + 1);
    Result<Dataset> data = builder.finish(endLine);
    if (!data) return data;
    if (report) {
        const CsvTableBuilder::Stats& stats = builder.stats();
        report->delimiter = p.delimiter;
        report->hasHeader = p.header;
        report->decimalComma = p.decimalComma;
        report->rowsRead = stats.rowsRead;
        report->rowsDropped = stats.rowsDropped;
        report->cellsFilled = stats.cellsFilled;
        report->notes = p.notes;
        report->notes.insert(report->notes.end(), stats.notes.begin(), stats.notes.end());
    }
    return data;
}

}  // namespace moe
