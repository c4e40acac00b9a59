#include "cli/help_formatter.h"

#include <gtest/gtest.h>

#include "cli/exit_code.h"

namespace recproc::cli {
namespace {

TEST(WrapText, ShortLinesAreUnchanged) {
  EXPECT_EQ(wrap_text("Examples:\n  recproc run a\n\nend\n", 80),
            "Examples:\n  recproc run a\n\nend\n");
}

TEST(WrapText, BreaksAtSpacesUnderTheFirstWord) {
  EXPECT_EQ(wrap_text("one two three four", 9), "one two\nthree\nfour");
  EXPECT_EQ(wrap_text("  a b c", 5), "  a b\n  c");
}

TEST(WrapText, ListItemsHangUnderTheirText) {
  EXPECT_EQ(wrap_text("  1    data errors (bad records)", 22),
            "  1    data errors\n       (bad records)");
}

TEST(WrapText, KeepsGapsBetweenWordsAndDropsTrailingSpaces) {
  EXPECT_EQ(wrap_text("select A  drop B   ", 80), "select A  drop B");
}

TEST(WrapText, LeavesAWordLongerThanTheLineWhole) {
  EXPECT_EQ(wrap_text("see https://example.com/a/long/path now", 12),
            "see\nhttps://example.com/a/long/path\nnow");
}

TEST(HangText, DescriptionStartsAtTheColumn) {
  EXPECT_EQ(hang_text("  --cast", "Convert values to the schema's types", 12, 30),
            "  --cast    Convert values to\n"
            "            the schema's types\n");
}

TEST(HangText, LongNameGoesAlone) {
  EXPECT_EQ(hang_text("  --on-error POLICY", "Bad records", 12, 80),
            "  --on-error POLICY\n            Bad records\n");
  // Two spaces at least between a name and its text.
  EXPECT_EQ(hang_text("  --eleven1", "x", 12, 80), "  --eleven1\n            x\n");
  EXPECT_EQ(hang_text("  --ten", "x", 12, 80), "  --ten     x\n");
}

TEST(HangText, IndentedLinesOfTheDescriptionStayIndented) {
  EXPECT_EQ(hang_text("  -t", "Steps:\n  select A,B  drop A,B", 6, 22),
            "  -t  Steps:\n"
            "        select A,B\n"
            "        drop A,B\n");
}

TEST(HangText, NoDescription) { EXPECT_EQ(hang_text("  --help", "", 12, 80), "  --help\n"); }

TEST(HelpFooter, NotesExamplesAndExitCodes) {
  std::string footer = help_footer("About.", {"recproc a", "recproc b \\\n  --more"});
  EXPECT_EQ(footer.substr(0, footer.find("Exit codes:")),
            "About.\n\nExamples:\n  recproc a\n  recproc b \\\n    --more\n\n");
  EXPECT_EQ(footer.substr(footer.find("Exit codes:")), kExitCodeHelp);
  std::string bare = help_footer("", {"recproc a"});
  EXPECT_EQ(bare.substr(0, bare.find("Exit codes:")), "Examples:\n  recproc a\n\n");
}

}  // namespace
}  // namespace recproc::cli
