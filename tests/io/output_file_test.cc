// OutputFile: atomic publication, and write-behind that leaves the bytes exactly as written.
#include "io/output_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "recproc/error.h"

namespace recproc::io {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  fs::path path =
      fs::temp_directory_path() / ("recproc-output-" + std::to_string(std::random_device{}()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(path), {}));
  }
};

// Far more than the write-behind window, in pieces small (buffered) and large (written
// directly), so that several windows are sent to the disk and waited for during the writes.
TEST(OutputFile, ManyWindowsOfWriteBehindKeepTheBytesAsWritten) {
  TempDir dir;
  const fs::path target = dir.path / "out.ndjson";
  std::mt19937_64 rng(7);
  std::string expected;
  {
    OutputFile out(target.string());
    while (expected.size() < (40u << 20)) {
      const std::size_t n = rng() % 3 == 0 ? 200000 + rng() % 300000 : 1 + rng() % 5000;
      std::string piece(n, static_cast<char>('a' + rng() % 26));
      piece.back() = '\n';
      out.write(piece);
      expected += piece;
    }
    EXPECT_FALSE(fs::exists(target));  // nothing under the final name before commit
    out.commit();
  }
  EXPECT_TRUE(read_file(target) == expected);  // not EXPECT_EQ: 40 MiB in a failure message
  EXPECT_EQ(dir.entries(), 1u);                // no temporary file left
}

TEST(OutputFile, AnAbandonedFileLeavesNothing) {
  TempDir dir;
  {
    OutputFile out((dir.path / "out.ndjson").string());
    out.write(std::string(20u << 20, 'x'));
  }
  EXPECT_EQ(dir.entries(), 0u);
}

// `recproc download` keeps a blob's bytes as stored, whatever its name says (issue 15).
TEST(OutputFile, AsIsWritesTheBytesUnderAGzNameUncompressed) {
  TempDir dir;
  const fs::path target = dir.path / "copy.ndjson.gz";
  OutputFile out(target.string(), OutputEncoding::kAsIs);
  out.write("not gzip\n");
  out.commit();
  EXPECT_EQ(read_file(target), "not gzip\n");
}

// A file that appeared during the write is kept; the temporary one is removed.
// A runner hands recproc a descriptor (`--report /dev/fd/3`): written where it points, after
// what is there, with no temporary file anywhere.
TEST(OutputFile, ADescriptorPathIsWrittenInPlace) {
  TempDir dir;
  const fs::path target = dir.path / "report.json";
  std::ofstream(target) << "runner's line\n";
  const int fd = ::open(target.c_str(), O_WRONLY | O_APPEND);
  ASSERT_GE(fd, 0);
  {
    OutputFile out("/dev/fd/" + std::to_string(fd));
    out.write("{\"report\": 1}\n");
    out.commit();
  }
  ::close(fd);
  EXPECT_EQ(read_file(target), "runner's line\n{\"report\": 1}\n");
  EXPECT_EQ(dir.entries(), 1u);
}

TEST(OutputFile, CommitNewNeverReplacesAFile) {
  TempDir dir;
  const fs::path target = dir.path / "out.ndjson";
  {
    OutputFile out(target.string());
    out.write("new\n");
    std::ofstream(target) << "theirs\n";
    EXPECT_THROW(out.commit_new(), IoError);
  }
  EXPECT_EQ(read_file(target), "theirs\n");
  EXPECT_EQ(dir.entries(), 1u);

  fs::remove(target);
  OutputFile out(target.string());
  out.write("new\n");
  out.commit_new();
  EXPECT_EQ(read_file(target), "new\n");
}

}  // namespace
}  // namespace recproc::io
