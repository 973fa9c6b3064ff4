// Tests core/trace/trace_reader.* (with safetensors_file.* and trace_writer.*): a written
// trace reads back equal, F16/BF16/U8 tensors as a Python writer may make them are read, and
// every kind of bad file of docs/trace-format.md is refused with one line naming the file and
// the field - truncated, a header that does not match the data's length, expert ids out of
// range or repeated, a layer count that disagrees with the meta, weights that are not finite,
// a file over the size limit or too large once loaded, strings from the file with escape
// sequences.
#include "core/trace/trace_reader.h"
#include "core/trace/trace_writer.h"
#include "tests/support/trace_fixtures.h"

#include <nlohmann/json.hpp>

#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <unistd.h>

using moe::RoutingTrace;
using Json = nlohmann::ordered_json;

namespace {

/// A safetensors file from a header object and the data bytes.
std::string rawFile(const Json& header, const std::string& data) {
    const std::string text = header.dump();
    std::string out(8, '\0');
    const std::uint64_t n = text.size();
    std::memcpy(out.data(), &n, 8);
    return out + text + data;
}

/// `bytes` (a written trace) with its meta replaced by `meta`, the tensors as they were.
std::string withMeta(const std::string& bytes, const moe::TraceMeta& meta) {
    std::uint64_t n = 0;
    std::memcpy(&n, bytes.data(), 8);
    Json header = Json::parse(bytes.substr(8, n));
    header["__metadata__"]["meta"] = moe::traceMetaToJson(meta).dump();
    return rawFile(header, bytes.substr(8 + n));
}

Json metadataOf(const RoutingTrace& t) {
    return {{"format", "moe-trace"}, {"version", "1"}, {"meta", moe::traceMetaToJson(t.meta).dump()}};
}

}  // namespace

class TestTraceReader : public QObject {
    Q_OBJECT
private slots:
    void roundTrip();
    void countOnlyRoundTrip();
    void readsHalfFloatsAndSmallIntegers();
    void refusesBadFiles_data();
    void refusesBadFiles();
    void refusesAFileOverTheLimit();
    void refusesATraceTooLargeInMemory();
    void escapesStringsFromTheFile();

private:
    std::string write(const std::string& name, const std::string& bytes) {
        const std::string path = m_dir.filePath(QString::fromStdString(name)).toStdString();
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    QTemporaryDir m_dir;
};

void TestTraceReader::roundTrip() {
    RoutingTrace t = moe::testing::handRoutedTrace();
    t.scores.assign(2 * 6 * 4, 0.5f);
    t.scores[7] = -3.25f;
    const std::string path = write("hand.safetensors", moe::traceFileBytes(t));
    moe::Result<RoutingTrace> r = moe::readTraceFile(path);
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    const RoutingTrace& back = r.value();
    QCOMPARE(back.meta.model, t.meta.model);
    QCOMPARE(back.meta.moeLayers, t.meta.moeLayers);
    QCOMPARE(back.meta.labels, t.meta.labels);
    QVERIFY(back.meta.weights == t.meta.weights);
    QCOMPARE(back.sequence, t.sequence);
    QCOMPARE(back.position, t.position);
    QCOMPARE(back.label, t.label);
    QCOMPARE(back.expertIds, t.expertIds);
    QCOMPARE(back.weights, t.weights);
    QCOMPARE(back.scores, t.scores);
    QCOMPARE(std::string(back.text(4)), std::string(" cat"));
    QCOMPARE(back.expertId(0, 3, 1), 2);
    QCOMPARE(back.weight(1, 5, 0), 0.6f);
}

void TestTraceReader::countOnlyRoundTrip() {
    RoutingTrace t;
    t.meta = moe::testing::handRoutedTrace().meta;
    t.meta.labels.clear();
    t.countsOnly = true;
    t.steps = 3;
    for (int i = 0; i < 3 * 2 * 4; ++i) t.counts.push_back(i);
    moe::Result<RoutingTrace> r = moe::readTraceFile(write("counts.safetensors", moe::traceFileBytes(t)));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    QVERIFY(r.value().countsOnly);
    QCOMPARE(r.value().steps, std::size_t{3});
    QCOMPARE(r.value().count(2, 1, 3), std::int64_t{23});
}

void TestTraceReader::readsHalfFloatsAndSmallIntegers() {
    // One layer, two tokens, k = 1: ids as U8, weights as F16 (1.0, 0.5) and BF16 scores.
    RoutingTrace t = moe::testing::handRoutedTrace();
    t.meta.moeLayers = {0};
    t.meta.topK = 1;
    t.meta.labels.clear();
    Json header = {{"__metadata__", metadataOf(t)}};
    std::string data;
    auto add = [&](const char* name, const char* dtype, std::vector<std::uint64_t> shape, const std::string& bytes) {
        header[name] = {{"dtype", dtype}, {"shape", shape}, {"data_offsets", {data.size(), data.size() + bytes.size()}}};
        data += bytes;
    };
    add("sequence", "I64", {2}, std::string("\0\0\0\0\0\0\0\0\1\0\0\0\0\0\0\0", 16));
    add("position", "U8", {2}, std::string("\0\0", 2));
    add("expert_ids", "U8", {1, 2, 1}, std::string("\3\1", 2));
    add("weights", "F16", {1, 2, 1}, std::string("\x00\x3c\x00\x38", 4));
    add("scores", "BF16", {1, 2, 4}, std::string("\x80\x3f\x00\x40\x00\x00\x80\xbf\x80\x3f\x80\x3f\x80\x3f\x80\x3f", 16));
    moe::Result<RoutingTrace> r = moe::readTraceFile(write("small.safetensors", rawFile(header, data)));
    QVERIFY2(r.ok(), r.ok() ? "" : r.error().c_str());
    QCOMPARE(r.value().expertId(0, 0, 0), 3);
    QCOMPARE(r.value().weight(0, 0, 0), 1.0f);
    QCOMPARE(r.value().weight(0, 1, 0), 0.5f);
    QCOMPARE(r.value().scores[1], 2.0f);
    QCOMPARE(r.value().scores[3], -1.0f);
    QCOMPARE(r.value().sequence[1], 1);
}

void TestTraceReader::refusesBadFiles_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    const RoutingTrace good = moe::testing::handRoutedTrace();
    const std::string bytes = moe::traceFileBytes(good);
    auto row = [](const char* name, const std::string& b, const char* expected) {
        QTest::newRow(name) << QByteArray(b.data(), static_cast<qsizetype>(b.size())) << QString(expected);
    };
    row("empty", "", "truncated: not even the 8-byte header length");
    row("truncated", bytes.substr(0, bytes.size() - 10), "weights.data_offsets: ends at byte");
    row("truncated header", bytes.substr(0, 40), "header: truncated: the header needs");
    row("data longer than the header says", bytes + "xx", "the header does not match the data's length");
    std::string huge = bytes;
    huge[5] = '\x7f';
    row("absurd header length", huge, "header: its length field says");
    std::string notJson = bytes;
    notJson[8] = '[';
    row("header not JSON", notJson, "header: not valid JSON");

    RoutingTrace t = good;
    t.expertIds[5] = 9;
    row("expert out of range", moe::traceFileBytes(t),
        "expert_ids: layer 0, token 2, rank 1: expert 9 is out of range (meta.experts is 4)");
    t = good;
    t.expertIds[3] = 0;
    row("expert twice", moe::traceFileBytes(t), "expert_ids: layer 0, token 1, rank 1: expert 0 is chosen twice");
    t = good;
    t.meta.moeLayers = {1, 3, 5};
    row("layer count disagrees", withMeta(bytes, t.meta), "expert_ids.shape: [2, 6, 2] has 2 layers, meta.moe_layers names 3");
    t = good;
    t.weights[13] = std::numeric_limits<float>::quiet_NaN();
    row("weight NaN", moe::traceFileBytes(t), "weights: layer 1, token 0, rank 1: not a finite number");
    t = good;
    t.weights[0] = std::numeric_limits<float>::infinity();
    row("weight infinite", moe::traceFileBytes(t), "weights: layer 0, token 0, rank 0: not a finite number");
    t = good;
    t.meta.topK = 5;
    row("top-k over experts", withMeta(bytes, t.meta), "meta.top_k: must be between 1 and 4, got 5");
    t = good;
    t.label[4] = 2;
    row("label out of range", moe::traceFileBytes(t), "label: [4]: 2 is not a label (-1 for none, or 0 to 1)");
    t = good;
    t.meta.moeLayers = {3, 1};
    row("layers not increasing", withMeta(bytes, t.meta), "meta.moe_layers[1]: 1: the layer indices must increase");

    Json header = {{"__metadata__", metadataOf(good)}};
    row("no tensors", rawFile(header, ""), "expert_ids: missing");
    header["surprise"] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {0, 4}}};
    row("unknown tensor", rawFile(header, "abcd"), "surprise: unknown tensor");
    header["surprise"] = {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {0, 4}}};
    row("offsets disagree with shape", rawFile(header, "abcd"),
        "surprise.data_offsets: 4 bytes, but shape [2] of F32 needs 8");
    header["surprise"] = {{"dtype", "Q4"}, {"shape", {2}}, {"data_offsets", {0, 4}}};
    row("unknown dtype", rawFile(header, "abcd"), "surprise.dtype: unknown dtype 'Q4'");
    row("not a trace", rawFile(Json{{"x", {{"dtype", "U8"}, {"shape", {1}}, {"data_offsets", {0, 1}}}}}, "a"),
        "__metadata__.format: missing");
}

void TestTraceReader::refusesBadFiles() {
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const std::string path = write("bad.safetensors", bytes.toStdString());
    moe::Result<RoutingTrace> r = moe::readTraceFile(path);
    QVERIFY(!r.ok());
    QVERIFY2(r.error().rfind(path + ": ", 0) == 0, r.error().c_str());
    QVERIFY2(r.error().find(expected.toStdString()) != std::string::npos, r.error().c_str());
    QVERIFY2(r.error().find('\n') == std::string::npos, r.error().c_str());
}

void TestTraceReader::refusesAFileOverTheLimit() {
    const std::string path = write("big.safetensors", moe::traceFileBytes(moe::testing::handRoutedTrace()));
    QCOMPARE(::truncate(path.c_str(), static_cast<off_t>(moe::kMaxTraceFileBytes + 1)), 0);  // sparse
    moe::Result<RoutingTrace> r = moe::readTraceFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), path + ": too large for a routing trace (over 4096 MiB)");
}

void TestTraceReader::refusesATraceTooLargeInMemory() {
    // 900 M one-byte text offsets would take 8 bytes each loaded: refused from the header,
    // before a byte of the (sparse) data is read.
    const std::uint64_t n = 900'000'000;
    Json header = {{"__metadata__", metadataOf(moe::testing::handRoutedTrace())}};
    header["text_offsets"] = {{"dtype", "U8"}, {"shape", {n}}, {"data_offsets", {0, n}}};
    const std::string head = rawFile(header, "");
    const std::string path = write("wide.safetensors", head);
    QCOMPARE(::truncate(path.c_str(), static_cast<off_t>(head.size() + n)), 0);
    moe::Result<RoutingTrace> r = moe::readTraceFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.error(), path + ": its tensors would take 6866 MiB loaded, over the 6144 MiB a trace may take");
}

void TestTraceReader::escapesStringsFromTheFile() {
    RoutingTrace t = moe::testing::handRoutedTrace();
    Json header = {{"__metadata__", metadataOf(t)}};
    header["evil\x1b[2J"] = {{"dtype", "U8"}, {"shape", {1}}, {"data_offsets", {0, 1}}};
    moe::Result<RoutingTrace> r = moe::readTraceFile(write("esc.safetensors", rawFile(header, "a")));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().find("evil\\x1b[2J") != std::string::npos, r.error().c_str());
    QVERIFY(r.error().find('\x1b') == std::string::npos);

    Json meta = moe::traceMetaToJson(t.meta);
    meta["weights"] = "soft\rmax";
    header = {{"__metadata__", {{"format", "moe-trace"}, {"version", "1"}, {"meta", meta.dump()}}}};
    r = moe::readTraceFile(write("esc2.safetensors", rawFile(header, "")));
    QVERIFY(!r.ok());
    QVERIFY2(r.error().find("meta.weights: unknown recipe 'soft\\rmax'") != std::string::npos, r.error().c_str());
}

QTEST_GUILESS_MAIN(TestTraceReader)
#include "tst_trace_reader.moc"
