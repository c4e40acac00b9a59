// `recproc run -o azblob://` against Azurite (issue 15): the output streams as staged blocks and
// becomes visible, byte for byte what a local -o writes, only when the run publishes. A failed,
// refused or interrupted run leaves no blob and an existing blob as it was.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "azure/crypto.h"
#include "azurite_support.h"

namespace recproc::azure {
namespace {

class RunBlobOutput : public test::AzuriteCliTest {
 protected:
  RunBlobOutput() : AzuriteCliTest("runout") {}
  void prepare() override {
    in_ = dir_.file("in.ndjson");
    test::write_file(in_, test::numbered_records(2000));  // ~70 KB: many 4 KiB blocks
  }
  test::BlobReadBack blob(const std::string& name) {
    return test::read_back(endpoint_, container_, name);
  }

  test::TempDir dir_;
  std::string in_;
};

TEST_F(RunBlobOutput, EqualsTheLocalOutputPlainAndGzip) {
  for (std::string name : {"out.ndjson", "out.ndjson.gz", "out.csv.zst"}) {
    auto local = test::recproc({"run", in_, "-q", "-o", dir_.file(name)}, env_);
    ASSERT_EQ(local.exit_code, 0) << local.err;
    auto r = test::recproc({"run", in_, "-q", "-o", url(name), "--block-size", "4KiB"}, env_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    test::BlobReadBack b = blob(name);
    std::string expected = test::read_file(dir_.file(name));
    EXPECT_EQ(b.sha256, sha256_hex(expected)) << name;
    EXPECT_EQ(b.size, expected.size()) << name;
    EXPECT_EQ(b.content_md5, content_md5(expected)) << name;
  }
  EXPECT_EQ(blob("out.ndjson").content_type, "application/x-ndjson");
  std::string json = test::node_tool(endpoint_, {"props", container_, "out.ndjson.gz"});
  EXPECT_EQ(test::json_string_field(json, "contentEncoding"), "gzip") << json;
  json = test::node_tool(endpoint_, {"props", container_, "out.csv.zst"});
  EXPECT_EQ(test::json_string_field(json, "contentType"), "text/csv") << json;
  EXPECT_EQ(test::json_string_field(json, "contentEncoding"), "zstd") << json;
}

TEST_F(RunBlobOutput, SmallOutputIsOnePutBlob) {
  test::write_file(in_, "{\"a\":1}\n");
  auto r = test::recproc({"run", in_, "-q", "-o", url("small.ndjson")}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(blob("small.ndjson").sha256, sha256_hex("{\"a\":1}\n"));
}

TEST_F(RunBlobOutput, DataErrorSchemaErrorAndExistingBlob) {
  // A good blob first; every failing run below must leave it as it is.
  ASSERT_EQ(test::recproc({"run", in_, "-q", "-o", url("keep.ndjson")}, env_).exit_code, 0);
  const std::string good = blob("keep.ndjson").sha256;

  std::string bad = dir_.file("bad.ndjson");
  test::write_file(bad, test::numbered_records(500) + "{broken\n" + test::numbered_records(500));
  auto r = test::recproc({"run", bad, "-q", "-o", url("keep.ndjson"), "--overwrite", "--block-size",
                          "1KiB", "--on-error", "fail"},
                         env_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  r = test::recproc({"run", bad, "-q", "-o", url("new.ndjson"), "--block-size", "1KiB"}, env_);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_FALSE(blob("new.ndjson").error.empty());

  std::string schema = dir_.file("schema.json");
  test::write_file(schema, "{\"type\": \"object\", \"if\": 3}");
  r = test::recproc({"run", in_, "-q", "--schema", schema, "-o", url("keep.ndjson"), "--overwrite"},
                    env_);
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(blob("keep.ndjson").sha256, good);

  // Default: an existing blob is refused before anything is read.
  r = test::recproc({"run", bad, "-q", "-o", url("keep.ndjson")}, env_);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err,
            "recproc: error: write to container \"" + container_ +
                "\" blob \"keep.ndjson\": the blob exists; use --overwrite or --skip-existing\n");
  EXPECT_EQ(blob("keep.ndjson").sha256, good);

  // --skip-existing: the job was done; nothing is processed, exit 0.
  r = test::recproc({"run", bad, "-o", url("keep.ndjson"), "--skip-existing"}, env_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("skipped: " + url("keep.ndjson") + " exists"), std::string::npos) << r.err;
  EXPECT_EQ(blob("keep.ndjson").sha256, good);

  // --overwrite replaces it.
  std::string other = dir_.file("other.ndjson");
  test::write_file(other, "{\"x\":1}\n");
  ASSERT_EQ(
      test::recproc({"run", other, "-q", "-o", url("keep.ndjson"), "--overwrite"}, env_).exit_code,
      0);
  EXPECT_EQ(blob("keep.ndjson").sha256, sha256_hex("{\"x\":1}\n"));
}

TEST_F(RunBlobOutput, SigtermMidRunCommitsNothingAndTheRerunResumes) {
  ASSERT_EQ(test::recproc({"run", in_, "-q", "-o", url("keep.ndjson")}, env_).exit_code, 0);
  const std::string good = blob("keep.ndjson").sha256;
  for (std::string name : {"keep.ndjson", "fresh.ndjson"}) {
    std::string fifo = dir_.file("fifo-" + name);
    ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
    std::vector<std::string> env_strings = test::child_environment(env_);
    std::vector<std::string> args = {
        test::recproc_binary(), "run",          fifo,   "-q", "-o", url(name),
        "--overwrite",          "--block-size", "64KiB"};
    pid_t pid = fork();
    if (pid == 0) {
      std::vector<char*> argv, envp;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      for (auto& e : env_strings) envp.push_back(e.data());
      envp.push_back(nullptr);
      execve(argv[0], argv.data(), envp.data());
      _exit(127);
    }
    int fd = open(fifo.c_str(), O_WRONLY);
    ASSERT_GE(fd, 0);
    // Enough for output to flow (the writer buffers a few MiB): blocks staged, the input not
    // finished.
    std::string part = test::numbered_records(200000);
    ASSERT_EQ(write(fd, part.data(), part.size()), static_cast<ssize_t>(part.size()));
    usleep(500'000);
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    close(fd);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 143) << status;
  }
  EXPECT_EQ(blob("keep.ndjson").sha256, good);
  EXPECT_FALSE(blob("fresh.ndjson").error.empty());

  // The job run again to its end sends only the blocks the interrupted run had not staged.
  const std::string full = dir_.file("full.ndjson");
  test::write_file(full, test::numbered_records(250000));
  ASSERT_EQ(test::recproc({"run", full, "-q", "-o", dir_.file("full-out.ndjson")}, env_).exit_code,
            0);
  auto r =
      test::recproc({"run", full, "-v", "-o", url("fresh.ndjson"), "--block-size", "64KiB"}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("blocks already staged by an earlier run"), std::string::npos) << r.err;
  EXPECT_EQ(blob("fresh.ndjson").sha256, sha256_hex(test::read_file(dir_.file("full-out.ndjson"))));
}

TEST_F(RunBlobOutput, RejectsAndReportGoToBlobs) {
  std::string bad = dir_.file("bad.ndjson");
  test::write_file(bad, "{\"a\":1}\nnot json\n{\"a\":2}\n");
  auto r = test::recproc({"run", bad, "-q", "-o", url("night/out.ndjson"), "--rejects",
                          url("night/rejects.ndjson"), "--report", url("night/report.json")},
                         env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(blob("night/out.ndjson").sha256, sha256_hex("{\"a\":1}\n{\"a\":2}\n"));
  test::BlobReadBack rejects = blob("night/rejects.ndjson");
  EXPECT_TRUE(rejects.error.empty()) << rejects.error;
  EXPECT_GT(rejects.size, 0u);
  test::BlobReadBack report = blob("night/report.json");
  EXPECT_TRUE(report.error.empty()) << report.error;
  EXPECT_EQ(report.content_type, "application/json");
  // A second run refuses the existing report blob before it reads a byte.
  r = test::recproc(
      {"run", bad, "-q", "-o", url("night/out2.ndjson"), "--report", url("night/report.json")},
      env_);
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_FALSE(blob("night/out2.ndjson").error.empty());
}

TEST_F(RunBlobOutput, MetadataTagsAndTierAreSent) {
  std::string log = dir_.file("requests.log");
  setenv("FAULT_PROXY_LOG", log.c_str(), 1);
  test::FaultProxy proxy(endpoint_, "");
  unsetenv("FAULT_PROXY_LOG");
  const test::EnvChanges env = proxy.env();
  std::string schema = dir_.file("schema.json");
  test::write_file(schema, "{\"type\": \"object\"}");
  auto r = test::recproc(
      {"run", in_, "-q", "--schema", schema, "-o", url("tagged.ndjson"), "--block-size", "8KiB",
       "--metadata", "source=syslog", "--metadata", "Owner_2=ops team", "--tags", "team=data ops",
       "--tags", "records_in=override", "--tier", "cool"},
      env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string json = test::node_tool(endpoint_, {"props", container_, "tagged.ndjson"});
  EXPECT_NE(json.find("\"source\":\"syslog\""), std::string::npos) << json;
  EXPECT_NE(json.find("\":\"ops team\""), std::string::npos) << json;
  EXPECT_EQ(test::json_string_field(json, "tier"), "Cool") << json;
  // The tags as sent on the one Put Block List (blob_attributes_test.cc reads them back with
  // Get Blob Tags).
  std::string requests = test::read_file(log);
  std::string expected_tags =
      "x-ms-tags=team=data%20ops&records_in=override&records_out=2000&"
      "records_rejected=0&schema_sha256=" +
      sha256_hex("{\"type\": \"object\"}").substr(0, 16);
  std::size_t lists = 0;  // Put Block List requests (a GET of the block list is not one)
  std::istringstream lines(requests);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("PUT ") && line.find("comp=blocklist") != std::string::npos) ++lists;
  }
  EXPECT_EQ(lists, 1u) << requests;
  EXPECT_NE(requests.find(expected_tags), std::string::npos) << requests;
  EXPECT_NE(requests.find("x-ms-access-tier=Cool"), std::string::npos) << requests;
}

TEST_F(RunBlobOutput, BadAttributesAreUsageErrors) {
  auto r = test::recproc({"run", in_, "-o", url("x.ndjson"), "--metadata", "1bad=x"}, env_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "recproc: error: --metadata \"1bad\": a name is a letter or '_' followed by letters, "
            "digits or '_'\n");
  r = test::recproc({"run", in_, "-o", url("x.ndjson"), "--tier", "Lukewarm"}, env_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "recproc: error: --tier \"Lukewarm\": expected Hot, Cool, Cold or Archive\n");
  r = test::recproc({"run", in_, "-o", "azblob://" + container_ + "/dir/"}, env_);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "recproc: error: azblob://" + container_ +
                       "/dir/: name the blob, e.g. azblob://" + container_ + "/dir/out.ndjson\n");
}

TEST(UploadResume, RestagesOnlyMissingBlocks) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("big.bin");
  std::string sha = test::write_random_file(file, 10 * 1024, 7);  // 10 blocks of 1 KiB
  std::string container = test::unique_container("resume");
  std::string target = "azblob://" + container + "/big.bin";
  std::vector<std::string> args = {
      test::recproc_binary(), "upload", file, target, "--block-size", "1KiB",
      "--upload-concurrency", "1"};
  {
    // Container, HEAD, block list and 4 blocks pass; then every request is refused (not retried).
    test::FaultProxy proxy(endpoint, "ok,ok,ok,ok,ok,ok,ok,*403rbac");
    auto r = test::run_process(args, proxy.env());
    ASSERT_EQ(r.exit_code, 3) << r.err;
  }
  EXPECT_FALSE(test::read_back(endpoint, container, "big.bin").error.empty());
  std::string log = dir.file("requests.log");
  setenv("FAULT_PROXY_LOG", log.c_str(), 1);
  test::FaultProxy proxy(endpoint, "");
  unsetenv("FAULT_PROXY_LOG");
  auto r = test::run_process(args, proxy.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string requests = test::read_file(log);
  std::size_t blocks = 0;
  for (std::size_t at = requests.find("comp=block&"); at != std::string::npos;
       at = requests.find("comp=block&", at + 1)) {
    ++blocks;
  }
  EXPECT_EQ(blocks, 6u) << requests;  // blocks 0-3 were staged by the first attempt
  test::BlobReadBack b = test::read_back(endpoint, container, "big.bin");
  EXPECT_EQ(b.sha256, sha);
  EXPECT_EQ(b.size, 10u * 1024);
}

}  // namespace
}  // namespace recproc::azure
