// Lower modules say what is wrong with a value ("expected one of , ; | tab, got \"x\""); only
// cli knows which flag the value came from, so it puts the flag in front.
#pragma once

#include <string>
#include <string_view>

#include "recproc/error.h"

namespace recproc::cli {

/// Returns `parse()`; a UsageError it throws gets `flag` and `separator` in front of its
/// message: ": " for a sentence ("--delimiter: expected ..."), " " for a message that starts with
/// the quoted value ("--table \"a b\": not a table name").
template <class Parse>
auto with_flag(std::string_view flag, Parse&& parse, std::string_view separator = ": ")
    -> decltype(parse()) {
  try {
    return parse();
  } catch (const UsageError& e) {
    throw UsageError(std::string(flag) + std::string(separator) + e.what());
  }
}

}  // namespace recproc::cli
