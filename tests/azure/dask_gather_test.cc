// The Dask runner without a shared directory (issue 14): `python3 -m recproc_dask --gather` on a
// real LocalCluster of worker processes, writing `-o azblob://` to Azurite. Each shard runs in a
// parts directory of its own; its manifest and rejects come back with the task's result into the
// driver's --parts, and `recproc merge` commits the blocks the shards staged. The blob and the
// rejects equal a one-machine run's, and a second run finds every shard finished.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>

#include "azurite_support.h"

namespace recproc::azure {
namespace {

// Debian's python3, which has python3-distributed; another python3 on PATH may not.
constexpr const char* kPython = "/usr/bin/python3";

class DaskGather : public test::AzuriteCliTest {
 protected:
  DaskGather() : AzuriteCliTest("daskgather") {}
  void prepare() override {
    if (test::run_process({kPython, "-c", "import distributed"}, {}).exit_code != 0) {
      GTEST_SKIP() << "no python3-distributed";
    }
    std::string text;
    for (int i = 0; i < 3000; ++i) {
      text += i % 400 == 7 ? "not json " + std::to_string(i) + "\n"
                           : "{\"id\":" + std::to_string(i) + ",\"v\":\"r" + std::to_string(i) +
                                 "\"}\n";
    }
    in_ = dir_.file("in.ndjson");
    test::write_file(in_, text);
    auto one = test::recproc({"run", "-q", in_, "--on-error", "quarantine", "--rejects",
                              dir_.file("one.rejects"), "-o", dir_.file("one.ndjson")},
                             env_);
    ASSERT_EQ(one.exit_code, 0) << one.err;
  }
  // `python3 -m recproc_dask --local 2 --shards 3 --gather ...`; `output` empty runs the shards
  // only, `shard_output` empty leaves each shard's output in its parts directory as part-K.
  test::ProcessResult dask(const std::string& parts, const std::string& output,
                           const std::string& shard_output) {
    std::vector<std::string> argv = {kPython, "-m", "recproc_dask", "--local", "2", "--shards",
                                     "3", "--parts", parts, "--gather", "--recproc",
                                     test::recproc_binary(), "--attempts-json",
                                     parts + ".attempts.json"};
    if (!output.empty()) argv.insert(argv.end(), {"-o", output, "--rejects", dir_.file("rejects")});
    argv.insert(argv.end(), {"--", "--on-error", "quarantine"});
    if (!shard_output.empty()) argv.insert(argv.end(), {"-o", shard_output});
    argv.insert(argv.end(), {"--", in_});
    test::EnvChanges env = env_;
    env["PYTHONPATH"] = std::string(RECPROC_SOURCE_DIR) + "/python";
    return test::run_process(argv, env);
  }

  test::TempDir dir_;
  std::string in_;
};

TEST_F(DaskGather, ShardsShareNoDirectoryAndTheBlobEqualsOneMachine) {
  const std::string parts = dir_.file("parts");
  auto r = dask(parts, url("out.ndjson"), url("out.ndjson"));
  ASSERT_EQ(r.exit_code, 0) << r.err;

  // The driver's parts directory holds what came back: three manifests and three rejects, no
  // output data.
  for (int k = 0; k < 3; ++k) {
    EXPECT_TRUE(std::filesystem::exists(parts + "/part-" + std::to_string(k) + ".json")) << k;
    EXPECT_TRUE(std::filesystem::exists(parts + "/rejects-" + std::to_string(k))) << k;
    EXPECT_FALSE(std::filesystem::exists(parts + "/part-" + std::to_string(k))) << k;
  }
  auto down = test::recproc({"download", "-q", url("out.ndjson"), dir_.file("back.ndjson")}, env_);
  ASSERT_EQ(down.exit_code, 0) << down.err;
  EXPECT_EQ(test::read_file(dir_.file("back.ndjson")), test::read_file(dir_.file("one.ndjson")));
  EXPECT_EQ(test::read_file(dir_.file("rejects")), test::read_file(dir_.file("one.rejects")));

  // A second run: every shard is found finished from the files the driver sends along.
  auto again = dask(parts, "", url("out.ndjson"));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  simdjson::dom::parser parser;
  const std::string attempts = test::read_file(parts + ".attempts.json");
  simdjson::dom::array list;
  ASSERT_EQ(parser.parse(attempts)["attempts"].get(list), simdjson::SUCCESS) << attempts;
  ASSERT_EQ(list.size(), 3u) << attempts;
  for (simdjson::dom::element a : list) {
    bool skipped = false;
    ASSERT_EQ(a["skipped"].get(skipped), simdjson::SUCCESS);
    EXPECT_TRUE(skipped) << attempts;
  }
}

TEST_F(DaskGather, ALocalOutputNeedsASharedDirectory) {
  auto r = dask(dir_.file("lparts"), dir_.file("out.ndjson"), "");
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("without a shared --parts directory the output must be -o azblob://"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("out.ndjson")));
}

}  // namespace
}  // namespace recproc::azure
