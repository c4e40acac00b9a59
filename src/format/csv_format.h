// CSV and TSV as the engine sees them: InputFormat / OutputFormat factories (issue 4).
//
//   CsvDialect d = dialect_for(FormatKind::kTsv);
//   auto in = make_csv_input_format(d, [&](std::string_view w) { logger.warn(w); });
//   auto out = make_csv_output_format(dialect_for(FormatKind::kCsv));
//   out->set_columns({"ts", "level", "msg"});   // before make_writer() output is used
#pragma once

#include <memory>

#include "format/csv_boundary.h"
#include "format/csv_dialect.h"
#include "recproc/format.h"

namespace recproc::format {

/// `on_warning` receives warnings such as renamed duplicate columns ("data.csv:1: duplicate
/// column name \"id\" renamed to \"id_2\""); it is called on the engine's reader thread.
std::shared_ptr<InputFormat> make_csv_input_format(CsvDialect dialect, WarningFn on_warning = {});

/// needs_columns() is true: set_columns() must be called once before the first row is written.
std::shared_ptr<OutputFormat> make_csv_output_format(CsvDialect dialect);

}  // namespace recproc::format
