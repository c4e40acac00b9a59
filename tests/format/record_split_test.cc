// Where shards start and end (issue 14): for every split point of small NDJSON and CSV files,
// two shards cover every record exactly once, and a wrong CSV start-state assumption is caught
// by the state chain the merge follows.
#include "format/record_split.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../temp_file.h"
#include "format/csv_boundary.h"
#include "io/file_source.h"

namespace recproc::format {
namespace {

using testing::TempFile;

// Record starts of `text` after `data_start`, from the chunker's own cut function.
std::vector<std::uint64_t> record_starts(const std::string& text, std::uint64_t data_start,
                                         const CsvDialect* dialect) {
  std::vector<std::uint64_t> starts;
  std::uint64_t at = data_start;
  while (at < text.size()) {
    starts.push_back(at);
    std::string_view rest(text.data() + at, text.size() - at);
    std::size_t cut = dialect ? csv_find_cut(rest, *dialect, /*first=*/true) : rest.find('\n');
    if (cut == std::string_view::npos) break;
    at += dialect ? cut : cut + 1;
  }
  return starts;
}

// The true quote state after each prefix of `text`.
QuoteState state_after(const std::string& text, std::uint64_t data_start, std::uint64_t end,
                       const CsvDialect& dialect) {
  QuoteTracker t(&dialect, QuoteState::kUnquoted, '\n');
  t.advance(std::string_view(text).substr(data_start, end - data_start), false);
  return t.state();
}

void expect_split_everywhere(const std::string& text, std::uint64_t data_start,
                             const CsvDialect* dialect) {
  TempFile file(text);
  const std::vector<std::uint64_t> starts = record_starts(text, data_start, dialect);
  for (std::uint64_t b = 1; b < text.size(); ++b) {
    SplitRequest first{data_start, text.size(), 0, b, QuoteState::kUnquoted};
    SplitRequest second{data_start, text.size(), b, text.size(), QuoteState::kUnquoted};
    if (dialect && b > data_start) second.assumed = state_after(text, data_start, b, *dialect);
    RecordRange r0 = find_record_range(io::file_range_opener(file.path()), dialect, first);
    RecordRange r1 = find_record_range(io::file_range_opener(file.path()), dialect, second);
    SCOPED_TRACE("split at " + std::to_string(b));
    EXPECT_EQ(r0.begin, data_start);
    EXPECT_EQ(r0.end, r1.begin);
    EXPECT_EQ(r1.end, text.size());
    // The boundary is the first record start at or after b.
    std::uint64_t expected = text.size();
    for (std::uint64_t s : starts) {
      if (s >= b) {
        expected = s;
        break;
      }
    }
    if (b > data_start) {
      EXPECT_EQ(r1.begin, expected);
    }
    if (dialect && b > data_start) {
      ASSERT_TRUE(r0.end_state);
      EXPECT_EQ(*r0.end_state, second.assumed);  // the state chain the merge checks
    }
  }
}

TEST(RecordSplit, NdjsonEverySplitPoint) {
  expect_split_everywhere("{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":\"x\\ny\"}\n{\"d\":4}", 0, nullptr);
}

TEST(RecordSplit, CsvEverySplitPointWithQuotedNewlinesAndDoubledQuotes) {
  const CsvDialect csv = dialect_for(FormatKind::kCsv);
  const std::string header = "id,note\n";
  const std::string text = header +
                           "1,\"two\nlines\"\n2,\"say \"\"hi\"\"\nthere\"\n3,plain \"x\" quote\n"
                           "4,\"\"\n5,\"a,\"\"\"\n\n6,\"\n\"\n7,end";
  expect_split_everywhere(text, header.size(), &csv);
}

TEST(RecordSplit, WrongAssumptionIsCaughtAndItsTrueEndStateKnown) {
  const CsvDialect csv = dialect_for(FormatKind::kCsv);
  const std::string text = "id,note\n1,\"a\nb\nc\nd\"\n2,x\n3,\"e\nf\"\n";
  TempFile file(text);
  const std::uint64_t b = text.find("b\n");  // inside the first quoted field
  const std::uint64_t e = text.find("3,");
  SplitRequest wrong{8, text.size(), b, e, QuoteState::kUnquoted};
  RecordRange r = find_record_range(io::file_range_opener(file.path()), &csv, wrong);
  ASSERT_TRUE(r.assumed);
  ASSERT_TRUE(r.end_state_for_start);
  // Assuming "unquoted" inside a quoted field cuts in the wrong place...
  EXPECT_NE(r.begin, text.find("2,x"));
  // ...and the state at e for the true start state is what a re-run assuming it computes.
  SplitRequest right = wrong;
  right.assumed = QuoteState::kQuoted;
  RecordRange fixed = find_record_range(io::file_range_opener(file.path()), &csv, right);
  EXPECT_EQ(fixed.begin, text.find("2,x"));
  EXPECT_EQ((*r.end_state_for_start)[static_cast<std::size_t>(QuoteState::kQuoted)],
            *fixed.end_state);
}

// Counts the bytes read through an opener: how often a share is read (for a blob, downloaded).
struct CountingSource final : io::ByteSource {
  CountingSource(std::unique_ptr<io::ByteSource> inner, std::uint64_t* count)
      : inner_(std::move(inner)), count_(count) {}
  std::size_t read(char* buf, std::size_t n) override {
    const std::size_t got = inner_->read(buf, n);
    *count_ += got;
    return got;
  }
  std::uint64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  std::unique_ptr<io::ByteSource> inner_;
  std::uint64_t* count_;
};

TEST(RecordSplit, ACsvShareIsReadOnceForEveryStartState) {
  const CsvDialect csv = dialect_for(FormatKind::kCsv);
  std::string text = "id,note\n";
  for (int i = 0; text.size() < 12'000'000; ++i) {
    text += std::to_string(i) + (i % 3 ? ",\"a \"\"quoted\"\"\nnote\"\n" : ",plain\n");
  }
  TempFile file(text);
  std::uint64_t read = 0;
  const io::OpenRange plain = io::file_range_opener(file.path());
  const io::OpenRange counted = [&](std::uint64_t b, std::uint64_t e) {
    return std::unique_ptr<io::ByteSource>(new CountingSource(plain(b, e), &read));
  };
  const std::uint64_t b = 2'000'000;
  const std::uint64_t e = 10'000'000;
  SplitRequest request{8, text.size(), b, e, QuoteState::kUnquoted};
  RecordRange r = find_record_range(counted, &csv, request);
  ASSERT_TRUE(r.end_state_for_start);
  // One pass over the share, plus the block around each end (1 MiB reads): not one per state.
  EXPECT_LT(read, (e - b) + 3 * (1u << 20)) << read;
  // Each state's end state is what a scan from that state alone computes.
  for (QuoteState start :
       {QuoteState::kUnquoted, QuoteState::kQuoted, QuoteState::kQuoteInQuoted}) {
    QuoteTracker alone(&csv, start, text[b - 1]);
    alone.advance(std::string_view(text).substr(b, e - b), false);
    EXPECT_EQ((*r.end_state_for_start)[static_cast<std::size_t>(start)], alone.state());
  }
}

TEST(RecordSplit, QuoteStateNamesRoundTrip) {
  for (QuoteState s : {QuoteState::kUnquoted, QuoteState::kQuoted, QuoteState::kQuoteInQuoted}) {
    EXPECT_EQ(parse_quote_state(quote_state_name(s)), s);
  }
  EXPECT_FALSE(parse_quote_state("maybe"));
}

}  // namespace
}  // namespace recproc::format
