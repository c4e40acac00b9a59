// The compiled form of one (sub)schema: the checks of its keywords, with everything the hot path
// needs precomputed (parsed bounds, compiled regexes, sorted property names, locations).
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recproc/record.h"
#include "schema/format.h"

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

/// Names looked up once per record (properties, enum words): an open-addressing table of their
/// indexes (+1; 0 = empty), at most half full, keyed by member_hash.
class NameTable {
 public:
  template <typename NameOf>
  void build(std::size_t count, NameOf name_of) {
    std::size_t size = 4;
    while (size < count * 2) size *= 2;  // at most half full: short probe chains
    slots_.assign(size, 0);
    for (std::uint32_t i = 0; i < count; ++i) {
      std::size_t slot = member_hash(name_of(i)) & (size - 1);
      while (slots_[slot] != 0) slot = (slot + 1) & (size - 1);
      slots_[slot] = i + 1;
    }
  }
  bool empty() const { return slots_.empty(); }

  /// Index of the name equal to `key`, or -1.
  template <typename NameOf>
  std::int64_t find(std::string_view key, NameOf name_of) const {
    if (slots_.empty()) return -1;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t slot = member_hash(key) & mask;; slot = (slot + 1) & mask) {
      const std::uint32_t entry = slots_[slot];
      if (entry == 0) return -1;
      if (same_text(name_of(entry - 1), key)) return entry - 1;
    }
  }

 private:
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
  /// The enum's strings without escapes (most enums are lists of words), and a table of them:
  /// one probe per record instead of a walk over the list.
  std::vector<std::string> enum_words;
  NameTable enum_word_table;
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
