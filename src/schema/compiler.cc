// Turns a schema document into CompiledSchema nodes. Runs once at start; every problem is a
// UsageError naming the schema file and the JSON Pointer location of the offending keyword, so a
// schema recproc cannot honour exactly is refused rather than half applied (issue 3).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "recproc/error.h"
#include "schema/json_compare.h"
#include "schema/json_value.h"
#include "schema/regex_translate.h"
#include "schema/schema.h"
#include "schema/schema_node.h"

namespace recproc::schema {
namespace {

constexpr std::string_view kDraft202012 = "https://json-schema.org/draft/2020-12/schema";

// Keywords that only annotate: accepted anywhere and not checked.
bool is_annotation(std::string_view kw) {
  return kw == "title" || kw == "description" || kw == "$comment" || kw == "default" ||
         kw == "examples" || kw == "deprecated" || kw == "readOnly" || kw == "writeOnly";
}

std::string child_location(const std::string& parent, std::string_view seg) {
  std::string out = parent;
  append_pointer_segment(out, seg);
  return out;
}

}  // namespace

class Compiler {
 public:
  Compiler(const Json& root, std::string_view source, const CompileOptions& options,
           CompiledSchema& out)
      : root_(root), out_(out) {
    out_.source_ = std::string(source);
    out_.options_ = options;
  }

  void run() {
    compile_at(root_, "#");
    check_in_place_cycles();
  }

 private:
  [[noreturn]] void fail(const std::string& message, const std::string& location) const {
    throw UsageError(out_.source_ + ": " + message + " at " + location);
  }

  [[noreturn]] void fail_value(std::string_view kw, std::string_view expected,
                               const std::string& location) const {
    fail("keyword \"" + std::string(kw) + "\" must be " + std::string(expected), location);
  }

  SchemaId compile_at(const Json& v, const std::string& location) {
    if (const auto it = memo_.find(location); it != memo_.end()) return it->second;
    const auto id = static_cast<SchemaId>(out_.nodes_.size());
    out_.nodes_.emplace_back();
    memo_.emplace(location, id);

    SchemaNode n;
    n.location = location;
    if (v.is_bool()) {
      n.always_false = !v.bool_value;
      n.trivial = v.bool_value;
    } else if (v.is_object()) {
      for (const auto& [kw, value] : v.members) compile_keyword(n, kw, value);
      finish(n);
    } else {
      fail("a schema must be an object or a boolean, got " + std::string(v.type_name()), location);
    }
    out_.nodes_[id] = std::move(n);
    return id;
  }

  void compile_keyword(SchemaNode& n, const std::string& kw, const Json& value) {
    const std::string& loc = n.location;
    const bool is_root = loc == "#";
    if (is_annotation(kw)) return;
    if (kw == "$schema" && is_root) return check_dialect(value, loc);
    if (kw == "$id" && is_root) {
      // Only the root may name itself: $id elsewhere changes how $ref resolves.
      if (!value.is_string()) fail_value(kw, "a string", loc);
      return;
    }
    if (kw == "$defs" || kw == "definitions") return compile_defs(kw, value, loc);
    n.trivial = false;
    if (kw == "type") return compile_type(n, value);
    if (kw == "properties") return compile_properties(n, value);
    if (kw == "required") return compile_required(n, value);
    if (kw == "additionalProperties") {
      n.additional = compile_at(value, child_location(loc, kw));
      return;
    }
    if (kw == "enum") return compile_enum(n, value);
    if (kw == "const") {
      n.const_value = json_to_record(value, out_.values_);
      return;
    }
    if (kw == "minimum") return compile_bound(n.minimum, kw, value, loc);
    if (kw == "maximum") return compile_bound(n.maximum, kw, value, loc);
    if (kw == "exclusiveMinimum") return compile_bound(n.exclusive_minimum, kw, value, loc);
    if (kw == "exclusiveMaximum") return compile_bound(n.exclusive_maximum, kw, value, loc);
    if (kw == "multipleOf") {
      compile_bound(n.multiple_of, kw, value, loc);
      if (!(n.multiple_of.value > 0)) fail_value(kw, "a number greater than 0", loc);
      return;
    }
    if (kw == "minLength") return compile_count(n.min_length, kw, value, loc);
    if (kw == "maxLength") return compile_count(n.max_length, kw, value, loc);
    if (kw == "minItems") return compile_count(n.min_items, kw, value, loc);
    if (kw == "maxItems") return compile_count(n.max_items, kw, value, loc);
    if (kw == "uniqueItems") {
      if (!value.is_bool()) fail_value(kw, "a boolean", loc);
      n.unique_items = value.bool_value;
      return;
    }
    if (kw == "pattern") return compile_pattern(n, value);
    if (kw == "format") return compile_format(n, value);
    if (kw == "items") {
      if (!value.is_bool() && !value.is_object()) {
        fail_value(kw, "a schema (2020-12: use prefixItems for a list of schemas)", loc);
      }
      n.items = compile_at(value, child_location(loc, kw));
      return;
    }
    if (kw == "prefixItems") return compile_schema_list(n.prefix_items, kw, value, loc);
    if (kw == "allOf") return compile_schema_list(n.all_of, kw, value, loc);
    if (kw == "anyOf") return compile_schema_list(n.any_of, kw, value, loc);
    if (kw == "oneOf") return compile_schema_list(n.one_of, kw, value, loc);
    if (kw == "not") {
      n.not_schema = compile_at(value, child_location(loc, kw));
      return;
    }
    if (kw == "$ref") return compile_ref(n, value);
    fail("unsupported keyword \"" + kw + "\"", loc);
  }

  void check_dialect(const Json& value, const std::string& loc) {
    if (!value.is_string()) fail_value("$schema", "a string", loc);
    std::string_view uri = value.text;
    if (uri.ends_with('#')) uri.remove_suffix(1);
    if (uri != kDraft202012) {
      fail("unsupported $schema \"" + value.text + "\" (recproc implements draft 2020-12)", loc);
    }
  }

  void compile_defs(std::string_view kw, const Json& value, const std::string& loc) {
    if (!value.is_object()) fail_value(kw, "an object of schemas", loc);
    const std::string defs_loc = child_location(loc, kw);
    for (const auto& [name, schema] : value.members)
      compile_at(schema, child_location(defs_loc, name));
  }

  void compile_type(SchemaNode& n, const Json& value) {
    auto bit = [&](const Json& name) -> std::uint8_t {
      if (name.is_string()) {
        if (name.text == "null") return kTypeNull;
        if (name.text == "boolean") return kTypeBoolean;
        if (name.text == "integer") return kTypeInteger;
        if (name.text == "number") return kTypeNumber;
        if (name.text == "string") return kTypeString;
        if (name.text == "array") return kTypeArray;
        if (name.text == "object") return kTypeObject;
      }
      fail_value("type", "one of null, boolean, integer, number, string, array, object",
                 n.location);
    };
    if (value.is_array()) {
      if (value.items.empty())
        fail_value("type", "a type name or a non-empty array of them", n.location);
      for (const Json& name : value.items) n.types |= bit(name);
    } else {
      n.types = bit(value);
    }
    n.cast = options().cast;
  }

  void compile_properties(SchemaNode& n, const Json& value) {
    if (!value.is_object()) fail_value("properties", "an object of schemas", n.location);
    const std::string props_loc = child_location(n.location, "properties");
    for (const auto& [name, schema] : value.members) {
      member(n, name).schema = compile_at(schema, child_location(props_loc, name));
    }
  }

  void compile_required(SchemaNode& n, const Json& value) {
    if (!value.is_array()) fail_value("required", "an array of strings", n.location);
    for (const Json& name : value.items) {
      if (!name.is_string()) fail_value("required", "an array of strings", n.location);
      NamedMember& m = member(n, name.text);
      if (!m.required) ++n.required_count;
      m.required = true;
    }
  }

  // The entry for `name` in n.members, added in schema order when new.
  static NamedMember& member(SchemaNode& n, const std::string& name) {
    for (NamedMember& m : n.members) {
      if (m.name == name) return m;
    }
    return n.members.emplace_back(NamedMember{name});
  }

  // Precomputes what the hot path tests: which keyword groups are present, the name index.
  static void finish(SchemaNode& n) {
    auto set = [&n](bool present, CheckBit bit) {
      if (present) n.checks |= bit;
    };
    set(n.minimum.present || n.maximum.present || n.exclusive_minimum.present ||
            n.exclusive_maximum.present || n.multiple_of.present,
        kChecksNumber);
    set(n.min_length >= 0 || n.max_length >= 0 || n.pattern || n.format != Format::kNone,
        kChecksString);
    set(!n.prefix_items.empty() || n.items != kNoSchema || n.min_items >= 0 || n.max_items >= 0 ||
            n.unique_items,
        kChecksArray);
    set(!n.members.empty() || n.additional != kNoSchema, kChecksObject);
    set(n.has_enum || n.const_value != kNoNode, kChecksValues);
    set(n.ref != kNoSchema || !n.all_of.empty() || !n.any_of.empty() || !n.one_of.empty() ||
            n.not_schema != kNoSchema,
        kChecksApplicators);
    for (const NamedMember& m : n.members) n.member_table.add(m.name);
  }

  void compile_enum(SchemaNode& n, const Json& value) {
    if (!value.is_array()) fail_value("enum", "an array", n.location);
    n.has_enum = true;
    for (const Json& item : value.items)
      n.enum_values.push_back(json_to_record(item, out_.values_));
    for (NodeId id : n.enum_values) {
      const Node& v = out_.values_.node(id);
      if (v.kind != NodeKind::kString) continue;
      if (v.has_escapes) {
        n.enum_has_escaped_strings = true;
      } else {
        n.enum_words.add(std::string(v.text));
      }
    }
  }

  void compile_bound(Bound& b, std::string_view kw, const Json& value, const std::string& loc) {
    if (!value.is_number()) fail_value(kw, "a number", loc);
    b.present = true;
    b.text = value.text;
    b.value = number_value(value.text);
  }

  void compile_count(std::int64_t& out, std::string_view kw, const Json& value,
                     const std::string& loc) {
    if (!value.is_number() || !is_integer_token(value.text) || value.text.starts_with('-')) {
      fail_value(kw, "a non-negative integer", loc);
    }
    const double v = number_value(value.text);
    out = v >= 9.2e18 ? INT64_MAX : static_cast<std::int64_t>(v);
  }

  void compile_pattern(SchemaNode& n, const Json& value) {
    if (!value.is_string()) fail_value("pattern", "a string", n.location);
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_encoding(RE2::Options::EncodingUTF8);
    auto re = std::make_unique<RE2>(ecma_to_re2(value.text), opts);
    if (!re->ok()) {
      fail("pattern \"" + value.text + "\" is not supported by RE2 (" + re->error() + ")",
           child_location(n.location, "pattern"));
    }
    n.pattern = std::move(re);
    n.pattern_text = value.text;
  }

  void compile_format(SchemaNode& n, const Json& value) {
    if (!value.is_string()) fail_value("format", "a string", n.location);
    if (!options().format_assert) return;  // annotation only: every format accepts everything
    const auto format = format_from_name(value.text);
    if (!format) {
      fail("unsupported format \"" + value.text +
               "\" (recproc checks date-time, date, time, email, ipv4, ipv6, uuid)",
           n.location);
    }
    n.format = *format;
  }

  void compile_schema_list(std::vector<SchemaId>& out, std::string_view kw, const Json& value,
                           const std::string& loc) {
    if (!value.is_array() || value.items.empty())
      fail_value(kw, "a non-empty array of schemas", loc);
    const std::string list_loc = child_location(loc, kw);
    for (std::size_t i = 0; i < value.items.size(); ++i) {
      out.push_back(compile_at(value.items[i], child_location(list_loc, std::to_string(i))));
    }
  }

  void compile_ref(SchemaNode& n, const Json& value) {
    if (!value.is_string()) fail_value("$ref", "a string", n.location);
    const std::string& ref = value.text;
    if (ref != "#" && !ref.starts_with("#/")) {
      fail("unsupported $ref \"" + ref +
               "\" (only local JSON Pointer refs such as \"#/$defs/name\")",
           n.location);
    }
    // Walk the pointer through the document, building the canonical location of the target.
    const std::string pointer = percent_decode(std::string_view(ref).substr(1));
    const Json* target = &root_;
    std::string location = "#";
    std::size_t pos = 0;
    while (pos < pointer.size()) {
      const std::size_t next = pointer.find('/', pos + 1);
      std::string seg =
          pointer.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1);
      pos = next == std::string::npos ? pointer.size() : next;
      std::string unescaped;
      for (std::size_t i = 0; i < seg.size(); ++i) {
        if (seg[i] == '~' && i + 1 < seg.size() && (seg[i + 1] == '0' || seg[i + 1] == '1')) {
          unescaped += seg[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          unescaped += seg[i];
        }
      }
      target = step(*target, unescaped);
      if (target == nullptr) fail("$ref \"" + ref + "\" points to nothing", n.location);
      location = child_location(location, unescaped);
    }
    n.ref = compile_at(*target, location);
  }

  static const Json* step(const Json& v, const std::string& seg) {
    if (v.is_object()) return v.find(seg);
    if (!v.is_array() || seg.empty() || (seg.size() > 1 && seg[0] == '0')) return nullptr;
    std::size_t index = 0;
    const auto [ptr, ec] = std::from_chars(seg.data(), seg.data() + seg.size(), index);
    if (ec != std::errc() || ptr != seg.data() + seg.size() || index >= v.items.size()) {
      return nullptr;
    }
    return &v.items[index];
  }

  // A cycle through $ref/allOf/anyOf/oneOf/not applies a schema to the same value again and
  // again without end; refuse it instead of overflowing the stack on the first record.
  void check_in_place_cycles() {
    std::vector<std::uint8_t> state(out_.nodes_.size(), 0);  // 0 new, 1 on stack, 2 done
    for (SchemaId id = 0; id < out_.nodes_.size(); ++id) visit(id, state);
  }

  void visit(SchemaId id, std::vector<std::uint8_t>& state) {
    if (state[id] == 2) return;
    if (state[id] == 1) fail("$ref cycle that never reaches a value", out_.nodes_[id].location);
    state[id] = 1;
    const SchemaNode& n = out_.nodes_[id];
    if (n.ref != kNoSchema) visit(n.ref, state);
    if (n.not_schema != kNoSchema) visit(n.not_schema, state);
    for (const SchemaId s : n.all_of) visit(s, state);
    for (const SchemaId s : n.any_of) visit(s, state);
    for (const SchemaId s : n.one_of) visit(s, state);
    state[id] = 2;
  }

  const CompileOptions& options() const { return out_.options_; }

  const Json& root_;
  CompiledSchema& out_;
  std::unordered_map<std::string, SchemaId> memo_;
};

std::vector<std::string> CompiledSchema::rules() const {
  std::vector<std::string> out;
  for (const SchemaNode& n : nodes_) {
    auto add = [&](bool present, std::string_view kw) {
      if (present) out.push_back(n.location + "/" + std::string(kw));
    };
    if (n.always_false) out.push_back(n.location);
    add(n.types != 0, "type");
    add(n.required_count > 0, "required");
    add(n.has_enum, "enum");
    add(n.const_value != kNoNode, "const");
    add(n.minimum.present, "minimum");
    add(n.maximum.present, "maximum");
    add(n.exclusive_minimum.present, "exclusiveMinimum");
    add(n.exclusive_maximum.present, "exclusiveMaximum");
    add(n.multiple_of.present, "multipleOf");
    add(n.min_length >= 0, "minLength");
    add(n.max_length >= 0, "maxLength");
    add(n.pattern != nullptr, "pattern");
    add(n.format != Format::kNone, "format");
    add(n.min_items >= 0, "minItems");
    add(n.max_items >= 0, "maxItems");
    add(n.unique_items, "uniqueItems");
    add(!n.any_of.empty(), "anyOf");
    add(!n.one_of.empty(), "oneOf");
    add(n.not_schema != kNoSchema, "not");
  }
  return out;
}

CompiledSchema::CompiledSchema() = default;
CompiledSchema::~CompiledSchema() = default;

SchemaPtr compile(std::string_view json_text, std::string_view source_name,
                  const CompileOptions& options) {
  JsonParseOptions parse_options;
  parse_options.reject_duplicate_keys = true;
  const Json root = parse_json(json_text, source_name, parse_options);
  auto schema = std::make_shared<CompiledSchema>();
  Compiler(root, source_name, options, *schema).run();
  return schema;
}

}  // namespace recproc::schema
