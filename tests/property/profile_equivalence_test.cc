// Property: the field profile in the report is byte-identical for every thread count and chunk
// size (issue 20), on input with frequent and rare values, fields that come and go, nulls,
// dates, escapes and more distinct values than the top-values summary counts exactly.
#include <gtest/gtest.h>

#include <random>

#include "../engine/engine_test_util.h"
#include "report/profile_json.h"

namespace recproc {
namespace {

std::string profiled_ndjson(std::mt19937_64& rng, std::size_t records) {
  static const char* kSeverities[] = {"emerg", "alert", "crit", "err", "warning", "info"};
  std::string out;
  for (std::size_t i = 0; i < records; ++i) {
    const std::uint64_t r = rng();
    out += "{\"id\": " + std::to_string(i);
    out += ", \"sev\": \"" + std::string(kSeverities[r % 6]) + "\"";
    if (r % 7 != 0) out += ", \"host\": \"h" + std::to_string(r % 5000) + "\"";  // > cap
    out += ", \"retries\": " + (r % 11 == 0 ? std::string("null") : std::to_string(r % 9));
    out += ", \"ts\": \"2026-11-" + std::to_string(10 + r % 20) + "T0" + std::to_string(r % 10) +
           ":00:00Z\"";
    if (r % 3 == 0) out += ", \"msg\": \"caf\\u00e9 " + std::string(r % 50, 'x') + "\"";
    if (r % 13 == 0) out += ", \"props\": {\"k\": [1, 2]}, \"ok\": true";
    if (r % 17 == 0) out += ", \"ratio\": " + std::to_string(r % 1000) + ".25e-1";
    out += "}\n";
    if (r % 29 == 0) out += "{\"broken\": \n";  // rejected: not profiled
  }
  return out;
}

TEST(Property, ProfileIdenticalForEveryThreadCountAndChunkSize) {
  std::uint64_t seed = std::random_device{}();
  if (const char* env = std::getenv("RECPROC_SEED")) seed = std::stoull(env);
  SCOPED_TRACE("seed " + std::to_string(seed) +
               " (rerun with RECPROC_SEED=" + std::to_string(seed) + ")");
  std::mt19937_64 rng(seed);
  std::vector<std::pair<std::string, std::string>> files = {
      {"a.ndjson", profiled_ndjson(rng, 20000)}, {"b.ndjson", profiled_ndjson(rng, 3000)}};

  auto config = [](std::size_t chunk) {
    engine::EngineConfig c;
    c.policy = engine::ErrorPolicy::kSkip;
    c.chunk_size = chunk;
    c.profile = true;
    c.chain.push_back(transform::make_transform("filter sev != \"info\""));
    return c;
  };
  auto reference = testing::run_engine(files, config(1 << 20), 1);
  ASSERT_TRUE(reference.stats.profile);
  const std::string expected = report::profile_json(*reference.stats.profile);
  EXPECT_EQ(reference.stats.profile->records(), reference.stats.records_out);
  EXPECT_NE(expected.find("\"top_values_sampled\": true"), std::string::npos);  // host
  EXPECT_NE(expected.find("\"name\": \"props\""), std::string::npos);

  for (int threads : {1, 2}) {
    for (std::size_t chunk : {1024ul, 65536ul, 1ul << 20}) {
      auto r = testing::run_engine(files, config(chunk), threads);
      ASSERT_TRUE(r.stats.profile);
      ASSERT_EQ(report::profile_json(*r.stats.profile), expected)
          << "threads " << threads << " chunk " << chunk;
    }
  }
}

}  // namespace
}  // namespace recproc
