// Parallel side of the engine: one ChunkWorker per thread parses a chunk, runs the transform
// chain on each record and writes the kept ones into the chunk's own output buffer. A chain with
// batch steps (exec, python) runs in segments: every record of the chunk goes through the steps
// before a batch step, the batch step answers them all at once, and so on, in input order.
#pragma once

#include <map>
#include <memory>
#include <vector>

#include "engine/chunk_job.h"
#include "engine/engine.h"

namespace recproc::engine {

class ChunkWorker {
 public:
  explicit ChunkWorker(const EngineConfig& config);
  /// Processes `job` completely. Touches nothing but `job` and this worker.
  /// `hints`: the run profile's sampling levels so far (with EngineConfig::profile).
  void process(ChunkJob& job, const profile::LevelHints* hints = nullptr);
  /// Runs `job` without writing and returns the top-level field names of its first kept
  /// record (empty when none is kept).
  std::vector<std::string> probe_columns(ChunkJob& job);

 private:
  RecordReader& reader_for(const InputFormat* format);
  FieldDemand field_demand() const;
  bool source_text_suffices() const;
  Outcome run_chain(Record& record, ChunkTrace* trace);
  Outcome run_steps(Record& record, std::size_t from, std::size_t to, ChunkTrace* trace);
  void process_in_batches(ChunkJob& job);
  /// Counts a record whose chain ended with `o`: writes it, or files its reject.
  void settle(ChunkJob& job, Outcome& o, std::uint64_t line, std::string_view text);

  /// A record waiting for a batch step's answer.
  struct Pending {
    std::uint64_t line;
    std::string_view text;  ///< its source, for a reject
    std::size_t trace;      ///< index in the job's traces, or kNoTrace
  };
  static constexpr std::size_t kNoTrace = static_cast<std::size_t>(-1);

  const EngineConfig& config_;
  std::map<const InputFormat*, std::unique_ptr<RecordReader>> readers_;
  std::vector<std::unique_ptr<TransformWorker>> chain_;
  /// Indices of the batch steps in chain_, ascending.
  std::vector<std::size_t> batch_steps_;
  std::vector<Pending> pending_, answered_;
  std::unique_ptr<RecordWriter> writer_;
  Record record_;
};

}  // namespace recproc::engine
