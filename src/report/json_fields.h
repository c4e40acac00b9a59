// Reading members of a parsed report document (simdjson DOM) for display, forgivingly: the
// HTML report renders what is there and leaves out what is missing or of another type, so a
// report written by an older or newer recproc still makes a page.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::report {

using simdjson::dom::element;

/// Member `key` of an object, or nullopt when `v` is no object or lacks it (or it is null).
std::optional<element> member(element v, std::string_view key);
/// The first of `keys` that is present.
std::optional<element> member_of(element v, std::initializer_list<std::string_view> keys);

/// A string member, else "".
std::string text_of(element v, std::string_view key);
/// A numeric member as a double (integers too).
std::optional<double> number_of(element v, std::string_view key);
/// A non-negative integer member, else 0.
std::uint64_t count_of(element v, std::string_view key);
bool flag_of(element v, std::string_view key);

/// A scalar for display: strings as they are, numbers and booleans as JSON writes them.
std::string scalar_text(element v);

}  // namespace recproc::report
