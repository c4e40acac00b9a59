#include "record/json_parser.h"

#include <simdjson.h>

#include <cstring>

#include "record/simdjson_kernel.h"

namespace recproc {

namespace ondemand = simdjson::ondemand;
using simdjson::error_code;

namespace {

// value::raw_json_token() returns a string_view, document's a simdjson_result.
std::string_view token_of(ondemand::value& v) { return v.raw_json_token(); }
std::string_view token_of(ondemand::document& d) {
  std::string_view tok;
  if (d.raw_json_token().get(tok)) return {};
  return tok;
}

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool is_json_number(std::string_view s) {
  std::size_t i = 0, n = s.size();
  if (i < n && s[i] == '-') ++i;
  if (i >= n) return false;
  if (s[i] == '0') {
    ++i;
  } else if (is_digit(s[i])) {
    while (i < n && is_digit(s[i])) ++i;
  } else {
    return false;
  }
  if (i < n && s[i] == '.') {
    if (++i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i >= n || !is_digit(s[i])) return false;
    while (i < n && is_digit(s[i])) ++i;
  }
  return i == n;
}

// The escaped key starts right after its opening quote; find the closing one.
std::string_view key_text(const char* start, bool& has_escapes) {
  const char* p = start;
  has_escapes = false;
  while (*p != '"') {
    if (*p == '\\') {
      has_escapes = true;
      ++p;
    }
    ++p;
  }
  return {start, static_cast<std::size_t>(p - start)};
}

// Builds the record tree from on-demand values, visiting every value so that the whole record
// is validated (on-demand only checks what it visits).
// Hot: runs once per input value; benchmark changes (bench/RESULTS.md).
// With kBuild false it only validates: the identity path (no transforms) needs no tree, as the
// writer copies the minified source text, and fields that no transform reads need no nodes.
class TreeBuilder {
 public:
  explicit TreeBuilder(Record& r) : r_(r) {}

  template <bool kBuild, typename V>
  error_code scalar(V& v, ondemand::json_type type, NodeId& out) {
    switch (type) {
      case ondemand::json_type::number: {
        // Checked against the JSON grammar rather than converted: the text is what we keep, and
        // integers beyond 64 bits are valid JSON that a conversion would refuse.
        std::string_view tok = scalar_token(token_of(v));
        if (!is_json_number(tok)) return simdjson::NUMBER_ERROR;
        if constexpr (kBuild) out = r_.make_number_token(tok);
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::string: {
        std::string_view tok = scalar_token(token_of(v));
        if (tok.size() < 2 || tok.back() != '"') return simdjson::STRING_ERROR;
        std::string_view text = tok.substr(1, tok.size() - 2);
        bool has_escapes = std::memchr(text.data(), '\\', text.size()) != nullptr;
        // Escapes are only checked when unescaped, so check them when there are any.
        if (has_escapes) {
          std::string_view unused;
          if (auto e = v.get_string().get(unused)) return e;
        }
        if constexpr (kBuild) out = r_.make_string_escaped(text, has_escapes);
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::boolean: {
        scalar_token(token_of(v));
        bool b = false;
        if (auto e = v.get_bool().get(b)) return e;
        if constexpr (kBuild) out = r_.make_bool(b);
        return simdjson::SUCCESS;
      }
      case ondemand::json_type::null: {
        scalar_token(token_of(v));
        bool is_null = false;
        if (auto e = v.is_null().get(is_null)) return e;
        if (!is_null) return simdjson::N_ATOM_ERROR;
        if constexpr (kBuild) out = r_.make_null();
        return simdjson::SUCCESS;
      }
      default: return simdjson::INCORRECT_TYPE;
    }
  }

  template <bool kBuild>
  error_code value(ondemand::value& v, NodeId& out) {
    ondemand::json_type type;
    if (auto e = v.type().get(type)) return e;
    if (type == ondemand::json_type::object) {
      const char* start = v.raw_json_token().data();
      ondemand::object obj;
      if (auto e = v.get_object().get(obj)) return e;
      return object<kBuild>(obj, start, out);
    }
    if (type == ondemand::json_type::array) {
      const char* start = v.raw_json_token().data();
      ondemand::array arr;
      if (auto e = v.get_array().get(arr)) return e;
      return array<kBuild>(arr, start, out);
    }
    return scalar<kBuild>(v, type, out);
  }

  // kRoot: the record's top-level object, where fields nobody wants are validated but not built.
  template <bool kBuild, bool kRoot = false>
  error_code object(ondemand::object& obj, const char* start, NodeId& out) {
    if constexpr (kBuild) out = r_.make_object();
    token_at(start, 1);
    bool first = true;
    for (auto field_result : obj) {
      // Used in place: moving the field out copies simdjson's iterator, which GCC does with
      // a load wider than the stores that just wrote it (a store-forwarding stall).
      if (auto e = field_result.error()) return e;
      ondemand::field& field = field_result.value_unsafe();
      if (!first) ++next_;  // the comma
      first = false;
      const char* key_start = field.key().raw();
      bool key_escapes = false;
      std::string_view key = key_text(key_start, key_escapes);
      if (key_escapes && !decode_json_string(key, scratch_)) return simdjson::STRING_ERROR;
      token_at(key_start - 1, key.size() + 3);  // "key":
      if constexpr (kBuild && kRoot) {
        if (!wanted(key_escapes ? std::string_view(scratch_) : key)) {
          pruned_ = true;
          NodeId unused = kNoNode;
          if (auto e = value<false>(field.value(), unused)) return e;
          continue;
        }
      }
      NodeId child = kNoNode;
      if (auto e = value<kBuild>(field.value(), child)) return e;
      if constexpr (kBuild) r_.append_member_escaped(out, key, key_escapes, child);
    }
    ++next_;  // the closing brace
    return simdjson::SUCCESS;
  }

  template <bool kBuild>
  error_code array(ondemand::array& arr, const char* start, NodeId& out) {
    if constexpr (kBuild) out = r_.make_array();
    token_at(start, 1);
    bool first = true;
    for (auto element : arr) {
      ondemand::value v;
      if (auto e = std::move(element).get(v)) return e;
      if (!first) ++next_;  // the comma
      first = false;
      NodeId child = kNoNode;
      if (auto e = value<kBuild>(v, child)) return e;
      if constexpr (kBuild) r_.append_element(out, child);
    }
    ++next_;  // the closing bracket
    return simdjson::SUCCESS;
  }

  template <bool kBuild>
  error_code document(ondemand::document& doc, std::string_view text, NodeId& out) {
    next_ = text.data();
    text_end_ = text.data() + text.size();
    ondemand::json_type type;
    if (auto e = doc.type().get(type)) return e;
    error_code e = simdjson::SUCCESS;
    if (type == ondemand::json_type::object) {
      const char* start = token_of(doc).data();
      ondemand::object obj;
      if ((e = doc.get_object().get(obj))) return e;
      e = wanted_ ? object<kBuild, true>(obj, start, out) : object<kBuild>(obj, start, out);
    } else if (type == ondemand::json_type::array) {
      const char* start = token_of(doc).data();
      ondemand::array arr;
      if ((e = doc.get_array().get(arr))) return e;
      e = array<kBuild>(arr, start, out);
    } else {
      // A scalar document is one token: anything beside it ("1 2") is trailing content.
      if (auto e2 = scalar<kBuild>(doc, type, out)) return e2;
      std::string_view tok = trim_right(token_of(doc));
      std::string_view whole = trim_right(text);
      while (!whole.empty() && (whole[0] == ' ' || whole[0] == '\n' || whole[0] == '\r' ||
                                whole[0] == '\t'))
        whole.remove_prefix(1);
      return whole.size() == tok.size() ? simdjson::SUCCESS : simdjson::TRAILING_CONTENT;
    }
    if (e) return e;
    // Anything after the document ("[][]", "1 2") is an error; OUT_OF_BOUNDS means at the end.
    auto at = doc.current_location();
    if (at.error() == simdjson::OUT_OF_BOUNDS) return simdjson::SUCCESS;
    return at.error() ? at.error() : simdjson::TRAILING_CONTENT;
  }

  /// Whether the text has no whitespace outside strings, known once document() succeeded.
  bool minified() const { return minified_ && next_ == text_end_; }

  /// Builds only these top-level fields (nullptr: all of them).
  void set_wanted(const std::vector<std::string>* wanted) { wanted_ = wanted; }
  /// Whether a top-level field was left out of the tree.
  bool pruned() const { return pruned_; }

 private:
  // Minified-text tracking: next_ is where the next token starts if there is no whitespace.
  // Every token is checked against it, so any whitespace moves a later token (or the end) off
  // its place. The cost is a compare per token; the gain is that NDJSON which is already
  // minified (what most producers write) is copied rather than run through the minifier.
  void token_at(const char* start, std::size_t length) {
    minified_ = minified_ && start == next_;
    next_ = start + length;
  }
  std::string_view scalar_token(std::string_view raw) {
    // simdjson's raw token runs up to the next structural character, whitespace included.
    std::string_view tok = trim_right(raw);
    minified_ = minified_ && tok.size() == raw.size();
    token_at(raw.data(), tok.size());
    return tok;
  }

  bool wanted(std::string_view key) const {
    for (const std::string& name : *wanted_) {
      if (same_text(name, key)) return true;
    }
    return false;
  }

  Record& r_;
  std::string scratch_;
  const std::vector<std::string>* wanted_ = nullptr;
  bool pruned_ = false;
  const char* next_ = nullptr;
  const char* text_end_ = nullptr;
  bool minified_ = true;
};

std::string describe(error_code e) {
  switch (e) {
    case simdjson::TAPE_ERROR: return "invalid JSON structure";
    case simdjson::INCOMPLETE_ARRAY_OR_OBJECT: return "unclosed array or object";
    case simdjson::TRAILING_CONTENT: return "unexpected content after the JSON value";
    case simdjson::STRING_ERROR: return "invalid string";
    case simdjson::UNCLOSED_STRING: return "unclosed string";
    case simdjson::UNESCAPED_CHARS: return "unescaped control character in string";
    case simdjson::UTF8_ERROR: return "invalid UTF-8";
    case simdjson::NUMBER_ERROR: return "invalid number";
    case simdjson::T_ATOM_ERROR:
    case simdjson::F_ATOM_ERROR:
    case simdjson::N_ATOM_ERROR:
    case simdjson::INCORRECT_TYPE: return "invalid literal";
    case simdjson::DEPTH_ERROR: return "nesting too deep";
    case simdjson::EMPTY: return "empty document";
    default: return simdjson::error_message(e);
  }
}

}  // namespace

struct JsonParser::Impl {
  ondemand::parser parser;
  std::string padded;  // for text without enough padding after it
  Record value;        // parse_value's staging tree, reused so plugins' set_json allocates nothing
};

JsonParser::JsonParser() {
  choose_simdjson_kernel();  // before the first parser allocates its buffers with a kernel
  impl_ = std::make_unique<Impl>();
}
JsonParser::~JsonParser() = default;

std::size_t JsonParser::required_padding() { return simdjson::SIMDJSON_PADDING; }

bool JsonParser::parse(std::string_view text, std::size_t padding, Record& out,
                       std::string& error) {
  return parse(text, padding, out, error, build_tree_, wanted_ ? &*wanted_ : nullptr);
}

bool JsonParser::parse(std::string_view text, std::size_t padding, Record& out, std::string& error,
                       bool build_tree, const std::vector<std::string>* wanted) {
  out.clear();
  if (padding < simdjson::SIMDJSON_PADDING) {
    impl_->padded.assign(text);
    impl_->padded.append(simdjson::SIMDJSON_PADDING, '\0');
    text = std::string_view(impl_->padded.data(), text.size());
    padding = simdjson::SIMDJSON_PADDING;
  }
  ondemand::document doc;
  auto e = impl_->parser.iterate(text.data(), text.size(), text.size() + padding).get(doc);
  NodeId root = kNoNode;
  bool minified = false;
  bool pruned = false;
  if (!e) {
    TreeBuilder builder(out);
    if (build_tree) {
      builder.set_wanted(wanted);
      e = builder.document<true>(doc, text, root);
    } else {
      e = builder.document<false>(doc, text, root);
    }
    minified = builder.minified();
    pruned = builder.pruned();
  }
  if (e) {
    error = describe(e);
    out.clear();
    return false;
  }
  out.set_root(root);
  // A pruned tree no longer equals the text: writers must not copy the text for it.
  if (!pruned) out.mark_pristine(text, minified);
  return true;
}

NodeId JsonParser::parse_value(std::string_view text, Record& out, std::string& error) {
  // parse() pads the text itself; copy_from then owns every string in `out`.
  if (!parse(text, 0, impl_->value, error, /*build_tree=*/true, /*wanted=*/nullptr)) {
    return kNoNode;
  }
  return out.copy_from(impl_->value, impl_->value.root());
}

}  // namespace recproc
