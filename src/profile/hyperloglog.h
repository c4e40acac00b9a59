// An approximate distinct counter (Flajolet et al., "HyperLogLog: the analysis of a
// near-optimal cardinality estimation algorithm", 2007) with a fixed precision of 2^12
// registers: 4 KiB, a standard error of about 1.6%.
//
// Merging is a register-wise max, which is commutative, associative and idempotent: the merged
// counter depends only on the set of hashes added, never on how they were split or ordered, so
// the profile's distinct counts are identical for every -j and --chunk-size (issue 20).
//
//   HyperLogLog a, b;
//   a.add(value_hash("x", 0)); b.add(value_hash("y", 0));
//   a.merge(b);                 // a.estimate() is about 2
#pragma once

#include <array>
#include <cstdint>

namespace recproc::profile {

class HyperLogLog {
 public:
  static constexpr int kPrecision = 12;
  static constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;

  /// Adds one 64-bit hash (a well-mixed one: the top bits pick the register).
  void add(std::uint64_t hash) {
    const std::size_t index = hash >> (64 - kPrecision);
    // The guard bit bounds the rank when the remaining bits are all zero.
    const std::uint64_t rest = (hash << kPrecision) | (std::uint64_t{1} << (kPrecision - 1));
    const auto rank = static_cast<std::uint8_t>(__builtin_clzll(rest) + 1);
    if (rank > registers_[index]) registers_[index] = rank;
  }
  /// Makes this the union of this and `other`.
  void merge(const HyperLogLog& other);
  /// The estimated number of distinct hashes added (rounded).
  std::uint64_t estimate() const;
  void clear() { registers_.fill(0); }

 private:
  std::array<std::uint8_t, kRegisters> registers_{};
};

}  // namespace recproc::profile
