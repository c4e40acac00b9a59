// Serial reading of the first records of one input, for `preview` and `infer-schema`.
//
// These commands look at a few thousand records at most, so they read with one thread through
// the same format, boundary and reader objects that the engine's workers use, without the
// engine's chunk window, merge or policies.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cli/flag_groups.h"
#include "recproc/format.h"

namespace recproc::cli {

/// One read result: a record (kRecord) or a line that failed to parse (kError, with `error`).
struct SampledRecord {
  ReadStatus status = ReadStatus::kRecord;
  const Record* record = nullptr;     ///< kRecord only; valid during the callback
  std::string_view text;              ///< the record's original bytes
  std::uint64_t line = 0;             ///< 1-based line in the input
  const FieldError* error = nullptr;  ///< kError only
};

/// Calls `visit` for each record or malformed record of `path` in input order (blank lines are
/// skipped) until it returns false or the input ends. The input format comes from the format flags
/// `o` as for `run`; `sign_in` for an azblob:// input. Returns the input's info (CSV columns).
/// Throws IoError / UsageError like `run` does when the input cannot be opened.
InputInfo read_sample(const std::string& path, const FormatFlags& o, const BlobSignInFlags& sign_in,
                      const std::function<bool(const SampledRecord&)>& visit);

/// True when `path` is read as CSV/TSV with `o` (all values are text).
bool is_text_format(const std::string& path, const FormatFlags& o);

}  // namespace recproc::cli
