#include "profile/value_summary.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

#include "profile/value_hash.h"

namespace recproc::profile {
namespace {

void add(ValueSummary& s, const std::string& v, std::uint64_t times = 1) {
  for (std::uint64_t i = 0; i < times; ++i) s.add(NodeKind::kString, v, value_hash(v, 1));
}

std::string listing(const ValueSummary& s, std::size_t n = 10) {
  std::string out;
  for (const TopValue& v : s.top(n)) out += v.text + "=" + std::to_string(v.count) + " ";
  return out;
}

TEST(ValueSummary, ExactBelowTheCapWithTiesByText) {
  ValueSummary s;
  add(s, "warning", 3);
  add(s, "err", 5);
  add(s, "info", 3);
  add(s, "debug", 1);
  EXPECT_EQ(listing(s), "err=5 info=3 warning=3 debug=1 ");
  EXPECT_EQ(listing(s, 2), "err=5 info=3 ");
  EXPECT_EQ(s.distinct(), 4u);
  EXPECT_FALSE(s.sampled());
}

TEST(ValueSummary, KindsAreDifferentValues) {
  ValueSummary s;
  s.add(NodeKind::kString, "1", value_hash("1", 10));
  s.add(NodeKind::kNumber, "1", value_hash("1", 20));
  s.add(NodeKind::kNumber, "1", value_hash("1", 20));
  auto top = s.top(5);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].kind, NodeKind::kNumber);
  EXPECT_EQ(top[0].count, 2u);
  EXPECT_EQ(top[1].kind, NodeKind::kString);
}

TEST(ValueSummary, LongValuesAreCutOnACharacter) {
  ValueSummary s;
  std::string v(ValueSummary::kMaxText - 1, 'a');
  v += "\xC3\xA9tail";  // é straddles the cut
  add(s, v);
  auto top = s.top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_TRUE(top[0].truncated);
  EXPECT_EQ(top[0].text, std::string(ValueSummary::kMaxText - 1, 'a'));
}

// The summaries of consecutive parts of `part` values (one piece reused, as a chunk's is),
// merged in order.
ValueSummary merged_in_parts(const std::vector<std::string>& values, std::size_t part) {
  ValueSummary merged, piece;
  for (std::size_t i = 0; i < values.size(); ++i) {
    add(piece, values[i]);
    if ((i + 1) % part == 0) {
      merged.merge(piece);
      piece.clear();
    }
  }
  merged.merge(piece);
  return merged;
}

// Exact counting: any split of the same values merged in order gives the same summary.
TEST(ValueSummary, MergeBelowTheCapIsExact) {
  std::vector<std::string> values;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 5000; ++i) values.push_back("v" + std::to_string(rng() % 300));
  ValueSummary whole;
  for (const auto& v : values) add(whole, v);
  for (std::size_t part : {1ul, 7ul, 100ul, 4999ul}) {
    const ValueSummary merged = merged_in_parts(values, part);
    EXPECT_EQ(listing(merged, 50), listing(whole, 50)) << "parts of " << part;
    EXPECT_EQ(merged.distinct(), 300u);
  }
}

// Past the cap the summary samples by hash, so the kept values and their counts still do not
// depend on how the values were split, and frequent values among those kept keep exact counts.
TEST(ValueSummary, MergePastTheCapIsTheSameForEverySplit) {
  std::vector<std::string> values;
  std::mt19937_64 rng(11);
  for (int i = 0; i < 60000; ++i) {
    // A few frequent values among many rare ones.
    values.push_back(rng() % 4 == 0 ? "hot" + std::to_string(rng() % 5)
                                    : "cold" + std::to_string(rng() % 20000));
  }
  ValueSummary whole;
  for (const auto& v : values) add(whole, v);
  EXPECT_TRUE(whole.sampled());
  const std::string expected = listing(whole, 20);
  const std::uint64_t distinct = whole.distinct();
  const double truth =
      static_cast<double>(std::set<std::string>(values.begin(), values.end()).size());
  EXPECT_NEAR(static_cast<double>(distinct), truth, truth * 0.03);
  for (std::size_t part : {1ul, 333ul, 4096ul, 30000ul}) {
    const ValueSummary merged = merged_in_parts(values, part);
    EXPECT_EQ(listing(merged, 20), expected) << "parts of " << part;
    EXPECT_EQ(merged.distinct(), distinct) << "parts of " << part;
  }
}

// A chunk that starts at a level the whole input's summary reaches anyway (the engine's hints)
// changes nothing in the merged result.
TEST(ValueSummary, StartingAtAReachedLevelChangesNothing) {
  std::vector<std::string> values;
  for (int i = 0; i < 30000; ++i)
    values.push_back("v" + std::to_string(i % 9000) + (i % 3 ? "" : "x"));
  ValueSummary whole;
  for (const auto& v : values) add(whole, v);
  ASSERT_GT(whole.level(), 1u);
  for (unsigned hint : {1u, whole.level()}) {
    ValueSummary merged;
    for (std::size_t start = 0; start < values.size(); start += 1000) {
      ValueSummary chunk;
      if (start > 0) chunk.start_at_level(hint);
      for (std::size_t i = start; i < start + 1000; ++i) add(chunk, values[i]);
      merged.merge(chunk);
    }
    EXPECT_EQ(listing(merged, 20), listing(whole, 20)) << "hint " << hint;
    EXPECT_EQ(merged.distinct(), whole.distinct()) << "hint " << hint;
    EXPECT_EQ(merged.level(), whole.level());
  }
}

TEST(ValueSummary, SampledCountsAreExact) {
  ValueSummary s;
  for (int i = 0; i < 5000; ++i) add(s, "rare" + std::to_string(i));
  ASSERT_TRUE(s.sampled());
  for (const TopValue& v : s.top(5)) EXPECT_EQ(v.count, 1u) << v.text;
  s.clear();
  EXPECT_FALSE(s.sampled());
  EXPECT_EQ(s.distinct(), 0u);
  EXPECT_TRUE(s.top(5).empty());
}

}  // namespace
}  // namespace recproc::profile
