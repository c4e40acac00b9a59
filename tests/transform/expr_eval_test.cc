// Evaluator semantics (docs/expressions.md): a table of expression, record, expected result,
// where the result is the value as JSON or "reject <kind> <field>: <reason>".
#include "transform/expr_eval.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "record/json_parser.h"
#include "recproc/outcome.h"
#include "recproc/record.h"
#include "transform/expr_parser.h"

namespace recproc::transform::expr {
namespace {

constexpr std::string_view kRecord = R"({
  "s": "Hello", "n": 5, "f": 2.5, "neg": -3, "t": true, "fa": false, "z": null, "e": "",
  "esc": "a\"b\\c\u00e9", "big": 9007199254740993, "time": "2024-05-01T12:30:45.5+02:00",
  "tags": ["prod", "eu"], "nums": [1, 2, 3], "obj": {"a": 1, "b": {"c": "deep"}},
  "odd name": "x", "sp": "  pad  ", "csv": "a,b,,c", "num_s": "42", "fl_s": "2.5e1",
  "bad": "x", "u": "h\u00e9llo w\u00f6rld", "Sev": "err", "price": 1.50, "if": 7})";

// Compiles through `set out = EXPR`, which accepts a result of any type, and evaluates.
std::string eval(std::string_view expr_text, std::string_view json = kRecord) {
  static JsonParser parser;
  std::string storage(json);
  Record record;
  std::string error;
  if (!parser.parse(storage, 0, record, error)) return "bad test record: " + error;
  CompiledSet compiled = compile_set("out = " + std::string(expr_text));
  Evaluator ev(*compiled.program);
  Value v;
  if (!ev.run(record, v)) {
    const EvalError& e = ev.error();
    std::string out = "reject " + std::string(error_kind_name(e.kind));
    if (!e.field.empty()) out += " " + e.field;
    return out + ": " + ev.reason();
  }
  std::string out;
  ev.append_json(out, v);
  return out;
}

struct Case {
  const char* expr;
  const char* expected;
};

void check(std::initializer_list<Case> cases) {
  for (const Case& c : cases) EXPECT_EQ(eval(c.expr), c.expected) << "expression: " << c.expr;
}

TEST(ExprEval, FieldsAndLiterals) {
  check({
      {"s", R"("Hello")"},
      {"n", "5"},
      {"f", "2.5"},
      {"price", "1.50"},  // a value read from the record keeps its text
      {"missing", "null"},
      {"obj.a", "1"},
      {"obj.b.c", R"("deep")"},
      {"obj.missing.c", "null"},
      {"s.x", "null"},  // a path through a non-object reads as missing
      {R"(.["odd name"])", R"("x")"},
      {R"(obj["b"].c)", R"("deep")"},
      {R"(obj.["b"]["c"])", R"("deep")"},
      {"obj.b.c.d", "null"},
      {R"(.["if"])", "7"},
      {"esc", R"("a\"b\\c\u00e9")"},  // unchanged: its original text
      {"tags", R"(["prod","eu"])"},
      {"obj", R"({"a":1,"b":{"c":"deep"}})"},
      {"null", "null"},
      {"true", "true"},
      {"false", "false"},
      {"12", "12"},
      {"-7", "-7"},
      {"1.5", "1.5"},
      {"1e3", "1000.0"},
      {"9223372036854775807", "9223372036854775807"},
      {"9223372036854775808", "9223372036854775808.0"},  // past int64: a float
      {R"("a\tb")", R"("a\tb")"},
      {R"("\u00e9\ud83d\ude00")", R"("é😀")"},
      {R"([1, "a", null, [true]])", R"([1,"a",null,[true]])"},
      {"[]", "[]"},
  });
}

TEST(ExprEval, Arithmetic) {
  check({
      {"n + 1", "6"},
      {"n - 10", "-5"},
      {"n * 2", "10"},
      {"n / 2", "2.5"},
      {"n / 5", "1.0"},  // "/" always gives a float
      {"n % 3", "2"},
      {"neg % 2", "-1"},  // the sign of the dividend, as in C and SQL
      {"f * 2", "5.0"},
      {"n + f", "7.5"},
      {"7.5 % 2", "1.5"},
      {"-n", "-5"},
      {"-(-n)", "5"},
      {"1 + 2 * 3", "7"},
      {"(1 + 2) * 3", "9"},
      {"10 - 4 - 3", "3"},
      {"2 * 3 % 4", "2"},
      {R"(s + " world")", R"("Hello world")"},
      {R"("a" + "b" + "c")", R"("abc")"},
      {R"(e + e)", R"("")"},
      // null in, null out
      {"n + z", "null"},
      {"z * 2", "null"},
      {"-z", "null"},
      {"missing + 1", "null"},
      {"missing / 0", "null"},
      // errors reject the record
      {"n / 0", "reject transform /n: n / 0: division by zero"},
      {"n % 0", "reject transform /n: n % 0: division by zero"},
      {"f / 0.0", "reject transform /f: f / 0.0: division by zero"},
      {"9223372036854775807 + 1", "reject transform: 9223372036854775807 + 1: integer overflow"},
      {"-9223372036854775807 - 2", "reject transform: -9223372036854775807 - 2: integer overflow"},
      {"s + 1", R"(reject transform /s: s + 1: cannot apply "+" to string and integer)"},
      {"s * 2", R"(reject transform /s: s * 2: cannot apply "*" to string and integer)"},
      {"tags - 1", R"(reject transform /tags: tags - 1: cannot apply "-" to list and integer)"},
      {"-s", "reject transform /s: -s: cannot negate string"},
      {"1e308 * 10", "reject transform: 1e308 * 10: result is not a finite number"},
      {"(n + 1) * s",
       R"(reject transform /s: (n + 1) * s: cannot apply "*" to integer and string)"},
  });
}

TEST(ExprEval, Comparison) {
  check({
      {"n == 5", "true"},
      {"n != 5", "false"},
      {"n == 5.0", "true"},
      {"f > 2", "true"},
      {"n >= 5", "true"},
      {"n < 5", "false"},
      {"n <= 4", "false"},
      {R"(s == "Hello")", "true"},
      {R"(s < "World")", "true"},
      {R"(s == "hello")", "false"},
      {R"("é" > "z")", "true"},  // bytewise, which is code point order
      // a comparison involving null is false, != included
      {"z == null", "false"},
      {"z != null", "false"},
      {"null == null", "false"},
      {"missing == 1", "false"},
      {"missing != 1", "false"},
      {"n > missing", "false"},
      // different types are never equal
      {"s == 5", "false"},
      {"s != 5", "true"},
      {R"(n == "5")", "false"},
      {"t == true", "true"},
      {"t == 1", "false"},
      {"tags == tags", "false"},  // lists and objects are never equal to anything
      {"tags != tags", "true"},
      // ints and floats compare exactly
      {"big == 9007199254740993", "true"},
      {"big == 9007199254740992", "false"},
      {"big > 9007199254740992.0", "true"},
      {"big == 9007199254740992.0", "false"},
      {"1 < 1.5", "true"},
      {"-1 > -1.5", "true"},
      // ordering needs two numbers, two strings or two timestamps
      {"s < 5", "reject transform /s: s < 5: cannot compare string with integer"},
      {"t < fa", "reject transform /t: t < fa: boolean values cannot be ordered"},
      {"tags > 1", "reject transform /tags: tags > 1: cannot compare list with integer"},
      {R"(ts(time) > ts("2024-05-01"))", "true"},
      {R"(ts(time) == ts("2024-05-01T10:30:45.5Z"))", "true"},
      {R"(ts(time) < ts("2024-05-01T10:30:45.499999999Z"))", "false"},
  });
}

TEST(ExprEval, Logic) {
  check({
      {"t and fa", "false"},
      {"t or fa", "true"},
      {"not t", "false"},
      {"not fa", "true"},
      {"not z", "null"},
      // three-valued, as in SQL
      {"z and fa", "false"},
      {"z and t", "null"},
      {"z or t", "true"},
      {"z or fa", "null"},
      {"fa and z", "false"},
      {"t or z", "true"},
      {"t and z", "null"},
      {"z and z", "null"},
      // the right side is not evaluated once the left decides
      {"fa and int(bad) > 0", "false"},
      {"t or int(bad) > 0", "true"},
      {"fa or int(bad) > 0", R"(reject cast /bad: int(bad): cannot convert "x" to an integer)"},
      {"s and t", R"(reject transform /s: s and t: "and" needs true or false, got string)"},
      {"fa or n", R"(reject transform /n: fa or n: "or" needs true or false, got integer)"},
      {"not n", R"(reject transform /n: not n: "not" needs true or false, got integer)"},
      // precedence: not < comparison; and binds tighter than or
      {"not n == 5", "false"},
      {"t or fa and fa", "true"},
      {"(t or fa) and fa", "false"},
      {"n > 1 and n < 10", "true"},
      {"not not t", "true"},
  });
}

TEST(ExprEval, InAndIsNull) {
  check({
      {R"(Sev in ["err", "crit"])", "true"},
      {R"(Sev in ["info"])", "false"},
      {R"(Sev not in ["info"])", "true"},
      {R"(Sev not in ["err"])", "false"},
      {R"(missing in ["a"])", "false"},
      {R"(missing not in ["a"])", "false"},  // null: false both ways
      {"z in [null]", "false"},
      {"n in [1, 5]", "true"},
      {"n in [5.0]", "true"},
      {"f in [2.5]", "true"},
      {"f in [2]", "false"},
      {"t in [true]", "true"},
      {"fa in [true]", "false"},
      {R"(n in ["5"])", "false"},
      {"n in []", "false"},
      {R"("prod" in tags)", "true"},
      {R"("x" in tags)", "false"},
      {"2 in nums", "true"},
      {"2.0 in nums", "true"},
      {"n in [s, 5]", "true"},  // not all literals: evaluated per record
      {R"("eu" in split("prod,eu", ","))", "true"},
      {R"(Sev in ["a", "b", "c", "d", "e", "f", "g", "h", "err", "z"])", "true"},
      {R"(Sev in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "z"])", "false"},
      {"n in tags", "false"},
      {"n in missing", "false"},
      {"n in s", R"(reject transform /s: n in s: "in" needs a list on its right, got string)"},
      {"z is null", "true"},
      {"missing is null", "true"},
      {"n is null", "false"},
      {"n is not null", "true"},
      {"z is not null", "false"},
      {"obj.b is not null", "true"},
      {"(n + z) is null", "true"},
      {"coalesce(z, missing, n)", "5"},
      {"coalesce(z)", "null"},
      {R"(coalesce(missing, "d"))", R"("d")"},
      {"coalesce(s, int(bad))", R"("Hello")"},  // lazy
  });
}

TEST(ExprEval, StringFunctions) {
  check({
      {"lower(s)", R"("hello")"},
      {"upper(s)", R"("HELLO")"},
      {"lower(u)", R"("héllo wörld")"},
      {"upper(u)", R"("HéLLO WöRLD")"},  // ASCII letters only
      {"lower(z)", "null"},
      {"lower(n)", "reject transform /n: lower(n): expected a string, got integer"},
      {"trim(sp)", R"("pad")"},
      {R"(trim(""))", R"("")"},
      {"len(s)", "5"},
      {"len(u)", "11"},  // characters, not bytes
      {"len(tags)", "2"},
      {"len(obj)", "2"},
      {"len(e)", "0"},
      {"len(missing)", "null"},
      {"len(n)", "reject transform /n: len(n): expected a string, list or object, got integer"},
      {R"(contains(s, "ell"))", "true"},
      {R"(contains(s, "xyz"))", "false"},
      {R"(contains(tags, "eu"))", "true"},
      {"contains(nums, 2)", "true"},
      {"contains(s, 1)",
       "reject transform /s: contains(s, 1): expected a string as argument 2, got integer"},
      {R"(contains(n, "x"))",
       R"(reject transform /n: contains(n, "x"): expected a string or a list as argument 1, got integer)"},
      {R"(starts_with(s, "He"))", "true"},
      {R"(starts_with(s, "lo"))", "false"},
      {R"(ends_with(s, "lo"))", "true"},
      {R"(ends_with(z, "lo"))", "null"},
      {R"(matches(s, "^H.l+o$"))", "true"},
      {R"(matches(u, "w.rld"))", "true"},  // "." matches one UTF-8 character
      {R"(matches(s, "^ell"))", "false"},
      {R"(matches(s, "ell"))", "true"},  // searches; anchor with ^ and $
      {R"(matches(n, "5"))",
       R"(reject transform /n: matches(n, "5"): expected a string as argument 1, got integer)"},
      {"substr(s, 1)", R"("ello")"},
      {"substr(s, 1, 3)", R"("ell")"},
      {"substr(s, -3)", R"("llo")"},
      {"substr(s, 10)", R"("")"},
      {"substr(u, 1, 4)", R"("éllo")"},
      {"substr(s, 0, 0)", R"("")"},
      {"substr(s, -10, 2)", R"("He")"},
      {R"(substr(s, "1"))",
       R"(reject transform /s: substr(s, "1"): expected an integer as argument 2, got string)"},
      {R"(split(csv, ","))", R"(["a","b","","c"])"},
      {R"(split("", ","))", R"([""])"},
      {R"(split(s, ""))", R"(reject transform /s: split(s, ""): the separator is empty)"},
      {R"(join(tags, "|"))", R"("prod|eu")"},
      {R"(join([1, null, "a", true, 2.5], "-"))", R"("1-a-true-2.5")"},
      {R"(join(split(csv, ","), ";"))", R"("a;b;;c")"},
      {R"(join([[1]], ","))",
       R"(reject transform: join([[1]], ","): cannot join a list that holds a list)"},
      {R"(join(s, ","))",
       R"(reject transform /s: join(s, ","): expected a list as argument 1, got string)"},
      {"str(n)", R"("5")"},
      {"str(price)", R"("1.50")"},
      {"str(f * 2)", R"("5.0")"},
      {"str(t)", R"("true")"},
      {"str(tags)", R"("[\"prod\",\"eu\"]")"},
      {"str(obj.b)", R"("{\"c\":\"deep\"}")"},
      {R"(str(["a", 1]))", R"("[\"a\",1]")"},
      {"str(s)", R"("Hello")"},
      {R"(sha256("abc"))", R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")"},
      {"sha256(e)", R"("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")"},
      {"sha256(n)", "reject transform /n: sha256(n): expected a string, got integer"},
  });
}

TEST(ExprEval, Conversions) {
  check({
      {"int(num_s)", "42"},
      {R"(int(" 7 "))", "7"},
      {R"(int("+3"))", "3"},
      {R"(int("-3"))", "-3"},
      {"int(f)", "2"},
      {"int(-2.7)", "-2"},  // toward zero
      {"int(t)", "1"},
      {"int(n)", "5"},
      {"int(z)", "null"},
      {"int(bad)", R"(reject cast /bad: int(bad): cannot convert "x" to an integer)"},
      {R"(int("12.5"))", R"(reject cast: int("12.5"): cannot convert "12.5" to an integer)"},
      {R"(int(""))", R"(reject cast: int(""): cannot convert "" to an integer)"},
      {R"(int("99999999999999999999"))",
       R"(reject cast: int("99999999999999999999"): cannot convert "99999999999999999999" to an integer)"},
      {"int(1e300)", "reject cast: int(1e300): cannot convert 1e+300 to an integer"},
      {"int(tags)", "reject cast /tags: int(tags): cannot convert list to an integer"},
      {R"(int(ts("1970-01-02")))", "86400"},
      {"float(fl_s)", "25.0"},
      {"float(n)", "5.0"},
      {"float(f)", "2.5"},
      {R"(float("abc"))", R"(reject cast: float("abc"): cannot convert "abc" to a float)"},
      {R"(float("inf"))", R"(reject cast: float("inf"): cannot convert "inf" to a float)"},
      {"float(obj)", "reject cast /obj: float(obj): cannot convert object to a float"},
      {"int(float(num_s) / 8)", "5"},
  });
}

TEST(ExprEval, Timestamps) {
  check({
      {"ts(time)", R"("2024-05-01T10:30:45.500Z")"},
      {R"(ts("2024-05-01"))", R"("2024-05-01T00:00:00Z")"},
      {R"(ts("2024-05-01 12:00"))", R"("2024-05-01T12:00:00Z")"},
      {R"(ts("2024-05-01T12:00:00-0130"))", R"("2024-05-01T13:30:00Z")"},
      {R"(ts("2024-05-01T12:00:00+05"))", R"("2024-05-01T07:00:00Z")"},
      {R"(ts("2026-11-01T00:00:00.735392Z"))", R"("2026-11-01T00:00:00.735392Z")"},
      {R"(ts("2024-05-01T12:00:00.123456789123Z"))", R"("2024-05-01T12:00:00.123456789Z")"},
      {R"(ts("2016-12-31T23:59:60Z"))", R"("2017-01-01T00:00:00Z")"},
      {R"(ts("2024-02-29"))", R"("2024-02-29T00:00:00Z")"},
      {R"(ts("2023-02-29"))",
       R"(reject cast: ts("2023-02-29"): cannot read "2023-02-29" as an ISO-8601 timestamp)"},
      {R"(ts("2024-05-01T24:00:00Z"))",
       R"(reject cast: ts("2024-05-01T24:00:00Z"): cannot read "2024-05-01T24:00:00Z" as an ISO-8601 timestamp)"},
      {"ts(bad)", R"(reject cast /bad: ts(bad): cannot read "x" as an ISO-8601 timestamp)"},
      {"ts(0)", R"("1970-01-01T00:00:00Z")"},
      {"ts(1.5)", R"("1970-01-01T00:00:01.500Z")"},
      {"ts(-1)", R"("1969-12-31T23:59:59Z")"},
      {"ts(t)", "reject cast /t: ts(t): cannot convert true to a timestamp"},
      {"ts(1e15)", "reject cast: ts(1e15): cannot convert 1e+15 to a timestamp"},
      {"ts(z)", "null"},
      {"year(time)", "2024"},
      {"month(time)", "5"},
      {"day(time)", "1"},
      {"hour(time)", "10"},
      {"year(ts(time))", "2024"},
      {R"(hour("2024-05-01T23:30:00-02:00"))", "1"},
      {R"(day("2024-05-01T23:30:00-02:00"))", "2"},
      {R"(year("0001-01-01"))", "1"},
      {R"(month("1969-12-31T23:59:59Z"))", "12"},
      {"year(n)", "reject transform /n: year(n): expected a timestamp or a string, got integer"},
      {R"(year("nope"))",
       R"(reject cast: year("nope"): cannot read "nope" as an ISO-8601 timestamp)"},
      {R"(ts("2024-01-01T00:00:10Z") - ts("2024-01-01"))", "10.0"},
      {R"(ts("2024-01-01T00:00:00.25Z") - ts("2024-01-01T00:00:01Z"))", "-0.75"},
      {R"(ts("2024-01-01") + 90)", R"("2024-01-01T00:01:30Z")"},
      {R"(90 + ts("2024-01-01"))", R"("2024-01-01T00:01:30Z")"},
      {R"(ts("2024-01-01") - 0.25)", R"("2023-12-31T23:59:59.750Z")"},
      {R"(ts("9999-12-31") + 86400)",
       R"(reject transform: ts("9999-12-31") + 86400: timestamp out of range)"},
      {R"(ts("2024-01-01") * 2)",
       R"(reject transform: ts("2024-01-01") * 2: cannot apply "*" to timestamp and integer)"},
      {R"(ts(time) == time)", "false"},  // a timestamp is not a string
  });
}

TEST(ExprEval, EscapedStringsAndKeys) {
  EXPECT_EQ(eval(R"(.["a\"b"])", R"({"a\"b": "q\u0041"})"), R"("q\u0041")");
  EXPECT_EQ(eval(R"(.["a\"b"] == "qA")", R"({"a\"b": "q\u0041"})"), "true");
  EXPECT_EQ(eval(R"(len(x))", R"({"x": "\ud83d\ude00!"})"), "2");
  EXPECT_EQ(eval(R"(x + y)", R"({"x": "\t", "y": "\n"})"), R"("\t\n")");
}

TEST(ExprEval, RootThatIsNotAnObject) {
  EXPECT_EQ(eval("a", "[1, 2]"), "null");
  EXPECT_EQ(eval("a.b is null", "7"), "true");
}

}  // namespace
}  // namespace recproc::transform::expr
