#include "report/sarif_log.h"

#include <gtest/gtest.h>

#include <string>

namespace recproc::report {
namespace {

engine::RejectedRecord rejected(const std::string& file, std::uint64_t line,
                                const FieldError& error) {
  engine::RejectedRecord r;
  r.source = &file;
  r.line = line;
  r.error = &error;
  return r;
}

TEST(SarifUri, RelativePathsStayRelativeAndAreEncoded) {
  EXPECT_EQ(sarif_uri("data/in.ndjson"), "data/in.ndjson");
  EXPECT_EQ(sarif_uri("my dir/a:b#1.ndjson"), "my%20dir/a%3Ab%231.ndjson");
  EXPECT_EQ(sarif_uri("caf\xC3\xA9.csv"), "caf%C3%A9.csv");
  EXPECT_EQ(sarif_uri("/var/data/x y.ndjson"), "file:///var/data/x%20y.ndjson");
}

TEST(SarifLog, OneResultPerBadRecordAndOneRulePerCheck) {
  const std::string file = "in.ndjson";
  const FieldError type{ErrorKind::kSchema, "/pid", "expected integer, got string \"x\"",
                        "#/properties/pid/type"};
  const FieldError parse{ErrorKind::kParse, "", "invalid JSON: invalid literal", "json"};
  SarifLog log;
  log.add(rejected(file, 2, type));
  log.add(rejected(file, 3, parse));
  log.add(rejected(file, 9, type));
  RunContext ctx;
  ctx.exit_code = 1;
  EXPECT_EQ(log.json(ctx),
            R"({
  "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
  "version": "2.1.0",
  "runs": [
    {
      "tool": {"driver": {"name": "recproc", "version": ")" RECPROC_VERSION
            R"(", "semanticVersion": ")" RECPROC_VERSION R"(", "rules": [
        {"id": "#/properties/pid/type", "shortDescription": {"text": "The record fails the schema check #/properties/pid/type"}, "defaultConfiguration": {"level": "error"}, "properties": {"kind": "schema"}},
        {"id": "json", "shortDescription": {"text": "The line is not a well-formed record"}, "defaultConfiguration": {"level": "error"}, "properties": {"kind": "parse"}}
      ]}},
      "invocations": [{"executionSuccessful": true, "exitCode": 1}],
      "results": [
        {"ruleId": "#/properties/pid/type", "ruleIndex": 0, "level": "error", "message": {"text": "field \"pid\": expected integer, got string \"x\""}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "in.ndjson"}, "region": {"startLine": 2}}}]},
        {"ruleId": "json", "ruleIndex": 1, "level": "error", "message": {"text": "invalid JSON: invalid literal"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "in.ndjson"}, "region": {"startLine": 3}}}]},
        {"ruleId": "#/properties/pid/type", "ruleIndex": 0, "level": "error", "message": {"text": "field \"pid\": expected integer, got string \"x\""}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "in.ndjson"}, "region": {"startLine": 9}}}]}
      ]
    }
  ]
}
)");
}

TEST(SarifLog, CappedWithANote) {
  const std::string file = "-";
  const FieldError e{ErrorKind::kMissing, "/id", "required field is missing", "#/required"};
  SarifLog log(2);
  for (int i = 1; i <= 5; ++i) log.add(rejected(file, static_cast<std::uint64_t>(i), e));
  RunContext ctx;
  ctx.exit_code = 3;
  ctx.error = "out.ndjson: cannot write: No space left on device";
  std::string json = log.json(ctx);
  EXPECT_NE(json.find("\"executionSuccessful\": false, \"exitCode\": 3, "
                      "\"toolExecutionNotifications\": [{\"level\": \"note\", \"message\": "
                      "{\"text\": \"3 more bad records not listed: the log keeps the first 2 "
                      "(the rejects file has them all)\"}}, {\"level\": \"error\", \"message\": "
                      "{\"text\": \"out.ndjson: cannot write: No space left on device\"}}]"),
            std::string::npos)
      << json;
  // stdin has no URI: the location says what it is instead.
  EXPECT_NE(json.find("\"artifactLocation\": {\"description\": {\"text\": \"standard input\"}}"),
            std::string::npos);
  EXPECT_EQ(json.find("startLine\": 3"), std::string::npos);
  EXPECT_NE(json.find("A field the schema requires is missing"), std::string::npos);
}

TEST(SarifLog, InvalidUtf8IsRepaired) {
  const std::string file = "in.ndjson";
  const FieldError e{ErrorKind::kSchema, "/a", "got string \"\xFF\"", "#/properties/a/type"};
  SarifLog log;
  log.add(rejected(file, 1, e));
  EXPECT_NE(log.json({}).find("got string \\\"\xEF\xBF\xBD\\\""), std::string::npos);
}

}  // namespace
}  // namespace recproc::report
