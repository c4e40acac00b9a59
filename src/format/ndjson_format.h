// NDJSON: one JSON document per line. LF or CRLF line ends; blank lines are skipped and counted.
#pragma once

#include <memory>

#include "recproc/format.h"

namespace recproc::format {

std::shared_ptr<InputFormat> make_ndjson_input_format();
std::shared_ptr<OutputFormat> make_ndjson_output_format();

}  // namespace recproc::format
