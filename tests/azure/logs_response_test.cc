// Parsing Log Analytics response bodies into typed rows (issues 7, 16); the rows are shown with
// testing::CellText.
// Bodies are inline, in the documented shape
// (https://learn.microsoft.com/azure/azure-monitor/logs/api/response-format).
#include "azure/logs_response.h"

#include <gtest/gtest.h>

#include <string>

#include "recproc/record.h"
#include "logs_test_support.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

std::string body_with(const std::string& columns, const std::string& rows,
                      const std::string& extra = "") {
  return R"({"tables":[{"name":"PrimaryResult","columns":)" + columns + R"(,"rows":)" + rows +
         "}]" + extra + "}";
}

std::string parse(std::string body, bool allow_partial = false,
                  LogsResponseSummary* summary = nullptr) {
  testing::CellText cells;
  LogsResponseSummary s = parse_logs_response(body, cells, allow_partial, "Log Analytics response");
  if (summary != nullptr) *summary = s;
  return cells.text;
}

using testing::error_of;

TEST(LogsResponse, DocumentedExample) {
  std::string body = R"({
    "tables": [{
      "name": "PrimaryResult",
      "columns": [{"name": "Category", "type": "string"}, {"name": "count_", "type": "long"}],
      "rows": [["Administrative", 20839], ["Recommendation", 122]]
    }]
  })";
  EXPECT_EQ(parse(body),
            "{\"Category\":\"Administrative\",\"count_\":20839}\n"
            "{\"Category\":\"Recommendation\",\"count_\":122}\n");
}

TEST(LogsResponse, DynamicIsEmbeddedAsJson) {
  std::string cols = R"([{"name":"d","type":"dynamic"}])";
  std::string rows = R"([["{\"a\": [1, 2.50, true], \"s\": \"x y\"}"],["[]"],["\"str\""],)"
                     R"(["17"],["not json"],[""],[null],[{"raw": 1}],[[1, 2]],[3]])";
  EXPECT_EQ(parse(body_with(cols, rows)),
            "{\"d\":{\"a\":[1,2.50,true],\"s\":\"x y\"}}\n"
            "{\"d\":[]}\n"
            "{\"d\":\"str\"}\n"
            "{\"d\":17}\n"
            "{\"d\":\"not json\"}\n"
            "{\"d\":null}\n"
            "{\"d\":null}\n"
            "{\"d\":{\"raw\":1}}\n"
            "{\"d\":[1,2]}\n"
            "{\"d\":3}\n");
}

TEST(LogsResponse, NumbersAndBooleans) {
  std::string cols = R"([{"name":"l","type":"long"},{"name":"i","type":"int"},)"
                     R"({"name":"r","type":"real"},{"name":"b","type":"bool"}])";
  std::string rows = R"([[9223372036854775807, -2147483648, 1.0, true],)"
                     R"([-9223372036854775808, 0, -0.5e-3, 0],)"
                     R"([1, 1, "Infinity", 1],[1, 1, "-Infinity", false]])";
  EXPECT_EQ(parse(body_with(cols, rows)),
            "{\"l\":9223372036854775807,\"i\":-2147483648,\"r\":1.0,\"b\":true}\n"
            "{\"l\":-9223372036854775808,\"i\":0,\"r\":-0.5e-3,\"b\":false}\n"
            "{\"l\":1,\"i\":1,\"r\":\"Infinity\",\"b\":true}\n"
            "{\"l\":1,\"i\":1,\"r\":\"-Infinity\",\"b\":false}\n");
}

TEST(LogsResponse, StringsAreKeptExactly) {
  std::string cols = R"([{"name":"s","type":"string"},{"name":"t","type":"timespan"},)"
                     R"({"name":"g","type":"guid"},{"name":"dt","type":"datetime"},)"
                     R"({"name":"dec","type":"decimal"}])";
  std::string rows = R"([["tab\there \"q\" \\ \u0001 \u00e9 \ud83d\ude00 </", "00:00:01", "0-0", )"
                     R"("2024-05-01T00:00:00.1234567Z", "0.10000000000000000001"]])";
  EXPECT_EQ(parse(body_with(cols, rows)),
            "{\"s\":\"tab\\there \\\"q\\\" \\\\ \\u0001 \xc3\xa9 \xf0\x9f\x98\x80 </\","
            "\"t\":\"00:00:01\",\"g\":\"0-0\",\"dt\":\"2024-05-01T00:00:00.1234567Z\","
            "\"dec\":\"0.10000000000000000001\"}\n");
}

TEST(LogsResponse, OnlyTheFirstTableIsWritten) {
  std::string body =
      R"({"tables":[{"name":"PrimaryResult","columns":[{"name":"a","type":"int"}],"rows":[[1]]},)"
      R"({"name":"Other","columns":[{"name":"b","type":"int"}],"rows":[[2]]}]})";
  LogsResponseSummary summary;
  EXPECT_EQ(parse(body, false, &summary), "{\"a\":1}\n");
  EXPECT_EQ(summary.ignored_tables, 1u);
}

TEST(LogsResponse, PartialErrorBeforeOrAfterTables) {
  std::string error =
      R"("error":{"code":"PartialError","message":"Some errors.","details":[{"code":"E",)"
      R"("message":"Detail.","innererror":{"code":"I","message":"Inner."}}]})";
  std::string cols = R"([{"name":"a","type":"int"}])";
  for (const std::string& body :
       {body_with(cols, "[[1]]", "," + error),
        "{" + error + R"(,"tables":[{"name":"P","columns":)" + cols + R"(,"rows":[[1]]}]})"}) {
    // The library names no flag; cli adds the --allow-partial hint (LogsBinaryTest).
    EXPECT_EQ(error_of<PartialResultError>([&] { parse(body); }),
              "Log Analytics response: partial result: PartialError: Some errors. Detail. Inner.");
    LogsResponseSummary summary;
    EXPECT_EQ(parse(body, true, &summary), "{\"a\":1}\n");
    EXPECT_EQ(summary.partial_error, "PartialError: Some errors. Detail. Inner.");
  }
}

TEST(LogsResponse, PartialErrorWritesNothingBeforeFailing) {
  testing::CellText cells;
  std::string body = body_with(R"([{"name":"a","type":"int"}])", "[[1],[2]]",
                               R"(,"error":{"code":"PartialError","message":"m"})");
  EXPECT_THROW(parse_logs_response(body, cells, false, "W"), DataError);
  EXPECT_TRUE(cells.names.empty());
  EXPECT_EQ(cells.text, "");
}

TEST(LogsResponse, TypeMismatchNamesRowAndColumn) {
  std::string cols = R"([{"name":"n","type":"long"},{"name":"b","type":"bool"}])";
  EXPECT_EQ(error_of<DataError>([&] { parse(body_with(cols, R"([[1,true],["x",true]])")); }),
            "Log Analytics response: row 2, column \"n\" (long): expected an integer, got string");
  EXPECT_EQ(error_of<DataError>([&] { parse(body_with(cols, "[[1.5,true]]")); }),
            "Log Analytics response: row 1, column \"n\" (long): expected an integer, got number");
  EXPECT_EQ(error_of<DataError>([&] { parse(body_with(cols, "[[1,2]]")); }),
            "Log Analytics response: row 1, column \"b\" (bool): expected true or false, got "
            "number");
  EXPECT_EQ(error_of<DataError>([&] { parse(body_with(cols, "[[1]]")); }),
            "Log Analytics response: row 1: expected 2 values, one per column");
  EXPECT_EQ(error_of<DataError>([&] { parse(body_with(cols, "[[1,true,3]]")); }),
            "Log Analytics response: row 1: expected 2 values, one per column");
}

TEST(LogsResponse, MalformedBodies) {
  std::string good = body_with(R"([{"name":"a","type":"int"}])", "[[1],[2]]");
  for (const std::string& body :
       {std::string(""), std::string("not json"), good.substr(0, good.size() / 2),
        good.substr(0, good.size() - 1), std::string("[1,2]")}) {
    EXPECT_TRUE(error_of<IoError>([&] {
                  parse(body);
                }).starts_with("Log Analytics response: malformed response: "))
        << body;
  }
  EXPECT_EQ(error_of<IoError>([] { parse(R"({"value":[]})"); }),
            "Log Analytics response: no \"tables\" in the response");
  EXPECT_EQ(error_of<IoError>([] { parse(R"({"tables":[{"rows":[[1]]}]})"); }),
            "Log Analytics response: \"rows\" before \"columns\"");
}

TEST(LogsResponse, ErrorMessages) {
  EXPECT_EQ(logs_error_message(R"({"error":{"message":"The request had some invalid properties",)"
                               R"("code":"BadArgumentError","correlationId":"c","innererror":)"
                               R"({"code":"SyntaxError","message":"A recognition error."}}})"),
            "BadArgumentError: The request had some invalid properties. A recognition error.");
  EXPECT_EQ(logs_error_message("<html>"), "");
  EXPECT_EQ(logs_error_message(R"({"error":"x"})"), "");
}

TEST(LogsJsonText, JsonEscaping) {
  std::string out;
  append_json_string(out, std::string("a\"b\\c\n\r\t\b\f\x01\x1f\x7f \xc3\xa9", 16));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\x7f \xc3\xa9\"");
}

TEST(LogsResponse, SizeTruncationAndStatistics) {
  std::string too_large =
      R"(,"error":{"code":"PartialError","message":"There were some errors.","details":[{)"
      R"("code":"EngineError","message":"m","innererror":{"code":"-2133196797","message":)"
      R"("Query result set has exceeded the internal record count limit."}}]})";
  LogsResponseSummary summary;
  parse(body_with(R"([{"name":"a","type":"int"}])", "[[1]]", too_large), true, &summary);
  EXPECT_TRUE(summary.truncated);
  parse(body_with(R"([{"name":"a","type":"int"}])", "[[1]]",
                  R"(,"error":{"code":"PartialError","message":"A workspace was unreachable."})"),
        true, &summary);
  EXPECT_FALSE(summary.truncated);
  EXPECT_EQ(summary.partial_error, "PartialError: A workspace was unreachable.");
  parse(body_with(R"([{"name":"a","type":"int"}])", "[[1]]",
                  R"(,"statistics":{"query": {"executionTime": 0.5}})"),
        false, &summary);
  EXPECT_EQ(summary.statistics, R"({"query":{"executionTime":0.5}})");
}

}  // namespace
}  // namespace recproc::azure
