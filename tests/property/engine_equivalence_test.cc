// Property: the same input gives byte-identical output, rejects and counts for every thread
// count and chunk size. Seeded; the seed is printed on failure (RECPROC_SEED overrides it).
#include <gtest/gtest.h>

#include <random>

#include "../engine/engine_test_util.h"

namespace recproc {
namespace {

std::string random_ndjson(std::mt19937_64& rng, std::size_t records) {
  std::string out;
  std::uniform_int_distribution<int> kind(0, 99);
  std::uniform_int_distribution<int> len(0, 300);
  for (std::size_t i = 0; i < records; ++i) {
    int k = kind(rng);
    if (k < 3) {
      out += "\n";  // blank line
      continue;
    }
    if (k < 6) {
      out += "{\"broken\": [1, 2\n";  // malformed
      continue;
    }
    std::string s(static_cast<std::size_t>(len(rng)), 'a' + static_cast<char>(i % 26));
    if (k < 8) s.append(5000, 'L');  // longer than small chunks
    out += "{ \"i\": " + std::to_string(i) + ", \"s\": \"" + s + "\\n\\u00e9\", \"n\": [1.50, null, true]," +
           " \"sev\": \"" + (k % 2 ? "err" : "info") + "\" }";
    out += (k % 5 == 0) ? "\r\n" : "\n";
  }
  if (!out.empty() && rng() % 2) out.pop_back();  // sometimes no final newline
  return out;
}

class PropertyByPolicy : public ::testing::TestWithParam<engine::ErrorPolicy> {};

// Every record is accounted for, whatever the policy, thread count and chunk size:
// records_in = records_out + records_dropped + records_rejected.
TEST_P(PropertyByPolicy, CountsAddUpForEveryThreadCountAndChunkSize) {
  std::uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::string, std::string>> files = {{"a.ndjson", random_ndjson(rng, 300)}};
  for (int threads : {1, 2, 5, 8}) {
    for (std::size_t chunk : {1ul, 50ul, 7000ul, 1ul << 20}) {
      engine::EngineConfig c;
      c.policy = GetParam();
      c.chunk_size = chunk;
      c.chain.push_back(transform::make_transform("filter sev == \"err\""));
      auto r = testing::run_engine(files, c, threads);
      const auto& s = r.stats;
      if (GetParam() == engine::ErrorPolicy::kFail && s.stopped) {
        EXPECT_EQ(s.records_rejected, 1u);
      } else {
        EXPECT_GT(s.records_dropped, 0u);
      }
      EXPECT_EQ(s.records_in, s.records_out + s.records_dropped + s.records_rejected)
          << "threads " << threads << " chunk " << chunk;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllPolicies, PropertyByPolicy,
                         ::testing::Values(engine::ErrorPolicy::kFail, engine::ErrorPolicy::kSkip,
                                           engine::ErrorPolicy::kQuarantine));

TEST(Property, OutputIdenticalForEveryThreadCountAndChunkSize) {
  std::uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("RECPROC_SEED")) seed = std::stoull(env);
  SCOPED_TRACE("seed " + std::to_string(seed) + " (rerun with RECPROC_SEED=" +
               std::to_string(seed) + ")");
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::string, std::string>> files = {
      {"a.ndjson", random_ndjson(rng, 400)}, {"b.ndjson", random_ndjson(rng, 50)}};

  auto config = [](std::size_t chunk) {
    engine::EngineConfig c;
    c.policy = engine::ErrorPolicy::kQuarantine;
    c.chunk_size = chunk;
    c.chain.push_back(transform::make_transform("drop n"));
    c.chain.push_back(transform::make_transform("rename s=text"));
    return c;
  };
  auto reference = testing::run_engine(files, config(1 << 24), 1);
  const auto& s = reference.stats;
  EXPECT_EQ(s.records_in, s.records_out + s.records_dropped + s.records_rejected);
  EXPECT_GT(s.records_rejected, 0u);

  std::vector<std::size_t> chunks = {1, 2, 3, 17, 64, 100, 4096, 65536};
  std::uniform_int_distribution<std::size_t> random_chunk(1, 3 << 20);
  for (int i = 0; i < 4; ++i) chunks.push_back(random_chunk(rng));
  for (int threads = 1; threads <= 8; ++threads) {
    for (std::size_t chunk : chunks) {
      for (auto kind : {testing::InputKind::kMemory, testing::InputKind::kFile}) {
        SCOPED_TRACE(kind == testing::InputKind::kFile ? "mapped files" : "memory");
        auto r = testing::run_engine(files, config(chunk), threads, nullptr, SIZE_MAX, kind);
        ASSERT_EQ(r.output, reference.output) << "threads " << threads << " chunk " << chunk;
        ASSERT_EQ(r.rejects, reference.rejects) << "threads " << threads << " chunk " << chunk;
        ASSERT_EQ(r.stats.records_in, s.records_in);
        ASSERT_EQ(r.stats.records_out, s.records_out);
        ASSERT_EQ(r.stats.records_rejected, s.records_rejected);
        ASSERT_EQ(r.stats.blank_lines, s.blank_lines);
        ASSERT_EQ(r.stats.bytes_in, s.bytes_in);
      }
    }
  }
}

}  // namespace
}  // namespace recproc

namespace recproc {
namespace {

// A chain that leaves the process twice (issue 17): records go through a Python function and
// a command between in-process steps, and still come out in input order with the same rejects
// and counts for every thread count and chunk size.
TEST(Property, StepsInOtherProcessesKeepOrderAndCounts) {
  std::uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("RECPROC_SEED")) seed = std::stoull(env);
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::string, std::string>> files = {
      {"a.ndjson", random_ndjson(rng, 300)}, {"b.ndjson", random_ndjson(rng, 40)}};
  const std::string data = RECPROC_TEST_DATA "/child_steps/";
  auto config = [&](std::size_t chunk) {
    engine::EngineConfig c;
    c.policy = engine::ErrorPolicy::kQuarantine;
    c.chunk_size = chunk;
    c.chain.push_back(transform::make_transform("filter i % 3 != 1"));
    c.chain.push_back(transform::make_transform("python " + data + "clean_steps.py:fix"));
    c.chain.push_back(transform::make_transform("exec cat"));
    c.chain.push_back(transform::make_transform("select i,double,label"));
    return c;
  };
  auto reference = testing::run_engine(files, config(1 << 24), 1);
  const auto& s = reference.stats;
  EXPECT_EQ(s.records_in, s.records_out + s.records_dropped + s.records_rejected);
  EXPECT_GT(s.records_out, 0u);
  EXPECT_GT(s.records_dropped, 0u);
  EXPECT_GT(s.records_rejected, 0u);
  EXPECT_NE(reference.output.find("\"double\":4,"), std::string::npos);  // i == 2

  for (int threads : {1, 2, 5}) {
    for (std::size_t chunk : {1ul, 64ul, 4096ul, 65536ul}) {
      auto r = testing::run_engine(files, config(chunk), threads);
      ASSERT_EQ(r.output, reference.output) << "threads " << threads << " chunk " << chunk;
      ASSERT_EQ(r.rejects, reference.rejects) << "threads " << threads << " chunk " << chunk;
      ASSERT_EQ(r.stats.records_out, s.records_out);
      ASSERT_EQ(r.stats.records_dropped, s.records_dropped);
      ASSERT_EQ(r.stats.records_rejected, s.records_rejected);
    }
  }
}

}  // namespace
}  // namespace recproc
