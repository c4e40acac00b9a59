// The compiled form of one (sub)schema: the checks of its keywords, with everything the hot path
// needs precomputed (parsed bounds, compiled regexes, sorted property names, locations).
#pragma once

#include <re2/re2.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/record.h"
#include "schema/format_keyword.h"

namespace recproc::schema {

using SchemaId = std::uint32_t;
inline constexpr SchemaId kNoSchema = 0xffffffffu;

/// Bits of the JSON Schema `type` keyword. kNumber includes integers.
enum TypeBit : std::uint8_t {
  kTypeNull = 1,
  kTypeBoolean = 2,
  kTypeInteger = 4,
  kTypeNumber = 8,
  kTypeString = 16,
  kTypeArray = 32,
  kTypeObject = 64,
};

/// Groups of keywords a node has, so the validator skips whole groups with one test.
enum CheckBit : std::uint8_t {
  kChecksNumber = 1,       ///< minimum, maximum, exclusive*, multipleOf
  kChecksString = 2,       ///< minLength, maxLength, pattern, format
  kChecksArray = 4,        ///< items, prefixItems, minItems, maxItems, uniqueItems
  kChecksObject = 8,       ///< properties, required, additionalProperties
  kChecksValues = 16,      ///< enum, const
  kChecksApplicators = 32  ///< $ref, allOf, anyOf, oneOf, not
};

/// A numeric bound keyword with its value parsed once and its text kept for messages.
struct Bound {
  bool present = false;
  double value = 0;
  std::string text;  ///< the number as written in the schema
};

/// A name listed in `properties` and/or `required`.
struct NamedMember {
  std::string name;             ///< unescaped
  SchemaId schema = kNoSchema;  ///< from `properties`; kNoSchema when only required
  bool required = false;
};

/// A cheap hash of a member name: length and three bytes, enough to tell field names apart
/// without reading all of them (collisions are resolved by comparing the names).
inline std::uint32_t member_hash(std::string_view name) {
  const std::size_t n = name.size();
  if (n == 0) return 0;
  const auto byte = [&](std::size_t i) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(name[i]));
  };
  return static_cast<std::uint32_t>(n) * 0x9e3779b1u ^ byte(0) * 0x85ebca6bu ^
         byte(n - 1) * 0xc2b2ae35u ^ byte(n / 2) * 0x27d4eb2fu;
}

/// Names looked up once per record (properties, enum words): the names in the order given, and
/// an open-addressing table of their indexes (+1; 0 = empty), at most half full, keyed by
/// member_hash.
class NameTable {
 public:
  void add(std::string name) {
    names_.push_back(std::move(name));
    if (names_.size() * 2 > slots_.size()) {
      // At most half full, for short probe chains: grow and put every name back.
      slots_.assign(std::max<std::size_t>(4, slots_.size() * 2), 0);
      for (std::uint32_t i = 0; i < names_.size(); ++i) insert(i);
    } else {
      insert(static_cast<std::uint32_t>(names_.size() - 1));
    }
  }

  /// Index of the name equal to `key` (the first one added, for duplicates), or -1.
  std::int64_t find(std::string_view key) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = member_hash(key) & mask;; slot = (slot + 1) & mask) {
      const std::uint32_t entry = slots_[slot];
      if (entry == 0) return -1;
      if (same_text(names_[entry - 1], key)) return entry - 1;
    }
  }

 private:
  void insert(std::uint32_t i) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = member_hash(names_[i]) & mask;
    while (slots_[slot] != 0) slot = (slot + 1) & mask;
    slots_[slot] = i + 1;
  }

  std::vector<std::string> names_;
  std::vector<std::uint32_t> slots_;
};

struct SchemaNode {
  std::string location;       ///< "#/properties/a": keyword locations are location + "/kw"
  bool always_false = false;  ///< the boolean schema `false`
  bool trivial = true;        ///< no assertion at all (`true`, `{}`): skip without work
  std::uint8_t checks = 0;    ///< CheckBit groups present besides `type`

  std::uint8_t types = 0;  ///< 0 when there is no `type` keyword
  bool cast = false;       ///< --cast applies to this node's `type`

  Bound minimum, maximum, exclusive_minimum, exclusive_maximum, multiple_of;
  std::int64_t min_length = -1, max_length = -1;  ///< -1: absent
  std::int64_t min_items = -1, max_items = -1;
  bool unique_items = false;
  std::unique_ptr<RE2> pattern;  ///< RE2 matching is const and thread-safe
  std::string pattern_text;
  Format format = Format::kNone;

  std::vector<NodeId> enum_values;  ///< nodes in CompiledSchema::values_
  /// The enum's strings without escapes (most enums are lists of words): one probe per record
  /// instead of a walk over the list.
  NameTable enum_words;
  /// Enum values that a string without escapes may equal but enum_words does not hold.
  bool enum_has_escaped_strings = false;
  NodeId const_value = kNoNode;
  bool has_enum = false;

  std::vector<NamedMember> members;  ///< in schema order (records usually follow it)
  NameTable member_table;            ///< the members by name
  std::size_t required_count = 0;
  SchemaId additional = kNoSchema;  ///< additionalProperties

  std::vector<SchemaId> prefix_items;
  SchemaId items = kNoSchema;

  std::vector<SchemaId> all_of, any_of, one_of;
  SchemaId not_schema = kNoSchema;
  SchemaId ref = kNoSchema;
};

}  // namespace recproc::schema
