#include "profile/field_profile.h"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "profile/value_hash.h"

namespace recproc::profile {
namespace {

constexpr std::uint32_t kNoField = 0xffffffffu;

// The seed tells kinds apart: the string "1" and the number 1 are two values.
std::uint64_t seed_of(NodeKind kind) { return 0x51ed27a1u * (static_cast<unsigned>(kind) + 1); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// YYYY-MM-DD, alone or followed by a time ("T", "t" or a space): the forms JSON data uses for
// dates and timestamps (RFC 3339), which order as text when they share a format.
bool looks_like_date(std::string_view s) {
  if (s.size() < 10 || s.size() > 64) return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!is_digit(s[i])) return false;
  }
  if (s[4] != '-' || s[7] != '-') return false;
  return s.size() == 10 || s[10] == 'T' || s[10] == 't' || s[10] == ' ';
}

// Code points of UTF-8 text without escapes: the bytes that are not continuation bytes
// (10xxxxxx), eight at a time.
std::uint64_t code_points_unescaped(std::string_view s) {
  constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
  std::uint64_t continuation = 0;
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, sizeof w);
    continuation += static_cast<std::uint64_t>(__builtin_popcountll(w & ~(w << 1) & kHighBits));
  }
  for (; i < s.size(); ++i) continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
  return s.size() - continuation;
}

// Code points of a string from its escaped JSON text, so that no string is decoded on the hot
// path (decoding was 7% of a profiled run): the bytes counted as if unescaped, less the extra
// bytes of each escape, which is one code point (a surrogate pair \uD83D\uDE00 is one as
// well). The parser has validated every escape.
std::uint64_t code_points(std::string_view s) {
  std::uint64_t n = code_points_unescaped(s);
  for (std::size_t i = s.find('\\'); i != std::string_view::npos; i = s.find('\\', i)) {
    std::size_t length = 2;
    if (s[i + 1] == 'u') {
      const bool high = (s[i + 2] == 'd' || s[i + 2] == 'D') &&
                        std::string_view("89abAB").find(s[i + 3]) != std::string_view::npos;
      length = high && i + 7 < s.size() && s[i + 6] == '\\' ? 12 : 6;
    }
    n -= length - 1;
    i += length;
  }
  return n;
}

void widen(std::string& lo, std::string& hi, std::string_view s) {
  if (lo.empty() || s < lo) lo.assign(s);
  if (hi.empty() || s > hi) hi.assign(s);
}

}  // namespace

void FieldStats::reset() {
  count = nulls = 0;
  types.fill(0);
  has_number = has_length = false;
  date_min.clear();
  date_max.clear();
  values.clear();
}

void FieldStats::merge(const FieldStats& o) {
  count += o.count;
  nulls += o.nulls;
  for (std::size_t k = 0; k < types.size(); ++k) types[k] += o.types[k];
  if (o.has_number) {
    number_min = has_number ? std::min(number_min, o.number_min) : o.number_min;
    number_max = has_number ? std::max(number_max, o.number_max) : o.number_max;
    has_number = true;
  }
  if (!o.date_min.empty()) {
    widen(date_min, date_max, o.date_min);
    widen(date_min, date_max, o.date_max);
  }
  if (o.has_length) {
    length_min = has_length ? std::min(length_min, o.length_min) : o.length_min;
    length_max = has_length ? std::max(length_max, o.length_max) : o.length_max;
    has_length = true;
  }
  values.merge(o.values);
}

void FieldProfile::add(const Record& record) {
  ++records_;
  const NodeId root = record.root();
  if (root == kNoNode || record.node(root).kind != NodeKind::kObject) return;
  std::size_t position = 0;
  for (NodeId c = record.node(root).first_child; c != kNoNode; c = record.node(c).next) {
    if (FieldStats* f = field_at(record, c, position++)) add_value(*f, record, c);
  }
}

FieldStats* FieldProfile::field_at(const Record& record, NodeId member, std::size_t position) {
  const Node& n = record.node(member);
  if (position < at_position_.size() && at_position_[position] != kNoField && !n.key_has_escapes) {
    FieldStats& f = fields_[at_position_[position]];
    if (same_text(n.key, f.name)) return &f;
  }
  const std::string_view name = record.key(member, scratch_);
  auto it = index_.find(name);
  std::uint32_t id = kNoField;
  if (it != index_.end()) {
    id = it->second;
  } else if (fields_.size() < kMaxFields) {
    id = static_cast<std::uint32_t>(fields_.size());
    new_field(name);
    index_.emplace(std::string(name), id);
  } else {
    not_profiled_.add(NodeKind::kString, name, value_hash(name, seed_of(NodeKind::kString)));
  }
  if (position >= at_position_.size()) at_position_.resize(position + 1, kNoField);
  at_position_[position] = id;
  return id == kNoField ? nullptr : &fields_[id];
}

// The canonical text of a value: a string's JSON text as written (escaped, without quotes), a
// number's token as written, `true` / `false`.
void FieldProfile::add_value(FieldStats& f, const Record& record, NodeId id) {
  const Node& n = record.node(id);
  ++f.count;
  ++f.types[static_cast<std::size_t>(n.kind)];
  switch (n.kind) {
    case NodeKind::kNull:
      ++f.nulls;
      return;
    case NodeKind::kBool: {
      const std::string_view text = n.bool_value ? "true" : "false";
      f.values.add(n.kind, text, value_hash(text, seed_of(n.kind)));
      return;
    }
    case NodeKind::kNumber: {
      double v = 0;
      const char* end = n.text.data() + n.text.size();
      auto [ptr, ec] = std::from_chars(n.text.data(), end, v);
      if (ec == std::errc() && ptr == end) {
        f.number_min = f.has_number ? std::min(f.number_min, v) : v;
        f.number_max = f.has_number ? std::max(f.number_max, v) : v;
        f.has_number = true;
      }
      f.values.add(n.kind, n.text, value_hash(n.text, seed_of(n.kind)));
      return;
    }
    case NodeKind::kString: {
      // As written (escaped): two spellings of one string are two values, a price paid for
      // not decoding every string.
      const std::string_view text = n.text;
      const std::uint64_t length = n.has_escapes ? code_points(text) : code_points_unescaped(text);
      f.length_min = f.has_length ? std::min(f.length_min, length) : length;
      f.length_max = f.has_length ? std::max(f.length_max, length) : length;
      f.has_length = true;
      if (looks_like_date(text)) widen(f.date_min, f.date_max, text);
      f.values.add(n.kind, text, value_hash(text, seed_of(n.kind)));
      return;
    }
    case NodeKind::kObject:
    case NodeKind::kArray:
      return;
  }
}

FieldStats* FieldProfile::field_named(std::string_view name) {
  auto it = index_.find(name);
  if (it != index_.end()) return &fields_[it->second];
  if (fields_.size() >= kMaxFields) return nullptr;
  index_.emplace(std::string(name), static_cast<std::uint32_t>(fields_.size()));
  return &new_field(name);
}

// A chunk's profile is cleared and refilled for every chunk: reusing the fields of the last
// one keeps their value tables' memory (growing them again was 8% of a profiled run).
FieldStats& FieldProfile::new_field(std::string_view name) {
  FieldStats* f = nullptr;
  if (spare_.empty()) {
    f = &fields_.emplace_back(std::string(name));
  } else {
    f = &fields_.emplace_back(std::move(spare_.back()));
    spare_.pop_back();
    f->name.assign(name);
  }
  if (hints_) {
    if (auto it = hints_->find(f->name); it != hints_->end()) f->values.start_at_level(it->second);
  }
  return *f;
}

LevelHints FieldProfile::level_hints() const {
  LevelHints hints;
  for (const FieldStats& f : fields_) {
    if (f.values.level() > 0) hints.emplace(f.name, f.values.level());
  }
  return hints;
}

void FieldProfile::merge(const FieldProfile& later) {
  records_ += later.records_;
  for (const FieldStats& f : later.fields_) {
    if (FieldStats* mine = field_named(f.name)) {
      mine->merge(f);
    } else {
      not_profiled_.add(NodeKind::kString, f.name, value_hash(f.name, seed_of(NodeKind::kString)));
    }
  }
  not_profiled_.merge(later.not_profiled_);
}

void FieldProfile::clear() {
  for (FieldStats& f : fields_) {
    f.reset();
    spare_.push_back(std::move(f));
  }
  fields_.clear();
  index_.clear();
  at_position_.clear();
  not_profiled_.clear();
  records_ = 0;
}

}  // namespace recproc::profile
