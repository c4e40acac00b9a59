// RangeBuffer: a mapped buffer that holds what was appended and moves without copying.
#include "cli/range_buffer.h"

#include <gtest/gtest.h>

#include <utility>

namespace recproc::cli {
namespace {

TEST(RangeBuffer, HoldsWhatWasAppendedAndMovesIt) {
  RangeBuffer a(8);
  a.append("abc");
  a.append("");
  a.append("defgh");
  EXPECT_EQ(a.view(), "abcdefgh");
  RangeBuffer b(std::move(a));
  EXPECT_EQ(b.view(), "abcdefgh");
  EXPECT_EQ(a.size(), 0u);
  a = std::move(b);
  EXPECT_EQ(a.view(), "abcdefgh");
  EXPECT_EQ(a.capacity(), 8u);
  EXPECT_EQ(RangeBuffer().view(), "");
}

}  // namespace
}  // namespace recproc::cli
