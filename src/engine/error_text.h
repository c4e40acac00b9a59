// How a bad record is named in messages: `data.ndjson:4127: field "ts": expected string`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "recproc/outcome.h"

namespace recproc::engine {

/// JSON Pointer "/Properties/retries" to the dotted form users write, "Properties.retries".
std::string pointer_to_dotted(std::string_view pointer);

std::string format_record_error(std::string_view file, std::uint64_t line, const FieldError& e);

}  // namespace recproc::engine
