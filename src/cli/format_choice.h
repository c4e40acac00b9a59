// Picks input and output formats from flags and file names.
#pragma once

#include <memory>
#include <string>

#include "cli/run_options.h"
#include "recproc/format.h"

namespace recproc::cli {

/// The input format for `path`: --format if given, else its extension (looking through
/// .gz/.zst), else NDJSON.
std::shared_ptr<const InputFormat> input_format_for(const std::string& path, const RunOptions& o);

/// The output format: --output-format, else the output's extension, else the first input's.
std::shared_ptr<OutputFormat> output_format_for(const RunOptions& o, std::string_view input_format);

}  // namespace recproc::cli
