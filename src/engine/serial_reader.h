// Reads one input's records in order on the calling thread, through the same feeder as a run:
// the same preamble handling, record boundaries, padding and record limit, without the window,
// workers, merge or policies. For `preview` and `infer-schema`, which look at a few thousand
// records at most and stop early.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "engine/chunk_feeder.h"
#include "engine/engine.h"
#include "recproc/format.h"

namespace recproc::engine {

/// One read result: a record (kRecord) or a record that failed to parse (kError, with `error`).
struct SerialRecord {
  ReadStatus status = ReadStatus::kRecord;
  const Record* record = nullptr;     ///< kRecord only; valid during the callback
  std::string_view text;              ///< the record's original bytes
  std::uint64_t line = 0;             ///< 1-based line in the input
  const FieldError* error = nullptr;  ///< kError only
};

struct SerialReadOptions {
  /// Small, so that a preview of 10 records reads one chunk.
  std::size_t chunk_size = 64 * 1024;
  RecordLimit record_limit;
};

/// Calls `visit` for each record or malformed record of `input`, in order (blank lines are
/// skipped), until it returns false or the input ends. Returns the input's info (CSV columns).
/// Throws what a run throws: IoError when reading fails, DataError for a bad preamble.
InputInfo read_serially(EngineInput input, const SerialReadOptions& options,
                        const std::function<bool(const SerialRecord&)>& visit);

}  // namespace recproc::engine
