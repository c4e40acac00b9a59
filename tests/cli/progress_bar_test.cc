#include "cli/progress_bar.h"

#include <gtest/gtest.h>

namespace recproc::cli {
namespace {

const std::vector<std::string> kFields = {"7.2 KB / 34.5 KB", "21%", "0.0 MB/s", "159 rec/s",
                                          "ETA 0:01"};

TEST(FitProgressLine, AllFieldsWhenTheWidthIsUnknownOrWide) {
  EXPECT_EQ(fit_progress_line(kFields, 0), "7.2 KB / 34.5 KB  21%  0.0 MB/s  159 rec/s  ETA 0:01");
  EXPECT_EQ(fit_progress_line(kFields, 100),
            "7.2 KB / 34.5 KB  21%  0.0 MB/s  159 rec/s  ETA 0:01");
}

TEST(FitProgressLine, WholeFieldsShorterThanTheTerminal) {
  // 31 columns: one short of the width would still be drawn, the width itself would wrap.
  EXPECT_EQ(fit_progress_line(kFields, 32), "7.2 KB / 34.5 KB  21%  0.0 MB/s");
  EXPECT_EQ(fit_progress_line(kFields, 31), "7.2 KB / 34.5 KB  21%");
  EXPECT_EQ(fit_progress_line({"1.0 KB / 2.0 KB", "50%"}, 21), "1.0 KB / 2.0 KB  50%");
  EXPECT_EQ(fit_progress_line({"1.0 KB / 2.0 KB", "50%"}, 20), "1.0 KB / 2.0 KB");
}

TEST(FitProgressLine, TheFirstFieldCutInATinyTerminal) {
  EXPECT_EQ(fit_progress_line(kFields, 8), "7.2 KB ");
  EXPECT_EQ(fit_progress_line(kFields, 1), "");
}

}  // namespace
}  // namespace recproc::cli
