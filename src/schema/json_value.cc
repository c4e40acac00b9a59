#include "schema/json_value.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "recproc/error.h"

namespace recproc::schema {

Json::Json() = default;
Json::Json(const Json&) = default;
Json::Json(Json&&) noexcept = default;
Json& Json::operator=(const Json&) = default;
Json& Json::operator=(Json&&) noexcept = default;
Json::~Json() = default;

namespace {

class Parser {
 public:
  Parser(std::string_view text, std::string_view source, const JsonParseOptions& options)
      : text_(text), source_(source), options_(options) {}

  Json parse_document() {
    skip_ws();
    Json v = parse_value(0);
    skip_ws();
    if (pos_ < text_.size()) fail("unexpected text after the JSON value");
    return v;
  }

 private:
  [[noreturn]] void fail(const std::string& reason) const { fail_at(pos_, reason); }

  [[noreturn]] void fail_at(std::size_t pos, const std::string& reason) const {
    // Newlines only occur in whitespace, so the line counters are exact up to pos_; for an
    // earlier `pos` (a string's start) the line is the same because strings hold no raw newline.
    const std::size_t column = pos - line_start_ + 1;
    throw UsageError(std::string(source_) + ":" + std::to_string(line_) + ":" +
                     std::to_string(column) + ": " + reason);
  }

  void skip_ws() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        return;
      }
      ++pos_;
    }
  }

  void mark(Json& v) const {
    v.line = line_;
    v.column = static_cast<std::uint32_t>(pos_ - line_start_ + 1);
  }

  Json parse_value(std::uint32_t depth) {
    if (depth > options_.max_depth)
      fail("nesting deeper than " + std::to_string(options_.max_depth));
    if (pos_ >= text_.size()) fail("unexpected end of input, expected a value");
    Json v;
    mark(v);
    const char c = text_[pos_];
    switch (c) {
      case '{':
        parse_object(v, depth);
        break;
      case '[':
        parse_array(v, depth);
        break;
      case '"':
        v.type = Json::Type::kString;
        parse_string(v.text);
        break;
      case 't':
        expect_word("true");
        v.type = Json::Type::kBool;
        v.bool_value = true;
        break;
      case 'f':
        expect_word("false");
        v.type = Json::Type::kBool;
        break;
      case 'n':
        expect_word("null");
        break;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          v.type = Json::Type::kNumber;
          parse_number(v.text);
        } else {
          fail(std::string("unexpected character '") + printable(c) + "', expected a value");
        }
    }
    return v;
  }

  static std::string printable(char c) {
    if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
      return std::string(1, c);
    }
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
    return buf;
  }

  void expect_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word)
      fail("invalid literal, expected " + std::string(word));
    pos_ += word.size();
  }

  void parse_object(Json& v, std::uint32_t depth) {
    v.type = Json::Type::kObject;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == '}') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != '"') fail("expected a string for an object key");
      const std::size_t key_pos = pos_;
      std::string key;
      parse_string(key);
      if (options_.reject_duplicate_keys && v.find(key) != nullptr) {
        fail_at(key_pos, "duplicate key \"" + key + "\"");
      }
      skip_ws();
      if (pos_ >= text_.size() || text_[pos_] != ':') fail("expected ':' after an object key");
      ++pos_;
      skip_ws();
      v.members.emplace_back(std::move(key), parse_value(depth + 1));
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return;
      }
      fail("expected ',' or '}' after an object member");
    }
  }

  void parse_array(Json& v, std::uint32_t depth) {
    v.type = Json::Type::kArray;
    ++pos_;
    skip_ws();
    if (pos_ < text_.size() && text_[pos_] == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      skip_ws();
      v.items.push_back(parse_value(depth + 1));
      skip_ws();
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return;
      }
      fail("expected ',' or ']' after an array element");
    }
  }

  void parse_number(std::string& out) {
    const std::size_t start = pos_;
    auto digit = [&] { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; };
    if (text_[pos_] == '-') ++pos_;
    if (!digit()) fail("invalid number, expected a digit");
    if (text_[pos_] == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!digit()) fail("invalid number, expected a digit after '.'");
      while (digit()) ++pos_;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digit()) fail("invalid number, expected a digit in the exponent");
      while (digit()) ++pos_;
    }
    if (digit()) fail("invalid number, leading zeros are not allowed");
    out.assign(text_.substr(start, pos_ - start));
  }

  unsigned parse_hex4() {
    if (pos_ + 4 > text_.size()) fail("invalid \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<unsigned>(c - 'A' + 10);
      else
        fail("invalid \\u escape");
    }
    return v;
  }

  static void append_utf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // Length of the valid UTF-8 sequence at pos_, or 0.
  std::size_t utf8_length() const {
    const auto* p = reinterpret_cast<const unsigned char*>(text_.data()) + pos_;
    const std::size_t left = text_.size() - pos_;
    const unsigned char c = p[0];
    std::size_t n;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 2;
      cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 3;
      cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 4;
      cp = c & 0x07;
    } else
      return 0;
    if (left < n) return 0;
    for (std::size_t i = 1; i < n; ++i) {
      if ((p[i] & 0xc0) != 0x80) return 0;
      cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff))) return 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return 0;
    return n;
  }

  void parse_string(std::string& out) {
    ++pos_;  // opening quote
    for (;;) {
      if (pos_ >= text_.size()) fail("unterminated string");
      const char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (static_cast<unsigned char>(c) < 0x20) fail("control character in string, escape it");
      if (c == '\\') {
        parse_escape(out);
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80) {
        out += c;
        ++pos_;
        continue;
      }
      const std::size_t n = utf8_length();
      if (n == 0) fail("invalid UTF-8 in string");
      out.append(text_.substr(pos_, n));
      pos_ += n;
    }
  }

  void parse_escape(std::string& out) {
    ++pos_;
    if (pos_ >= text_.size()) fail("unterminated string");
    const char e = text_[pos_++];
    switch (e) {
      case '"':
        out += '"';
        return;
      case '\\':
        out += '\\';
        return;
      case '/':
        out += '/';
        return;
      case 'b':
        out += '\b';
        return;
      case 'f':
        out += '\f';
        return;
      case 'n':
        out += '\n';
        return;
      case 'r':
        out += '\r';
        return;
      case 't':
        out += '\t';
        return;
      case 'u':
        break;
      default:
        pos_ -= 2;
        fail("invalid escape in string");
    }
    unsigned cp = parse_hex4();
    if (cp >= 0xd800 && cp <= 0xdbff) {
      if (text_.substr(pos_, 2) != "\\u") fail("unpaired surrogate in \\u escape");
      pos_ += 2;
      const unsigned lo = parse_hex4();
      if (lo < 0xdc00 || lo > 0xdfff) fail("unpaired surrogate in \\u escape");
      cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
    } else if (cp >= 0xdc00 && cp <= 0xdfff) {
      fail("unpaired surrogate in \\u escape");
    }
    append_utf8(out, cp);
  }

  std::string_view text_;
  std::string_view source_;
  JsonParseOptions options_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::size_t line_start_ = 0;
};

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  append_json_escaped(out, s);
  out += '"';
}

}  // namespace

const Json* Json::find(std::string_view key) const {
  for (const auto& [name, value] : members) {
    if (name == key) return &value;
  }
  return nullptr;
}

std::string_view Json::type_name() const {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBool:
      return "boolean";
    case Type::kNumber:
      return "number";
    case Type::kString:
      return "string";
    case Type::kArray:
      return "array";
    case Type::kObject:
      return "object";
  }
  return "?";
}

Json parse_json(std::string_view text, std::string_view source, const JsonParseOptions& options) {
  Parser parser(text, source, options);
  return parser.parse_document();
}

NodeId json_to_record(const Json& v, Record& record) {
  switch (v.type) {
    case Json::Type::kNull:
      return record.make_null();
    case Json::Type::kBool:
      return record.make_bool(v.bool_value);
    case Json::Type::kNumber:
      return record.make_number_text(v.text);
    case Json::Type::kString:
      return record.make_string(v.text);
    case Json::Type::kArray: {
      const NodeId arr = record.make_array();
      for (const Json& item : v.items) record.append_element(arr, json_to_record(item, record));
      return arr;
    }
    case Json::Type::kObject: {
      const NodeId obj = record.make_object();
      for (const auto& [name, value] : v.members) {
        record.append_member(obj, name, json_to_record(value, record));
      }
      return obj;
    }
  }
  return kNoNode;
}

void write_json(const Json& v, std::string& out) {
  switch (v.type) {
    case Json::Type::kNull:
      out += "null";
      return;
    case Json::Type::kBool:
      out += v.bool_value ? "true" : "false";
      return;
    case Json::Type::kNumber:
      out += v.text;
      return;
    case Json::Type::kString:
      append_quoted(out, v.text);
      return;
    case Json::Type::kArray:
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i > 0) out += ',';
        write_json(v.items[i], out);
      }
      out += ']';
      return;
    case Json::Type::kObject:
      out += '{';
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        if (i > 0) out += ',';
        append_quoted(out, v.members[i].first);
        out += ':';
        write_json(v.members[i].second, out);
      }
      out += '}';
      return;
  }
}

void write_json_pretty(const Json& v, std::string& out, int indent) {
  const auto newline = [&out](int level) {
    out += '\n';
    out.append(static_cast<std::size_t>(level) * 2, ' ');
  };
  if (v.is_object() && !v.members.empty()) {
    out += '{';
    for (std::size_t i = 0; i < v.members.size(); ++i) {
      if (i > 0) out += ',';
      newline(indent + 1);
      append_quoted(out, v.members[i].first);
      out += ": ";
      write_json_pretty(v.members[i].second, out, indent + 1);
    }
    newline(indent);
    out += '}';
    return;
  }
  const bool nested =
      v.is_array() && std::any_of(v.items.begin(), v.items.end(), [](const Json& i) {
        return (i.is_object() && !i.members.empty()) || (i.is_array() && !i.items.empty());
      });
  if (nested) {
    out += '[';
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (i > 0) out += ',';
      newline(indent + 1);
      write_json_pretty(v.items[i], out, indent + 1);
    }
    newline(indent);
    out += ']';
    return;
  }
  if (v.is_array()) {
    out += '[';
    for (std::size_t i = 0; i < v.items.size(); ++i) {
      if (i > 0) out += ", ";
      write_json(v.items[i], out);
    }
    out += ']';
    return;
  }
  write_json(v, out);
}

}  // namespace recproc::schema
