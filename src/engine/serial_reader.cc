#include "engine/serial_reader.h"

#include <optional>
#include <vector>

#include "engine/chunk_feeder.h"
#include "engine/chunk_job.h"

namespace recproc::engine {
namespace {

// A chunk the feeder filled itself (one record over the limit) carries its reject already.
bool visit_feeder_rejects(const ChunkJob& job, std::uint64_t first_line,
                          const std::function<bool(const SerialRecord&)>& visit) {
  for (const ChunkReject& reject : job.rejects) {
    SerialRecord r;
    r.status = ReadStatus::kError;
    r.text = reject.text;
    r.line = first_line + reject.line - 1;
    r.error = &reject.error;
    if (!visit(r)) return false;
  }
  return true;
}

}  // namespace

InputInfo read_serially(EngineInput input, const SerialReadOptions& options,
                        const std::function<bool(const SerialRecord&)>& visit) {
  std::vector<EngineInput> inputs;
  inputs.push_back(std::move(input));
  ChunkFeeder feeder(inputs, options.chunk_size, options.record_limit);
  const auto reader = inputs.front().format->make_reader();

  ChunkJob job;
  Record record;
  RawRecord raw;
  FieldError error;
  // The line of the chunk's first byte; the first chunk's is known once the preamble is read.
  std::optional<std::uint64_t> next_line;
  while (feeder.fill(job)) {
    const std::uint64_t chunk_line = next_line.value_or(job.info->first_line);
    if (job.filled_by_feeder) {
      if (!visit_feeder_rejects(job, chunk_line, visit)) break;
      next_line = chunk_line + job.lines;
      continue;
    }
    reader->begin_chunk(job.view());
    for (;;) {
      const ReadStatus status = reader->next(record, raw, error);
      if (status == ReadStatus::kEnd) break;
      if (status == ReadStatus::kBlank) continue;
      SerialRecord r;
      r.status = status;
      r.record = status == ReadStatus::kRecord ? &record : nullptr;
      r.text = raw.text;
      r.line = chunk_line + raw.line - 1;
      r.error = status == ReadStatus::kError ? &error : nullptr;
      if (!visit(r)) return *feeder.info(0);
    }
    next_line = chunk_line + reader->lines_consumed();
  }
  return *feeder.info(0);
}

}  // namespace recproc::engine
