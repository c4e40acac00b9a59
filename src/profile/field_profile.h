// The field profile of a run (issue 20): per top-level field of the records written, how often
// it is present, null or missing, its JSON types, its range, its string lengths, about how many
// distinct values it has and its most frequent values.
//
// Each worker profiles its chunk's kept records (ChunkWorker::settle); the ordered merge adds the
// chunks up in input order. Every figure is a sum, a min, a max, a HyperLogLog or a
// ValueSummary, whose merges do not depend on where chunks are cut, so the profile is identical
// for every -j and --chunk-size. The one exception is bounded by kMaxFields: see there.
//
//   FieldProfile p;
//   p.add(record);          // per record, in a worker
//   run_profile.merge(p);   // per chunk, in input order
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "profile/value_summary.h"
#include "recproc/record.h"

namespace recproc::profile {

/// What one field's values looked like.
struct FieldStats {
  std::string name;         ///< unescaped
  std::uint64_t count = 0;  ///< records where the field is present (null included)
  std::uint64_t nulls = 0;
  std::array<std::uint64_t, 6> types{};  ///< indexed by NodeKind
  bool has_number = false;
  double number_min = 0, number_max = 0;
  /// Strings that look like ISO-8601 dates or timestamps, compared as text (which orders them
  /// when they share a format and a zone); empty when none was seen.
  std::string date_min, date_max;
  bool has_length = false;
  std::uint64_t length_min = 0, length_max = 0;  ///< of strings, in code points
  ValueSummary values;  ///< strings, numbers and booleans (not nulls, objects, arrays)

  explicit FieldStats(std::string n) : name(std::move(n)) {}
  void merge(const FieldStats& other);
  /// Forgets the figures, keeping the memory for the next chunk.
  void reset();
};

/// Sampling levels the run's profile has reached, by field name: a chunk's profile starts each
/// field's values there, so a field with far more distinct values than are counted does not
/// have each chunk count (and copy) values the merge will leave out (issue 20; it halved the
/// profile's cost on the syslog benchmark, bench/RESULTS.md). Levels only rise during a run, so
/// a hint is never above the final level and the profile stays the same.
using LevelHints = std::unordered_map<std::string, unsigned>;

class FieldProfile {
 public:
  /// Fields profiled: the first this many names seen in input order. The rest are only counted
  /// (fields_not_profiled). Each chunk also profiles at most its own first kMaxFields names, so
  /// when the input has more names than this, a profiled field's figures can leave out the
  /// chunks where it came after kMaxFields others, which depends on the chunk size; with at most
  /// kMaxFields names (fields_not_profiled = 0) the profile is exact and identical for all.
  static constexpr std::size_t kMaxFields = 200;

  /// Profiles one record (a record that is not an object has every field missing).
  // Hot: once per record written; benchmark changes (bench/RESULTS.md).
  void add(const Record& record);
  /// Adds the profile of the records that come next in input order.
  void merge(const FieldProfile& later);
  void clear();
  /// Hints for the fields added from now on (clear() keeps them); must outlive the add() calls.
  void set_hints(const LevelHints* hints) { hints_ = hints; }
  /// The sampling level of each field that samples.
  LevelHints level_hints() const;

  std::uint64_t records() const { return records_; }
  /// In order of first appearance.
  const std::vector<FieldStats>& fields() const { return fields_; }
  /// Distinct names seen past the first kMaxFields (approximate past 1024).
  std::uint64_t fields_not_profiled() const { return not_profiled_.distinct(); }

 private:
  FieldStats* field_at(const Record& record, NodeId member, std::size_t position);
  FieldStats* field_named(std::string_view name);
  void add_value(FieldStats& f, const Record& record, NodeId id);
  FieldStats& new_field(std::string_view name);

  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::vector<FieldStats> fields_;
  std::vector<FieldStats> spare_;  ///< cleared fields, reused by the next chunk
  std::unordered_map<std::string, std::uint32_t, NameHash, std::equal_to<>> index_;
  /// The field found at each member position of the last record: records mostly list their
  /// fields in the same order, so one comparison usually finds the field without a lookup.
  std::vector<std::uint32_t> at_position_;
  ValueSummary not_profiled_;  ///< names past kMaxFields
  std::uint64_t records_ = 0;
  std::string scratch_;
  const LevelHints* hints_ = nullptr;
};

}  // namespace recproc::profile
