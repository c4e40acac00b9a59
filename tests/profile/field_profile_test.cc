#include "profile/field_profile.h"

#include <gtest/gtest.h>

#include "record/json_parser.h"

namespace recproc::profile {
namespace {

class Profiler {
 public:
  void add(std::string json) {
    const std::size_t size = json.size();
    json.append(JsonParser::required_padding(), '\0');
    std::string error;
    ASSERT_TRUE(
        parser_.parse(std::string_view(json.data(), size), json.size() - size, record_, error))
        << error;
    profile.add(record_);
  }
  FieldProfile profile;

 private:
  JsonParser parser_;
  Record record_;
};

const FieldStats& field(const FieldProfile& p, const std::string& name) {
  for (const auto& f : p.fields()) {
    if (f.name == name) return f;
  }
  ADD_FAILURE() << "no field " << name;
  return p.fields().front();
}

TEST(FieldProfile, CountsTypesRangesAndLengths) {
  Profiler p;
  p.add(R"({"n": 3, "s": "ab", "t": "2026-01-02T03:04:05Z", "o": {"x": 1}})");
  p.add(R"({"n": -1.5, "s": "h\u00e9llo", "t": "2025-06-01", "extra": [1]})");
  p.add(R"({"n": null, "s": 12, "t": "not a date"})");
  p.add(R"([1, 2])");
  const FieldProfile& prof = p.profile;
  EXPECT_EQ(prof.records(), 4u);
  ASSERT_EQ(prof.fields().size(), 5u);
  EXPECT_EQ(prof.fields()[0].name, "n");
  EXPECT_EQ(prof.fields()[4].name, "extra");

  const FieldStats& n = field(prof, "n");
  EXPECT_EQ(n.count, 3u);
  EXPECT_EQ(n.nulls, 1u);
  EXPECT_EQ(n.types[static_cast<int>(NodeKind::kNumber)], 2u);
  EXPECT_EQ(n.number_min, -1.5);
  EXPECT_EQ(n.number_max, 3);
  EXPECT_EQ(n.values.distinct(), 2u);

  const FieldStats& s = field(prof, "s");
  EXPECT_EQ(s.length_min, 2u);
  EXPECT_EQ(s.length_max, 5u);  // code points of the unescaped text
  EXPECT_EQ(s.types[static_cast<int>(NodeKind::kString)], 2u);
  EXPECT_EQ(s.types[static_cast<int>(NodeKind::kNumber)], 1u);
  EXPECT_EQ(s.values.top(5).size(), 3u);

  const FieldStats& t = field(prof, "t");
  EXPECT_EQ(t.date_min, "2025-06-01");
  EXPECT_EQ(t.date_max, "2026-01-02T03:04:05Z");

  const FieldStats& o = field(prof, "o");
  EXPECT_EQ(o.types[static_cast<int>(NodeKind::kObject)], 1u);
  EXPECT_EQ(o.values.distinct(), 0u);
}

TEST(FieldProfile, FieldOrderChangesAreFollowed) {
  Profiler p;
  p.add(R"({"a": 1, "b": 2})");
  p.add(R"({"b": 3, "a": 4})");
  p.add(R"({"c": 5})");
  ASSERT_EQ(p.profile.fields().size(), 3u);
  EXPECT_EQ(field(p.profile, "a").count, 2u);
  EXPECT_EQ(field(p.profile, "b").count, 2u);
  EXPECT_EQ(field(p.profile, "b").number_max, 3);
  EXPECT_EQ(field(p.profile, "c").count, 1u);
}

TEST(FieldProfile, BoundsTheFieldsProfiled) {
  Profiler p;
  std::string rec = "{";
  for (std::size_t i = 0; i < FieldProfile::kMaxFields + 30; ++i) {
    rec += (i ? ", \"f" : "\"f") + std::to_string(i) + "\": " + std::to_string(i);
  }
  p.add(rec + "}");
  p.add(rec + "}");
  EXPECT_EQ(p.profile.fields().size(), FieldProfile::kMaxFields);
  EXPECT_EQ(p.profile.fields_not_profiled(), 30u);
  EXPECT_EQ(p.profile.fields().back().count, 2u);
}

// Chunks merged in input order give the profile of the whole: fields in order of first
// appearance, counts added up, ranges widened.
TEST(FieldProfile, MergeInOrderEqualsOnePass) {
  const std::vector<std::string> records = {R"({"a": 1, "s": "x"})", R"({"s": "y", "b": true})",
                                            R"({"a": 7, "c": "2020-01-01"})",
                                            R"({"c": "2019-12-31", "a": null})"};
  Profiler whole;
  for (const auto& r : records) whole.add(r);
  FieldProfile merged;
  for (const auto& r : records) {
    Profiler chunk;
    chunk.add(r);
    merged.merge(chunk.profile);
  }
  ASSERT_EQ(merged.fields().size(), whole.profile.fields().size());
  for (std::size_t i = 0; i < merged.fields().size(); ++i) {
    const FieldStats& m = merged.fields()[i];
    const FieldStats& w = whole.profile.fields()[i];
    EXPECT_EQ(m.name, w.name);
    EXPECT_EQ(m.count, w.count);
    EXPECT_EQ(m.nulls, w.nulls);
    EXPECT_EQ(m.types, w.types);
    EXPECT_EQ(m.number_min, w.number_min);
    EXPECT_EQ(m.number_max, w.number_max);
    EXPECT_EQ(m.date_min, w.date_min);
    EXPECT_EQ(m.date_max, w.date_max);
    EXPECT_EQ(m.values.distinct(), w.values.distinct());
  }
  EXPECT_EQ(merged.records(), 4u);
  EXPECT_EQ(merged.fields()[2].name, "b");
}

}  // namespace
}  // namespace recproc::profile

namespace recproc::profile {
namespace {

// Lengths are code points, counted from the escaped text without decoding it.
TEST(FieldProfile, StringLengthsInCodePoints) {
  Profiler p;
  p.add(R"({"s": "caf\u00e9 \"ok\" \\ \ud83d\ude00 \/"})");  // café "ok" \ 😀 /
  p.add(R"({"s": "ошибка résumé 😀"})");
  const FieldStats& s = field(p.profile, "s");
  EXPECT_EQ(s.length_min, 15u);
  EXPECT_EQ(s.length_max, 15u);
}

}  // namespace
}  // namespace recproc::profile
