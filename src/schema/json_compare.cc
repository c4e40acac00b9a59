#include "schema/json_compare.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

namespace recproc::schema {

// Hot: runs for every number checked against a bound.
double number_value(std::string_view token) {
  // Short integers, by far the most common numbers, without from_chars.
  if (!token.empty() && token.size() <= 16) {
    const bool negative = token[0] == '-';
    std::int64_t n = 0;
    std::size_t i = negative ? 1 : 0;
    for (; i < token.size() && token[i] >= '0' && token[i] <= '9'; ++i)
      n = n * 10 + (token[i] - '0');
    if (i == token.size() && token.size() > (negative ? 1u : 0u)) {
      return static_cast<double>(negative ? -n : n);
    }
  }
  double v = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, v);
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves v unset: decide between overflow and underflow from the exponent sign.
    const std::size_t e = token.find_first_of("eE");
    const bool tiny = e != std::string_view::npos && e + 1 < token.size() && token[e + 1] == '-';
    if (tiny) return 0.0;
    return token.starts_with('-') ? -std::numeric_limits<double>::infinity()
                                  : std::numeric_limits<double>::infinity();
  }
  (void)ptr;
  return v;
}

// Hot: runs for every number checked against "integer".
bool is_integer_token(std::string_view token) {
  // A plain loop: string_view::find_first_of calls memchr once per character.
  bool plain = true;
  for (const char c : token) plain &= c != '.' && c != 'e' && c != 'E';
  if (plain) return true;
  const double v = number_value(token);
  return std::isfinite(v) ? std::floor(v) == v : true;  // 1e400 is a (huge) integer
}

std::size_t count_code_points(std::string_view utf8) {
  std::size_t n = 0;
  for (const char c : utf8) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

namespace {

bool numbers_equal(std::string_view x, std::string_view y) {
  return x == y || number_value(x) == number_value(y);
}

bool strings_equal(const Record& a, NodeId x, const Record& b, NodeId y, std::string& sa,
                   std::string& sb) {
  const Node& nx = a.node(x);
  const Node& ny = b.node(y);
  if (!nx.has_escapes && !ny.has_escapes) return nx.text == ny.text;
  return a.string_value(x, sa) == b.string_value(y, sb);
}

bool objects_equal(const Record& a, NodeId x, const Record& b, NodeId y, std::string& sa,
                   std::string& sb) {
  if (a.child_count(x) != b.child_count(y)) return false;
  for (NodeId c = a.node(x).first_child; c != kNoNode; c = a.node(c).next) {
    // find_member takes the unescaped name; copy it out of sa since recursion reuses sa.
    const std::string_view key = a.key(c, sa);
    const NodeId match =
        a.node(c).key_has_escapes ? b.find_member(y, std::string(key)) : b.find_member(y, key);
    if (match == kNoNode || !json_equal(a, c, b, match, sa, sb)) return false;
  }
  return true;
}

}  // namespace

bool json_equal(const Record& a, NodeId x, const Record& b, NodeId y, std::string& sa,
                std::string& sb) {
  const Node& nx = a.node(x);
  const Node& ny = b.node(y);
  if (nx.kind != ny.kind) return false;
  switch (nx.kind) {
    case NodeKind::kNull:
      return true;
    case NodeKind::kBool:
      return nx.bool_value == ny.bool_value;
    case NodeKind::kNumber:
      return numbers_equal(nx.text, ny.text);
    case NodeKind::kString:
      return strings_equal(a, x, b, y, sa, sb);
    case NodeKind::kObject:
      return objects_equal(a, x, b, y, sa, sb);
    case NodeKind::kArray: {
      NodeId cx = nx.first_child;
      NodeId cy = ny.first_child;
      for (; cx != kNoNode && cy != kNoNode; cx = a.node(cx).next, cy = b.node(cy).next) {
        if (!json_equal(a, cx, b, cy, sa, sb)) return false;
      }
      return cx == kNoNode && cy == kNoNode;
    }
  }
  return false;
}

}  // namespace recproc::schema
