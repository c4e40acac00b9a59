// --cast: each conversion rule, what is never converted, and the failure messages.
#include "schema/cast.h"

#include <gtest/gtest.h>

#include "schema_test_util.h"

namespace recproc::schema {
namespace {

using testing::check;

CompileOptions cast_on() {
  CompileOptions options;
  options.cast = true;
  return options;
}

// Validates with --cast and returns the record as written afterwards.
std::string cast(std::string_view schema, std::string_view record) {
  const auto r = check(schema, record, cast_on());
  EXPECT_TRUE(r.valid) << schema << " / " << record << "\n" << r.errors;
  return r.record;
}

std::string cast_error(std::string_view schema, std::string_view record) {
  const auto r = check(schema, record, cast_on());
  EXPECT_FALSE(r.valid) << schema << " / " << record;
  return r.errors;
}

TEST(Cast, NumericStringToInteger) {
  const char* s = R"({"properties": {"ProcessID": {"type": "integer"}}})";
  EXPECT_EQ(cast(s, R"({"ProcessID": "4242"})"), R"({"ProcessID":4242})");
  EXPECT_EQ(cast(s, R"({"ProcessID": " -17 "})"), R"({"ProcessID":-17})");
  EXPECT_EQ(cast(s, R"({"ProcessID": "+007"})"), R"({"ProcessID":7})");
  EXPECT_EQ(cast(s, R"({"ProcessID": "1.0"})"), R"({"ProcessID":1})");
  EXPECT_EQ(cast(s, R"({"ProcessID": "2e3"})"), R"({"ProcessID":2000})");
  EXPECT_EQ(cast(s, R"({"ProcessID": "123456789012345678901234567890"})"),
            R"({"ProcessID":123456789012345678901234567890})");
  EXPECT_EQ(cast(s, R"({"ProcessID": 5})"), R"({"ProcessID":5})");
}

TEST(Cast, NumericStringToNumber) {
  const char* s = R"({"items": {"type": "number"}})";
  EXPECT_EQ(cast(s, R"(["1.5", "-0.25", "1E+3", "00.5", "12"])"), R"([1.5,-0.25,1e+3,0.5,12])");
}

TEST(Cast, BooleanStrings) {
  const char* s = R"({"items": {"type": "boolean"}})";
  EXPECT_EQ(cast(s, R"(["true", "false", "TRUE", " False "])"), R"([true,false,true,false])");
  EXPECT_EQ(cast_error(s, R"(["yes"])"),
            "cast /0: cannot cast \"yes\" to boolean [#/items/type]\n");
}

TEST(Cast, EmptyStringToNullOnlyWhereNullIsAllowed) {
  EXPECT_EQ(cast(R"({"items": {"type": ["integer", "null"]}})", R"(["", "3"])"), R"([null,3])");
  EXPECT_EQ(cast_error(R"({"type": "integer"})", R"("")"),
            "cast : cannot cast \"\" to integer [#/type]\n");
  EXPECT_EQ(cast(R"({"type": ["string", "null"]})", R"("")"), R"("")");  // already a string
}

TEST(Cast, NumberToString) {
  EXPECT_EQ(cast(R"({"items": {"type": "string"}})", R"([12, -1.5e3, "x"])"),
            R"(["12","-1.5e3","x"])");
}

TEST(Cast, FailuresSayWhatWasTried) {
  EXPECT_EQ(cast_error(R"({"properties": {"ProcessID": {"type": "integer"}}})",
                       R"({"ProcessID": "pid-123"})"),
            "cast /ProcessID: cannot cast \"pid-123\" to integer [#/properties/ProcessID/type]\n");
  EXPECT_EQ(cast_error(R"({"type": ["integer", "null"]})", R"("1.5")"),
            "cast : cannot cast \"1.5\" to integer or null [#/type]\n");
  EXPECT_EQ(cast_error(R"({"type": ["number", "boolean"]})", R"("n/a")"),
            "cast : cannot cast \"n/a\" to number or boolean [#/type]\n");
  for (const char* bad : {R"("0x10")", R"("1,000")", R"("NaN")", R"("1.")", R"(".5")", R"("-")"}) {
    EXPECT_FALSE(check(R"({"type": "number"})", bad, cast_on()).valid) << bad;
  }
}

TEST(Cast, OtherMismatchesAreTypeErrors) {
  EXPECT_EQ(cast_error(R"({"type": "integer"})", "true"),
            "schema : expected integer, got boolean true [#/type]\n");
  EXPECT_EQ(cast_error(R"({"type": "string"})", "[1]"),
            "schema : expected string, got array [#/type]\n");
  EXPECT_EQ(cast_error(R"({"type": "integer"})", "1.5"),
            "schema : expected integer, got number 1.5 [#/type]\n");
}

TEST(Cast, MatchingValuesAreNeverConverted) {
  EXPECT_EQ(cast(R"({"type": ["string", "integer"]})", R"("12")"), R"("12")");
  EXPECT_EQ(cast(R"({"type": ["number", "string"]})", "12"), "12");
}

TEST(Cast, LaterKeywordsSeeTheCastValue) {
  const char* s = R"({"type": "integer", "minimum": 10, "enum": [10, 20]})";
  EXPECT_EQ(cast(s, R"("20")"), "20");
  EXPECT_EQ(cast_error(s, R"("5")"),
            "schema : expected at least 10, got 5 [#/minimum]\n"
            "schema : expected one of 10, 20, got 5 [#/enum]\n");
}

TEST(Cast, NotAppliedInsideAnyOfOneOfNot) {
  // A branch that fails must not leave a converted value behind, so branches only probe.
  const auto r =
      check(R"({"anyOf": [{"type": "integer"}, {"type": "null"}]})", R"("5")", cast_on());
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.record, R"("5")");
}

TEST(Cast, CastsThroughRefAndAllOf) {
  EXPECT_EQ(
      cast(R"({"$defs": {"n": {"type": "integer"}}, "allOf": [{"$ref": "#/$defs/n"}]})", R"("8")"),
      "8");
}

TEST(Cast, WithoutCastStringsAreTypeErrors) {
  const auto r = check(R"({"type": "integer"})", R"("12")");
  EXPECT_FALSE(r.valid);
  EXPECT_EQ(r.errors, "schema : expected integer, got string \"12\" [#/type]\n");
}

TEST(NormalizeNumber, Rules) {
  std::string out;
  EXPECT_TRUE(normalize_number("0", true, out));
  EXPECT_EQ(out, "0");
  EXPECT_TRUE(normalize_number("-000", true, out));
  EXPECT_EQ(out, "-0");
  EXPECT_TRUE(normalize_number("-1.50", false, out));
  EXPECT_EQ(out, "-1.50");
  EXPECT_TRUE(normalize_number("-1.0e0", true, out));
  EXPECT_EQ(out, "-1");
  EXPECT_FALSE(normalize_number("1e400", true, out));
  EXPECT_FALSE(normalize_number("", false, out));
  EXPECT_FALSE(normalize_number("1 2", false, out));
}

}  // namespace
}  // namespace recproc::schema
