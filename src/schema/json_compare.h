// Number reading and JSON equality on record nodes, as JSON Schema defines them: numbers compare
// by value (1 == 1.0), object member order does not matter, strings compare after unescaping.
#pragma once

#include <string>
#include <string_view>

#include "recproc/record.h"

namespace recproc::schema {

/// Value of a JSON number token; +-inf when out of double range, 0 on underflow.
double number_value(std::string_view token);

/// True when the number token's value is an integer (1, -3, 1.0, 1e3; not 1.5, 1e-3).
bool is_integer_token(std::string_view token);

/// JSON equality of `a`'s node `x` and `b`'s node `y`. The scratch strings are reused buffers.
bool json_equal(const Record& a, NodeId x, const Record& b, NodeId y, std::string& scratch_a,
                std::string& scratch_b);

/// Number of Unicode code points in UTF-8 text (counts every byte that is not a continuation).
std::size_t count_code_points(std::string_view utf8);

}  // namespace recproc::schema
