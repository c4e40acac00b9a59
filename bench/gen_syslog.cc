// gen_syslog: writes deterministic Syslog-like NDJSON (or CSV) of a given size for bench/run.sh.
//
//   gen_syslog --bytes 1G --seed 42 -o bench/data/syslog-1g.ndjson
//   gen_syslog --bytes 100M --dirty --csv > dirty.csv
//
// The output never exceeds --bytes and ends on a whole record; the same options always give
// the same bytes.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "syslog_generator.h"

namespace {

constexpr std::string_view kUsage =
    "usage: gen_syslog [--bytes N[K|M|G]] [--seed S] [--dirty] [--csv] [-o FILE]\n"
    "  --bytes N   target size (default 100M); K/M/G are powers of 1024\n"
    "  --seed S    random seed (default 1)\n"
    "  --dirty     make 1% of records invalid (bad ProcessID, no Computer, bad\n"
    "              SeverityLevel, or a line cut in half), evenly mixed\n"
    "  --csv       CSV variant: no Properties, header row, RFC 4180 quoting\n"
    "  -o FILE     output file (default stdout)\n";

[[noreturn]] void usage_error(std::string_view what) {
  std::fprintf(stderr, "gen_syslog: error: %.*s\n%.*s", static_cast<int>(what.size()), what.data(),
               static_cast<int>(kUsage.size()), kUsage.data());
  std::exit(2);
}

std::uint64_t parse_size(const char* text) {
  char* end = nullptr;
  errno = 0;
  std::uint64_t v = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text) usage_error(std::string("bad size: ") + text);
  switch (*end) {
    case '\0':
      return v;
    case 'K':
    case 'k':
      v <<= 10;
      break;
    case 'M':
    case 'm':
      v <<= 20;
      break;
    case 'G':
    case 'g':
      v <<= 30;
      break;
    default:
      usage_error(std::string("bad size: ") + text);
  }
  if (end[1] != '\0') usage_error(std::string("bad size: ") + text);
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t target = 100ULL << 20;
  recproc::bench::GenOptions options;
  const char* out_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--bytes") {
      target = parse_size(value());
    } else if (arg == "--seed") {
      options.seed = parse_size(value());
    } else if (arg == "--dirty") {
      options.dirty = true;
    } else if (arg == "--csv") {
      options.csv = true;
    } else if (arg == "-o") {
      out_path = value();
    } else if (arg == "-h" || arg == "--help") {
      std::fwrite(kUsage.data(), 1, kUsage.size(), stdout);
      return 0;
    } else {
      usage_error(std::string("unknown option ") + std::string(arg));
    }
  }

  std::FILE* out = out_path ? std::fopen(out_path, "wb") : stdout;
  if (out == nullptr) {
    std::fprintf(stderr, "gen_syslog: error: %s: %s\n", out_path, std::strerror(errno));
    return 3;
  }
  recproc::bench::SyslogGenerator gen(options);
  // Records are formatted into one large buffer and written 8 MiB at a time: 1 GiB takes a
  // couple of seconds, most of it in the kernel.
  constexpr std::size_t kFlush = 8u << 20;
  std::string buf(kFlush + recproc::bench::SyslogGenerator::kMaxRecordBytes, '\0');
  const std::string header = gen.header();
  std::memcpy(buf.data(), header.data(), header.size());
  std::size_t used = header.size();
  std::uint64_t written = 0;
  bool ok = true;
  for (;;) {
    char* end = gen.write_record(buf.data() + used);
    const std::size_t len = static_cast<std::size_t>(end - (buf.data() + used));
    if (written + used + len > target) break;  // never exceed the target size
    used += len;
    if (used >= kFlush) {
      ok = ok && std::fwrite(buf.data(), 1, used, out) == used;
      written += used;
      used = 0;
    }
  }
  ok = ok && std::fwrite(buf.data(), 1, used, out) == used;
  written += used;
  ok = (std::fflush(out) == 0) && ok;
  if (out != stdout) ok = (std::fclose(out) == 0) && ok;
  if (!ok) {
    std::fprintf(stderr, "gen_syslog: error: write failed: %s\n", std::strerror(errno));
    return 3;
  }
  std::fprintf(stderr, "gen_syslog: %llu records, %llu bytes\n",
               static_cast<unsigned long long>(gen.records() - 1),
               static_cast<unsigned long long>(written));
  return 0;
}
