// Expression parse errors: every message path, compared exactly, and what the compiler makes of
// valid expressions (constant folding, literal `in` sets, field paths).
#include "transform/expr_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "recproc/error.h"

namespace recproc::transform::expr {
namespace {

std::string filter_error(std::string_view text) {
  try {
    compile_filter(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

std::string set_error(std::string_view text) {
  try {
    compile_set(text);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "no error";
}

// ---- Lexer ----------------------------------------------------------------------------------

TEST(ExprParse, UnterminatedString) {
  EXPECT_EQ(filter_error(R"(a == "abc)"),
            "filter: unterminated string at column 6\n"
            "  a == \"abc\n"
            "       ^");
}

TEST(ExprParse, InvalidEscapes) {
  EXPECT_EQ(filter_error(R"(a == "\q")"),
            "filter: invalid escape \"\\q\" in string at column 7\n"
            "  a == \"\\q\"\n"
            "        ^");
  EXPECT_EQ(filter_error(R"(a == "\u12G4")"),
            "filter: invalid escape \"\\u12G\" in string at column 7\n"
            "  a == \"\\u12G4\"\n"
            "        ^");
  // A high surrogate needs its low half; a lone low surrogate is not a character either.
  EXPECT_EQ(filter_error(R"(a == "\ud800")"),
            "filter: invalid escape \"\\ud800\" in string at column 7\n"
            "  a == \"\\ud800\"\n"
            "        ^");
  EXPECT_EQ(filter_error(R"(a == "\udc00x")"),
            "filter: invalid escape \"\\udc00\" in string at column 7\n"
            "  a == \"\\udc00x\"\n"
            "        ^");
}

TEST(ExprParse, UnexpectedCharacters) {
  EXPECT_EQ(filter_error("a # b"),
            "filter: unexpected character \"#\" at column 3\n"
            "  a # b\n"
            "    ^");
  EXPECT_EQ(filter_error("a ~ b"),
            "filter: unexpected character \"~\" at column 3\n"
            "  a ~ b\n"
            "    ^");
  EXPECT_EQ(filter_error("a == 'x'"),
            "filter: unexpected character \"'\" at column 6 (strings are written in double "
            "quotes)\n"
            "  a == 'x'\n"
            "       ^");
  EXPECT_EQ(filter_error("a\x01"),
            "filter: unexpected character \"\\u0001\" at column 2\n"
            "  a?\n"
            "   ^");
}

TEST(ExprParse, OperatorsFromOtherLanguages) {
  EXPECT_EQ(filter_error("a && b"),
            "filter: \"&&\" is not an operator at column 3 (use \"and\")\n"
            "  a && b\n"
            "    ^");
  EXPECT_EQ(filter_error("a || b"),
            "filter: \"||\" is not an operator at column 3 (use \"or\")\n"
            "  a || b\n"
            "    ^");
  EXPECT_EQ(filter_error("!a"),
            "filter: \"!\" is not an operator at column 1 (use \"not\")\n"
            "  !a\n"
            "  ^");
  EXPECT_EQ(filter_error("a = 1"),
            "filter: unexpected \"=\" after the expression at column 3 (use \"==\" to compare)\n"
            "  a = 1\n"
            "    ^");
  EXPECT_EQ(filter_error("a == 1 AND b == 2"),
            "filter: unexpected name AND after the expression at column 8 (keywords are "
            "lowercase: \"and\")\n"
            "  a == 1 AND b == 2\n"
            "         ^");
}

TEST(ExprParse, InvalidNumbers) {
  EXPECT_EQ(filter_error("a == 1."),
            "filter: invalid number \"1.\" at column 6\n"
            "  a == 1.\n"
            "       ^");
  EXPECT_EQ(filter_error("a == 1e"),
            "filter: invalid number \"1e\" at column 6\n"
            "  a == 1e\n"
            "       ^");
  EXPECT_EQ(filter_error("a == 12abc"),
            "filter: invalid number \"12abc\" at column 6\n"
            "  a == 12abc\n"
            "       ^");
  EXPECT_EQ(filter_error("a == 01"),
            "filter: invalid number \"01\" at column 6\n"
            "  a == 01\n"
            "       ^");
  EXPECT_EQ(filter_error("a == .5"),
            "filter: invalid number \".5\" at column 6 (write 0.5, not .5)\n"
            "  a == .5\n"
            "       ^");
  EXPECT_EQ(filter_error("a == 1e999"),
            "filter: number 1e999 is out of range at column 6\n"
            "  a == 1e999\n"
            "       ^");
}

// ---- Parser ---------------------------------------------------------------------------------

TEST(ExprParse, MissingExpression) {
  EXPECT_EQ(filter_error(""),
            "filter: expected an expression, got end of expression at column 1\n"
            "  \n"
            "  ^");
  EXPECT_EQ(filter_error("a =="),
            "filter: expected an expression, got end of expression at column 5\n"
            "  a ==\n"
            "      ^");
  EXPECT_EQ(filter_error("a == )"),
            "filter: expected an expression, got \")\" at column 6\n"
            "  a == )\n"
            "       ^");
}

TEST(ExprParse, TrailingTokens) {
  EXPECT_EQ(filter_error("a b"),
            "filter: unexpected name b after the expression at column 3\n"
            "  a b\n"
            "    ^");
  EXPECT_EQ(filter_error(R"(a == "x" "y")"),
            "filter: unexpected string \"y\" after the expression at column 10\n"
            "  a == \"x\" \"y\"\n"
            "           ^");
  // Field paths have no spaces inside.
  EXPECT_EQ(filter_error("a .b"),
            "filter: unexpected \".\" after the expression at column 3\n"
            "  a .b\n"
            "    ^");
}

TEST(ExprParse, LongTokensAreCutInMessages) {
  EXPECT_EQ(filter_error(R"(a "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz")"),
            "filter: unexpected string \"abcdefghijklmnopqrstuvwxyzabcdefghijklm... after the "
            "expression at column 3\n"
            "  a \"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz\"\n"
            "    ^");
  // Control characters in the message or the line are shown as "?" (a NUL would cut it).
  EXPECT_EQ(filter_error(std::string("a \"x\0y\"", 7)),
            "filter: unexpected string \"x?y\" after the expression at column 3\n"
            "  a \"x?y\"\n"
            "    ^");
}

TEST(ExprParse, Parentheses) {
  EXPECT_EQ(filter_error("(a == 1 or b"),
            "filter: expected \")\", got end of expression at column 13 (to close the \"(\" at "
            "column 1)\n"
            "  (a == 1 or b\n"
            "              ^");
  EXPECT_EQ(filter_error(R"(SeverityLevel in ("err", "crit"))"),
            "filter: expected \")\", got \",\" at column 24 (lists are written in square "
            "brackets: in [\"a\", \"b\"])\n"
            "  SeverityLevel in (\"err\", \"crit\")\n"
            "                         ^");
}

TEST(ExprParse, Lists) {
  EXPECT_EQ(filter_error("[1, 2"),
            "filter: expected \",\" or \"]\" in the list, got end of expression at column 6\n"
            "  [1, 2\n"
            "       ^");
  EXPECT_EQ(filter_error("x in [1,"),
            "filter: expected an expression, got end of expression at column 9\n"
            "  x in [1,\n"
            "          ^");
}

TEST(ExprParse, InNeedsAList) {
  EXPECT_EQ(filter_error(R"(SeverityLevel in ("err"))"),
            "filter: \"in\" needs a list such as [\"a\", \"b\"], got a string at column 18 (use "
            "contains() for substrings)\n"
            "  SeverityLevel in (\"err\")\n"
            "                   ^");
  EXPECT_EQ(filter_error("a in 3"),
            "filter: \"in\" needs a list such as [\"a\", \"b\"], got an integer at column 6\n"
            "  a in 3\n"
            "       ^");
  EXPECT_EQ(filter_error("a not b"),
            "filter: expected \"in\" after \"not\", got name b at column 7\n"
            "  a not b\n"
            "        ^");
}

TEST(ExprParse, IsNull) {
  EXPECT_EQ(filter_error("a is 5"),
            "filter: expected \"null\" or \"not null\" after \"is\", got number 5 at column 6\n"
            "  a is 5\n"
            "       ^");
  EXPECT_EQ(filter_error("a is not 5"),
            "filter: expected \"null\" after \"is not\", got number 5 at column 10\n"
            "  a is not 5\n"
            "           ^");
}

TEST(ExprParse, ChainedComparison) {
  EXPECT_EQ(filter_error("1 < a < 3"),
            "filter: comparisons cannot be chained at column 7 (use \"and\")\n"
            "  1 < a < 3\n"
            "        ^");
}

TEST(ExprParse, Functions) {
  EXPECT_EQ(filter_error(R"(lowr(a) == "x")"),
            "filter: unknown function \"lowr\" at column 1 (did you mean \"lower\"?)\n"
            "  lowr(a) == \"x\"\n"
            "  ^");
  EXPECT_EQ(filter_error("frobnicate(a)"),
            "filter: unknown function \"frobnicate\" at column 1\n"
            "  frobnicate(a)\n"
            "  ^");
  EXPECT_EQ(filter_error(R"(lower(a, b) == "x")"),
            "filter: lower() takes 1 argument, got 2 at column 1\n"
            "  lower(a, b) == \"x\"\n"
            "  ^");
  EXPECT_EQ(filter_error(R"(substr(a) == "")"),
            "filter: substr() takes 2 or 3 arguments, got 1 at column 1\n"
            "  substr(a) == \"\"\n"
            "  ^");
  EXPECT_EQ(filter_error("coalesce() is null"),
            "filter: coalesce() takes at least 1 argument, got 0 at column 1\n"
            "  coalesce() is null\n"
            "  ^");
  EXPECT_EQ(filter_error("lower(a b)"),
            "filter: expected \",\" or \")\" after an argument of lower(), got name b at column 9\n"
            "  lower(a b)\n"
            "          ^");
}

TEST(ExprParse, MatchesPattern) {
  EXPECT_EQ(filter_error("matches(a, b)"),
            "filter: the pattern of matches() must be a string literal at column 12\n"
            "  matches(a, b)\n"
            "             ^");
  EXPECT_EQ(filter_error(R"(matches(a, "("))"),
            "filter: invalid regular expression: missing ): ( at column 12\n"
            "  matches(a, \"(\")\n"
            "             ^");
}

TEST(ExprParse, FieldPaths) {
  EXPECT_EQ(filter_error("a. == 1"),
            "filter: expected a field name after \".\", got \"==\" at column 4\n"
            "  a. == 1\n"
            "     ^");
  EXPECT_EQ(filter_error("a[1] == 2"),
            "filter: expected a quoted field name after \"[\", got number 1 at column 3\n"
            "  a[1] == 2\n"
            "    ^");
  EXPECT_EQ(filter_error(R"(a["b" == 1)"),
            "filter: expected \"]\" after the field name, got \"==\" at column 7\n"
            "  a[\"b\" == 1\n"
            "        ^");
  EXPECT_EQ(filter_error(".b == 1"),
            "filter: expected [\"field name\"] after \".\", got name b at column 2\n"
            "  .b == 1\n"
            "   ^");
}

TEST(ExprParse, StaticTypes) {
  EXPECT_EQ(filter_error("len(a)"),
            "filter: the expression gives an integer, not true or false at column 1\n"
            "  len(a)\n"
            "  ^");
  EXPECT_EQ(filter_error(R"("yes")"),
            "filter: the expression gives a string, not true or false at column 1\n"
            "  \"yes\"\n"
            "  ^");
  EXPECT_EQ(filter_error("a and 5"),
            "filter: \"and\" needs true or false, got an integer at column 7\n"
            "  a and 5\n"
            "        ^");
  EXPECT_EQ(filter_error(R"(lower(a) or b)"),
            "filter: \"or\" needs true or false, got a string at column 1\n"
            "  lower(a) or b\n"
            "  ^");
  EXPECT_EQ(filter_error(R"(not "x")"),
            "filter: \"not\" needs true or false, got a string at column 5\n"
            "  not \"x\"\n"
            "      ^");
}

TEST(ExprParse, NestingLimit) {
  std::string deep = std::string(101, '(') + "a" + std::string(101, ')');
  EXPECT_EQ(filter_error(deep),
            "filter: expression nested too deeply (more than 100 levels) at column 101\n  " + deep +
                "\n  " + std::string(100, ' ') + "^");
  EXPECT_EQ(filter_error(std::string(99, '(') + "a" + std::string(99, ')')), "no error");
  // A long flat chain builds a deep tree without deep parsing; it is limited the same way.
  std::string chain = "a";
  for (int k = 0; k < 100; ++k) chain += " + a";
  EXPECT_EQ(filter_error(chain + " == 1").substr(0, 67),
            "filter: expression nested too deeply (more than 100 levels) at colu");
  EXPECT_EQ(filter_error(std::string(101, '-') + "a == 1").substr(0, 67),
            "filter: expression nested too deeply (more than 100 levels) at colu");
}

TEST(ExprParse, CaretPlacement) {
  // Columns count characters, tabs are copied so the caret lines up, and only the line with
  // the error is shown when the expression spans several.
  EXPECT_EQ(filter_error(R"("é" == ))"),
            "filter: expected an expression, got \")\" at column 8\n"
            "  \"é\" == )\n"
            "         ^");
  EXPECT_EQ(filter_error("\ta == )"),
            "filter: expected an expression, got \")\" at column 7\n"
            "  \ta == )\n"
            "  \t     ^");
  EXPECT_EQ(filter_error("a ==\n  )"),
            "filter: expected an expression, got \")\" at line 2, column 3\n"
            "    )\n"
            "    ^");
}

TEST(ExprParse, SetSpec) {
  EXPECT_EQ(set_error("= 1"),
            "set: expected the name of the field to set, got \"=\" at column 1\n"
            "  = 1\n"
            "  ^");
  EXPECT_EQ(set_error(R"("x" = 1)"),
            "set: expected the name of the field to set, got string \"x\" at column 1\n"
            "  \"x\" = 1\n"
            "  ^");
  EXPECT_EQ(set_error("x == 1"),
            "set: expected \"=\" after the field name, got \"==\" at column 3\n"
            "  x == 1\n"
            "    ^");
  EXPECT_EQ(set_error("x 1"),
            "set: expected \"=\" after the field name, got number 1 at column 3\n"
            "  x 1\n"
            "    ^");
  EXPECT_EQ(set_error("x ="),
            "set: expected an expression, got end of expression at column 4\n"
            "  x =\n"
            "     ^");
  EXPECT_EQ(set_error("x.y. = 1"),
            "set: expected a field name after \".\", got \"=\" at column 6\n"
            "  x.y. = 1\n"
            "       ^");
  EXPECT_EQ(set_error("x = 1 = 2"),
            "set: unexpected \"=\" after the expression at column 7 (use \"==\" to compare)\n"
            "  x = 1 = 2\n"
            "        ^");
}

// ---- What valid expressions compile to ------------------------------------------------------

TEST(ExprCompile, LiteralListBecomesASortedSet) {
  auto p = compile_filter(R"(SeverityLevel in ["err", "crit", 3, 1.5, true, null])");
  const ExprNode& root = p->nodes[p->root];
  ASSERT_EQ(root.op, Op::kInConst);
  const ConstSet& set = p->sets[root.aux];
  EXPECT_EQ(set.strings, (std::vector<std::string_view>{"crit", "err"}));
  EXPECT_EQ(set.ints, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(set.floats, (std::vector<double>{1.5}));
  EXPECT_TRUE(set.has_true);
  EXPECT_FALSE(set.has_false);
  EXPECT_EQ(p->nodes[p->root].op, Op::kInConst);
  EXPECT_EQ(p->nodes[p->kid(root, 0)].op, Op::kField);
}

TEST(ExprCompile, ConstantsAreFolded) {
  auto p = compile_filter(R"(1 + 2 * 3 == 7 and ts("2024-01-01") < ts("2024-01-02"))");
  const ExprNode& root = p->nodes[p->root];
  ASSERT_EQ(root.op, Op::kConst);
  EXPECT_EQ(p->constants[root.aux].kind, ValueKind::kBool);
  EXPECT_TRUE(p->constants[root.aux].b);

  auto s = compile_set(R"(x = upper("a" + "b"))");
  ASSERT_EQ(s.program->nodes[s.program->root].op, Op::kConst);
  EXPECT_EQ(s.program->constants[s.program->nodes[s.program->root].aux].s, "AB");
}

TEST(ExprCompile, FailingConstantsRejectAtRunTime) {
  // int("x") is not a compile error: the issue asks for it to reject records with a reason.
  auto p = compile_filter(R"(int("x") > 1)");
  EXPECT_EQ(p->nodes[p->root].op, Op::kGt);
}

TEST(ExprCompile, FieldPaths) {
  auto s = compile_set(R"(.["odd name"].x = a.in + .["b c"]["d"] + e.["f"])");
  EXPECT_EQ(s.target.segments(), (std::vector<std::string>{"odd name", "x"}));
  ASSERT_EQ(s.program->fields.size(), 3u);
  EXPECT_EQ(s.program->fields[0].path.segments(), (std::vector<std::string>{"a", "in"}));
  EXPECT_EQ(s.program->fields[1].path.segments(), (std::vector<std::string>{"b c", "d"}));
  EXPECT_EQ(s.program->fields[1].pointer, "/b c/d");
  EXPECT_EQ(s.program->fields[2].path.segments(), (std::vector<std::string>{"e", "f"}));
  EXPECT_EQ(compile_set("@timestamp = $x").target.segments(),
            (std::vector<std::string>{"@timestamp"}));
}

TEST(ExprCompile, NamesThatLookLikeFunctions) {
  // A function name not followed by "(" is a field.
  auto p = compile_filter("len == 3");
  EXPECT_EQ(p->nodes[p->kid(p->nodes[p->root], 0)].op, Op::kField);
}

}  // namespace
}  // namespace recproc::transform::expr
