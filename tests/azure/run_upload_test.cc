// `recproc run --upload` against Azurite: the published output (and with --upload-rejects the
// rejects and report, next to it) is uploaded only after the run succeeded, so a failed run never
// overwrites a good blob.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "azure/crypto.h"
#include "azurite_support.h"

namespace recproc::azure {
namespace {

TEST(RunUpload, UploadsOutputRejectsAndReportAfterSuccess) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string in = dir.file("in.ndjson");
  test::write_file(in, "{\"a\":1,\"b\":2}\nnot json\n{\"a\":3}\n");
  std::string container = test::unique_container("run");
  test::EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", test::connection_string(endpoint)}};
  auto r =
      test::recproc({"run", in, "-q", "-t", "drop b", "-o", dir.file("out.ndjson"), "--rejects",
                     dir.file("rejects.ndjson"), "--report", dir.file("report.json"), "--upload",
                     "azblob://" + container + "/night/out.ndjson", "--upload-rejects"},
                    env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_back(endpoint, container, "night/out.ndjson").sha256,
            sha256_hex("{\"a\":1}\n{\"a\":3}\n"));
  EXPECT_TRUE(test::read_back(endpoint, container, "night/rejects.ndjson").error.empty());
  EXPECT_TRUE(test::read_back(endpoint, container, "night/report.json").error.empty());
}

TEST(RunUpload, FailedRunUploadsNothing) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string in = dir.file("in.ndjson");
  test::write_file(in, "{\"a\":1}\n{bad\n");
  std::string container = test::unique_container("runfail");
  test::EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", test::connection_string(endpoint)}};
  auto r = test::recproc({"run", in, "-q", "-o", dir.file("out.ndjson"), "--upload",
                          "azblob://" + container + "/out.ndjson"},
                         env);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_FALSE(test::read_back(endpoint, container, "out.ndjson").error.empty());
}

TEST(RunUpload, ExistingBlobIsExit3AndReported) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string in = dir.file("in.ndjson");
  test::write_file(in, "{\"a\":1}\n");
  std::string container = test::unique_container("runexists");
  test::EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", test::connection_string(endpoint)}};
  std::vector<std::string> args = {"run",
                                   in,
                                   "-q",
                                   "-o",
                                   dir.file("out.ndjson"),
                                   "--report",
                                   dir.file("report.json"),
                                   "--upload",
                                   "azblob://" + container + "/out.ndjson"};
  ASSERT_EQ(test::recproc(args, env).exit_code, 0);
  auto again = test::recproc(args, env);
  EXPECT_EQ(again.exit_code, 3);
  std::ifstream report(dir.file("report.json"));
  std::string text((std::istreambuf_iterator<char>(report)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"exit_code\": 3"), std::string::npos) << text;
  args.push_back("--overwrite");
  EXPECT_EQ(test::recproc(args, env).exit_code, 0);
}

}  // namespace
}  // namespace recproc::azure
