// infer-schema: the inferred schema text, and that the sample validates against it.
#include "schema/schema_inference.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "schema_test_util.h"

namespace recproc::schema {
namespace {

const std::vector<std::string> kSyslog = {
    R"({"ts": "2024-05-01T10:00:00Z", "sev": "info", "pid": 12, "host": "10.0.0.1", "tags": ["a"], "ctx": {"retries": 1}})",
    R"({"ts": "2024-05-01T10:00:01Z", "sev": "warn", "pid": 13, "host": "10.0.0.2", "tags": [], "ctx": {"retries": 2.5, "user": "x"}})",
    R"({"ts": "2024-05-01T10:00:02Z", "sev": "info", "pid": null, "host": "10.0.0.1", "msg": "disk \"full\""})",
    R"({"ts": "2024-05-01T10:00:03.5+02:00", "sev": "warn", "pid": 15, "host": "10.0.0.3"})",
};

std::string infer(const std::vector<std::string>& lines, InferenceOptions options = {}) {
  SchemaInference inference(options);
  JsonParser parser;
  Record record;
  std::string error;
  for (const std::string& line : lines) {
    EXPECT_TRUE(parser.parse(line, 0, record, error)) << error;
    inference.add(record);
  }
  return inference.schema_json();
}

void expect_all_valid(const std::string& schema, const std::vector<std::string>& lines,
                      CompileOptions options = {}) {
  for (const std::string& line : lines) {
    const auto r = testing::check(schema, line, options);
    EXPECT_TRUE(r.valid) << line << "\n" << r.errors << "\nschema:\n" << schema;
  }
}

TEST(SchemaInference, NdjsonSample) {
  const std::string schema = infer(kSyslog);
  EXPECT_EQ(schema, R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "ts": {
      "type": "string",
      "format": "date-time"
    },
    "sev": {
      "type": "string",
      "enum": ["info", "warn"]
    },
    "pid": {
      "type": ["integer", "null"]
    },
    "host": {
      "type": "string",
      "format": "ipv4"
    },
    "tags": {
      "type": "array",
      "items": {
        "type": "string"
      }
    },
    "ctx": {
      "type": "object",
      "properties": {
        "retries": {
          "type": "number"
        },
        "user": {
          "type": "string"
        }
      },
      "required": ["retries"]
    },
    "msg": {
      "type": "string"
    }
  },
  "required": ["ts", "sev", "pid", "host"]
}
)");
  expect_all_valid(schema, kSyslog);
}

TEST(SchemaInference, CsvTextIsTypedByTheCastRules) {
  // What the CSV reader makes of: id,zip,score,ok,note / 1,007,1.5,true, / 2,10115,,FALSE,x
  const std::vector<std::string> rows = {
      R"({"id": "1", "zip": "007", "score": "1.5", "ok": "true", "note": ""})",
      R"({"id": "2", "zip": "10115", "score": "", "ok": "FALSE", "note": "x"})",
      R"({"id": "-3", "zip": "20095", "score": "2e3", "ok": "true", "note": "y"})",
  };
  InferenceOptions options;
  options.values_are_text = true;
  const std::string schema = infer(rows, options);
  EXPECT_EQ(schema, R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "object",
  "properties": {
    "id": {
      "type": "integer"
    },
    "zip": {
      "type": ["string", "integer"]
    },
    "score": {
      "type": ["number", "null"]
    },
    "ok": {
      "type": "boolean"
    },
    "note": {
      "type": ["string", "null"]
    }
  },
  "required": ["id", "zip", "score", "ok", "note"]
}
)");
  CompileOptions cast;
  cast.cast = true;
  expect_all_valid(schema, rows, cast);
}

TEST(SchemaInference, EnumsNeedRepeatsAndFewValues) {
  std::vector<std::string> lines;
  for (int i = 0; i < 12; ++i) lines.push_back(R"({"k": "v)" + std::to_string(i % 11) + "\"}");
  EXPECT_EQ(infer(lines).find("enum"), std::string::npos);  // 11 distinct > 10
  EXPECT_EQ(infer({R"({"k": "a"})", R"({"k": "b"})"}).find("enum"), std::string::npos);
  const std::string with_null = infer({R"({"k": "a"})", R"({"k": "a"})", R"({"k": null})"});
  EXPECT_NE(with_null.find(R"("enum": ["a", null])"), std::string::npos) << with_null;
  expect_all_valid(with_null, {R"({"k": "a"})", R"({"k": null})"});
}

TEST(SchemaInference, ColumnTypes) {
  SchemaInference inference;
  JsonParser parser;
  Record record;
  std::string error;
  for (const std::string& line : kSyslog) {
    ASSERT_TRUE(parser.parse(line, 0, record, error));
    inference.add(record);
  }
  const std::vector<std::pair<std::string, std::string>> expected = {{"ts", "string (date-time)"},
                                                                     {"sev", "string"},
                                                                     {"pid", "integer|null"},
                                                                     {"host", "string (ipv4)"},
                                                                     {"tags", "array?"},
                                                                     {"ctx", "object?"},
                                                                     {"msg", "string?"}};
  EXPECT_EQ(inference.column_types(), expected);
  EXPECT_EQ(inference.records(), 4u);
}

TEST(SchemaInference, NonObjectRecords) {
  EXPECT_EQ(infer({"1", "2.5"}), R"({
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "type": "number"
}
)");
}

}  // namespace
}  // namespace recproc::schema
