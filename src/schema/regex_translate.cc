#include "schema/regex_translate.h"

#include <utility>

namespace recproc::schema {
namespace {

// ECMA-262 WhiteSpace and LineTerminator code points (ECMA-262 sections 12.2 and 12.3).
constexpr std::string_view kEcmaSpace =
    "\\t\\n\\x{0b}\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}"
    "\\x{205f}\\x{3000}\\x{feff}";

// Long Unicode general category names that ECMA accepts and RE2 only knows by short name.
constexpr std::pair<std::string_view, std::string_view> kCategories[] = {
    {"Letter", "L"},
    {"Uppercase_Letter", "Lu"},
    {"Lowercase_Letter", "Ll"},
    {"Titlecase_Letter", "Lt"},
    {"Modifier_Letter", "Lm"},
    {"Other_Letter", "Lo"},
    {"Mark", "M"},
    {"Number", "N"},
    {"Decimal_Number", "Nd"},
    {"Letter_Number", "Nl"},
    {"Other_Number", "No"},
    {"Punctuation", "P"},
    {"Symbol", "S"},
    {"Separator", "Z"},
    {"Space_Separator", "Zs"},
    {"Other", "C"},
    {"Control", "Cc"},
};

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

}  // namespace

std::string ecma_to_re2(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const char c = p[i];
    if (c != '\\' || i + 1 >= p.size()) {
      if (c == '[' && !in_class)
        in_class = true;
      else if (c == ']' && in_class)
        in_class = false;
      out += c;
      continue;
    }
    const char e = p[i + 1];
    if (e == 'u' && i + 2 < p.size() && p[i + 2] == '{') {
      const std::size_t close = p.find('}', i + 3);
      if (close != std::string_view::npos) {
        out += "\\x{";
        out.append(p.substr(i + 3, close - i - 3));
        out += '}';
        i = close;
        continue;
      }
    } else if (e == 'u' && i + 5 < p.size() && is_hex(p[i + 2]) && is_hex(p[i + 3]) &&
               is_hex(p[i + 4]) && is_hex(p[i + 5])) {
      out += "\\x{";
      out.append(p.substr(i + 2, 4));
      out += '}';
      i += 5;
      continue;
    } else if (e == 'c' && i + 2 < p.size() && is_letter(p[i + 2])) {
      static constexpr char kHex[] = "0123456789abcdef";
      const int code = p[i + 2] % 32;
      out += "\\x{";
      out += kHex[code >> 4];
      out += kHex[code & 15];
      out += '}';
      i += 2;
      continue;
    } else if (e == 's') {
      if (!in_class) out += '[';
      out.append(kEcmaSpace);
      if (!in_class) out += ']';
      ++i;
      continue;
    } else if (e == 'S' && !in_class) {
      out += "[^";
      out.append(kEcmaSpace);
      out += ']';
      ++i;
      continue;
    } else if ((e == 'p' || e == 'P') && i + 2 < p.size() && p[i + 2] == '{') {
      const std::size_t close = p.find('}', i + 3);
      if (close != std::string_view::npos) {
        std::string_view name = p.substr(i + 3, close - i - 3);
        if (name.substr(0, 17) == "General_Category=") name.remove_prefix(17);
        if (name.substr(0, 3) == "gc=") name.remove_prefix(3);
        for (const auto& [long_name, short_name] : kCategories) {
          if (name == long_name) name = short_name;
        }
        out += '\\';
        out += e;
        out += '{';
        out.append(name);
        out += '}';
        i = close;
        continue;
      }
    }
    out += c;
    out += e;
    ++i;
  }
  return out;
}

}  // namespace recproc::schema
