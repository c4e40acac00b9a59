// Applies a CompiledSchema to one record. This is on the hot path of every worker: a valid
// record costs a walk of the schema tree with no allocation; strings are only built when an
// error is reported.
//
// Two modes: kReport collects located errors (up to max_errors) and may cast values in place;
// kProbe answers yes/no as fast as possible and never edits the record. anyOf, oneOf and not
// probe their branches: a branch that fails is not an error of the record, and a branch must
// not cast a value that a later branch would have accepted as it was.
#include <cmath>
#include <string>

#include "recproc/error.h"
#include "schema/cast.h"
#include "schema/json_compare.h"
#include "schema/schema.h"
#include "schema/schema_node.h"

namespace recproc::schema {
namespace {

enum class Mode : std::uint8_t { kReport, kProbe };

constexpr std::size_t kMaxShownBytes = 64;

// Appends the JSON text of a scalar (strings as escaped in the input), shortened for messages.
void append_value(std::string& out, const Record& r, NodeId v) {
  const Node& n = r.node(v);
  switch (n.kind) {
    case NodeKind::kNull:
      out += "null";
      return;
    case NodeKind::kBool:
      out += n.bool_value ? "true" : "false";
      return;
    case NodeKind::kNumber:
      out.append(n.text);
      return;
    case NodeKind::kObject:
      out += "an object";
      return;
    case NodeKind::kArray:
      out += "an array";
      return;
    case NodeKind::kString:
      break;
  }
  std::string_view text = n.text;
  out += '"';
  if (text.size() <= kMaxShownBytes) {
    out.append(text);
    out += '"';
    return;
  }
  std::size_t cut = kMaxShownBytes;  // back up to a code point boundary
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  out.append(text.substr(0, cut));
  out += "\"...";
}

// "string \"pid-123\"", "number 1.5", "null", "object".
void append_typed_value(std::string& out, const Record& r, NodeId v) {
  const NodeKind kind = r.node(v).kind;
  out.append(kind_name(kind));
  if (kind == NodeKind::kNull || kind == NodeKind::kObject || kind == NodeKind::kArray) return;
  out += ' ';
  append_value(out, r, v);
}

bool matches_type(std::uint8_t types, const Node& n) {
  switch (n.kind) {
    case NodeKind::kNull:
      return types & kTypeNull;
    case NodeKind::kBool:
      return types & kTypeBoolean;
    case NodeKind::kString:
      return types & kTypeString;
    case NodeKind::kObject:
      return types & kTypeObject;
    case NodeKind::kArray:
      return types & kTypeArray;
    case NodeKind::kNumber:
      if (types & kTypeNumber) return true;
      return (types & kTypeInteger) && is_integer_token(n.text);
  }
  return false;
}

bool is_multiple_of(double x, double m) {
  if (x == 0) return true;
  const double q = x / m;
  if (std::isfinite(q)) {
    const double r = std::round(q);
    return std::fabs(q - r) <= 1e-9 * std::fmax(1.0, std::fabs(q));
  }
  // x / m overflowed (1e308 / 0.5): fmod is exact, so only a true multiple leaves 0.
  return std::isfinite(x) && std::fmod(x, m) == 0;
}

}  // namespace

class Evaluator {
 public:
  Evaluator(const CompiledSchema& schema, Record& record, ValidationState& state)
      : nodes_(schema.nodes_), values_(schema.values_), record_(record), state_(state) {}

  bool run() {
    state_.errors.clear();
    state_.path.clear();
    if (state_.max_errors == 0) state_.max_errors = 1;
    if (nodes_.empty() || record_.root() == kNoNode) return true;
    return check(0, record_.root(), Mode::kReport);
  }

 private:
  bool full() const { return state_.errors.size() >= state_.max_errors; }

  // The JSON Pointer of the value at the top of the path stack, plus an optional extra member.
  std::string pointer(std::string_view extra_member = {}, bool with_extra = false) {
    std::string out;
    for (const PathSegment& seg : state_.path) {
      if (seg.member == kNoNode) {
        out += '/';
        out += std::to_string(seg.index);
      } else {
        append_pointer_segment(out, record_.key(seg.member, state_.scratch_a));
      }
    }
    if (with_extra) append_pointer_segment(out, extra_member);
    return out;
  }

  void add_error(ErrorKind kind, std::string reason, const SchemaNode& n, std::string_view kw) {
    std::string rule = n.location;
    if (!kw.empty()) {
      rule += '/';
      rule.append(kw);
    }
    state_.errors.push_back(FieldError{kind, pointer(), std::move(reason), std::move(rule)});
  }

  // Hot: runs once per (schema node, value) pair of every record.
  bool check(SchemaId id, NodeId v, Mode mode) {
    const SchemaNode& n = nodes_[id];
    if (n.trivial) return true;
    if (n.always_false) {
      if (mode == Mode::kReport) add_error(ErrorKind::kSchema, "no value is allowed here", n, "");
      return false;
    }
    if (n.types != 0 && !matches_type(n.types, record_.node(v))) {
      if (!(mode == Mode::kReport && n.cast && cast_value(record_, v, n.types, state_.scratch_b))) {
        if (mode == Mode::kReport) report_type(n, v);
        return false;  // the other keywords would only repeat the same complaint
      }
    }
    if (n.checks == 0) return true;  // the common leaf: only `type`
    bool ok = true;
    switch (record_.node(v).kind) {
      case NodeKind::kNumber:
        if (n.checks & kChecksNumber) ok = check_number(n, v, mode);
        break;
      case NodeKind::kString:
        if (n.checks & kChecksString) ok = check_string(n, v, mode);
        break;
      case NodeKind::kArray:
        if (n.checks & kChecksArray) ok = check_array(n, v, mode);
        break;
      case NodeKind::kObject:
        if (n.checks & kChecksObject) ok = check_object(n, v, mode);
        break;
      default:
        break;
    }
    if (!ok && (mode == Mode::kProbe || full())) return false;
    if ((n.checks & kChecksValues) && !check_values(n, v, mode)) {
      ok = false;
      if (mode == Mode::kProbe || full()) return false;
    }
    if ((n.checks & kChecksApplicators) && !check_applicators(n, v, mode)) ok = false;
    return ok;
  }

  void report_type(const SchemaNode& n, NodeId v) {
    std::string reason;
    const Node& node = record_.node(v);
    if (n.cast && cast_applies(node.kind, n.types)) {
      reason = "cannot cast ";
      append_value(reason, record_, v);
      reason += " to ";
      reason += cast_target_list(n.types);
      add_error(ErrorKind::kCast, std::move(reason), n, "type");
      return;
    }
    reason = "expected " + type_list(n.types) + ", got ";
    append_typed_value(reason, record_, v);
    add_error(ErrorKind::kSchema, std::move(reason), n, "type");
  }

  // Reports a failed keyword; returns false when validation of this value must stop.
  bool fail(Mode mode, const SchemaNode& n, std::string_view kw, std::string reason) {
    if (mode == Mode::kProbe) return false;
    add_error(ErrorKind::kSchema, std::move(reason), n, kw);
    return !full();
  }

  bool check_number(const SchemaNode& n, NodeId v, Mode mode) {
    const std::string_view token = record_.node(v).text;
    const double x = number_value(token);
    bool ok = true;
    auto bound = [&](bool good, const Bound& b, std::string_view kw, std::string_view what) {
      if (good) return true;
      ok = false;
      return fail(mode, n, kw,
                  "expected " + std::string(what) + " " + b.text + ", got " + std::string(token));
    };
    if (n.minimum.present && !bound(x >= n.minimum.value, n.minimum, "minimum", "at least"))
      return false;
    if (n.maximum.present && !bound(x <= n.maximum.value, n.maximum, "maximum", "at most"))
      return false;
    if (n.exclusive_minimum.present && !bound(x > n.exclusive_minimum.value, n.exclusive_minimum,
                                              "exclusiveMinimum", "more than")) {
      return false;
    }
    if (n.exclusive_maximum.present && !bound(x < n.exclusive_maximum.value, n.exclusive_maximum,
                                              "exclusiveMaximum", "less than")) {
      return false;
    }
    if (n.multiple_of.present && !bound(is_multiple_of(x, n.multiple_of.value), n.multiple_of,
                                        "multipleOf", "a multiple of")) {
      return false;
    }
    return ok;
  }

  bool check_string(const SchemaNode& n, NodeId v, Mode mode) {
    const Node& node = record_.node(v);
    const std::string_view s =
        node.has_escapes ? record_.string_value(v, state_.scratch_a) : node.text;
    bool ok = true;
    // A string of b bytes has between b/4 and b code points: count them only when that range
    // straddles a bound.
    const auto bytes = static_cast<std::int64_t>(s.size());
    if ((n.min_length >= 0 && bytes / 4 < n.min_length) ||
        (n.max_length >= 0 && bytes > n.max_length)) {
      const auto length = static_cast<std::int64_t>(count_code_points(s));
      if (n.min_length >= 0 && length < n.min_length) {
        ok = false;
        if (!fail(mode, n, "minLength",
                  "expected at least " + std::to_string(n.min_length) + " characters, got " +
                      std::to_string(length))) {
          return false;
        }
      }
      if (n.max_length >= 0 && length > n.max_length) {
        ok = false;
        if (!fail(mode, n, "maxLength",
                  "expected at most " + std::to_string(n.max_length) + " characters, got " +
                      std::to_string(length))) {
          return false;
        }
      }
    }
    // RE2::Match without submatches skips PartialMatch's argument handling.
    if (n.pattern && !n.pattern->Match(s, 0, s.size(), RE2::UNANCHORED, nullptr, 0)) {
      ok = false;
      std::string reason = "expected to match pattern \"" + n.pattern_text + "\", got ";
      append_value(reason, record_, v);
      if (!fail(mode, n, "pattern", std::move(reason))) return false;
    }
    if (n.format != Format::kNone && !check_format(n.format, s)) {
      ok = false;
      std::string reason = "expected format " + std::string(format_name(n.format)) + ", got ";
      append_value(reason, record_, v);
      if (!fail(mode, n, "format", std::move(reason))) return false;
    }
    return ok;
  }

  bool check_array(const SchemaNode& n, NodeId v, Mode mode) {
    bool ok = true;
    if (n.min_items >= 0 || n.max_items >= 0) {
      const auto count = static_cast<std::int64_t>(record_.child_count(v));
      if (n.min_items >= 0 && count < n.min_items) {
        ok = false;
        if (!fail(mode, n, "minItems",
                  "expected at least " + std::to_string(n.min_items) + " items, got " +
                      std::to_string(count))) {
          return false;
        }
      }
      if (n.max_items >= 0 && count > n.max_items) {
        ok = false;
        if (!fail(mode, n, "maxItems",
                  "expected at most " + std::to_string(n.max_items) + " items, got " +
                      std::to_string(count))) {
          return false;
        }
      }
    }
    if (!n.prefix_items.empty() || n.items != kNoSchema) {
      std::size_t index = 0;
      for (NodeId c = record_.node(v).first_child; c != kNoNode;
           c = record_.node(c).next, ++index) {
        const SchemaId s = index < n.prefix_items.size() ? n.prefix_items[index] : n.items;
        if (s == kNoSchema) break;
        if (!check_child(n, s, c, kNoNode, index, mode, "items")) {
          ok = false;
          if (mode == Mode::kProbe || full()) return false;
        }
      }
    }
    if (n.unique_items && !check_unique(n, v, mode)) return false;
    return ok;
  }

  bool check_unique(const SchemaNode& n, NodeId v, Mode mode) {
    std::size_t i = 0;
    for (NodeId a = record_.node(v).first_child; a != kNoNode; a = record_.node(a).next, ++i) {
      std::size_t j = i + 1;
      for (NodeId b = record_.node(a).next; b != kNoNode; b = record_.node(b).next, ++j) {
        if (json_equal(record_, a, record_, b, state_.scratch_a, state_.scratch_b)) {
          fail(mode, n, "uniqueItems",
               "expected unique items, items " + std::to_string(i) + " and " + std::to_string(j) +
                   " are equal");
          return false;
        }
      }
    }
    return true;
  }

  // Checks member/element `c` against schema `s`, with `c` on the path while it runs.
  // A `false` schema from additionalProperties or items gets a message that names the keyword.
  // The segment comes as its two fields: a PathSegment argument, spilled to the stack with two
  // narrow stores and reloaded whole for the push, stalled store forwarding (perf annotate, W1).
  bool check_child(const SchemaNode& parent, SchemaId s, NodeId c, NodeId seg_member,
                   std::size_t seg_index, Mode mode, std::string_view kw) {
    const SchemaNode& child = nodes_[s];
    if (child.trivial) return true;
    if (child.checks == 0 && child.types != 0 && matches_type(child.types, record_.node(c))) {
      return true;  // the common leaf, `{"type": "string"}`, without a call or a path push
    }
    if (mode == Mode::kProbe) return check(s, c, mode);
    PathSegment& seg = state_.path.emplace_back();
    seg.member = seg_member;
    seg.index = seg_index;
    bool ok;
    if (child.always_false && kw == "additionalProperties") {
      add_error(ErrorKind::kSchema, "unexpected field (additionalProperties is false)", parent, kw);
      ok = false;
    } else if (child.always_false && kw == "items") {
      add_error(ErrorKind::kSchema, "unexpected item (items is false)", parent, kw);
      ok = false;
    } else {
      ok = check(s, c, mode);
    }
    state_.path.pop_back();
    return ok;
  }

  // Records usually list their fields in the schema's order, so the member after the last
  // match is tried first; the hash table is the fallback.
  // Hot: once per member of every object checked against `properties` or `required`.
  static const NamedMember* find_member(const SchemaNode& n, std::string_view key,
                                        std::size_t hint) {
    if (hint < n.members.size() && same_text(n.members[hint].name, key)) {
      return &n.members[hint];
    }
    const std::int64_t i = n.member_table.find(key);
    return i < 0 ? nullptr : &n.members[static_cast<std::size_t>(i)];
  }

  bool check_object(const SchemaNode& n, NodeId v, Mode mode) {
    bool ok = true;
    const bool track = n.required_count > 0 && n.members.size() <= 64;
    std::uint64_t seen = 0;
    std::size_t hint = 0;
    for (NodeId c = record_.node(v).first_child; c != kNoNode; c = record_.node(c).next) {
      const Node& member = record_.node(c);
      const std::string_view key =
          member.key_has_escapes ? record_.key(c, state_.scratch_a) : member.key;
      const NamedMember* m = find_member(n, key, hint);
      SchemaId s = n.additional;
      std::string_view kw = "additionalProperties";
      if (m != nullptr) {
        const auto index = static_cast<std::size_t>(m - n.members.data());
        hint = index + 1;
        if (track && m->required) seen |= std::uint64_t{1} << index;
        s = m->schema;
        kw = "properties";
      }
      if (s == kNoSchema) continue;
      if (!check_child(n, s, c, c, 0, mode, kw)) {
        ok = false;
        if (mode == Mode::kProbe || full()) return false;
      }
    }
    if (n.required_count == 0) return ok;
    for (std::size_t i = 0; i < n.members.size(); ++i) {
      const NamedMember& m = n.members[i];
      if (!m.required) continue;
      const bool present = track ? (seen >> i) & 1 : record_.find_member(v, m.name) != kNoNode;
      if (present) continue;
      ok = false;
      if (mode == Mode::kProbe) return false;
      state_.errors.push_back(FieldError{ErrorKind::kMissing, pointer(m.name, true),
                                         "required field is missing", n.location + "/required"});
      if (full()) return false;
    }
    return ok;
  }

  bool check_values(const SchemaNode& n, NodeId v, Mode mode) {
    bool ok = true;
    if (n.const_value != kNoNode &&
        !json_equal(record_, v, values_, n.const_value, state_.scratch_a, state_.scratch_b)) {
      ok = false;
      std::string reason = "expected ";
      append_value(reason, values_, n.const_value);
      reason += ", got ";
      append_value(reason, record_, v);
      if (!fail(mode, n, "const", std::move(reason))) return false;
    }
    if (n.has_enum) {
      const Node& x = record_.node(v);
      if (x.kind == NodeKind::kString && !x.has_escapes) {
        if (n.enum_words.find(x.text) >= 0) return ok;
        if (!n.enum_has_escaped_strings) return enum_mismatch(mode, n, v);
      }
      for (const NodeId e : n.enum_values) {
        if (json_equal(record_, v, values_, e, state_.scratch_a, state_.scratch_b)) return ok;
      }
      return enum_mismatch(mode, n, v);
    }
    return ok;
  }

  bool enum_mismatch(Mode mode, const SchemaNode& n, NodeId v) {
    if (mode == Mode::kProbe) return false;
    fail(mode, n, "enum", enum_message(n, v));
    return false;
  }

  std::string enum_message(const SchemaNode& n, NodeId v) const {
    constexpr std::size_t kShown = 5;
    std::string reason = "expected one of ";
    for (std::size_t i = 0; i < n.enum_values.size() && i < kShown; ++i) {
      if (i > 0) reason += ", ";
      append_value(reason, values_, n.enum_values[i]);
    }
    if (n.enum_values.size() > kShown) {
      reason += ", ... (" + std::to_string(n.enum_values.size()) + " values)";
    }
    reason += ", got ";
    append_value(reason, record_, v);
    return reason;
  }

  bool check_applicators(const SchemaNode& n, NodeId v, Mode mode) {
    bool ok = true;
    if (n.ref != kNoSchema && !check(n.ref, v, mode)) {
      ok = false;
      if (mode == Mode::kProbe || full()) return false;
    }
    for (const SchemaId s : n.all_of) {
      if (!check(s, v, mode)) {
        ok = false;
        if (mode == Mode::kProbe || full()) return false;
      }
    }
    if (!n.any_of.empty()) {
      bool any = false;
      for (const SchemaId s : n.any_of) {
        if (check(s, v, Mode::kProbe)) {
          any = true;
          break;
        }
      }
      if (!any) {
        ok = false;
        if (!fail(mode, n, "anyOf",
                  "expected to match at least one schema of anyOf, matched none")) {
          return false;
        }
      }
    }
    if (!n.one_of.empty()) {
      std::size_t matched = 0;
      for (const SchemaId s : n.one_of) {
        if (check(s, v, Mode::kProbe) && ++matched > 1) break;
      }
      if (matched != 1) {
        ok = false;
        if (!fail(mode, n, "oneOf",
                  matched == 0 ? "expected to match exactly one schema of oneOf, matched none"
                               : "expected to match exactly one schema of oneOf, matched more")) {
          return false;
        }
      }
    }
    if (n.not_schema != kNoSchema && check(n.not_schema, v, Mode::kProbe)) {
      ok = false;
      fail(mode, n, "not", "expected not to match the schema of not");
    }
    return ok;
  }

  const std::vector<SchemaNode>& nodes_;
  const Record& values_;
  Record& record_;
  ValidationState& state_;
};

// Hot: once per record.
bool CompiledSchema::validate(Record& record, ValidationState& state) const {
  return Evaluator(*this, record, state).run();
}

}  // namespace recproc::schema
