#include "schema/schema_inference.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "schema/format_keyword.h"
#include "schema/json_compare.h"
#include "schema/json_value.h"
#include "schema/schema_node.h"

namespace recproc::schema {

// Formats tried for strings, most specific first; a field gets the first one all its strings match.
constexpr Format kCandidateFormats[] = {Format::kDateTime, Format::kDate, Format::kTime,
                                        Format::kUuid,     Format::kIpv4, Format::kIpv6,
                                        Format::kEmail};
constexpr std::uint8_t kAllFormats = (1u << std::size(kCandidateFormats)) - 1;

struct Shape {
  std::uint64_t seen = 0;
  std::uint8_t types = 0;
  std::uint64_t strings = 0;
  std::uint8_t formats = kAllFormats;  ///< bit i: every string so far is kCandidateFormats[i]
  std::vector<std::string> distinct;   ///< string values while few enough for an enum
  bool too_many = false;
  std::uint64_t objects = 0;
  std::vector<std::pair<std::string, std::unique_ptr<Shape>>> members;
  std::unordered_map<std::string, std::size_t> index;
  std::unique_ptr<Shape> items;
};

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The type a CSV field's text stands for, following the --cast rules, or kTypeString.
// Leading zeros and surrounding blanks keep a value a string: casting would change its text.
std::uint8_t text_type(std::string_view s) {
  if (s.empty()) return kTypeNull;
  if (s == "true" || s == "false" || s == "TRUE" || s == "FALSE" || s == "True" || s == "False") {
    return kTypeBoolean;
  }
  std::size_t i = s[0] == '-' ? 1 : 0;
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  const std::size_t int_digits = i - int_start;
  if (int_digits == 0 || (int_digits > 1 && s[int_start] == '0')) return kTypeString;
  if (i == s.size()) return kTypeInteger;
  if (s[i] == '.') {
    const std::size_t frac = ++i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == frac) return kTypeString;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    const std::size_t exp = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == exp) return kTypeString;
  }
  return i == s.size() ? kTypeNumber : kTypeString;
}

class Observer {
 public:
  Observer(const InferenceOptions& options, const Record& record, std::string& scratch)
      : options_(options), record_(record), scratch_(scratch) {}

  void observe(Shape& shape, NodeId v) {
    ++shape.seen;
    const Node& n = record_.node(v);
    switch (n.kind) {
      case NodeKind::kNull:
        shape.types |= kTypeNull;
        return;
      case NodeKind::kBool:
        shape.types |= kTypeBoolean;
        return;
      case NodeKind::kNumber:
        shape.types |=
            n.text.find_first_of(".eE") == std::string_view::npos ? kTypeInteger : kTypeNumber;
        return;
      case NodeKind::kString:
        return observe_string(shape, record_.string_value(v, scratch_));
      case NodeKind::kArray:
        shape.types |= kTypeArray;
        for (NodeId c = n.first_child; c != kNoNode; c = record_.node(c).next) {
          if (!shape.items) shape.items = std::make_unique<Shape>();
          observe(*shape.items, c);
        }
        return;
      case NodeKind::kObject:
        shape.types |= kTypeObject;
        ++shape.objects;
        for (NodeId c = n.first_child; c != kNoNode; c = record_.node(c).next) {
          observe(member(shape, std::string(record_.key(c, scratch_))), c);
        }
        return;
    }
  }

 private:
  static Shape& member(Shape& shape, const std::string& name) {
    const auto [it, added] = shape.index.emplace(name, shape.members.size());
    if (added) shape.members.emplace_back(name, std::make_unique<Shape>());
    return *shape.members[it->second].second;
  }

  void observe_string(Shape& shape, std::string_view s) {
    if (options_.values_are_text) {
      const std::uint8_t t = text_type(s);
      if (t != kTypeString) {
        shape.types |= t;
        return;
      }
    }
    shape.types |= kTypeString;
    ++shape.strings;
    for (std::size_t i = 0; i < std::size(kCandidateFormats); ++i) {
      if ((shape.formats >> i & 1) && !check_format(kCandidateFormats[i], s)) {
        shape.formats &= static_cast<std::uint8_t>(~(1u << i));
      }
    }
    if (shape.too_many) return;
    if (std::find(shape.distinct.begin(), shape.distinct.end(), s) != shape.distinct.end()) return;
    shape.distinct.emplace_back(s);
    if (shape.distinct.size() > options_.max_enum_values) {
      shape.too_many = true;
      shape.distinct.clear();
    }
  }

  const InferenceOptions& options_;
  const Record& record_;
  std::string& scratch_;
};

Json json_string(std::string text) {
  Json j;
  j.type = Json::Type::kString;
  j.text = std::move(text);
  return j;
}

Json json_object() {
  Json j;
  j.type = Json::Type::kObject;
  return j;
}

Json json_array() {
  Json j;
  j.type = Json::Type::kArray;
  return j;
}

std::vector<std::string_view> type_names(std::uint8_t types) {
  if ((types & kTypeInteger) && (types & kTypeNumber)) types &= ~kTypeInteger;
  static constexpr std::pair<std::uint8_t, std::string_view> kOrder[] = {
      {kTypeObject, "object"},   {kTypeArray, "array"},   {kTypeString, "string"},
      {kTypeInteger, "integer"}, {kTypeNumber, "number"}, {kTypeBoolean, "boolean"},
      {kTypeNull, "null"}};
  std::vector<std::string_view> names;
  for (const auto& [bit, name] : kOrder) {
    if (types & bit) names.push_back(name);
  }
  return names;
}

// The format every string of `shape` matches, or kNone.
Format common_format(const Shape& shape) {
  if (shape.strings == 0) return Format::kNone;
  for (std::size_t i = 0; i < std::size(kCandidateFormats); ++i) {
    if (shape.formats >> i & 1) return kCandidateFormats[i];
  }
  return Format::kNone;
}

Json to_schema(const Shape& shape, const InferenceOptions& options) {
  Json s = json_object();
  const auto names = type_names(shape.types);
  if (names.size() == 1) {
    s.members.emplace_back("type", json_string(std::string(names[0])));
  } else if (names.size() > 1) {
    Json list = json_array();
    for (const auto name : names) list.items.push_back(json_string(std::string(name)));
    s.members.emplace_back("type", std::move(list));
  }
  const Format format = common_format(shape);
  const bool only_strings = (shape.types & ~(kTypeString | kTypeNull)) == 0;
  if (format != Format::kNone) {
    s.members.emplace_back("format", json_string(std::string(format_name(format))));
  } else if (only_strings && !shape.too_many && !shape.distinct.empty() &&
             shape.strings >= options.min_enum_repeats * shape.distinct.size()) {
    std::vector<std::string> values = shape.distinct;
    std::sort(values.begin(), values.end());
    Json list = json_array();
    for (auto& v : values) list.items.push_back(json_string(std::move(v)));
    if (shape.types & kTypeNull) list.items.emplace_back();  // enum must admit the nulls too
    s.members.emplace_back("enum", std::move(list));
  }
  if (!shape.members.empty()) {
    Json props = json_object();
    Json required = json_array();
    for (const auto& [name, child] : shape.members) {
      props.members.emplace_back(name, to_schema(*child, options));
      if (child->seen >= shape.objects) required.items.push_back(json_string(name));
    }
    s.members.emplace_back("properties", std::move(props));
    if (!required.items.empty()) s.members.emplace_back("required", std::move(required));
  }
  if (shape.items) s.members.emplace_back("items", to_schema(*shape.items, options));
  return s;
}

std::string type_label(const Shape& shape) {
  std::string label;
  for (const auto name : type_names(shape.types)) {
    if (!label.empty()) label += '|';
    label.append(name);
  }
  if (label.empty()) label = "-";
  const Format format = common_format(shape);
  if (format != Format::kNone) label += " (" + std::string(format_name(format)) + ")";
  return label;
}

}  // namespace

SchemaInference::SchemaInference(InferenceOptions options)
    : options_(options), root_(std::make_unique<Shape>()) {}

SchemaInference::~SchemaInference() = default;

void SchemaInference::add(const Record& record) {
  if (record.root() == kNoNode) return;
  ++records_;
  Observer(options_, record, scratch_).observe(*root_, record.root());
}

std::string SchemaInference::schema_json() const {
  Json schema = json_object();
  schema.members.emplace_back("$schema",
                              json_string("https://json-schema.org/draft/2020-12/schema"));
  Json body = to_schema(*root_, options_);
  for (auto& member : body.members) schema.members.push_back(std::move(member));
  std::string out;
  write_json_pretty(schema, out);
  out += '\n';
  return out;
}

std::vector<std::pair<std::string, std::string>> SchemaInference::column_types() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, child] : root_->members) {
    std::string label = type_label(*child);
    if (child->seen < root_->objects) label += "?";  // missing from some records
    out.emplace_back(name, std::move(label));
  }
  return out;
}

}  // namespace recproc::schema
