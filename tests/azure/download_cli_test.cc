// `recproc download` against Azurite (issue 15): one blob to a file and a prefix into a
// directory give exactly the uploaded bytes (a .gz kept compressed); an existing file is
// refused and kept; a wrong Content-MD5, or a blob replaced mid-read, publishes nothing and
// leaves no temporary file; a dropped connection resumes; a pattern matching nothing is exit 3.
#include <gtest/gtest.h>

#include <filesystem>

#include "azurite_support.h"

namespace recproc::azure {
namespace {

std::string records(int n, const std::string& tag) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "{\"id\":" + std::to_string(i) + ",\"tag\":\"" + tag + "\",\"msg\":\"" +
            std::string(static_cast<std::size_t>(i % 40), 'y') + "\"}\n";
  }
  return text;
}

// Every file under `dir`, relative to it, in name order: what a download left behind,
// temporary files included.
std::vector<std::string> files_under(const std::string& dir) {
  std::vector<std::string> out;
  if (!std::filesystem::exists(dir)) return out;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) out.push_back(std::filesystem::relative(e.path(), dir).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class DownloadCli : public test::AzuriteCliTest {
 protected:
  DownloadCli() : AzuriteCliTest("dl") {}
  void prepare() override {
    // raw/a.ndjson, raw/a.ndjson.gz and raw/sub/b.ndjson; 30,000 records are about 1.7 MB.
    test::write_file(src_.file("a.ndjson"), records(30000, "a"));
    test::write_file(src_.file("b.ndjson"), records(2000, "b"));
    ASSERT_EQ(std::system(("gzip -k " + src_.file("a.ndjson")).c_str()), 0);
    auto up = test::recproc(
        {"upload", src_.file("a.ndjson"), src_.file("a.ndjson.gz"), url("raw/")}, env_);
    ASSERT_EQ(up.exit_code, 0) << up.err;
    up = test::recproc({"upload", src_.file("b.ndjson"), url("raw/sub/b.ndjson")}, env_);
    ASSERT_EQ(up.exit_code, 0) << up.err;
  }
  std::string source(const std::string& name) { return test::read_file(src_.file(name)); }

  test::TempDir src_;  // the uploaded files
  test::TempDir dir_;  // where downloads go
};

TEST_F(DownloadCli, OneBlobToAFileIsTheUploadedBytesAndAGzStaysCompressed) {
  const std::string gz = dir_.file("copy.gz");
  auto r = test::recproc({"download", url("raw/a.ndjson.gz"), gz}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string bytes = source("a.ndjson.gz");
  EXPECT_EQ(r.out, "downloaded " + url("raw/a.ndjson.gz") + " to " + gz + " (" +
                       std::to_string(bytes.size()) + " bytes)\n");
  EXPECT_EQ(test::read_file(gz), bytes);

  // Into an existing directory under the blob's base name; -q prints nothing.
  r = test::recproc({"-q", "download", url("raw/sub/b.ndjson"), dir_.file("")}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(test::read_file(dir_.file("b.ndjson")), source("b.ndjson"));
  EXPECT_EQ(files_under(dir_.file("")), (std::vector<std::string>{"b.ndjson", "copy.gz"}));
}

TEST_F(DownloadCli, APrefixGoesIntoADirectoryWithSubdirectories) {
  const std::string out = dir_.file("days");
  auto r = test::recproc({"download", url("raw/"), out}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(files_under(out),
            (std::vector<std::string>{"a.ndjson", "a.ndjson.gz", "sub/b.ndjson"}));
  EXPECT_EQ(test::read_file(out + "/a.ndjson"), source("a.ndjson"));
  EXPECT_EQ(test::read_file(out + "/a.ndjson.gz"), source("a.ndjson.gz"));
  EXPECT_EQ(test::read_file(out + "/sub/b.ndjson"), source("b.ndjson"));

  // A glob keeps the names after its directory part.
  r = test::recproc({"download", url("raw/a.ndjson*"), dir_.file("glob")}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(files_under(dir_.file("glob")), (std::vector<std::string>{"a.ndjson", "a.ndjson.gz"}));
}

TEST_F(DownloadCli, AnExistingFileIsRefusedAndKeptUnlessAskedOtherwise) {
  const std::string path = dir_.file("a.ndjson");
  test::write_file(path, "mine\n");
  auto r = test::recproc({"download", url("raw/a.ndjson"), path}, env_);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err,
            "recproc: error: " + path + ": the file exists; use --overwrite or --skip-existing\n");
  EXPECT_EQ(test::read_file(path), "mine\n");

  r = test::recproc({"download", url("raw/a.ndjson"), path, "--skip-existing"}, env_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "skipped " + url("raw/a.ndjson") + ": " + path + " exists\n");
  EXPECT_EQ(test::read_file(path), "mine\n");

  r = test::recproc({"download", url("raw/a.ndjson"), path, "--overwrite"}, env_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(path), source("a.ndjson"));

  r = test::recproc({"download", url("raw/a.ndjson"), path, "--overwrite", "--skip-existing"},
                    env_);
  EXPECT_EQ(r.exit_code, 2) << r.err;
}

TEST_F(DownloadCli, AWrongContentMd5IsExit3AndPublishesNothing) {
  const std::string wrong = base64_encode(std::string(16, '\x01'));  // "AQEBAQEBAQEBAQEBAQEBAQ=="
  std::string error;
  test::node_tool(endpoint_, {"set-md5", container_, "raw/a.ndjson", wrong}, &error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(test::read_back(endpoint_, container_, "raw/a.ndjson").content_md5, wrong);

  const std::string path = dir_.file("a.ndjson");
  auto r = test::recproc({"download", url("raw/a.ndjson"), path}, env_);
  EXPECT_EQ(r.exit_code, 3);
  const std::string right = content_md5(source("a.ndjson"));
  EXPECT_EQ(r.err, "recproc: error: " + url("raw/a.ndjson") + ": the bytes read have MD5 " + right +
                       ", the blob's Content-MD5 is " + wrong + "; " + path + " not written\n");
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(files_under(dir_.file("")), std::vector<std::string>{});  // no temporary file either
}

TEST_F(DownloadCli, ADroppedConnectionResumesAndTheFileIsExact) {
  // The listing passes, then the first ranged GET sends half its body and closes.
  test::FaultProxy proxy(endpoint_, "ok,half");
  const test::EnvChanges env = proxy.env();
  auto r = test::recproc({"-v", "download", url("raw/a.ndjson"), dir_.file("a.ndjson")}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("resuming from byte"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(dir_.file("a.ndjson")), source("a.ndjson"));
}

TEST_F(DownloadCli, ABlobReplacedDuringTheDownloadPublishesNothing) {
  const std::string path = dir_.file("a.ndjson");
  test::ProcessResult replace;
  bool held = false;
  const auto r = test::recproc_with_read_held(
      endpoint_, {"download", url("raw/a.ndjson"), path},
      [&] {
        replace = test::recproc(
            {"upload", "-q", "--overwrite", src_.file("b.ndjson"), url("raw/a.ndjson")}, env_);
      },
      held);
  ASSERT_TRUE(held) << "the proxy never held a read";
  ASSERT_EQ(replace.exit_code, 0) << replace.err;
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(
      r.err.find("recproc: error: " + url("raw/a.ndjson") + ": the blob changed while being read"),
      std::string::npos)
      << r.err;
  EXPECT_EQ(files_under(dir_.file("")), std::vector<std::string>{});  // nor a temporary file
}

TEST_F(DownloadCli, NothingMatchingIsExit3) {
  auto r = test::recproc({"download", url("raw/nothing-*"), dir_.file("x")}, env_);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "recproc: error: " + url("raw/nothing-*") + ": no blob matches\n");
  r = test::recproc({"download", url("raw/missing.ndjson"), dir_.file("x")}, env_);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "recproc: error: " + url("raw/missing.ndjson") + ": no such blob\n");
  EXPECT_EQ(files_under(dir_.file("")), std::vector<std::string>{});
}

}  // namespace
}  // namespace recproc::azure
