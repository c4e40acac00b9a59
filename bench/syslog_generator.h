// Deterministic Syslog-like records as Azure Monitor stores them (../shared/bench-anchors): the
// benchmark input for workloads W1 (filter + validate + project), W2 (CSV to NDJSON) and W3
// (identity). Shared by gen_syslog and the micro-benchmarks so both measure the same bytes.
//
//   SyslogGenerator gen({.seed = 42, .dirty = true});
//   std::string buf;
//   for (int i = 0; i < 1000; ++i) gen.append_record(buf);  // 1000 lines, 10 of them invalid
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace recproc::bench {

struct GenOptions {
  std::uint64_t seed = 1;
  bool dirty = false;  ///< every 100th record invalid, cycling through four kinds of damage
  bool csv = false;    ///< CSV columns minus Properties, RFC 4180 quoting, header row
};

/// wyrand: one multiply per draw; the generator must write 1 GiB in a few seconds.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    s_ += 0xa0761d6478bd642fULL;
    unsigned __int128 t = static_cast<unsigned __int128>(s_) * (s_ ^ 0xe7037ed1a0b428dbULL);
    return static_cast<std::uint64_t>(t >> 64) ^ static_cast<std::uint64_t>(t);
  }
  /// Uniform in [0, n).
  std::uint32_t below(std::uint32_t n) {
    return static_cast<std::uint32_t>(((next() & 0xffffffffULL) * n) >> 32);
  }

 private:
  std::uint64_t s_;
};

class SyslogGenerator {
 public:
  explicit SyslogGenerator(GenOptions options);

  /// The CSV header line (with its newline); empty for NDJSON.
  std::string header() const;
  /// Appends one record and its newline. A CSV record may span two physical lines.
  void append_record(std::string& out);
  /// Writes one record at `p` (at least kMaxRecordBytes free) and returns the end.
  char* write_record(char* p);
  std::uint64_t records() const { return index_; }

  static constexpr std::size_t kMaxRecordBytes = 2048;

 private:
  struct Word {
    std::string json;  // escaped for a JSON string
    std::string raw;   // as the text reads (CSV)
  };
  struct Host {
    std::string name;         // vm-NNN
    std::string resource_id;  // /subscriptions/.../virtualMachines/vm-NNN
    std::string ip;           // 10.x.x.x
  };

  char* write_timestamp(char* p);
  char* write_message(char* p, bool json, bool newline);
  char* write_json(char* p, bool dirty);
  char* write_csv(char* p, bool dirty);

  GenOptions options_;
  Rng rng_;
  std::uint64_t index_ = 0;
  std::uint64_t micros_ = 0;  // since 2026-11-01T00:00:00Z
  std::uint64_t cached_second_ = ~0ULL;
  std::array<char, 20> second_text_{};  // "2026-11-01T00:00:00"
  std::vector<Host> hosts_;
  std::vector<Word> words_;
  bool csv_needs_quotes_ = false;  // set by write_message in CSV mode
};

}  // namespace recproc::bench
