// Record bytes and messages quoting them may be any bytes; JSON (the quarantine lines, SARIF)
// must be UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace recproc::report {

/// Copies `in` to `out` with each byte that is not part of valid UTF-8 replaced by U+FFFD.
/// Returns whether `in` was valid.
bool to_valid_utf8(std::string_view in, std::string& out);

}  // namespace recproc::report
