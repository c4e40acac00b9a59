// Which format a file is in: from an explicit name ("csv") or from its extension, seen through
// a compression suffix (issue 4).
//
//   FormatKind in = detect_input_format("logs/data.csv.gz", "");   // kCsv, through .gz
#pragma once

#include <cstdint>
#include <string_view>

namespace recproc::format {

enum class FormatKind : std::uint8_t { kNdjson, kCsv, kTsv };

/// "ndjson", "csv", "tsv".
std::string_view format_name(FormatKind kind);

/// Format from `explicit_format` ("ndjson", "jsonl", "csv", "tsv") when not empty, otherwise
/// from `path`'s extension seen through ".gz"/".zst" (.csv, .tsv/.tab, anything else NDJSON).
/// Throws UsageError for an unknown explicit format (the message names the value; the caller
/// adds the flag).
FormatKind detect_input_format(std::string_view path, std::string_view explicit_format);

/// Output format from `explicit_format`, else from the output path's extension when it names
/// CSV, TSV or NDJSON, else the input format. `path` is empty or "-" for stdout.
FormatKind detect_output_format(std::string_view path, std::string_view explicit_format,
                                FormatKind input_format);

}  // namespace recproc::format
