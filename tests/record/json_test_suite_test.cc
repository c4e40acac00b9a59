// JSONTestSuite (nst/JSONTestSuite, MIT; tests/data/JSONTestSuite): every y_ document is accepted
// as one record, every n_ document is rejected with a reason, and no i_ document crashes. The
// i_ outcomes are frozen in kImplementationDefinedAccepted so a change shows up in review.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "record/json_parser.h"

namespace recproc {
namespace {

namespace fs = std::filesystem;

// i_ files recproc accepts (all others it rejects). simdjson validates UTF-8 strictly, so the
// invalid-UTF-8 and lone-surrogate strings are rejected; huge numbers are valid JSON grammar
// and kept as text.
const std::set<std::string> kImplementationDefinedAccepted = {
    "i_number_double_huge_neg_exp.json", "i_number_huge_exp.json",
    "i_number_neg_int_huge_exp.json",    "i_number_pos_double_huge_exp.json",
    "i_number_real_neg_overflow.json",   "i_number_real_pos_overflow.json",
    "i_number_real_underflow.json",      "i_number_too_big_neg_int.json",
    "i_number_too_big_pos_int.json",     "i_number_very_big_negative_int.json",
    "i_structure_500_nested_arrays.json",
};

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The parser's three modes (whole tree, validation only, some top-level fields only) must
// accept and reject exactly the same documents: skipping the tree never skips a check.
enum class Mode { kTree, kValidateOnly, kPruned };

class JsonTestSuite : public ::testing::TestWithParam<Mode> {};

TEST_P(JsonTestSuite, DocumentsAreAcceptedOrRejectedAsSpecified) {
  fs::path dir = fs::path(RECPROC_TEST_DATA) / "JSONTestSuite" / "test_parsing";
  ASSERT_TRUE(fs::exists(dir));
  JsonParser parser;
  if (GetParam() == Mode::kValidateOnly) parser.set_build_tree(false);
  if (GetParam() == Mode::kPruned) parser.set_wanted_fields(std::vector<std::string>{"a", "id"});
  Record record;
  int y = 0, n = 0, i = 0;
  std::set<std::string> accepted_i;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    std::string text = read_file(entry.path());
    std::string error;
    bool ok = parser.parse(text, 0, record, error);
    if (name.rfind("y_", 0) == 0) {
      ++y;
      EXPECT_TRUE(ok) << name << ": " << error;
    } else if (name.rfind("n_", 0) == 0) {
      ++n;
      EXPECT_FALSE(ok) << name << " was accepted";
      if (!ok) {
        EXPECT_FALSE(error.empty()) << name;
      }
    } else if (name.rfind("i_", 0) == 0) {
      ++i;
      if (ok) accepted_i.insert(name);
    }
  }
  EXPECT_EQ(y, 95);
  EXPECT_EQ(n, 188);
  EXPECT_EQ(i, 35);
  EXPECT_EQ(accepted_i, kImplementationDefinedAccepted);
}

INSTANTIATE_TEST_SUITE_P(Modes, JsonTestSuite,
                         ::testing::Values(Mode::kTree, Mode::kValidateOnly, Mode::kPruned));

TEST(JsonTestSuiteRoundTrip, AcceptedDocumentsRoundTripToEquivalentMinifiedJson) {
  fs::path dir = fs::path(RECPROC_TEST_DATA) / "JSONTestSuite" / "test_parsing";
  JsonParser parser;
  Record first, second;
  for (const auto& entry : fs::directory_iterator(dir)) {
    std::string name = entry.path().filename().string();
    if (name.rfind("y_", 0) != 0) continue;
    std::string error, once, twice;
    ASSERT_TRUE(parser.parse(read_file(entry.path()), 0, first, error)) << name;
    first.write_json(once);
    ASSERT_TRUE(parser.parse(once, 0, second, error)) << name << ": output " << once;
    second.write_json(twice);
    EXPECT_EQ(once, twice) << name;  // writing is a fixed point: minified and stable
  }
}

}  // namespace
}  // namespace recproc
