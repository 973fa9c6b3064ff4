// Times readCsv() on a generated numeric CSV file and reports the peak resident memory
// against the size of the numeric data it holds (rows x columns x 4 bytes).
//
//   moe_bench_csv_load [--rows 1000000] [--features 20] [--repeat 3] [--file PATH] [--keep]
//
// The file (default /tmp/moe_csv_bench.csv) has a header, `features` columns of
// Gaussian numbers written with 7 significant digits, and a last column of class labels
// 0..2. It is generated once per run (with a fixed seed) and removed unless --keep.

#include "core/data/csv_reader.h"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

struct Args {
    long rows = 1'000'000;
    int features = 20;
    int repeat = 3;
    std::string file = "/tmp/moe_csv_bench.csv";
    bool keep = false;
};

/// User + system CPU seconds of this process so far.
double cpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    auto secs = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec);
    };
    return secs(usage.ru_utime) + secs(usage.ru_stime);
}

long peakRssKiB() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

bool generate(const Args& a) {
    std::FILE* f = std::fopen(a.file.c_str(), "wb");
    if (!f) return false;
    std::string line;
    for (int c = 0; c < a.features; ++c) {
        line.push_back('x');
        line.append(std::to_string(c + 1));
        line.push_back(',');
    }
    line.append("label\n");
    std::fputs(line.c_str(), f);
    std::mt19937_64 rng(42);
    std::normal_distribution<float> gauss(0.0f, 1.0f);
    std::vector<char> buffer;
    buffer.reserve(1 << 16);
    char number[32];
    for (long r = 0; r < a.rows; ++r) {
        for (int c = 0; c < a.features; ++c) {
            const auto res = std::to_chars(number, number + sizeof number, gauss(rng),
                                           std::chars_format::general, 7);
            buffer.insert(buffer.end(), number, res.ptr);
            buffer.push_back(',');
        }
        buffer.push_back(static_cast<char>('0' + r % 3));
        buffer.push_back('\n');
        if (buffer.size() > (1 << 16) - 512) {
            std::fwrite(buffer.data(), 1, buffer.size(), f);
            buffer.clear();
        }
    }
    std::fwrite(buffer.data(), 1, buffer.size(), f);
    return std::fclose(f) == 0;
}

}  // namespace

int main(int argc, char** argv) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool hasValue = i + 1 < argc;
        if (arg == "--rows" && hasValue)
            a.rows = std::atol(argv[++i]);
        else if (arg == "--features" && hasValue)
            a.features = std::atoi(argv[++i]);
        else if (arg == "--repeat" && hasValue)
            a.repeat = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--file" && hasValue)
            a.file = argv[++i];
        else if (arg == "--keep")
            a.keep = true;
        else {
            std::fprintf(
                stderr, "usage: %s [--rows N] [--features N] [--repeat N] [--file PATH] [--keep]\n",
                argv[0]);
            return 2;
        }
    }
    if (a.rows < 1 || a.features < 1) return 2;

    const auto g0 = std::chrono::steady_clock::now();
    if (!generate(a)) {
        std::fprintf(stderr, "cannot write %s\n", a.file.c_str());
        return 1;
    }
    const double genSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
    std::FILE* f = std::fopen(a.file.c_str(), "rb");
    std::fseek(f, 0, SEEK_END);
    const long fileBytes = std::ftell(f);
    std::fclose(f);

    const long baseKiB = peakRssKiB();
    std::vector<double> seconds;
    std::vector<double> cpu;
    std::size_t rows = 0;
    std::size_t cols = 0;
    for (int k = 0; k < a.repeat; ++k) {
        const double c0 = cpuSeconds();
        const auto t0 = std::chrono::steady_clock::now();
        moe::Result<moe::Dataset> d = moe::readCsv(a.file);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        cpu.push_back(cpuSeconds() - c0);
        if (!d) {
            std::fprintf(stderr, "%s\n", d.error().c_str());
            return 1;
        }
        rows = d.value().rows;
        cols = d.value().cols;
        seconds.push_back(s);
    }
    const long peakKiB = peakRssKiB();
    if (!a.keep) std::remove(a.file.c_str());

    std::sort(seconds.begin(), seconds.end());
    std::sort(cpu.begin(), cpu.end());
    // Numeric data: the features and the label column, 4 bytes a cell, as the file holds them.
    const double numericMiB =
        static_cast<double>(rows) * static_cast<double>(cols + 1) * 4.0 / 1048576.0;
    const double peakMiB = static_cast<double>(peakKiB) / 1024.0;
    std::printf("file            %s (%.1f MiB, generated in %.2f s)\n", a.file.c_str(),
                static_cast<double>(fileBytes) / 1048576.0, genSeconds);
    std::printf("loaded          %zu rows x %zu features + label\n", rows, cols);
    std::printf("load time       best %.3f s, median %.3f s, worst %.3f s (%d runs)\n",
                seconds.front(), seconds[seconds.size() / 2], seconds.back(), a.repeat);
    // CPU time is what to compare on a shared machine: other processes stretch wall time.
    std::printf("load CPU time   best %.3f s, median %.3f s (user + system)\n", cpu.front(),
                cpu[cpu.size() / 2]);
    std::printf("throughput      %.0f MiB/s (best run)\n",
                static_cast<double>(fileBytes) / 1048576.0 / seconds.front());
    std::printf("numeric data    %.1f MiB\n", numericMiB);
    std::printf("peak RSS        %.1f MiB (%.1f MiB before loading), %.2f x the numeric data\n",
                peakMiB, static_cast<double>(baseKiB) / 1024.0, peakMiB / numericMiB);
    return 0;
}
