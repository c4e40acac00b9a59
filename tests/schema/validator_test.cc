// Every supported keyword with an inline schema and record; error texts compared exactly.
#include <gtest/gtest.h>

#include "schema_test_util.h"

namespace recproc::schema {
namespace {

using testing::check;

void expect_valid(std::string_view schema, std::string_view record) {
  const auto r = check(schema, record);
  EXPECT_TRUE(r.valid) << schema << " / " << record << "\n" << r.errors;
  EXPECT_EQ(r.errors, "");
}

void expect_error(std::string_view schema, std::string_view record, std::string_view errors) {
  const auto r = check(schema, record);
  EXPECT_FALSE(r.valid) << schema << " / " << record;
  EXPECT_EQ(r.errors, errors) << schema << " / " << record;
}

TEST(Validate, TypeMessageNamesFieldExpectedAndGot) {
  expect_error(R"({"properties": {"ProcessID": {"type": "integer"}}})",
               R"({"ProcessID": "pid-123"})",
               "schema /ProcessID: expected integer, got string \"pid-123\" "
               "[#/properties/ProcessID/type]\n");
}

TEST(Validate, TypeArrays) {
  const char* s = R"({"type": ["integer", "null"]})";
  expect_valid(s, "12");
  expect_valid(s, "null");
  expect_error(s, "1.5", "schema : expected integer or null, got number 1.5 [#/type]\n");
  expect_error(s, "true", "schema : expected integer or null, got boolean true [#/type]\n");
  expect_error(R"({"type": ["string", "number", "object"]})", "[1]",
               "schema : expected string, number or object, got array [#/type]\n");
  expect_error(R"({"type": "object"})", "null", "schema : expected object, got null [#/type]\n");
}

TEST(Validate, IntegerAcceptsIntegralNumbers) {
  expect_valid(R"({"type": "integer"})", "1.0");
  expect_valid(R"({"type": "integer"})", "1e3");
  expect_valid(R"({"type": "integer"})", "-0");
  expect_error(R"({"type": "integer"})", "1e-3",
               "schema : expected integer, got number 1e-3 [#/type]\n");
  expect_valid(R"({"type": "number"})", "7");
}

TEST(Validate, LongStringsAreShortenedInMessages) {
  const std::string value(100, 'x');
  expect_error(
      R"({"type": "integer"})", "\"" + value + "\"",
      "schema : expected integer, got string \"" + std::string(64, 'x') + "\"... [#/type]\n");
}

TEST(Validate, RequiredAndProperties) {
  const char* s = R"({"type": "object", "required": ["id", "ts"],
                      "properties": {"id": {"type": "integer"}, "ts": {"type": "string"}}})";
  expect_valid(s, R"({"id": 1, "ts": "x", "other": []})");
  expect_error(s, R"({"ts": 5})",
               "schema /ts: expected string, got number 5 [#/properties/ts/type]\n"
               "missing /id: required field is missing [#/required]\n");
}

TEST(Validate, RequiredWithoutProperties) {
  expect_error(R"({"required": ["a/b", "c~d"]})", "{}",
               "missing /a~1b: required field is missing [#/required]\n"
               "missing /c~0d: required field is missing [#/required]\n");
  expect_valid(R"({"required": ["a"]})", "[1]");  // applies to objects only
}

TEST(Validate, RequiredWithManyProperties) {
  // Past 64 names the required check looks members up instead of using a bit set.
  std::string schema = R"({"required": ["k70"], "properties": {)";
  for (int i = 0; i < 80; ++i) {
    if (i > 0) schema += ',';
    schema += "\"k";
    schema += std::to_string(i);
    schema += "\": {}";
  }
  schema += "}}";
  expect_valid(schema, R"({"k70": 1})");
  expect_error(schema, R"({"k1": 1})", "missing /k70: required field is missing [#/required]\n");
}

TEST(Validate, MembersInAnyOrder) {
  // Lookup tries the schema's order first, then a hash table; both must find every name.
  const char* s = R"({"properties": {"a": {"type": "integer"}, "bb": {"type": "integer"},
                      "ab": {"type": "integer"}, "ba": {"type": "integer"}, "": {"type": "integer"}},
                      "additionalProperties": false})";
  expect_valid(s, R"({"ba": 1, "": 2, "a": 3, "ab": 4, "bb": 5})");
  expect_error(s, R"({"ab": 1, "b": 2, "bb": "x"})",
               "schema /b: unexpected field (additionalProperties is false) "
               "[#/additionalProperties]\n"
               "schema /bb: expected integer, got string \"x\" [#/properties/bb/type]\n");
}

TEST(Validate, NestedPathsAreJsonPointers) {
  const char* s =
      R"({"properties": {"a": {"properties": {"b/c": {"items": {"type": "string"}}}}}})";
  expect_error(s, R"({"a": {"b/c": ["x", 2]}})",
               "schema /a/b~1c/1: expected string, got number 2 "
               "[#/properties/a/properties/b~1c/items/type]\n");
}

TEST(Validate, EscapedKeysAreDecoded) {
  expect_error(R"({"properties": {"é": {"type": "string"}}})", R"({"\u00e9": 1})",
               "schema /é: expected string, got number 1 [#/properties/é/type]\n");
}

TEST(Validate, AdditionalProperties) {
  const char* closed = R"({"properties": {"a": {}}, "additionalProperties": false})";
  expect_valid(closed, R"({"a": 1})");
  expect_error(closed, R"({"a": 1, "b": 2})",
               "schema /b: unexpected field (additionalProperties is false) "
               "[#/additionalProperties]\n");
  expect_error(R"({"additionalProperties": {"type": "boolean"}})", R"({"x": true, "y": 0})",
               "schema /y: expected boolean, got number 0 [#/additionalProperties/type]\n");
}

TEST(Validate, EnumAndConst) {
  expect_valid(R"({"enum": ["a", 1, null, {"k": [1, 2]}]})", R"({"k": [1.0, 2]})");
  expect_error(R"({"enum": ["info", "warn", "error"]})", R"("debug")",
               "schema : expected one of \"info\", \"warn\", \"error\", got \"debug\" [#/enum]\n");
  expect_error(R"({"enum": [1, 2, 3, 4, 5, 6, 7]})", "8",
               "schema : expected one of 1, 2, 3, 4, 5, ... (7 values), got 8 [#/enum]\n");
  expect_valid(R"({"const": {"a": 1, "b": "x"}})", R"({"b": "x", "a": 1.0})");
  expect_error(R"({"const": "on"})", R"("off")",
               "schema : expected \"on\", got \"off\" [#/const]\n");
  expect_error(R"({"const": false})", "0", "schema : expected false, got 0 [#/const]\n");
  expect_valid(R"({"const": "\u00e9"})", R"("\u00e9")");
  expect_valid(R"({"const": "é"})", R"("\u00e9")");
}

TEST(Validate, NumericBounds) {
  expect_error(R"({"minimum": 0})", "-1", "schema : expected at least 0, got -1 [#/minimum]\n");
  expect_error(R"({"maximum": 10})", "10.5",
               "schema : expected at most 10, got 10.5 [#/maximum]\n");
  expect_error(R"({"exclusiveMinimum": 0})", "0",
               "schema : expected more than 0, got 0 [#/exclusiveMinimum]\n");
  expect_error(R"({"exclusiveMaximum": 1e2})", "100",
               "schema : expected less than 1e2, got 100 [#/exclusiveMaximum]\n");
  expect_error(R"({"multipleOf": 5})", "7",
               "schema : expected a multiple of 5, got 7 [#/multipleOf]\n");
  expect_valid(R"({"multipleOf": 0.01})", "19.99");
  expect_valid(R"({"minimum": 0, "maximum": 0})", "\"not a number\"");
  expect_error(R"({"minimum": 5, "multipleOf": 2})", "3",
               "schema : expected at least 5, got 3 [#/minimum]\n"
               "schema : expected a multiple of 2, got 3 [#/multipleOf]\n");
}

TEST(Validate, StringLengthCountsCodePoints) {
  expect_valid(R"({"maxLength": 2})", R"("éé")");
  expect_valid(R"({"maxLength": 1})", R"("\ud83d\udc32")");
  expect_error(R"({"minLength": 3})", R"("ab")",
               "schema : expected at least 3 characters, got 2 [#/minLength]\n");
  expect_error(R"({"maxLength": 3})", R"("abcdé")",
               "schema : expected at most 3 characters, got 5 [#/maxLength]\n");
}

TEST(Validate, Pattern) {
  expect_valid(R"({"pattern": "^[A-Z]{3}-\\d+$"})", R"("ABC-12")");
  expect_valid(R"({"pattern": "b"})", R"("abc")");  // not anchored
  expect_error(R"({"pattern": "^\\d+$"})", R"("12a")",
               "schema : expected to match pattern \"^\\d+$\", got \"12a\" [#/pattern]\n");
  expect_valid(R"({"pattern": "^\\p{Letter}+$"})", R"("πé")");
  expect_valid(R"({"pattern": "^\\u00e9$"})", R"("é")");
}

TEST(Validate, Formats) {
  expect_valid(R"({"format": "date-time"})", R"("2024-02-29T23:59:60Z")");
  expect_error(R"({"format": "date-time"})", R"("2023-02-29T10:00:00Z")",
               "schema : expected format date-time, got \"2023-02-29T10:00:00Z\" [#/format]\n");
  expect_error(R"({"format": "date"})", R"("2024-1-01")",
               "schema : expected format date, got \"2024-1-01\" [#/format]\n");
  expect_valid(R"({"format": "ipv4"})", R"("10.0.0.1")");
  expect_valid(R"({"format": "uuid"})", R"("2eb8aa08-aa98-11ea-b4aa-73b441d16380")");
  expect_valid(R"({"format": "email"})", "12");  // formats ignore non-strings
}

TEST(Validate, FormatAnnotationOnlyWhenNotAsserting) {
  CompileOptions options;
  options.format_assert = false;
  EXPECT_TRUE(check(R"({"format": "date"})", R"("yesterday")", options).valid);
  EXPECT_TRUE(check(R"({"format": "hostname"})", R"("x")", options).valid);
}

TEST(Validate, Arrays) {
  const char* tuple = R"({"prefixItems": [{"type": "string"}, {"type": "integer"}],
                          "items": false, "minItems": 1})";
  expect_valid(tuple, R"(["a", 1])");
  expect_error(tuple, R"(["a", 1, 2])", "schema /2: unexpected item (items is false) [#/items]\n");
  expect_error(tuple, "[]", "schema : expected at least 1 items, got 0 [#/minItems]\n");
  expect_error(tuple, R"([1])",
               "schema /0: expected string, got number 1 [#/prefixItems/0/type]\n");
  expect_error(R"({"maxItems": 1})", "[1, 2]",
               "schema : expected at most 1 items, got 2 [#/maxItems]\n");
  expect_error(R"({"uniqueItems": true})", R"([1, "a", {"x": 1}, 1.0])",
               "schema : expected unique items, items 0 and 3 are equal [#/uniqueItems]\n");
  expect_valid(R"({"uniqueItems": true})", R"([{"a": 1, "b": 2}, {"a": 1, "b": 3}])");
}

TEST(Validate, Combinators) {
  const char* any = R"({"anyOf": [{"type": "string"}, {"minimum": 10}]})";
  expect_valid(any, R"("x")");
  expect_valid(any, "11");
  expect_error(any, "5",
               "schema : expected to match at least one schema of anyOf, matched none [#/anyOf]\n");
  const char* one = R"({"oneOf": [{"type": "integer"}, {"minimum": 2}]})";
  expect_valid(one, "1");
  expect_error(one, "3",
               "schema : expected to match exactly one schema of oneOf, matched more [#/oneOf]\n");
  expect_error(one, "1.5",
               "schema : expected to match exactly one schema of oneOf, matched none [#/oneOf]\n");
  expect_error(R"({"not": {"type": "null"}})", "null",
               "schema : expected not to match the schema of not [#/not]\n");
  expect_error(R"({"allOf": [{"type": "number"}, {"maximum": 3}]})", "4",
               "schema : expected at most 3, got 4 [#/allOf/1/maximum]\n");
}

TEST(Validate, RefsAndDefs) {
  const char* s = R"({"$defs": {"pid": {"type": "integer", "minimum": 1}},
                      "properties": {"ProcessID": {"$ref": "#/$defs/pid"},
                                     "Parent": {"$ref": "#/properties/ProcessID"}}})";
  expect_valid(s, R"({"ProcessID": 4, "Parent": 1})");
  expect_error(s, R"({"ProcessID": 0, "Parent": "x"})",
               "schema /ProcessID: expected at least 1, got 0 [#/$defs/pid/minimum]\n"
               "schema /Parent: expected integer, got string \"x\" [#/$defs/pid/type]\n");
  // Recursive schema: a tree of nodes.
  const char* tree = R"({"$defs": {"node": {"type": "object", "required": ["v"],
                          "properties": {"v": {"type": "integer"},
                                         "kids": {"items": {"$ref": "#/$defs/node"}}}}},
                         "$ref": "#/$defs/node"})";
  expect_valid(tree, R"({"v": 1, "kids": [{"v": 2, "kids": [{"v": 3}]}]})");
  expect_error(tree, R"({"v": 1, "kids": [{"v": 2, "kids": [{}]}]})",
               "missing /kids/0/kids/0/v: required field is missing [#/$defs/node/required]\n");
}

TEST(Validate, BooleanSchemas) {
  expect_valid("true", R"({"anything": 1})");
  expect_error("false", "1", "schema : no value is allowed here [#]\n");
  expect_error(R"({"properties": {"gone": false}})", R"({"gone": 1})",
               "schema /gone: no value is allowed here [#/properties/gone]\n");
}

TEST(Validate, MaxErrorsStopsCollecting) {
  const char* s = R"({"properties": {"a": {"type": "string"}, "b": {"type": "string"}}})";
  const auto one = check(s, R"({"a": 1, "b": 2})", {}, 1);
  EXPECT_EQ(one.errors, "schema /a: expected string, got number 1 [#/properties/a/type]\n");
  const auto all = check(s, R"({"a": 1, "b": 2})", {}, 8);
  EXPECT_EQ(all.errors,
            "schema /a: expected string, got number 1 [#/properties/a/type]\n"
            "schema /b: expected string, got number 2 [#/properties/b/type]\n");
}

TEST(Validate, ValidationStateIsReusable) {
  const SchemaPtr schema = compile(R"({"properties": {"n": {"type": "integer"}}})", "s.json");
  JsonParser parser;
  Record record;
  std::string error;
  ValidationState state;
  ASSERT_TRUE(parser.parse(R"({"n": "x"})", 0, record, error));
  EXPECT_FALSE(schema->validate(record, state));
  EXPECT_EQ(state.errors.size(), 1u);
  ASSERT_TRUE(parser.parse(R"({"n": 3})", 0, record, error));
  EXPECT_TRUE(schema->validate(record, state));
  EXPECT_TRUE(state.errors.empty());
}

TEST(Validate, SaysWhichTopLevelFieldsItReads) {
  using Names = std::vector<std::string>;
  auto read = [](std::string_view text) {
    return compile(text, "s.json")->top_level_fields_read();
  };
  EXPECT_EQ(read(R"({"type": "object", "required": ["a", "c"],
                     "properties": {"a": {"type": "integer"}, "b": {"enum": [1]}}})"),
            (Names{"a", "c", "b"}));
  EXPECT_EQ(read("{}"), Names{});
  // Keywords that look at every member, or at the record as a whole, read everything.
  EXPECT_EQ(read(R"({"properties": {"a": {}}, "additionalProperties": false})"), std::nullopt);
  EXPECT_EQ(read(R"({"anyOf": [{"required": ["a"]}, {"required": ["b"]}]})"), std::nullopt);
  EXPECT_EQ(read(R"({"enum": [{"a": 1}]})"), std::nullopt);
}

TEST(Validate, RulesListEveryCheck) {
  const SchemaPtr schema = compile(R"({"type": "object", "required": ["a"],
      "properties": {"a": {"type": "integer", "minimum": 0}, "b": {"enum": [1]}},
      "additionalProperties": false})",
                                   "s.json");
  const std::vector<std::string> expected = {"#/type",
                                             "#/required",
                                             "#/properties/a/type",
                                             "#/properties/a/minimum",
                                             "#/properties/b/enum",
                                             "#/additionalProperties"};
  EXPECT_EQ(schema->rules(), expected);
}

// Validation only reads records; --cast converts values in place, so only then does it edit.
TEST(SchemaTransform, EditsRecordsOnlyWhenCasting) {
  const char* text = R"({"properties": {"a": {"type": "integer"}}})";
  EXPECT_FALSE(make_schema_transform(compile(text, "s.json"), "--schema s.json")->edits());
  EXPECT_TRUE(
      make_schema_transform(compile(text, "s.json", {.cast = true}), "--schema s.json")->edits());
}

TEST(SchemaTransform, KeepsValidAndRejectsWithFirstError) {
  const TransformPtr t =
      make_schema_transform(compile(R"({"required": ["a", "b"]})", "s.json"), "--schema s.json");
  EXPECT_EQ(t->spec(), "--schema s.json");
  auto worker = t->make_worker();
  JsonParser parser;
  Record record;
  std::string error;
  ASSERT_TRUE(parser.parse(R"({"a": 1, "b": 2})", 0, record, error));
  EXPECT_EQ(worker->apply(record).verdict, Verdict::kKeep);
  ASSERT_TRUE(parser.parse(R"({})", 0, record, error));
  const Outcome out = worker->apply(record);
  EXPECT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kMissing);
  EXPECT_EQ(out.error.field, "/a");
  EXPECT_EQ(out.error.reason, "required field is missing");
  EXPECT_EQ(out.error.rule, "#/required");
}

}  // namespace
}  // namespace recproc::schema
