// Serial reading of the first records of one input, for `preview` and `infer-schema`.
//
// These commands look at a few thousand records at most, so they read on one thread through the
// engine's serial reader: the feeder and readers of a run, without its window, merge or policies.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "cli/flag_groups.h"
#include "engine/serial_reader.h"
#include "recproc/format.h"

namespace recproc::cli {

/// One read result (see engine::SerialRecord).
using SampledRecord = engine::SerialRecord;

/// Calls `visit` for each record or malformed record of `path` in input order (blank lines are
/// skipped) until it returns false or the input ends. The input format comes from the format flags
/// `o` as for `run`; `sign_in` for an azblob:// input. Returns the input's info (CSV columns).
/// Throws IoError / UsageError like `run` does when the input cannot be opened.
InputInfo read_sample(const std::string& path, const FormatFlags& o, const BlobSignInFlags& sign_in,
                      const std::function<bool(const SampledRecord&)>& visit);

/// True when `path` is read as CSV/TSV with `o` (all values are text).
bool is_text_format(const std::string& path, const FormatFlags& o);

}  // namespace recproc::cli
