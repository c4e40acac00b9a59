// The record every transform, validator and writer works on: a small mutable JSON tree.
//
// Nodes live in one flat vector that a worker reuses from record to record, so building,
// editing and writing a record allocates nothing once the worker has warmed up. Scalars read
// from input keep their original text (`Node::text`), so a value no transform touched is written
// back byte for byte.
//
//   Record& r = ...;                       // filled by a RecordReader
//   NodeId sev = r.find(FieldPath::parse("SeverityLevel"));
//   if (sev != kNoNode && r.string_value(sev, scratch) == "info") ...
//   r.set(FieldPath::parse("Properties.checked"), r.make_bool(true));
//   r.remove(FieldPath::parse("HostIP"));
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/error.h"

namespace recproc {

enum class NodeKind : std::uint8_t { kNull, kBool, kNumber, kString, kObject, kArray };

namespace detail {
/// The first and the last sizeof(T) bytes of p[0, n), for sizeof(T) <= n <= 2 * sizeof(T): two
/// overlapping loads that cover all n bytes without a loop or a call.
template <typename T>
struct OverlappingWords {
  T head, tail;
  OverlappingWords(const char* p, std::size_t n) {
    std::memcpy(&head, p, sizeof(T));
    std::memcpy(&tail, p + n - sizeof(T), sizeof(T));
  }
  bool operator==(const OverlappingWords&) const = default;
  void store(char* p, std::size_t n) const {
    std::memcpy(p, &head, sizeof(T));
    std::memcpy(p + n - sizeof(T), &tail, sizeof(T));
  }
};
}  // namespace detail

/// Equality of short strings (field names, enum words) without a call to memcmp. The hot
/// lookups of W1 compare a few names and words of 3 to 16 bytes per record, where the call
/// dominated.
inline bool same_text(std::string_view a, std::string_view b) {
  using detail::OverlappingWords;
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  if (n >= 8 && n <= 16) {
    return OverlappingWords<std::uint64_t>(p, n) == OverlappingWords<std::uint64_t>(q, n);
  }
  if (n >= 4 && n < 8) {
    return OverlappingWords<std::uint32_t>(p, n) == OverlappingWords<std::uint32_t>(q, n);
  }
  if (n < 4) {
    for (std::size_t k = 0; k < n; ++k) {
      if (p[k] != q[k]) return false;
    }
    return true;
  }
  return std::memcmp(p, q, n) == 0;
}

/// Name of a kind as JSON Schema spells it ("null", "boolean", "number", ...).
std::string_view kind_name(NodeKind kind);

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = 0xffffffffu;

/// One JSON value. Children of objects and arrays form a singly linked list.
struct Node {
  NodeKind kind = NodeKind::kNull;
  bool bool_value = false;      ///< kBool only
  bool has_escapes = false;     ///< kString: `text` contains backslash escapes
  bool key_has_escapes = false; ///< `key` contains backslash escapes
  /// Member name as it appears in JSON, escaped, without quotes. Empty for array elements.
  std::string_view key;
  /// kNumber: the number token ("12", "-1.5e3"). kString: contents, escaped, without quotes.
  std::string_view text;
  NodeId first_child = kNoNode;
  NodeId last_child = kNoNode;
  NodeId next = kNoNode;
};

/// A dotted field path such as `Properties.retries` or `.["odd name"].x`.
class FieldPath {
 public:
  FieldPath() = default;
  explicit FieldPath(std::vector<std::string> segments) : segments_(std::move(segments)) {}
  /// Parses `a.b.c`, `a["x.y"]`, `.["odd name"]`. Returns nullopt on a malformed path.
  static std::optional<FieldPath> try_parse(std::string_view text);
  /// Like try_parse but throws UsageError naming the path.
  static FieldPath parse(std::string_view text);

  const std::vector<std::string>& segments() const { return segments_; }
  bool empty() const { return segments_.empty(); }
  /// Dotted form for messages: `Properties.retries`.
  std::string to_string() const;
  /// JSON Pointer form for reports: `/Properties/retries`.
  std::string to_pointer() const;

 private:
  std::vector<std::string> segments_;
};

/// Appends "/" and `segment` as one JSON Pointer segment (RFC 6901: "~" as "~0", "/" as "~1").
void append_pointer_segment(std::string& out, std::string_view segment);
/// Decodes %XX escapes (RFC 3986), as a JSON Pointer in a URI fragment needs (RFC 6901 §6):
/// percent_decode("#/a%20b") is "#/a b". A % not followed by two hex digits is kept as is.
std::string percent_decode(std::string_view s);

/// Appends `s` as the contents of a JSON string (no quotes), escaping as RFC 8259 requires.
void append_json_escaped(std::string& out, std::string_view s);
/// Appends `s` as a JSON string, quotes included: append_json_string(out, "a\"b") adds "a\"b".
void append_json_string(std::string& out, std::string_view s);
/// Decodes JSON string contents (no quotes). Returns false on an invalid escape.
bool decode_json_string(std::string_view escaped, std::string& out);
/// Decodes the one escape sequence at `s[i]` (a backslash), appends it to `out` and returns its
/// length (2, 6, or 12 for a surrogate pair). Returns 0 when it is invalid and sets
/// `bad_begin`/`bad_length` to the bytes that show the problem (for a caret under them).
std::size_t decode_json_escape(std::string_view s, std::size_t i, std::string& out,
                               std::size_t* bad_begin = nullptr, std::size_t* bad_length = nullptr);

class Record {
 public:
  Record();
  ~Record();
  Record(const Record&) = delete;
  Record& operator=(const Record&) = delete;

  /// Forgets all nodes and owned text; keeps capacity for the next record.
  void clear();

  NodeId root() const { return root_; }
  void set_root(NodeId id) {
    root_ = id;
    pristine_ = false;
  }
  const Node& node(NodeId id) const { return nodes_[id]; }
  Node& mutable_node(NodeId id) {
    pristine_ = false;
    return nodes_[id];
  }

  /// True while the tree still equals the JSON text it was parsed from: writers may then copy
  /// that text (minified) instead of walking the tree. Any edit clears it.
  bool pristine() const { return pristine_; }
  std::string_view source_text() const { return source_; }
  /// True when source_text() has no whitespace outside strings, so it is its own minified form.
  bool source_is_minified() const { return source_minified_; }
  /// Called by the parser once the tree for `source` is complete.
  void mark_pristine(std::string_view source, bool source_is_minified) {
    source_ = source;
    source_minified_ = source_is_minified;
    pristine_ = true;
  }
  std::size_t node_count() const { return nodes_.size(); }

  // ---- Reading -----------------------------------------------------------------------------
  /// Member `name` (unescaped) of object `obj`, or kNoNode.
  NodeId find_member(NodeId obj, std::string_view name) const;
  /// Like find_member, but starts at member `from` of `obj` (kNoNode: at the first) and wraps
  /// around. Looking up several fields in the order records usually list them, each starting
  /// after the last one found, costs one comparison per field instead of a scan.
  NodeId find_member_from(NodeId obj, NodeId from, std::string_view name) const;
  /// Follows `path` from the root; kNoNode when any step is missing or not an object.
  NodeId find(const FieldPath& path) const;
  /// Member name, unescaped. Uses `scratch` only when the key has escapes.
  std::string_view key(NodeId id, std::string& scratch) const;
  /// String contents, unescaped. Uses `scratch` only when the string has escapes.
  std::string_view string_value(NodeId id, std::string& scratch) const;
  /// Integer value of a number that is an integer in int64 range.
  std::optional<std::int64_t> int_value(NodeId id) const;
  /// Any number as a double (nullopt for non-numbers or out of range).
  std::optional<double> double_value(NodeId id) const;
  /// Number of children of an object or array.
  std::size_t child_count(NodeId id) const;

  // ---- Building ----------------------------------------------------------------------------
  NodeId make_null();
  /// A number from its JSON token text, which stays valid for the record's life (for parsers).
  NodeId make_number_token(std::string_view token) {
    append_node(NodeKind::kNumber).text = token;
    return last_id();
  }
  NodeId make_bool(bool v);
  NodeId make_int(std::int64_t v);
  NodeId make_double(double v);
  /// A number from its JSON token text (copied).
  NodeId make_number_text(std::string_view token);
  /// A string from unescaped UTF-8 text (escaped and copied into the record).
  NodeId make_string(std::string_view utf8);
  /// A string from already-escaped contents that stay valid for the record's life.
  NodeId make_string_escaped(std::string_view escaped, bool has_escapes) {
    Node& n = append_node(NodeKind::kString);
    n.text = escaped;
    n.has_escapes = has_escapes;
    return last_id();
  }
  NodeId make_object() {
    append_node(NodeKind::kObject);
    return last_id();
  }
  NodeId make_array() {
    append_node(NodeKind::kArray);
    return last_id();
  }
  /// Deep copy of `src` (from this record or another) into this record.
  NodeId copy_from(const Record& src, NodeId id);
  /// Appends a member (unescaped name) to object `obj`; does not check for duplicates.
  void append_member(NodeId obj, std::string_view name, NodeId value);
  /// Appends a member whose name is already JSON-escaped and outlives the record.
  void append_member_escaped(NodeId obj, std::string_view escaped_name, bool has_escapes,
                             NodeId value) {
    nodes_[value].key = escaped_name;
    nodes_[value].key_has_escapes = has_escapes;
    append_element(obj, value);
  }
  void append_element(NodeId arr, NodeId value) {
    pristine_ = false;
    RECPROC_ASSERT(nodes_[arr].kind == NodeKind::kObject || nodes_[arr].kind == NodeKind::kArray);
    nodes_[value].next = kNoNode;
    Node& parent = nodes_[arr];
    if (parent.last_child == kNoNode) {
      parent.first_child = value;
    } else {
      nodes_[parent.last_child].next = value;
    }
    parent.last_child = value;
  }
  /// Copies `text` into storage owned by the record; the view stays valid until clear().
  std::string_view own(std::string_view text);

  // ---- Editing -----------------------------------------------------------------------------
  /// Sets the field at `path`, creating intermediate objects; replaces an existing member in
  /// place (keeping its position). Returns false if a path step is a non-object.
  bool set(const FieldPath& path, NodeId value);
  /// Removes the field at `path`. Returns false if it was not there.
  bool remove(const FieldPath& path);
  /// Renames the last segment of `path` to `new_name`, keeping position. False if missing.
  bool rename(const FieldPath& path, std::string_view new_name);
  /// Detaches the member named `name` from `obj` and returns it (kNoNode if absent).
  NodeId detach_member(NodeId obj, std::string_view name);

  // ---- Writing -----------------------------------------------------------------------------
  /// Appends minified JSON for `id` (the root by default).
  void write_json(std::string& out, NodeId id = kNoNode) const;

 private:
  std::size_t json_bound(NodeId id) const;  ///< bytes write_json may need for `id`
  char* write_node(char* p, NodeId id) const;

  // Nodes are built in place: a Node built on the stack and copied in made GCC reload it with
  // 16-byte loads just after its narrower stores, a store-forwarding stall that was a fifth of
  // W2's time (perf annotate).
  Node& append_node(NodeKind kind) {
    Node& n = nodes_.emplace_back();
    n.kind = kind;
    return n;
  }
  NodeId last_id() const { return static_cast<NodeId>(nodes_.size() - 1); }
  std::vector<Node> nodes_;
  NodeId root_ = kNoNode;
  bool pristine_ = false;
  bool source_minified_ = false;
  std::string_view source_;
  struct Arena;
  std::unique_ptr<Arena> arena_;
};

}  // namespace recproc
