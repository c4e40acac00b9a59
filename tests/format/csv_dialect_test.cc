// Format detection and dialect flags (issue 4).
#include "format/csv_dialect.h"

#include <gtest/gtest.h>

#include "format/csv_format.h"
#include "recproc/error.h"

namespace recproc::format {
namespace {

template <class F>
std::string usage_error(F f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

TEST(CsvDialect, InputFormatFromExtensionThroughCompression) {
  EXPECT_EQ(detect_input_format("data.csv", ""), FormatKind::kCsv);
  EXPECT_EQ(detect_input_format("logs/data.csv.gz", ""), FormatKind::kCsv);
  EXPECT_EQ(detect_input_format("data.tsv.zst", ""), FormatKind::kTsv);
  EXPECT_EQ(detect_input_format("data.tab", ""), FormatKind::kTsv);
  EXPECT_EQ(detect_input_format("data.ndjson.gz", ""), FormatKind::kNdjson);
  EXPECT_EQ(detect_input_format("data.jsonl", ""), FormatKind::kNdjson);
  EXPECT_EQ(detect_input_format("data.log", ""), FormatKind::kNdjson);
  EXPECT_EQ(detect_input_format("-", ""), FormatKind::kNdjson);
  EXPECT_EQ(detect_input_format("data.gz", ""), FormatKind::kNdjson);
}

TEST(CsvDialect, ExplicitFormatWins) {
  EXPECT_EQ(detect_input_format("data.ndjson", "csv"), FormatKind::kCsv);
  EXPECT_EQ(detect_input_format("data.csv", "tsv"), FormatKind::kTsv);
  EXPECT_EQ(detect_input_format("data.csv", "jsonl"), FormatKind::kNdjson);
  EXPECT_EQ(usage_error([] { detect_input_format("x", "xml"); }),
            "unknown format \"xml\" (expected ndjson, csv or tsv)");
  EXPECT_EQ(usage_error([] { detect_output_format("x", "CSV", FormatKind::kCsv); }),
            "unknown format \"CSV\" (expected ndjson, csv or tsv)");
}

TEST(CsvDialect, OutputFormatFromFlagExtensionOrInput) {
  EXPECT_EQ(detect_output_format("", "", FormatKind::kCsv), FormatKind::kCsv);
  EXPECT_EQ(detect_output_format("-", "", FormatKind::kTsv), FormatKind::kTsv);
  EXPECT_EQ(detect_output_format("out.ndjson.zst", "", FormatKind::kCsv), FormatKind::kNdjson);
  EXPECT_EQ(detect_output_format("out.csv.gz", "", FormatKind::kNdjson), FormatKind::kCsv);
  EXPECT_EQ(detect_output_format("out.data", "", FormatKind::kTsv), FormatKind::kTsv);
  EXPECT_EQ(detect_output_format("out.csv", "ndjson", FormatKind::kCsv), FormatKind::kNdjson);
}

TEST(CsvDialect, Names) {
  EXPECT_EQ(format_name(FormatKind::kNdjson), "ndjson");
  EXPECT_EQ(format_name(FormatKind::kCsv), "csv");
  EXPECT_EQ(format_name(FormatKind::kTsv), "tsv");
  EXPECT_EQ(make_csv_input_format(dialect_for(FormatKind::kTsv))->name(), "tsv");
  EXPECT_EQ(make_csv_input_format({})->name(), "csv");
}

TEST(CsvDialect, Defaults) {
  CsvDialect csv = dialect_for(FormatKind::kCsv);
  EXPECT_EQ(csv.delimiter, ',');
  EXPECT_EQ(csv.quote, '"');
  EXPECT_TRUE(csv.header);
  EXPECT_FALSE(csv.allow_ragged);
  EXPECT_EQ(dialect_for(FormatKind::kTsv).delimiter, '\t');
}

TEST(CsvDialect, DelimiterFlag) {
  EXPECT_EQ(parse_delimiter(","), ',');
  EXPECT_EQ(parse_delimiter(";"), ';');
  EXPECT_EQ(parse_delimiter("|"), '|');
  EXPECT_EQ(parse_delimiter("tab"), '\t');
  EXPECT_EQ(parse_delimiter("\\t"), '\t');
  EXPECT_EQ(parse_delimiter("\t"), '\t');
  EXPECT_EQ(usage_error([] { parse_delimiter(":"); }),
            "expected one of , ; | tab, got \":\"");
  EXPECT_EQ(usage_error([] { parse_delimiter(""); }),
            "expected one of , ; | tab, got \"\"");
}

TEST(CsvDialect, QuoteFlag) {
  EXPECT_EQ(parse_quote("'"), '\'');
  EXPECT_EQ(usage_error([] { parse_quote("''"); }), "expected one character, got \"''\"");
}

TEST(CsvDialect, UnusableDialectsAreUsageErrors) {
  CsvDialect d;
  d.quote = ',';
  EXPECT_EQ(usage_error([&] { check_dialect(d); }),
            "the quote and the delimiter must differ (both are ,)");
  d.quote = '\n';
  EXPECT_EQ(usage_error([&] { check_dialect(d); }), "CSV delimiter and quote cannot be \\n");
  d = dialect_for(FormatKind::kTsv);
  d.quote = '\t';
  EXPECT_EQ(usage_error([&] { make_csv_input_format(d); }),
            "the quote and the delimiter must differ (both are tab)");
}

}  // namespace
}  // namespace recproc::format
