// JSON string text for request bodies, NDJSON output and one-line error messages.
#pragma once

#include <string>
#include <string_view>

namespace recproc::azure {

/// Appends `value` as a JSON string: quotes, backslashes and control characters escaped, other
/// bytes (UTF-8 included) copied as they are. append_json_string(out, "a\"b\n") adds "a\"b\n".
void append_json_string(std::string& out, std::string_view value);

}  // namespace recproc::azure
