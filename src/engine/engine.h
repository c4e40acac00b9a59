// The engine: reads inputs in chunks cut on record boundaries, runs the transform chain on a
// bounded window of chunks with tbb::parallel_for, and merges each chunk's output in input order.
//
// Memory is bounded by window_chunks x chunk_size (plus the longest record), whatever the input
// size. Output bytes and counts are identical for every thread count and chunk size, because a
// chunk's result depends only on its own bytes and the merge is serial and ordered.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "profile/field_profile.h"
#include "recproc/format.h"
#include "recproc/outcome.h"
#include "recproc/transform.h"

namespace recproc::engine {

enum class ErrorPolicy { kFail, kSkip, kQuarantine };

/// One input. The caller checks it before the run (so a missing file fails before any output)
/// and either opens it up front (`source`) or leaves that to the feeder (`open`), which opens
/// inputs one at a time and closes each when it is read: a job over 10,000 files must not need
/// 10,000 descriptors (issue 18).
struct EngineInput {
  std::string path;                        ///< as given; "-" for stdin
  std::unique_ptr<io::ByteSource> source;  ///< open while being read; null before and after
  std::shared_ptr<const InputFormat> format;
  std::function<std::unique_ptr<io::ByteSource>()> open{};  ///< opens it when `source` is null
  std::uint64_t size = 0;        ///< bytes on disk before it is opened; 0 when unknown (stdin)
  std::uint64_t bytes_read = 0;  ///< bytes consumed, recorded when the feeder closes it
};

/// A rejected record, located, in input order.
struct RejectedRecord {
  const std::string* source = nullptr;  ///< input path
  std::uint64_t line = 0;               ///< 1-based line in that input
  std::string_view text;                ///< the record's original bytes
  const FieldError* error = nullptr;
};

struct ErrorGroup {
  std::uint64_t count = 0;
  std::string field;
  std::string rule;
  ErrorKind kind = ErrorKind::kSchema;
  std::string first_reason;
  std::vector<std::pair<std::string, std::uint64_t>> examples;  ///< (file, line), first few
  std::vector<std::uint64_t> count_per_input;                   ///< indexed like RunStats::inputs
};

/// Where records went, for a chunk, an input or the run.
/// Invariant: records_in = records_out + records_dropped + records_rejected.
struct RecordCounts {
  std::uint64_t records_in = 0;
  std::uint64_t records_out = 0;
  std::uint64_t records_dropped = 0;
  std::uint64_t records_rejected = 0;
  std::uint64_t blank_lines = 0;  ///< skipped, not records

  RecordCounts& operator+=(const RecordCounts& o) {
    records_in += o.records_in;
    records_out += o.records_out;
    records_dropped += o.records_dropped;
    records_rejected += o.records_rejected;
    blank_lines += o.blank_lines;
    return *this;
  }
};

struct InputStats : RecordCounts {
  std::string path;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;  ///< physical lines the records took (a shard's merge adds them up)
};

struct RunStats : RecordCounts {
  std::uint64_t bytes_in = 0;
  std::uint64_t bytes_out = 0;
  std::uint64_t chunks = 0;
  std::vector<InputStats> inputs;
  /// Error groups keyed by field + rule, in order of first appearance.
  std::vector<ErrorGroup> error_groups;
  /// Set when the run stopped: the fail policy hit a bad record, or a threshold was exceeded.
  bool stopped = false;
  std::string stop_reason;  ///< "data.ndjson:4: field /ts: expected string, got number"
  std::chrono::duration<double> elapsed{};
  /// The field profile of the records written, in input order; set when EngineConfig::profile.
  std::optional<profile::FieldProfile> profile;
};

struct Progress {
  std::uint64_t bytes_done = 0;
  std::uint64_t bytes_total = 0;  ///< 0 when unknown (stdin)
  std::uint64_t records_done = 0;
  std::chrono::duration<double> elapsed{};
};

/// Callbacks from the merge thread, in input order. Never called concurrently.
struct RunObserver {
  std::function<void(std::string_view bytes)> write_output;
  std::function<void(const RejectedRecord&)> on_reject;
  std::function<void(const Progress&)> on_progress;
  std::function<void(std::string_view)> on_trace;
};

inline constexpr std::size_t kDefaultChunkSize = 128 * 1024;
/// --max-record-bytes default: far above any sane record, low enough that `recproc run
/// /dev/zero` ends in a data error instead of exhausting memory (issue 18).
inline constexpr std::size_t kDefaultMaxRecordBytes = 64 * 1024 * 1024;

/// How messages name the limits of EngineConfig: the engine reports the values, and only the
/// caller knows where they were set (cli passes its flags, "--max-rejects").
struct LimitNames {
  std::string max_rejects = "the reject limit";
  std::string max_reject_rate = "the reject-rate limit";
  std::string max_record_bytes = "the record size limit";
};

struct EngineConfig {
  std::vector<TransformPtr> chain;
  std::shared_ptr<OutputFormat> output_format;
  ErrorPolicy policy = ErrorPolicy::kFail;
  /// 128 KiB: a chunk and its output stay in a core's L2 cache while it is parsed. With 8 chunks
  /// per thread in a window, the slowest chunk holds back little at the window's end. Both
  /// chosen by benchmark (bench/RESULTS.md).
  std::size_t chunk_size = kDefaultChunkSize;
  std::size_t window_chunks = 0;  ///< chunks in a window; 0 = 8 x threads
  int threads = 0;                ///< 0 = all cores (set once by the caller via global_control)
  std::uint64_t max_rejects = UINT64_MAX;  ///< stop once more records than this are rejected
  double max_reject_rate = 1.0;            ///< fail at the end when rejected/in exceeds this
  std::size_t trace_records = 0;           ///< --trace N
  /// The output format needs columns that nothing fixed yet (CSV without select): take them
  /// from the first record that comes out of the chain.
  bool columns_from_first_record = false;
  std::size_t max_error_examples = 5;
  /// Error groups kept; the last one gathers every group past the cap (issue 18: fields named
  /// by the data would otherwise grow the report without bound).
  std::size_t max_error_groups = 100;
  /// A record longer than this (with its newline) is rejected as a parse error; the feeder never
  /// holds more than about this much of one record in memory.
  std::size_t max_record_bytes = kDefaultMaxRecordBytes;
  LimitNames limit_names;
  /// Profile every field of the records that leave the chain (issue 20): RunStats::profile.
  bool profile = false;
};

/// Runs the whole pipeline. Run-level failures (read errors) throw IoError; bad records are
/// counted and reported through `observer` and the returned stats.
RunStats run(std::vector<EngineInput>& inputs, const EngineConfig& config,
             const RunObserver& observer);

/// "<stdin>" for "-", else the path.
std::string display_path(const std::string& path);

}  // namespace recproc::engine
