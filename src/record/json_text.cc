// JSON string escaping and decoding, and field path syntax.
#include <cstdint>
#include <string>
#include <string_view>

#include "recproc/error.h"
#include "recproc/record.h"

namespace recproc {

void append_json_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out.append("\\\""); break;
      case '\\': out.append("\\\\"); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\b': out.append("\\b"); break;
      case '\f': out.append("\\f"); break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run_start, s.size() - run_start);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at s[pos..pos+3]. Returns the index of the first bad one, or npos.
std::size_t read_hex4(std::string_view s, std::size_t pos, std::uint32_t& out) {
  out = 0;
  for (std::size_t k = pos; k < pos + 4; ++k) {
    int h = k < s.size() ? hex_value(s[k]) : -1;
    if (h < 0) return k;
    out = out * 16 + static_cast<std::uint32_t>(h);
  }
  return std::string_view::npos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

}  // namespace

std::size_t decode_json_escape(std::string_view s, std::size_t i, std::string& out,
                               std::size_t* bad_begin, std::size_t* bad_length) {
  auto bad = [&](std::size_t begin, std::size_t length) -> std::size_t {
    if (bad_begin) *bad_begin = begin;
    if (bad_length) *bad_length = length;
    return 0;
  };
  char e = i + 1 < s.size() ? s[i + 1] : '\0';
  switch (e) {
    case '"': out.push_back('"'); return 2;
    case '\\': out.push_back('\\'); return 2;
    case '/': out.push_back('/'); return 2;
    case 'b': out.push_back('\b'); return 2;
    case 'f': out.push_back('\f'); return 2;
    case 'n': out.push_back('\n'); return 2;
    case 'r': out.push_back('\r'); return 2;
    case 't': out.push_back('\t'); return 2;
    case 'u': break;
    default: return bad(i, 2);
  }
  std::uint32_t cp = 0;
  if (std::size_t k = read_hex4(s, i + 2, cp); k != std::string_view::npos) return bad(i, k + 1 - i);
  // Surrogates must come as a high/low pair; lone ones are invalid, as simdjson rules for values.
  if (cp >= 0xDC00 && cp <= 0xDFFF) return bad(i, 6);
  std::size_t length = 6;
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    std::size_t next = i + 6;
    if (next + 1 >= s.size() || s[next] != '\\' || s[next + 1] != 'u') return bad(i, 6);
    std::uint32_t low = 0;
    if (std::size_t k = read_hex4(s, next + 2, low); k != std::string_view::npos) {
      return bad(next, k + 1 - next);
    }
    if (low < 0xDC00 || low > 0xDFFF) return bad(i, 12);
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    length = 12;
  }
  append_utf8(out, cp);
  return length;
}

bool decode_json_string(std::string_view s, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] != '\\') {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t n = decode_json_escape(s, i, out);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

// ---- FieldPath ----------------------------------------------------------------------------

std::optional<FieldPath> FieldPath::try_parse(std::string_view text) {
  std::vector<std::string> segs;
  std::size_t i = 0;
  bool need_segment = true;  // at start or after '.'
  if (!text.empty() && text[0] == '.' && text.size() > 1 && text[1] == '[') i = 1;
  while (i < text.size()) {
    if (text[i] == '[') {
      // ["name"] with JSON escapes
      if (i + 1 >= text.size() || text[i + 1] != '"') return std::nullopt;
      std::size_t j = i + 2;
      while (j < text.size() && text[j] != '"') j += (text[j] == '\\') ? 2 : 1;
      if (j + 1 >= text.size() || text[j + 1] != ']') return std::nullopt;
      std::string name;
      if (!decode_json_string(text.substr(i + 2, j - i - 2), name)) return std::nullopt;
      segs.push_back(std::move(name));
      i = j + 2;
      need_segment = false;
      if (i < text.size() && text[i] == '.') {
        ++i;
        need_segment = true;
        if (i < text.size() && text[i] == '[') need_segment = false;
      }
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] != '.' && text[j] != '[') ++j;
    if (j == i) return std::nullopt;
    segs.emplace_back(text.substr(i, j - i));
    need_segment = false;
    i = j;
    if (i < text.size() && text[i] == '.') {
      ++i;
      need_segment = true;
    }
  }
  if (need_segment) return std::nullopt;
  return FieldPath(std::move(segs));
}

FieldPath FieldPath::parse(std::string_view text) {
  auto p = try_parse(text);
  if (!p) throw UsageError("invalid field path \"" + std::string(text) + "\"");
  return std::move(*p);
}

std::string FieldPath::to_string() const {
  std::string out;
  for (const auto& s : segments_) {
    bool plain = !s.empty() && s.find_first_of(".[]\" ") == std::string::npos;
    if (plain) {
      if (!out.empty()) out.push_back('.');
      out += s;
    } else {
      out += "[\"";
      append_json_escaped(out, s);
      out += "\"]";
    }
  }
  return out;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int hi = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

void append_pointer_segment(std::string& out, std::string_view segment) {
  out.push_back('/');
  for (char c : segment) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out.push_back(c);
    }
  }
}

std::string FieldPath::to_pointer() const {
  std::string out;
  for (const auto& s : segments_) append_pointer_segment(out, s);
  return out;
}

}  // namespace recproc
