#include "recproc/record.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "record/json_parser.h"
#include "record/simdjson_kernel.h"

namespace recproc {
namespace {

std::string roundtrip(std::string_view json) {
  JsonParser parser;
  Record r;
  std::string error;
  if (!parser.parse(json, 0, r, error)) return "error: " + error;
  std::string out;
  r.write_json(out);
  return out;
}

TEST(JsonParser, MinifiesAndKeepsScalarsByteForByte) {
  EXPECT_EQ(roundtrip(R"( { "a" : 1.50 , "b" : [ 1e3 , "x\u0041\n" , true , null ] } )"),
            R"({"a":1.50,"b":[1e3,"x\u0041\n",true,null]})");
  EXPECT_EQ(roundtrip("12345678901234567890123"), "12345678901234567890123");
  EXPECT_EQ(roundtrip("\"\\u00e9\""), "\"\\u00e9\"");
  EXPECT_EQ(roundtrip(R"({"k\"ey":{}})"), R"({"k\"ey":{}})");
}

TEST(JsonParser, RejectsMalformedDocuments) {
  EXPECT_EQ(roundtrip("[][]"), "error: unexpected content after the JSON value");
  EXPECT_EQ(roundtrip(R"({"a":1)"), "error: unclosed array or object");
  EXPECT_EQ(roundtrip(R"(["\x"])"), "error: invalid string");
  EXPECT_EQ(roundtrip("[01]"), "error: invalid number");
  EXPECT_EQ(roundtrip("[tru]"), "error: invalid literal");
  EXPECT_EQ(roundtrip(""), "error: empty document");
  EXPECT_EQ(roundtrip("  \t "), "error: empty document");
  EXPECT_EQ(roundtrip(R"({"a":1,})"), "error: invalid JSON structure");
  EXPECT_EQ(roundtrip(R"({"a" 1})"), "error: invalid JSON structure");
  EXPECT_EQ(roundtrip(R"([1 2])"), "error: invalid JSON structure");
  EXPECT_EQ(roundtrip(R"({"a":"b"x})"), "error: invalid JSON structure");
  EXPECT_EQ(roundtrip(R"({"a":"b)"), "error: unclosed string");
  EXPECT_EQ(roundtrip("1 2"), "error: unexpected content after the JSON value");
}

// Escapes are checked in every string, also in strings after one that had none and after one
// whose escapes were all fine (the walker searches a line for backslashes once, not per string).
TEST(JsonParser, ChecksTheEscapesOfEveryString) {
  EXPECT_EQ(roundtrip(R"({"a":"x","b":"y\\z","c":"w","d":"\u00e9\"q","e":"plain"})"),
            R"({"a":"x","b":"y\\z","c":"w","d":"\u00e9\"q","e":"plain"})");
  EXPECT_EQ(roundtrip(R"(["ok","\n","fine","\q"])"), "error: invalid string");
  EXPECT_EQ(roundtrip(R"(["a\\","b","\ud800"])"), "error: invalid string");
  EXPECT_EQ(roundtrip(R"({"a":1,"k\q":1})"), "error: invalid string");
  EXPECT_EQ(roundtrip(R"([1,"x",{"\t":"\/"}])"), R"([1,"x",{"\t":"\/"}])");
}

TEST(Record, FindMemberFromWrapsAround) {
  JsonParser parser;
  Record r;
  std::string error;
  ASSERT_TRUE(parser.parse(R"({"a":1,"b":2,"c":3})", 0, r, error));
  const NodeId a = r.find_member(r.root(), "a");
  const NodeId c = r.find_member(r.root(), "c");
  ASSERT_NE(a, kNoNode);
  ASSERT_NE(c, kNoNode);
  EXPECT_EQ(r.find_member_from(r.root(), c, "a"), a);
  EXPECT_EQ(r.find_member_from(r.root(), r.node(a).next, "c"), c);
  EXPECT_EQ(r.find_member_from(r.root(), kNoNode, "c"), c);
  EXPECT_EQ(r.find_member_from(r.root(), c, "zz"), kNoNode);
}

// 1024 levels of nesting are walked (recursively, on a worker thread's stack); one more is
// refused with a reason rather than recursing deeper.
TEST(JsonParser, LimitsNestingDepth) {
  auto nested = [](int depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  EXPECT_EQ(roundtrip(nested(1024)), nested(1024));
  EXPECT_EQ(roundtrip(nested(1025)), "error: nesting too deep");
  std::string objects;
  for (int i = 0; i < 1025; ++i) objects += R"({"a":)";
  objects += "1" + std::string(1025, '}');
  EXPECT_EQ(roundtrip(objects), "error: nesting too deep");
}

// Whether the parser reports the text as already minified, in both parse modes; nullopt when
// the text is not JSON.
std::optional<bool> parsed_as_minified(std::string_view json) {
  bool result[2];
  for (bool build : {false, true}) {
    JsonParser parser;
    parser.set_build_tree(build);
    Record r;
    std::string error;
    if (!parser.parse(json, 0, r, error)) return std::nullopt;
    result[build] = r.source_is_minified();
  }
  EXPECT_EQ(result[0], result[1]) << json;
  return result[0];
}

// The NDJSON writer copies a line that the parser reports as minified instead of minifying it,
// so a single whitespace byte anywhere outside a string must be noticed.
TEST(JsonParser, NoticesWhitespaceAnywhereOutsideStrings) {
  const char* docs[] = {
      R"({"a":1,"b":"x y","c":[1,{"d":null},[],{}],"e\"f":true,"g":{"h":[false,-1.5e3]}})",
      R"([{},[],"s",0,{"a":[[]]}])",
      R"({})",
      R"([])",
      R"("a b")",
      R"(12)",
      R"(null)",
      R"({"a":{}})",
      R"({"a":[]})",
  };
  int spaced_documents = 0;
  for (std::string_view doc : docs) {
    EXPECT_EQ(parsed_as_minified(doc), true) << doc;
    bool in_string = false;
    for (std::size_t i = 0; i <= doc.size(); ++i) {
      if (!in_string) {
        for (char ws : {' ', '\t'}) {
          std::string spaced(doc.substr(0, i));
          spaced += ws;
          spaced += doc.substr(i);
          // A space that splits a token ("nu ll", "1 2") makes it invalid, not unminified.
          std::optional<bool> minified = parsed_as_minified(spaced);
          if (minified) {
            EXPECT_FALSE(*minified) << "'" << spaced << "'";
            ++spaced_documents;
          }
        }
      }
      if (i < doc.size() && doc[i] == '"') in_string = !in_string;
      if (i < doc.size() && doc[i] == '\\') ++i;  // an escaped character never ends a string
    }
  }
  EXPECT_GT(spaced_documents, 100);
}

TEST(PercentDecode, DecodesHexEscapesAndKeepsStrayPercents) {
  EXPECT_EQ(percent_decode("/a%20b/%7e%7E"), "/a b/~~");
  EXPECT_EQ(percent_decode("%25"), "%");
  EXPECT_EQ(percent_decode("100%"), "100%");
  EXPECT_EQ(percent_decode("%4"), "%4");
  EXPECT_EQ(percent_decode("%zz%41"), "%zzA");
  EXPECT_EQ(percent_decode(""), "");
}

TEST(Record, SetRemoveRenameNestedPaths) {
  JsonParser parser;
  Record r;
  std::string error;
  ASSERT_TRUE(parser.parse(R"({"a":1,"P":{"retries":2,"tags":["x"]},"b":"s"})", 0, r, error));
  EXPECT_TRUE(r.set(FieldPath::parse("P.retries"), r.make_int(5)));
  EXPECT_TRUE(r.set(FieldPath::parse("P.new.deep"), r.make_string("q\"")));
  EXPECT_TRUE(r.remove(FieldPath::parse("a")));
  EXPECT_FALSE(r.remove(FieldPath::parse("zzz")));
  EXPECT_TRUE(r.rename(FieldPath::parse("b"), "odd name"));
  std::string out;
  r.write_json(out);
  EXPECT_EQ(out, R"({"P":{"retries":5,"tags":["x"],"new":{"deep":"q\""}},"odd name":"s"})");
  std::string scratch;
  NodeId n = r.find(*FieldPath::try_parse(R"(.["odd name"])"));
  ASSERT_NE(n, kNoNode);
  EXPECT_EQ(r.string_value(n, scratch), "s");
  EXPECT_EQ(r.int_value(r.find(FieldPath::parse("P.retries"))), 5);
}

TEST(Record, RenameOntoExistingFieldReplacesIt) {
  JsonParser parser;
  Record r;
  std::string error;
  ASSERT_TRUE(parser.parse(R"({"a":1,"b":2,"c":3})", 0, r, error));
  EXPECT_TRUE(r.rename(FieldPath::parse("a"), "c"));
  std::string out;
  r.write_json(out);
  EXPECT_EQ(out, R"({"c":1,"b":2})");
}

TEST(FieldPath, ParsesAndPrints) {
  EXPECT_EQ(FieldPath::parse("a.b").segments(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(FieldPath::parse(R"(a["x.y"].z)").segments(),
            (std::vector<std::string>{"a", "x.y", "z"}));
  EXPECT_EQ(FieldPath::parse(R"(a["x.y"].z)").to_pointer(), "/a/x.y/z");
  EXPECT_FALSE(FieldPath::try_parse("a..b"));
  EXPECT_FALSE(FieldPath::try_parse("a."));
  EXPECT_FALSE(FieldPath::try_parse(""));
  EXPECT_FALSE(FieldPath::try_parse(R"(a["x)"));
}

}  // namespace
}  // namespace recproc

namespace recproc {
namespace {

TEST(JsonParser, ParseValueCopiesIntoTheTargetRecord) {
  JsonParser parser;
  parser.set_build_tree(false);  // parse_value always builds, whatever the reader mode
  Record r;
  std::string error;
  NodeId obj = r.make_object();
  r.set_root(obj);
  NodeId a = parser.parse_value(R"({"x":[1,"y\n"]})", r, error);
  NodeId b = parser.parse_value("2.50", r, error);  // reuses the staging tree
  ASSERT_NE(a, kNoNode);
  ASSERT_NE(b, kNoNode);
  r.set(FieldPath::parse("a"), a);
  r.set(FieldPath::parse("b"), b);
  EXPECT_EQ(parser.parse_value("{bad", r, error), kNoNode);
  std::string out;
  r.write_json(out);
  EXPECT_EQ(out, R"({"a":{"x":[1,"y\n"]},"b":2.50})");
}

// AVX-512 minifying is slow on AMD (simdjson #2334): there the AVX2 kernel must minify.
TEST(SimdjsonKernel, MinifiesWithoutTheAvx512KernelOnAmd) {
  std::string_view kernel = minify_kernel_name();
  EXPECT_FALSE(kernel.empty());
  EXPECT_EQ(kernel, minify_kernel_name());  // chosen once
  std::string text = " { \"a\" : [ 1 , \"x y\" ] }\t";
  std::string out(text.size() + 64, '\0');
  std::size_t written = 0;
  ASSERT_TRUE(minify_json(text, out.data(), written));
  EXPECT_EQ(out.substr(0, written), R"({"a":[1,"x y"]})");
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::stringstream cpu;
  cpu << cpuinfo.rdbuf();
  if (cpu.str().find("AuthenticAMD") == std::string::npos ||
      std::getenv("SIMDJSON_FORCE_IMPLEMENTATION") != nullptr) {
    GTEST_SKIP() << "not an AMD CPU, or the kernel is forced; minify kernel: " << kernel;
  }
  EXPECT_NE(kernel, "icelake");
}

}  // namespace
}  // namespace recproc
