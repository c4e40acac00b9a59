#include "recproc/record.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include "recproc/error.h"

namespace recproc {

// Text that a record owns (new keys, computed strings) lives in fixed blocks that are kept
// across records: clear() rewinds them instead of freeing, so a warm worker never allocates.
struct Record::Arena {
  static constexpr std::size_t kBlockSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> blocks;
  std::vector<std::size_t> sizes;
  std::size_t current = 0;
  std::size_t used = 0;

  std::string_view copy(std::string_view text) {
    if (text.empty()) return {};
    while (current < blocks.size() && used + text.size() > sizes[current]) {
      ++current;
      used = 0;
    }
    if (current == blocks.size()) {
      std::size_t size = std::max(kBlockSize, text.size());
      blocks.push_back(std::make_unique<char[]>(size));
      sizes.push_back(size);
      used = 0;
    }
    char* dst = blocks[current].get() + used;
    std::memcpy(dst, text.data(), text.size());
    used += text.size();
    return {dst, text.size()};
  }
  void reset() {
    current = 0;
    used = 0;
  }
};

std::string_view kind_name(NodeKind kind) {
  switch (kind) {
    case NodeKind::kNull:
      return "null";
    case NodeKind::kBool:
      return "boolean";
    case NodeKind::kNumber:
      return "number";
    case NodeKind::kString:
      return "string";
    case NodeKind::kObject:
      return "object";
    case NodeKind::kArray:
      return "array";
  }
  return "unknown";
}

Record::Record() : arena_(std::make_unique<Arena>()) { nodes_.reserve(64); }
Record::~Record() = default;

void Record::clear() {
  pristine_ = false;
  nodes_.clear();
  root_ = kNoNode;
  arena_->reset();
}

std::string_view Record::own(std::string_view text) { return arena_->copy(text); }

// ---- Reading ------------------------------------------------------------------------------

NodeId Record::find_member(NodeId obj, std::string_view name) const {
  return find_member_from(obj, kNoNode, name);
}

NodeId Record::find_member_from(NodeId obj, NodeId from, std::string_view name) const {
  if (obj == kNoNode || nodes_[obj].kind != NodeKind::kObject) return kNoNode;
  std::string scratch;
  auto matches = [&](const Node& n) {
    if (!n.key_has_escapes) return same_text(n.key, name);
    return decode_json_string(n.key, scratch) && scratch == name;
  };
  const NodeId first = nodes_[obj].first_child;
  if (from == kNoNode) from = first;
  for (NodeId c = from; c != kNoNode; c = nodes_[c].next) {
    if (matches(nodes_[c])) return c;
  }
  for (NodeId c = first; c != from; c = nodes_[c].next) {
    if (matches(nodes_[c])) return c;
  }
  return kNoNode;
}

NodeId Record::find(const FieldPath& path) const {
  NodeId cur = root_;
  for (const std::string& seg : path.segments()) {
    cur = find_member(cur, seg);
    if (cur == kNoNode) return kNoNode;
  }
  return cur;
}

std::string_view Record::key(NodeId id, std::string& scratch) const {
  const Node& n = nodes_[id];
  if (!n.key_has_escapes) return n.key;
  decode_json_string(n.key, scratch);
  return scratch;
}

std::string_view Record::string_value(NodeId id, std::string& scratch) const {
  const Node& n = nodes_[id];
  if (!n.has_escapes) return n.text;
  decode_json_string(n.text, scratch);
  return scratch;
}

std::optional<std::int64_t> Record::int_value(NodeId id) const {
  const Node& n = nodes_[id];
  if (n.kind != NodeKind::kNumber) return std::nullopt;
  std::int64_t v = 0;
  const char* end = n.text.data() + n.text.size();
  auto [ptr, ec] = std::from_chars(n.text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<double> Record::double_value(NodeId id) const {
  const Node& n = nodes_[id];
  if (n.kind != NodeKind::kNumber) return std::nullopt;
  double v = 0;
  const char* end = n.text.data() + n.text.size();
  auto [ptr, ec] = std::from_chars(n.text.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::size_t Record::child_count(NodeId id) const {
  std::size_t count = 0;
  for (NodeId c = nodes_[id].first_child; c != kNoNode; c = nodes_[c].next) ++count;
  return count;
}

// ---- Building -----------------------------------------------------------------------------

NodeId Record::make_null() {
  append_node(NodeKind::kNull);
  return last_id();
}

NodeId Record::make_bool(bool v) {
  append_node(NodeKind::kBool).bool_value = v;
  return last_id();
}

NodeId Record::make_int(std::int64_t v) {
  char buf[24];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  RECPROC_ASSERT(ec == std::errc());
  return make_number_text({buf, static_cast<std::size_t>(ptr - buf)});
}

NodeId Record::make_double(double v) {
  // JSON has no NaN or infinity; SQL-like semantics make them null.
  if (!std::isfinite(v)) return make_null();
  char buf[32];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, v);
  RECPROC_ASSERT(ec == std::errc());
  return make_number_text({buf, static_cast<std::size_t>(ptr - buf)});
}

NodeId Record::make_number_text(std::string_view token) { return make_number_token(own(token)); }

namespace {

// `text` as the body of a JSON string, copied into the record, and whether it holds escapes.
// Most text needs none and is copied as it is; the rest is escaped through a local buffer. (Not
// a thread_local one: a thread's first use registers its destructor, and glibc aborts the
// process when that registration finds no memory.)
struct OwnedJsonText {
  std::string_view text;
  bool has_escapes = false;
};
OwnedJsonText own_json_text(Record& record, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c != '"' && c != '\\';
  });
  if (plain) return {record.own(text), false};
  std::string escaped;
  append_json_escaped(escaped, text);
  return {record.own(escaped), true};
}

}  // namespace

NodeId Record::make_string(std::string_view utf8) {
  const OwnedJsonText owned = own_json_text(*this, utf8);
  return make_string_escaped(owned.text, owned.has_escapes);
}

NodeId Record::copy_from(const Record& src, NodeId id) {
  const Node s = src.nodes_[id];  // copy: appending may reallocate nodes_ when src is *this
  std::string_view text = (&src == this) ? s.text : own(s.text);
  Node& n = append_node(s.kind);
  n.bool_value = s.bool_value;
  n.has_escapes = s.has_escapes;
  n.text = text;
  NodeId out = last_id();
  for (NodeId c = s.first_child; c != kNoNode; c = src.nodes_[c].next) {
    NodeId child = copy_from(src, c);
    const Node& sc = src.nodes_[c];
    if (s.kind == NodeKind::kObject) {
      append_member_escaped(out, (&src == this) ? sc.key : own(sc.key), sc.key_has_escapes, child);
    } else {
      append_element(out, child);
    }
  }
  return out;
}

void Record::append_member(NodeId obj, std::string_view name, NodeId value) {
  const OwnedJsonText owned = own_json_text(*this, name);
  append_member_escaped(obj, owned.text, owned.has_escapes, value);
}

// ---- Editing ------------------------------------------------------------------------------

bool Record::set(const FieldPath& path, NodeId value) {
  pristine_ = false;
  if (path.empty()) return false;
  if (root_ == kNoNode) root_ = make_object();
  NodeId cur = root_;
  const auto& segs = path.segments();
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    if (nodes_[cur].kind != NodeKind::kObject) return false;
    NodeId next = find_member(cur, segs[i]);
    if (next == kNoNode) {
      next = make_object();
      append_member(cur, segs[i], next);
    }
    cur = next;
  }
  if (nodes_[cur].kind != NodeKind::kObject) return false;
  NodeId existing = find_member(cur, segs.back());
  if (existing == kNoNode) {
    append_member(cur, segs.back(), value);
    return true;
  }
  // Replace in place so the field keeps its position in the output.
  Node& dst = nodes_[existing];
  const Node& src = nodes_[value];
  dst.kind = src.kind;
  dst.bool_value = src.bool_value;
  dst.has_escapes = src.has_escapes;
  dst.text = src.text;
  dst.first_child = src.first_child;
  dst.last_child = src.last_child;
  return true;
}

NodeId Record::detach_member(NodeId obj, std::string_view name) {
  pristine_ = false;
  if (obj == kNoNode || nodes_[obj].kind != NodeKind::kObject) return kNoNode;
  NodeId target = find_member(obj, name);
  if (target == kNoNode) return kNoNode;
  Node& parent = nodes_[obj];
  NodeId prev = kNoNode;
  for (NodeId c = parent.first_child; c != target; c = nodes_[c].next) prev = c;
  NodeId after = nodes_[target].next;
  if (prev == kNoNode) {
    parent.first_child = after;
  } else {
    nodes_[prev].next = after;
  }
  if (parent.last_child == target) parent.last_child = prev;
  nodes_[target].next = kNoNode;
  return target;
}

bool Record::remove(const FieldPath& path) {
  if (path.empty()) return false;
  const auto& segs = path.segments();
  NodeId parent = root_;
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) {
    parent = find_member(parent, segs[i]);
    if (parent == kNoNode) return false;
  }
  return detach_member(parent, segs.back()) != kNoNode;
}

bool Record::rename(const FieldPath& path, std::string_view new_name) {
  pristine_ = false;
  NodeId target = find(path);
  if (target == kNoNode || path.empty()) return false;
  const auto& segs = path.segments();
  NodeId parent = root_;
  for (std::size_t i = 0; i + 1 < segs.size(); ++i) parent = find_member(parent, segs[i]);
  // Renaming onto an existing name replaces that field, as a JSON object holds one per name.
  NodeId clash = find_member(parent, new_name);
  if (clash == target) return true;
  if (clash != kNoNode) detach_member(parent, new_name);
  const OwnedJsonText owned = own_json_text(*this, new_name);
  Node& n = nodes_[target];
  n.key_has_escapes = owned.has_escapes;
  n.key = owned.text;
  return true;
}

// ---- Writing ------------------------------------------------------------------------------

namespace {

// Bytes a node can take besides its key and text: key quotes and colon (3), a comma (1) and
// the widest value syntax ("false", 5; quotes or brackets, 2).
constexpr std::size_t kNodeSyntax = 9;

// Copies a short piece without a call to memcpy (same_text's overlapping loads); keys and most
// values are 3 to 16 bytes, where the call and std::string::append's bookkeeping dominated
// CSV-to-NDJSON output.
inline char* put(char* p, std::string_view s) {
  using detail::OverlappingWords;
  const std::size_t n = s.size();
  const char* q = s.data();
  if (n >= 8 && n <= 16) {
    OverlappingWords<std::uint64_t>(q, n).store(p, n);
  } else if (n >= 4 && n < 8) {
    OverlappingWords<std::uint32_t>(q, n).store(p, n);
  } else if (n < 4) {
    for (std::size_t i = 0; i < n; ++i) p[i] = q[i];
  } else {
    std::memcpy(p, q, n);
  }
  return p + n;
}

}  // namespace

std::size_t Record::json_bound(NodeId id) const {
  const Node& n = nodes_[id];
  std::size_t bound = n.key.size() + n.text.size() + kNodeSyntax;
  for (NodeId c = n.first_child; c != kNoNode; c = nodes_[c].next) bound += json_bound(c);
  return bound;
}

// Hot: once per output record; benchmark changes (bench/RESULTS.md). Sizes the output once,
// then writes through a pointer.
void Record::write_json(std::string& out, NodeId id) const {
  if (id == kNoNode) id = root_;
  if (id == kNoNode) return;
  std::size_t bound = 0;
  if (id == root_) {
    // Every node of the record, detached ones included: a bound without a walk.
    for (const Node& n : nodes_) bound += n.key.size() + n.text.size() + kNodeSyntax;
  } else {
    bound = json_bound(id);
  }
  const std::size_t old = out.size();
  out.resize(old + bound);
  char* end = write_node(out.data() + old, id);
  out.resize(static_cast<std::size_t>(end - out.data()));
}

char* Record::write_node(char* p, NodeId id) const {
  const Node& n = nodes_[id];
  switch (n.kind) {
    case NodeKind::kNull:
      return put(p, "null");
    case NodeKind::kBool:
      return put(p, n.bool_value ? "true" : "false");
    case NodeKind::kNumber:
      return put(p, n.text);
    case NodeKind::kString:
      *p++ = '"';
      p = put(p, n.text);
      *p++ = '"';
      return p;
    case NodeKind::kObject:
    case NodeKind::kArray: {
      const bool object = n.kind == NodeKind::kObject;
      *p++ = object ? '{' : '[';
      for (NodeId c = n.first_child; c != kNoNode; c = nodes_[c].next) {
        if (c != n.first_child) *p++ = ',';
        if (object) {
          *p++ = '"';
          p = put(p, nodes_[c].key);
          *p++ = '"';
          *p++ = ':';
        }
        p = write_node(p, c);
      }
      *p++ = object ? '}' : ']';
      return p;
    }
  }
  return p;
}

}  // namespace recproc
