// Parallel side of the engine: one ChunkWorker per thread parses a chunk, runs the transform
// chain on each record and writes the kept ones into the chunk's own output buffer.
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
  void process(ChunkJob& job);
  /// Runs `job` without writing and returns the top-level field names of its first kept
  /// record (empty when none is kept).
  std::vector<std::string> probe_columns(ChunkJob& job);

 private:
  RecordReader& reader_for(const InputFormat* format);
  FieldDemand field_demand() const;
  bool source_text_suffices() const;
  Outcome run_chain(Record& record, ChunkTrace* trace);

  const EngineConfig& config_;
  std::map<const InputFormat*, std::unique_ptr<RecordReader>> readers_;
  std::vector<std::unique_ptr<TransformWorker>> chain_;
  std::unique_ptr<RecordWriter> writer_;
  Record record_;
};

}  // namespace recproc::engine
