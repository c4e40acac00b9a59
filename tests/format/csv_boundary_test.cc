// Quote-aware record ends and the preamble (issue 4).
#include "format/csv_boundary.h"

#include <gtest/gtest.h>

namespace recproc::format {
namespace {

constexpr std::size_t npos = std::string_view::npos;

std::size_t last(std::string_view buf) { return csv_find_cut(buf, {}); }
std::size_t first(std::string_view buf) { return csv_find_cut(buf, {}, true); }

TEST(CsvBoundary, LastCutIsAfterTheLastNewlineOutsideQuotes) {
  EXPECT_EQ(last("a,b\n1,2\n3,"), 8u);
  EXPECT_EQ(last("a,b\n1,\"x\ny\"\n"), 12u);
  EXPECT_EQ(last("a,b\n1,\"x\ny"), 4u);         // the field is still open
  EXPECT_EQ(last("a,b\n1,\"x\"\"\ny"), 4u);     // "" keeps it open
  EXPECT_EQ(last("a,b\n1,\"x\"\"\"\ny"), 12u);  // """ closes it
  EXPECT_EQ(last("a,b\n1,\"x\""), 4u);          // a quote at the end: cannot tell yet
  EXPECT_EQ(last("no newline"), 0u);
  EXPECT_EQ(last(""), 0u);
}

TEST(CsvBoundary, OnlyAQuoteAtAFieldStartOpensAField) {
  EXPECT_EQ(last("5\" pipe,x\n1,2\n"), 14u);
  EXPECT_EQ(last("\"q\"tail\"\n1\n"), 11u);  // quote after a closed field is literal
  EXPECT_EQ(last("1\r\"x\ny\n"), 7u);        // after a bare CR too
  EXPECT_EQ(last("\"a\nb\"\n"), 6u);         // at the buffer start
  EXPECT_EQ(last("x\n\"a\nb"), 2u);          // after a newline
  CsvDialect semi;
  semi.delimiter = ';';
  EXPECT_EQ(csv_find_cut("1,\"a\n;\"b\nc\"\n", semi), 12u);
  EXPECT_EQ(csv_find_cut("1;\"a\n;x\nc", semi), 0u);
}

TEST(CsvBoundary, FirstCut) {
  EXPECT_EQ(first("\"h\n1\",h2\nrow\n"), 9u);
  EXPECT_EQ(first("h1,\"h\n"), npos);
  EXPECT_EQ(first("h1,h2"), npos);
}

TEST(CsvBoundary, LastCutAtEofTakesEverything) {
  CsvBoundary b({}, {});
  EXPECT_EQ(b.last_cut("1,\"open", true), 7u);
  EXPECT_EQ(b.last_cut("1,\"open", false), 0u);
}

TEST(CsvBoundary, PreambleWaitsForTheWholeHeader) {
  CsvBoundary b({}, {});
  InputInfo info;
  EXPECT_EQ(b.read_preamble("\xEF\xBB", false, info), npos);
  EXPECT_EQ(b.read_preamble("\xEF\xBB\xBF\"a\n", false, info), npos);
  EXPECT_EQ(b.read_preamble("\xEF\xBB\xBF\"a\nb\",c\n1,2\n", false, info), 11u);
  EXPECT_EQ(info.columns, (std::vector<std::string>{"a\nb", "c"}));
  EXPECT_EQ(info.first_line, 3u);
  EXPECT_EQ(b.read_preamble("x,y", true, info), 3u);
  EXPECT_EQ(info.columns, (std::vector<std::string>{"x", "y"}));
}

TEST(CsvBoundary, HeaderlessPreambleConsumesOnlyTheBom) {
  CsvDialect d;
  d.header = false;
  CsvBoundary b(d, {});
  InputInfo info;
  EXPECT_EQ(b.read_preamble("\xEF\xBB\xBF\n1,2,\"3\n\"", false, info), npos);
  EXPECT_EQ(b.read_preamble("\xEF\xBB\xBF\n1,2,\"3\n\"\n", false, info), 3u);
  EXPECT_EQ(info.columns, (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(info.first_line, 1u);
}

TEST(CsvBoundary, UniqueNames) {
  std::vector<std::string> renames;
  EXPECT_EQ(make_unique_names({"a", "", "a", "", "a_2"}, renames),
            (std::vector<std::string>{"a", "", "a_3", "_2", "a_2"}));
  EXPECT_EQ(renames, (std::vector<std::string>{"duplicate column name \"a\" renamed to \"a_3\"",
                                               "duplicate column name \"\" renamed to \"_2\""}));
}

}  // namespace
}  // namespace recproc::format
