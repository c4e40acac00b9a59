#include <gtest/gtest.h>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "transform/registry.h"

namespace recproc {
namespace {

std::string run_steps(std::vector<std::string> specs, std::string_view json) {
  JsonParser parser;
  Record r;
  std::string error;
  EXPECT_TRUE(parser.parse(json, 0, r, error)) << error;
  // Workers stay alive until the record is written: an edited record may point into them.
  std::vector<std::unique_ptr<TransformWorker>> workers;
  for (const auto& spec : specs) {
    workers.push_back(transform::make_transform(spec)->make_worker());
    Outcome o = workers.back()->apply(r);
    if (o.verdict != Verdict::kKeep) return "rejected: " + o.error.reason;
  }
  std::string out;
  r.write_json(out);
  return out;
}

FieldDemand needs_of(std::string_view spec, FieldDemand downstream) {
  return transform::make_transform(spec)->needs(downstream);
}

TEST(FieldDemand, SelectFilterAndSetSayWhatTheyRead) {
  const FieldDemand all = FieldDemand::everything();
  const FieldDemand only_c = {false, {"c"}};
  // select needs its top-level fields whatever comes after it.
  FieldDemand d = needs_of("select a.b, c, a.x", all);
  EXPECT_FALSE(d.all);
  EXPECT_EQ(d.fields, (std::vector<std::string>{"a", "c"}));
  // filter and set pass the record on, so they add to what comes after.
  EXPECT_TRUE(needs_of("filter x > 1", all).all);
  EXPECT_EQ(needs_of("filter x.y > 1 and z is null", only_c).fields,
            (std::vector<std::string>{"c", "x", "z"}));
  EXPECT_EQ(needs_of("set t.u = lower(v)", only_c).fields,
            (std::vector<std::string>{"c", "v", "t"}));
  // The others keep the safe default.
  EXPECT_TRUE(needs_of("drop a", only_c).all);
  EXPECT_TRUE(needs_of("rename a=b", only_c).all);
}

// Only a step that never changes a record may say so: the writer then copies records' source text.
TEST(FieldDemand, OnlyFilterSaysItDoesNotEdit) {
  EXPECT_FALSE(transform::make_transform("filter x > 1")->edits());
  for (const char* spec : {"set x = 1", "select a", "drop a", "rename a=b"}) {
    EXPECT_TRUE(transform::make_transform(spec)->edits()) << spec;
  }
}

TEST(Select, KeepsFieldsInTheGivenOrderAndOmitsMissingOnes) {
  EXPECT_EQ(run_steps({"select c, a ,zz"}, R"({"a":1,"b":2,"c":{"x":[1]}})"),
            R"({"c":{"x":[1]},"a":1})");
}

TEST(Select, FieldsInAnyOrderAndRepeatedNames) {
  EXPECT_EQ(run_steps({"select c,b,a"}, R"({"a":1,"b":2,"c":3})"), R"({"c":3,"b":2,"a":1})");
  EXPECT_EQ(run_steps({"select a,a,b.c,b"}, R"({"a":1,"b":{"c":2,"d":3}})"),
            R"({"a":1,"b":{"c":2}})");
}

TEST(Select, NestedPathsAndOddNames) {
  EXPECT_EQ(run_steps({R"(select P.retries,["odd name"])"},
                      R"({"P":{"retries":2,"tags":[]},"odd name":true,"x":0})"),
            R"({"P":{"retries":2},"odd name":true})");
}

TEST(Select, NonObjectRecordIsRejected) {
  EXPECT_EQ(run_steps({"select a"}, "[1,2]"), "rejected: select: record is not an object");
}

TEST(Drop, RemovesPresentFieldsOnly) {
  EXPECT_EQ(run_steps({"drop a,P.tags,nope"}, R"({"a":1,"b":2,"P":{"retries":2,"tags":[]}})"),
            R"({"b":2,"P":{"retries":2}})");
}

TEST(Rename, KeepsPositionAndEscapesNames) {
  EXPECT_EQ(run_steps({"rename a=z,P.r=q\"uote"}, R"({"a":1,"b":2,"P":{"r":3}})"),
            R"({"z":1,"b":2,"P":{"q\"uote":3}})");
}

TEST(Registry, ErrorsAreUsageErrorsWithSuggestions) {
  auto message = [](const std::string& spec) {
    try {
      transform::make_transform(spec);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("rename a"), "rename a: expected OLD=NEW, got \"a\"");
  EXPECT_EQ(message("select a..b"), "select a..b: invalid field path \"a..b\"");
  EXPECT_EQ(message("drop"), "drop: expected a list of fields");
  EXPECT_EQ(message("renam a=b"),
            "unknown transform \"renam\", did you mean \"rename\"? (transforms: filter, set, "
            "select, drop, rename, plugin, exec, python)");
}

}  // namespace
}  // namespace recproc
