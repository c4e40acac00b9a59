// Schemas recproc refuses at start, with the file, line and column or the JSON Pointer location.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "recproc/error.h"
#include "schema_test_util.h"

namespace recproc::schema {
namespace {

using testing::compile_error;

TEST(Compile, MalformedJsonHasLineAndColumn) {
  EXPECT_EQ(compile_error("{\n  \"type\": \"object\",\n  \"required\" [\"a\"]\n}"),
            "schema.json:3:14: expected ':' after an object key");
  EXPECT_EQ(compile_error("{\"type\": \"object\",}"),
            "schema.json:1:19: expected a string for an object key");
  EXPECT_EQ(compile_error("{\"minimum\": 01}"),
            "schema.json:1:14: invalid number, leading zeros are not allowed");
  EXPECT_EQ(compile_error("{\"a\": \"x\ty\"}"),
            "schema.json:1:9: control character in string, escape it");
  EXPECT_EQ(compile_error("{\"type\": \"string\"} x"),
            "schema.json:1:20: unexpected text after the JSON value");
  EXPECT_EQ(compile_error(""), "schema.json:1:1: unexpected end of input, expected a value");
  EXPECT_EQ(compile_error("{\"enum\": [tru]}"), "schema.json:1:11: invalid literal, expected true");
  EXPECT_EQ(compile_error("\"\\ud800\""), "schema.json:1:8: unpaired surrogate in \\u escape");
}

TEST(Compile, DuplicateKeysAreRefused) {
  EXPECT_EQ(compile_error("{\"type\": \"string\",\n \"type\": \"integer\"}"),
            "schema.json:2:2: duplicate key \"type\"");
}

TEST(Compile, UnsupportedKeywordsNameTheirLocation) {
  EXPECT_EQ(compile_error(R"({"properties": {"a": {"if": {"type": "string"}}}})"),
            "schema.json: unsupported keyword \"if\" at #/properties/a");
  EXPECT_EQ(compile_error(R"({"patternProperties": {"^x": {}}})"),
            "schema.json: unsupported keyword \"patternProperties\" at #");
  EXPECT_EQ(compile_error(R"({"$defs": {"d": {"items": {"dependentRequired": {}}}}})"),
            "schema.json: unsupported keyword \"dependentRequired\" at #/$defs/d/items");
  EXPECT_EQ(compile_error(R"({"anyOf": [{}, {"unevaluatedProperties": false}]})"),
            "schema.json: unsupported keyword \"unevaluatedProperties\" at #/anyOf/1");
  EXPECT_EQ(compile_error(R"({"properties": {"a": {"$id": "x"}}})"),
            "schema.json: unsupported keyword \"$id\" at #/properties/a");
  EXPECT_EQ(compile_error(R"({"$dynamicRef": "#meta"})"),
            "schema.json: unsupported keyword \"$dynamicRef\" at #");
  EXPECT_EQ(compile_error(R"({"typo": 1})"), "schema.json: unsupported keyword \"typo\" at #");
}

TEST(Compile, AnnotationsAndRootIdentifiersAreAccepted) {
  EXPECT_EQ(compile_error(R"({"$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://example.com/s.json", "title": "t", "description": "d", "$comment": "c",
      "properties": {"a": {"default": 1, "examples": [1], "deprecated": true,
                           "readOnly": false, "writeOnly": false}}})"),
            "");
}

TEST(Compile, OtherDialectsAreRefused) {
  EXPECT_EQ(compile_error(R"({"$schema": "http://json-schema.org/draft-07/schema#"})"),
            "schema.json: unsupported $schema \"http://json-schema.org/draft-07/schema#\" "
            "(recproc implements draft 2020-12) at #");
}

TEST(Compile, RefsMustBeLocalAndResolve) {
  EXPECT_EQ(compile_error(R"({"$ref": "other.json#/a"})"),
            "schema.json: unsupported $ref \"other.json#/a\" (only local JSON Pointer refs such as "
            "\"#/$defs/name\") at #");
  EXPECT_EQ(compile_error(R"({"items": {"$ref": "#/$defs/missing"}})"),
            "schema.json: $ref \"#/$defs/missing\" points to nothing at #/items");
  EXPECT_EQ(compile_error(
                R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}},
                              "$ref": "#/$defs/a"})"),
            "schema.json: $ref cycle that never reaches a value at #/$defs/a");
  EXPECT_EQ(compile_error(R"({"$defs": {"a": {"items": {"$ref": "#/$defs/a"}}}})"), "");
}

TEST(Compile, KeywordValuesAreChecked) {
  EXPECT_EQ(compile_error(R"({"minimum": "0"})"),
            "schema.json: keyword \"minimum\" must be a number at #");
  EXPECT_EQ(compile_error(R"({"properties": {"a": {"maxLength": -1}}})"),
            "schema.json: keyword \"maxLength\" must be a non-negative integer at #/properties/a");
  EXPECT_EQ(compile_error(R"({"multipleOf": 0})"),
            "schema.json: keyword \"multipleOf\" must be a number greater than 0 at #");
  EXPECT_EQ(compile_error(R"({"type": "int"})"),
            "schema.json: keyword \"type\" must be one of null, boolean, integer, number, string, "
            "array, object at #");
  EXPECT_EQ(compile_error(R"({"required": "a"})"),
            "schema.json: keyword \"required\" must be an array of strings at #");
  EXPECT_EQ(compile_error(R"({"items": [{}]})"),
            "schema.json: keyword \"items\" must be a schema (2020-12: use prefixItems for a list "
            "of schemas) at #");
  EXPECT_EQ(compile_error(R"({"anyOf": []})"),
            "schema.json: keyword \"anyOf\" must be a non-empty array of schemas at #");
  EXPECT_EQ(compile_error(R"({"properties": {"a": 3}})"),
            "schema.json: a schema must be an object or a boolean, got number at #/properties/a");
  EXPECT_EQ(compile_error(R"({"minItems": 1.0})"), "");
}

TEST(Compile, PatternsRe2CannotRunAreRefused) {
  EXPECT_EQ(compile_error(R"({"properties": {"a": {"pattern": "(?<=x)y"}}})"),
            "schema.json: pattern \"(?<=x)y\" is not supported by RE2 (invalid perl operator: (?<) "
            "at #/properties/a/pattern");
  EXPECT_EQ(
      compile_error(R"({"pattern": "(a)\\1"})"),
      "schema.json: pattern \"(a)\\1\" is not supported by RE2 (invalid escape sequence: \\1) "
      "at #/pattern");
}

TEST(Compile, FormatsRecprocCannotCheckAreRefusedWhenAsserting) {
  EXPECT_EQ(compile_error(R"({"format": "hostname"})"),
            "schema.json: unsupported format \"hostname\" (recproc checks date-time, date, time, "
            "email, ipv4, ipv6, uuid) at #");
  CompileOptions annotate;
  annotate.format_assert = false;
  EXPECT_EQ(compile_error(R"({"format": "hostname"})", annotate), "");
}

TEST(Compile, FromFile) {
  const std::string path = ::testing::TempDir() + "/recproc_schema_test.json";
  {
    std::ofstream out(path);
    out << "{\n  \"type\": \"object\",\n  \"if\": {}\n}\n";
  }
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    compile(text, path);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": unsupported keyword \"if\" at #");
  }
  std::remove(path.c_str());
}

}  // namespace
}  // namespace recproc::schema
