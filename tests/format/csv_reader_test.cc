// CSV reading: every dialect feature, line numbers and the exact error texts (issue 4).
#include <gtest/gtest.h>

#include "csv_test_driver.h"

namespace recproc::format {
namespace {

using testing::run_csv;

std::vector<std::string> rows(std::string_view input, CsvDialect d = {}) {
  return run_csv(input, d).rows;
}

using Rows = std::vector<std::string>;

TEST(CsvReader, HeaderNamesStringFields) {
  EXPECT_EQ(rows("id,name\n1,ann\n2,bob\n"),
            (Rows{R"(2: {"id":"1","name":"ann"})", R"(3: {"id":"2","name":"bob"})"}));
}

TEST(CsvReader, LastLineWithoutNewline) {
  EXPECT_EQ(rows("a,b\n1,2"), (Rows{R"(2: {"a":"1","b":"2"})"}));
}

TEST(CsvReader, Utf8BomIsStripped) {
  EXPECT_EQ(rows("\xEF\xBB\xBFid,x\n1,2\n"), (Rows{R"(2: {"id":"1","x":"2"})"}));
}

TEST(CsvReader, CrlfLineEnds) {
  EXPECT_EQ(rows("a,b\r\n1,2\r\n3,\"4\"\r\n"),
            (Rows{R"(2: {"a":"1","b":"2"})", R"(3: {"a":"3","b":"4"})"}));
}

TEST(CsvReader, QuotedFieldsWithDelimitersQuotesAndNewlines) {
  EXPECT_EQ(rows("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n\"line1\nline2\r\nline3\",z\n4,5\n"),
            (Rows{R"(2: {"a":"x,y","b":"say \"hi\""})",
                  R"(3: {"a":"line1\nline2\r\nline3","b":"z"})", R"(6: {"a":"4","b":"5"})"}));
}

TEST(CsvReader, EmptyFieldsQuotedOrNot) {
  EXPECT_EQ(rows("a,b,c\n1,\"\",\n,,\n"),
            (Rows{R"(2: {"a":"1","b":"","c":""})", R"(3: {"a":"","b":"","c":""})"}));
}

TEST(CsvReader, BlankLinesAreSkippedAndCounted) {
  EXPECT_EQ(rows("a\n1\n\n\r\n2\n\n"),
            (Rows{R"(2: {"a":"1"})", "3: blank", "4: blank", R"(5: {"a":"2"})", "6: blank"}));
}

TEST(CsvReader, WrongFieldCountNamesTheLineWhereTheRecordStarts) {
  EXPECT_EQ(rows("a,b,c,d,e\n1,2,3,4,5\n\"x\ny\",2,3,4\n1,2,3,4,5,6\n"),
            (Rows{R"(2: {"a":"1","b":"2","c":"3","d":"4","e":"5"})",
                  "3: error: expected 5 fields, got 4 [\"x\ny\",2,3,4]",
                  "5: error: expected 5 fields, got 6 [1,2,3,4,5,6]"}));
}

TEST(CsvReader, ErrorMessageWithTheEngineLocation) {
  testing::CsvRun run = run_csv("a,b,c,d,e\n\n\n\n\n\n1,2,3,4\n", {});
  ASSERT_EQ(run.rows.size(), 6u);
  EXPECT_EQ(run.rows[5], "7: error: expected 5 fields, got 4 [1,2,3,4]");
  // What the engine prints: "<file>:<line>: <reason>".
  CsvReader reader({});
  InputInfo info;
  info.columns = {"a", "b", "c", "d", "e"};
  std::string chunk = "1,2,3,4\n";
  reader.begin_chunk(ChunkView{chunk, 0, &info});
  Record record;
  RawRecord raw;
  FieldError error;
  ASSERT_EQ(reader.next(record, raw, error), ReadStatus::kError);
  EXPECT_EQ("line " + std::to_string(6 + raw.line) + ": " + error.reason,
            "line 7: expected 5 fields, got 4");
  EXPECT_EQ(error.kind, ErrorKind::kParse);
  EXPECT_EQ(error.field, "");
  EXPECT_EQ(error.rule, "csv");
}

TEST(CsvReader, AllowRaggedPadsAndTruncates) {
  CsvDialect d;
  d.allow_ragged = true;
  EXPECT_EQ(rows("a,b,c\n1\n1,2,3,4\n", d),
            (Rows{R"(2: {"a":"1","b":"","c":""})", R"(3: {"a":"1","b":"2","c":"3"})"}));
}

TEST(CsvReader, UnterminatedQuoteAtEndOfInput) {
  EXPECT_EQ(rows("a,b\n1,2\n3,\"open\nstill open\n"),
            (Rows{R"(2: {"a":"1","b":"2"})",
                  "3: error: unterminated quoted field [3,\"open\nstill open]"}));
}

TEST(CsvReader, UnterminatedQuoteInTheFirstRowIsARecordError) {
  testing::CsvRun run = run_csv("\na,\"b\n1,2\n", {});
  EXPECT_EQ(run.columns, std::vector<std::string>{});
  EXPECT_EQ(run.rows, (Rows{"1: blank", "2: error: unterminated quoted field [a,\"b\n1,2]"}));
}

TEST(CsvReader, NoHeaderNamesColumnsC1ToCn) {
  CsvDialect d;
  d.header = false;
  testing::CsvRun run = run_csv("\xEF\xBB\xBF\n1,2,3\n4,5,6\n", d);
  EXPECT_EQ(run.columns, (std::vector<std::string>{"c1", "c2", "c3"}));
  EXPECT_EQ(run.rows, (Rows{"1: blank", R"(2: {"c1":"1","c2":"2","c3":"3"})",
                            R"(3: {"c1":"4","c2":"5","c3":"6"})"}));
}

TEST(CsvReader, DuplicateHeaderNamesAreMadeUniqueWithAWarning) {
  testing::CsvRun run = run_csv("id,x,id,id_2,x\n1,2,3,4,5\n", {});
  EXPECT_EQ(run.columns, (std::vector<std::string>{"id", "x", "id_3", "id_2", "x_2"}));
  EXPECT_EQ(run.warnings,
            (std::vector<std::string>{"in.csv:1: duplicate column name \"id\" renamed to \"id_3\"",
                                      "in.csv:1: duplicate column name \"x\" renamed to \"x_2\""}));
  EXPECT_EQ(run.rows, (Rows{R"(2: {"id":"1","x":"2","id_3":"3","id_2":"4","x_2":"5"})"}));
}

TEST(CsvReader, HeaderAfterBlankLinesAndWithQuotedNewline) {
  testing::CsvRun run = run_csv("\n\n\"a\nb\",\"c\"\"\"\n1,2\n", {});
  EXPECT_EQ(run.columns, (std::vector<std::string>{"a\nb", "c\""}));
  EXPECT_EQ(run.rows, (Rows{R"(5: {"a\nb":"1","c\"":"2"})"}));
}

TEST(CsvReader, OtherDelimiters) {
  for (char delim : {';', '|', '\t'}) {
    CsvDialect d;
    d.delimiter = delim;
    std::string in = std::string("a") + delim + "b\n1" + delim + "\"x" + delim + "y\"\n";
    std::string want = std::string(R"(2: {"a":"1","b":"x)") +
                       (delim == '\t' ? "\\t" : std::string(1, delim)) + R"(y"})";
    EXPECT_EQ(rows(in, d), (Rows{want})) << delim;
  }
  // A comma is data when it is not the delimiter.
  EXPECT_EQ(rows("a;b\n1,5;2\n", CsvDialect{';'}), (Rows{R"(2: {"a":"1,5","b":"2"})"}));
}

TEST(CsvReader, TsvDialect) {
  EXPECT_EQ(rows("a\tb\n1\t2 \"in\" 3\n", dialect_for(FormatKind::kTsv)),
            (Rows{R"(2: {"a":"1","b":"2 \"in\" 3"})"}));
}

TEST(CsvReader, OtherQuoteCharacter) {
  CsvDialect d;
  d.quote = '\'';
  EXPECT_EQ(rows("a,b\n'x,''y''',\"z\"\n", d), (Rows{R"(2: {"a":"x,'y'","b":"\"z\""})"}));
}

TEST(CsvReader, FieldsAreJsonEscaped) {
  EXPECT_EQ(rows("a,b,c\nC:\\dir,\"tab\there\",x\x01y\n"),
            (Rows{R"(2: {"a":"C:\\dir","b":"tab\there","c":"x\u0001y"})"}));
  EXPECT_EQ(rows(std::string("a\nx\0y\n", 6)), (Rows{R"(2: {"a":"x\u0000y"})"}));
}

TEST(CsvReader, QuotesInsideUnquotedFieldsAreLiteral) {
  EXPECT_EQ(rows("a,b\n5\" pipe,x\"y\"\n"), (Rows{R"(2: {"a":"5\" pipe","b":"x\"y\""})"}));
}

TEST(CsvReader, TextAfterClosingQuoteIsKept) {
  EXPECT_EQ(rows("a,b\n\"x\"\"\" y\"z,\"q\" \n"), (Rows{R"(2: {"a":"x\" y\"z","b":"q "})"}));
}

TEST(CsvReader, BareCarriageReturnIsData) {
  EXPECT_EQ(rows("a,b\n1\r2,3\r\n"), (Rows{R"(2: {"a":"1\r2","b":"3"})"}));
}

TEST(CsvReader, InvalidUtf8IsAnError) {
  EXPECT_EQ(rows("a,b\n1,ok\n2,\xff\xfe\n3,\xc3\xa9\n"),
            (Rows{R"(2: {"a":"1","b":"ok"})", "3: error: invalid UTF-8 [2,\xff\xfe]",
                  R"(4: {"a":"3","b":"é"})"}));
}

TEST(CsvReader, TrailingDelimiterIsAnEmptyLastField) {
  EXPECT_EQ(rows("a,b\n1,\n"), (Rows{R"(2: {"a":"1","b":""})"}));
  EXPECT_EQ(rows("a,b\n1,"), (Rows{R"(2: {"a":"1","b":""})"}));
}

TEST(CsvReader, LongFieldsCrossTheVectorWidth) {
  std::string long_text(100, 'x');
  std::string in = "a,b\n" + long_text + ",\"" + long_text + "\"\"" + long_text + "\"\n";
  EXPECT_EQ(rows(in), (Rows{"2: {\"a\":\"" + long_text + "\",\"b\":\"" + long_text + "\\\"" +
                            long_text + "\"}"}));
}

TEST(CsvReader, EmptyInputAndHeaderOnly) {
  EXPECT_EQ(rows(""), Rows{});
  EXPECT_EQ(rows("\xEF\xBB\xBF"), Rows{});
  testing::CsvRun run = run_csv("a,b\n", {});
  EXPECT_EQ(run.columns, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(run.rows, Rows{});
}

TEST(CsvReader, LinesConsumedCountsQuotedNewlines) {
  CsvReader reader({});
  InputInfo info;
  info.columns = {"a"};
  std::string chunk = "\"1\n2\"\n\n3\n";
  reader.begin_chunk(ChunkView{chunk, 0, &info});
  Record record;
  RawRecord raw;
  FieldError error;
  ASSERT_EQ(reader.next(record, raw, error), ReadStatus::kRecord);
  EXPECT_EQ(raw.line, 1u);
  EXPECT_EQ(raw.text, "\"1\n2\"");
  EXPECT_EQ(reader.lines_consumed(), 2u);
  ASSERT_EQ(reader.next(record, raw, error), ReadStatus::kBlank);
  EXPECT_EQ(raw.line, 3u);
  ASSERT_EQ(reader.next(record, raw, error), ReadStatus::kRecord);
  EXPECT_EQ(raw.line, 4u);
  EXPECT_EQ(reader.next(record, raw, error), ReadStatus::kEnd);
  EXPECT_EQ(reader.lines_consumed(), 4u);
}

TEST(CsvReader, ReadCsvRowSplitsTheFirstRow) {
  std::vector<std::string> values;
  std::uint64_t lines = 0;
  EXPECT_TRUE(read_csv_row("\n\"a\"\"b\",c\r\n", {}, values, lines));
  EXPECT_EQ(values, (std::vector<std::string>{"a\"b", "c"}));
  EXPECT_EQ(lines, 2u);
  EXPECT_FALSE(read_csv_row("\"open", {}, values, lines));
}

}  // namespace
}  // namespace recproc::format
