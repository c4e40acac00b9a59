// Serial side of the engine: takes the inputs one after another, as mappings of plain files or
// read into reusable buffers, and cuts them into chunks that end on record boundaries. Runs on
// one thread at a time.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/chunk_job.h"
#include "engine/engine.h"

namespace recproc::engine {

/// How much of a record over --max-record-bytes its reject (and quarantined copy) keeps.
inline constexpr std::size_t kTooLongKeptBytes = 1024;

/// The longest record, and how messages name that limit.
struct RecordLimit {
  std::size_t bytes = kDefaultMaxRecordBytes;
  std::string name = LimitNames().max_record_bytes;
};

class ChunkFeeder {
 public:
  ChunkFeeder(std::vector<EngineInput>& inputs, std::size_t chunk_size, RecordLimit limit = {},
              bool resync_after_too_long = true);
  /// Fills `job` with the next chunk (complete records only). False when every input is done.
  bool fill(ChunkJob& job);
  /// Bytes consumed from all inputs so far, and their known total size.
  std::uint64_t bytes_done() const;
  std::uint64_t bytes_total() const;
  /// Bytes consumed from input `i` so far.
  std::uint64_t bytes_of(std::size_t i) const;
  /// Records bytes_done() for readers on other threads (the merge reports progress while the
  /// next window is being read).
  void publish_progress() { published_done_.store(bytes_done(), std::memory_order_relaxed); }
  std::uint64_t published_bytes_done() const {
    return published_done_.load(std::memory_order_relaxed);
  }
  /// The InputInfo of input `i` (valid once its preamble was read).
  std::shared_ptr<const InputInfo> info(std::size_t i) const { return cursors_[i].info; }

 private:
  struct Cursor {
    std::unique_ptr<Boundary> boundary;
    std::shared_ptr<InputInfo> info;
    ByteBuffer carry;  // bytes read past the last cut, the start of the next chunk
    bool eof = false;
    bool preamble_done = false;
    bool done = false;
  };
  io::ByteSource& source();
  void close_current();
  void read_more(Cursor& c, ByteBuffer& buf, std::size_t n);
  void fill_too_long(Cursor& c, ChunkJob& job);
  void read_preamble(std::size_t i);
  bool mapped_preamble(Cursor& c);
  static void end_preamble(Cursor& c, std::string_view preamble);
  bool fill_mapped(Cursor& c, ChunkJob& job);

  std::vector<EngineInput>& inputs_;
  std::vector<Cursor> cursors_;
  std::size_t chunk_size_;
  std::size_t max_record_bytes_;
  std::string record_limit_name_;
  bool resync_after_too_long_;  ///< false: a record over the limit ends the run (fail policy)
  bool stopped_ = false;
  std::size_t current_ = 0;
  std::atomic<std::uint64_t> published_done_{0};
  /// The inputs' sizes as known before opening (0 when one is unknown), fixed at construction:
  /// the merge thread reads it while this thread opens and closes sources.
  std::uint64_t bytes_total_ = 0;
};

}  // namespace recproc::engine
