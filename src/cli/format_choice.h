// Picks input and output formats from the format flags and file names.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/flag_groups.h"
#include "format/csv_dialect.h"
#include "recproc/format.h"

namespace recproc::cli {

/// The kind of `path`: --format if given, else its extension (looking through .gz/.zst), else
/// NDJSON.
format::FormatKind input_kind_for(const std::string& path, const FormatFlags& flags);

/// The input format for `path`, with the CSV dialect the flags ask for.
std::shared_ptr<const InputFormat> input_format_for(const std::string& path,
                                                    const FormatFlags& flags);

/// The CSV dialect the flags ask for, for a CSV or TSV `path`; nullopt for NDJSON.
std::optional<format::CsvDialect> input_dialect_for(const std::string& path,
                                                    const FormatFlags& flags);

/// The output format: `output_format` (--output-format) if given, else the output's extension,
/// else the first input's kind.
std::shared_ptr<OutputFormat> output_format_for(const std::string& output,
                                                const std::string& output_format,
                                                const FormatFlags& flags,
                                                format::FormatKind input_kind);

}  // namespace recproc::cli
