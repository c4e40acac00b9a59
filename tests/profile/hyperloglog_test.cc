#include "profile/hyperloglog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "profile/value_hash.h"

namespace recproc::profile {
namespace {

std::uint64_t hash_of(std::uint64_t i) { return value_hash("value-" + std::to_string(i), 7); }

TEST(HyperLogLog, EmptyIsZero) { EXPECT_EQ(HyperLogLog().estimate(), 0u); }

TEST(HyperLogLog, SmallCountsAreNearlyExact) {
  HyperLogLog h;
  for (std::uint64_t i = 0; i < 10; ++i) h.add(hash_of(i));
  EXPECT_EQ(h.estimate(), 10u);
}

TEST(HyperLogLog, RepeatsDoNotCount) {
  HyperLogLog h;
  for (int round = 0; round < 5; ++round) {
    for (std::uint64_t i = 0; i < 1000; ++i) h.add(hash_of(i));
  }
  HyperLogLog once;
  for (std::uint64_t i = 0; i < 1000; ++i) once.add(hash_of(i));
  EXPECT_EQ(h.estimate(), once.estimate());
}

TEST(HyperLogLog, WithinThreePercentOnHundredThousandDistinct) {
  HyperLogLog h;
  for (std::uint64_t i = 0; i < 100000; ++i) h.add(hash_of(i));
  const double e = static_cast<double>(h.estimate());
  EXPECT_LT(std::fabs(e - 100000.0) / 100000.0, 0.03) << e;
}

// One draw can miss by two standard errors; over ten hash seeds the root-mean-square error
// stays within 3% at every size, through the switch from linear counting (about 10,000).
TEST(HyperLogLog, WithinThreePercentRmsAcrossSizes) {
  for (std::uint64_t n : {500ull, 5000ull, 10000ull, 20000ull, 50000ull, 250000ull}) {
    double squares = 0;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      HyperLogLog h;
      for (std::uint64_t i = 0; i < n; ++i) h.add(value_hash("v" + std::to_string(i), seed));
      const double error =
          (static_cast<double>(h.estimate()) - static_cast<double>(n)) / static_cast<double>(n);
      squares += error * error;
    }
    EXPECT_LT(std::sqrt(squares / 10), 0.03) << n;
  }
}

// Merging is the union: the same registers whichever way the values were split, even overlapping.
TEST(HyperLogLog, MergeIsUnion) {
  HyperLogLog all, a, b;
  for (std::uint64_t i = 0; i < 60000; ++i) {
    all.add(hash_of(i));
    if (i < 40000) a.add(hash_of(i));
    if (i >= 20000) b.add(hash_of(i));
  }
  HyperLogLog ab = a, ba = b;
  ab.merge(b);
  ba.merge(a);
  EXPECT_EQ(ab.estimate(), all.estimate());
  EXPECT_EQ(ba.estimate(), all.estimate());
  ab.merge(ab);  // idempotent
  EXPECT_EQ(ab.estimate(), all.estimate());
}

// Fixed seed, fixed byte order: these values hold on every machine and every run.
TEST(ValueHash, IsFixed) {
  EXPECT_EQ(value_hash("", 0), value_hash("", 0));
  EXPECT_NE(value_hash("1", 1), value_hash("1", 2));
  EXPECT_NE(value_hash("abcdefgh", 0), value_hash("abcdefgi", 0));
  EXPECT_EQ(value_hash("", 0), 0x84d69dcef1e6733aull);
  EXPECT_EQ(value_hash("err", 1), 0xaf79ea20f0eb7235ull);
  EXPECT_EQ(value_hash("The quick brown fox", 3), 0x17e4bf7a74138eacull);
}

}  // namespace
}  // namespace recproc::profile
