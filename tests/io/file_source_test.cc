// Plain files are mapped a few MiB at a time and read with pread(2) past what a mapping shows;
// a file truncated while mapped reads as zeros and says so instead of killing the process.
#include "io/file_source.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "../temp_file.h"
#include "io/byte_source.h"
#include "recproc/error.h"

namespace recproc::io {
namespace {

using recproc::testing::TempFile;

std::string pattern(std::size_t n) {
  std::string s(n, '\0');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('a' + (i * 7) % 26);
  return s;
}

TEST(FileSource, MapsWhatItHasNotConsumedAndReadsOnAfterIt) {
  const std::string data = pattern(3 << 20);  // more than one 2 MiB alignment step
  const TempFile file(data);
  FileSource source(file.path());
  MappedBytes head = source.peek_mapped(100);
  ASSERT_TRUE(head.mapping);
  EXPECT_EQ(head.bytes, data.substr(0, 100));
  EXPECT_EQ(source.bytes_consumed(), 0u);  // peeking consumes nothing

  source.skip((2 << 20) + 5);  // into the next aligned region
  MappedBytes later = source.peek_mapped(500000);
  ASSERT_TRUE(later.mapping);
  EXPECT_EQ(later.bytes, data.substr((2 << 20) + 5, 500000));

  source.skip(1000);
  std::string rest(data.size(), '\0');
  rest.resize(source.read(rest.data(), rest.size()));
  EXPECT_EQ(rest, data.substr((2 << 20) + 1005));
  EXPECT_FALSE(source.peek_mapped(1).mapping);  // nothing left to map
  EXPECT_EQ(source.bytes_consumed(), data.size());
}

TEST(FileSource, DoesNotMapPastTheEndOfTheFile) {
  const std::string data = pattern(5000);
  const TempFile file(data);
  FileSource source(file.path());
  EXPECT_TRUE(source.peek_mapped(5000).mapping);
  EXPECT_FALSE(source.peek_mapped(5001).mapping);
}

TEST(FileSource, OpenSourceMapsPlainFilesFromTheirFirstByte) {
  const std::string data = pattern(10000);
  const TempFile file(data);
  auto source = open_source(file.path());
  MappedBytes m = source->peek_mapped(10000);
  ASSERT_TRUE(m.mapping);
  EXPECT_EQ(m.bytes, data);
}

TEST(FileSource, ATruncatedMappingReadsZerosAndSaysSo) {
  const std::string data = pattern(1 << 20);
  const TempFile file(data);
  FileSource source(file.path());
  MappedBytes m = source.peek_mapped(data.size());
  ASSERT_TRUE(m.mapping);
  EXPECT_EQ(m.bytes[0], data[0]);
  EXPECT_FALSE(m.mapping->truncated());
  std::filesystem::resize_file(file.path(), 4096);  // as logrotate's copytruncate would, mid-read
  const volatile char* bytes = m.bytes.data();
  EXPECT_EQ(bytes[100], data[100]);       // still in the file
  EXPECT_EQ(bytes[(1 << 20) - 1], '\0');  // past its new end: SIGBUS, handled
  EXPECT_TRUE(m.mapping->truncated());
}

TEST(FileSource, AFileThatShrinksWhileReadIsAnErrorNotAnEarlyEnd) {
  const std::string data = pattern(1 << 20);
  const TempFile file(data);
  FileSource source(file.path());
  std::string buf(4096, '\0');
  ASSERT_EQ(source.read(buf.data(), buf.size()), buf.size());
  std::filesystem::resize_file(file.path(), 8192);             // truncated between two reads
  ASSERT_EQ(source.read(buf.data(), buf.size()), buf.size());  // bytes 4096-8191 are still there
  try {
    source.read(buf.data(), buf.size());
    FAIL() << "no error at the early end";
  } catch (const IoError& e) {
    EXPECT_NE(std::string(e.what()).find("the file shrank while being read (8192 of 1048576"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace recproc::io
