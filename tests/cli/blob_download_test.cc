// plan_downloads: which local path each listed blob becomes (issue 15). Only names are
// planned here; the bytes are tested against Azurite in tests/azure/download_cli_test.cc.
#include "cli/blob_download.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "recproc/error.h"

namespace recproc::cli {
namespace {

BlobInput blob(const std::string& name) {
  return {"azblob://raw/" + name, "raw", name, 1, "0x1", ""};
}

std::vector<std::string> paths(const std::vector<DownloadTarget>& targets) {
  std::vector<std::string> out;
  for (const auto& t : targets) out.push_back(t.path);
  return out;
}

TEST(PlanDownloads, OneBlobIsTheFileOrGoesIntoADirectoryUnderItsBaseName) {
  const auto one = std::vector{blob("2026/11/day.ndjson.gz")};
  EXPECT_EQ(paths(plan_downloads("azblob://raw/2026/11/day.ndjson.gz", one, "x.gz")),
            std::vector<std::string>{"x.gz"});
  EXPECT_EQ(paths(plan_downloads("azblob://raw/2026/11/day.ndjson.gz", one, "out/")),
            std::vector<std::string>{"out/day.ndjson.gz"});
  const std::string tmp = std::filesystem::temp_directory_path().string();
  EXPECT_EQ(paths(plan_downloads("azblob://raw/2026/11/day.ndjson.gz", one, tmp)),
            std::vector<std::string>{tmp + "/day.ndjson.gz"});
}

TEST(PlanDownloads, APrefixOrAGlobKeepsTheNamesAfterItsDirectoryPart) {
  const auto listed =
      std::vector{blob("2026/11-01/a.gz"), blob("2026/11-02/"), blob("2026/11-02/b.gz")};
  EXPECT_EQ(paths(plan_downloads("azblob://raw/2026/", listed, "d")),
            (std::vector<std::string>{"d/11-01/a.gz", "d/11-02/b.gz"}));  // no folder marker
  EXPECT_EQ(paths(plan_downloads("azblob://raw/2026/11-*/*.gz", listed, "d/")),
            (std::vector<std::string>{"d/11-01/a.gz", "d/11-02/b.gz"}));
  EXPECT_EQ(paths(plan_downloads("azblob://raw", listed, "d")),
            (std::vector<std::string>{"d/2026/11-01/a.gz", "d/2026/11-02/b.gz"}));
}

TEST(PlanDownloads, ANameThatWouldLeaveTheDirectoryIsRefused) {
  for (const char* name : {"p/../../etc/passwd", "p/a//b", "p/./a"}) {
    try {
      plan_downloads("azblob://raw/p/", {blob(name)}, "d");
      ADD_FAILURE() << name << " was accepted";
    } catch (const IoError& e) {
      EXPECT_EQ(std::string(e.what()),
                "azblob://raw/" + std::string(name) +
                    ": the blob name has an empty, \".\" or \"..\" part; it cannot be a local "
                    "file name");
    }
  }
}

TEST(PlanDownloads, SeveralBlobsIntoAFileIsAUsageError) {
  const std::string file = std::filesystem::temp_directory_path() / "recproc-plan-file";
  std::ofstream(file) << "x";
  EXPECT_THROW(plan_downloads("azblob://raw/p/", {blob("p/a")}, file), UsageError);
  std::filesystem::remove(file);
}

}  // namespace
}  // namespace recproc::cli
