// JSON Schema patterns are ECMA-262 regular expressions; recproc matches them with RE2
// (linear time, no backtracking). This rewrites the ECMA escapes RE2 spells differently so the
// common patterns mean the same thing in both. Look-around and back-references have no RE2
// equivalent: RE2 refuses them and the schema is refused at start.
#pragma once

#include <string>
#include <string_view>

namespace recproc::schema {

/// ECMA-262 pattern -> RE2 syntax:
///   \uXXXX, \u{X...}   -> \x{X...}
///   \cA .. \cZ         -> the control character (\x{01} .. \x{1a})
///   \s, \S             -> ECMA's white space and line terminators (Unicode Zs, U+FEFF, ...)
///   \p{Letter}, ...    -> RE2's short general category names (\p{L})
///   \d, \w             -> unchanged (ASCII in both)
std::string ecma_to_re2(std::string_view pattern);

}  // namespace recproc::schema
