// The values of one field: their most frequent values and how many distinct ones there are.
//
// Up to kMaxValues distinct values are counted exactly. Past that, the summary keeps exact
// counts for a sample of the distinct values chosen by their hash alone (a value is kept at
// level L when the low L bits of its hash are zero, Gibbons' distinct sampling), raising L until
// the sample fits again, and counts distinct values with a HyperLogLog. Whether a value is kept
// depends only on the value and on the whole input's set of values, never on how the input was
// cut into chunks or which thread saw what: merging summaries gives the same result for every
// -j and --chunk-size (issue 20). A frequency-based summary (Misra-Gries, space saving) would be
// more likely to keep the most frequent values of a field with many distinct values, but what
// it keeps depends on where the chunks are cut.
//
//   ValueSummary s;
//   s.add(NodeKind::kString, "err", value_hash("err", kStringSeed));
//   s.top(10);   // [{kString, "err", 1}]
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "profile/hyperloglog.h"
#include "recproc/record.h"

namespace recproc::profile {

/// One of a field's most frequent values.
struct TopValue {
  NodeKind kind = NodeKind::kString;  ///< kString, kNumber or kBool
  std::string text;                   ///< the canonical text (see FieldProfile), maybe cut
  bool truncated = false;             ///< `text` is the first kMaxText bytes of the value
  std::uint64_t count = 0;
};

class ValueSummary {
 public:
  /// Distinct values counted exactly before the summary starts sampling.
  static constexpr std::size_t kMaxValues = 1024;
  /// Bytes of a value kept for display (a value is still told apart by its whole text's hash).
  static constexpr std::size_t kMaxText = 120;

  ValueSummary() = default;
  ValueSummary(ValueSummary&&) noexcept = default;
  ValueSummary& operator=(ValueSummary&&) noexcept = default;

  /// Counts one occurrence. `hash` is value_hash(text, seed of kind).
  // Hot: once per profiled value; benchmark changes (bench/RESULTS.md).
  void add(NodeKind kind, std::string_view text, std::uint64_t hash) {
    if (hll_) hll_->add(hash);
    if (!kept(hash)) return;
    count_value(kind, text, text.size(), hash, 1);
  }
  /// Starts an empty summary at sampling level `level`, leaving out at once the values a
  /// summary of more of the input would leave out anyway. Any level up to the one the whole
  /// input's summary ends at gives the same merged result.
  void start_at_level(unsigned level);
  /// The sampling level: 0 while every distinct value is counted.
  unsigned level() const { return level_; }
  /// Makes this the summary of both inputs.
  void merge(const ValueSummary& other);
  void clear();

  /// Distinct values: exact until the summary samples, then a HyperLogLog estimate.
  std::uint64_t distinct() const;
  /// True when the counts cover a sample of the values, not all of them.
  bool sampled() const { return level_ > 0; }
  /// The `n` most frequent values kept, by count, then kind, then text (so ties always come
  /// out in the same order).
  std::vector<TopValue> top(std::size_t n) const;

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::uint64_t count = 0;  ///< 0: the slot is empty
    std::uint32_t offset = 0;
    std::uint32_t length = 0;       ///< bytes stored in text_
    std::uint32_t full_length = 0;  ///< bytes of the whole value
    NodeKind kind = NodeKind::kNull;
  };

  bool kept(std::uint64_t hash) const { return (hash & ((std::uint64_t{1} << level_) - 1)) == 0; }
  std::string_view stored_text(const Entry& e) const { return {text_.data() + e.offset, e.length}; }
  void count_value(NodeKind kind, std::string_view text, std::size_t full_length,
                   std::uint64_t hash, std::uint64_t count);
  void grow();
  void start_distinct_counter();
  void raise_level_to(unsigned level);

  std::vector<Entry> slots_;  ///< open addressing; the top bits of the hash pick the slot
  unsigned slot_shift_ = 64;
  std::size_t size_ = 0;
  std::string text_;  ///< stored texts of the entries, back to back
  unsigned level_ = 0;
  /// Made when sampling starts (or a merge may make it start); it has seen every value.
  std::unique_ptr<HyperLogLog> hll_;
};

}  // namespace recproc::profile
