// Chunk boundaries never change what CSV reads as (issue 4): inputs full of quoted newlines,
// CRLF and doubled quotes give identical records, errors and line numbers whether they arrive
// in one piece, split at any single byte offset, in reads of any size, or cut at random places.
// Seeded; the seed is printed on failure and RECPROC_SEED=<n> replays one.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "../format/csv_test_driver.h"

namespace recproc::format {
namespace {

using testing::joined;
using testing::run_csv;

/// A CSV text of about `rows` rows that stresses the quote state at every byte.
std::string generate_csv(std::mt19937_64& rng, int rows, const CsvDialect& d) {
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  const std::string q(1, d.quote);
  const std::string sep(1, d.delimiter);
  auto field = [&]() -> std::string {
    switch (pick(12)) {
      case 0:
        return "";
      case 1:
        return q + q;
      case 2:
        return q + "line1\nline2" + q;
      case 3:
        return q + "crlf\r\ninside" + sep + "x" + q;
      case 4:
        return q + "say " + q + q + "hi" + q + q + q;
      case 5:
        return q + q + q + q;  // one literal quote
      case 6:
        return q + "\n\n" + q + "tail";  // text after the closing quote
      case 7:
        return "5" + q + " literal";  // a quote not at a field start
      case 8:
        return q + std::string(40, 'w') + "\n" + std::string(20, 'v') + q;
      case 9:
        return "caf\xc3\xa9 \\ \t";
      case 10:
        return "bare\rcr";
      default:
        return std::to_string(rng() % 100000);
    }
  };
  std::string out =
      "\xEF\xBB\xBF"
      "id" +
      sep + "a" + sep + q + "b\nc" + q + "\r\n";
  for (int r = 0; r < rows; ++r) {
    int choice = pick(20);
    if (choice == 0) {
      out += pick(2) ? "\n" : "\r\n";  // blank line
      continue;
    }
    int fields = choice == 1 ? 2 + pick(3) : 3;  // sometimes the wrong count
    for (int f = 0; f < fields; ++f) {
      if (f > 0) out += sep;
      out += field();
    }
    out += pick(3) == 0 ? "\r\n" : "\n";
  }
  if (pick(4) == 0) out += "1" + sep + q + "never closed\nreally";
  return out;
}

std::uint64_t base_seed() {
  const char* env = std::getenv("RECPROC_SEED");
  return env ? std::strtoull(env, nullptr, 10) : 20240605;
}

std::vector<CsvDialect> dialects() {
  CsvDialect semicolon;
  semicolon.delimiter = ';';
  semicolon.quote = '\'';
  CsvDialect ragged_tsv = dialect_for(FormatKind::kTsv);
  ragged_tsv.allow_ragged = true;
  CsvDialect headerless;
  headerless.header = false;
  return {CsvDialect{}, semicolon, ragged_tsv, headerless};
}

TEST(CsvChunking, EverySingleSplitOffsetGivesTheSameRecords) {
  std::uint64_t seed = base_seed();
  for (const CsvDialect& d : dialects()) {
    std::mt19937_64 rng(seed);
    std::string input = generate_csv(rng, 60, d);
    SCOPED_TRACE("seed " + std::to_string(seed) + ", delimiter '" + d.delimiter + "'");
    testing::CsvRun whole = run_csv(input, d);
    ASSERT_GT(whole.rows.size(), 40u);
    const std::string want = joined(whole);
    for (std::size_t k = 1; k < input.size(); ++k) {
      ASSERT_EQ(joined(run_csv(input, d, {k})), want) << "split at byte " << k;
    }
  }
}

TEST(CsvChunking, EveryReadSizeGivesTheSameRecords) {
  std::uint64_t seed = base_seed() + 1;
  std::mt19937_64 rng(seed);
  const CsvDialect d;
  std::string input = generate_csv(rng, 200, d);
  SCOPED_TRACE("seed " + std::to_string(seed));
  const std::string want = joined(run_csv(input, d));
  std::vector<std::size_t> sizes;
  for (std::size_t s = 1; s <= 64; ++s) sizes.push_back(s);
  for (std::size_t s : {100u, 257u, 1000u, 4096u}) sizes.push_back(s);
  for (std::size_t size : sizes) {
    std::vector<std::size_t> splits;
    for (std::size_t at = size; at < input.size(); at += size) splits.push_back(at);
    ASSERT_EQ(joined(run_csv(input, d, splits)), want) << "read size " << size;
  }
}

TEST(CsvChunking, RandomMultiCutSplitsGiveTheSameRecords) {
  const std::uint64_t first = base_seed() + 2;
  const int runs = std::getenv("RECPROC_SEED") ? 1 : 300;
  for (int i = 0; i < runs; ++i) {
    const std::uint64_t seed = first + static_cast<std::uint64_t>(i);
    std::mt19937_64 rng(seed);
    const CsvDialect d = dialects()[rng() % 4];
    std::string input = generate_csv(rng, 30, d);
    std::vector<std::size_t> splits;
    std::size_t cuts = 1 + rng() % 40;
    for (std::size_t c = 0; c < cuts; ++c) splits.push_back(1 + rng() % (input.size() - 1));
    std::sort(splits.begin(), splits.end());
    splits.erase(std::unique(splits.begin(), splits.end()), splits.end());
    ASSERT_EQ(joined(run_csv(input, d, splits)), joined(run_csv(input, d)))
        << "replay with RECPROC_SEED=" << seed;
  }
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(CsvChunking, CsvSpectrumAtEverySplitOffset) {
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(RECPROC_TEST_DATA) / "csv-spectrum/csvs")) {
    std::string input = slurp(entry.path());
    SCOPED_TRACE(entry.path().filename().string());
    const std::string want = joined(run_csv(input, {}));
    for (std::size_t k = 1; k < input.size(); ++k) {
      ASSERT_EQ(joined(run_csv(input, {}, {k})), want) << "split at byte " << k;
      for (std::size_t j = k + 1; j < input.size(); j += 3) {
        ASSERT_EQ(joined(run_csv(input, {}, {k, j})), want) << "splits at " << k << ", " << j;
      }
    }
    ++cases;
  }
  EXPECT_EQ(cases, 12);
}

}  // namespace
}  // namespace recproc::format
