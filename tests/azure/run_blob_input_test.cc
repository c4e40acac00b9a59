// `recproc run azblob://...` against Azurite (issue 15): one blob, a prefix and a glob read in
// name order give byte for byte what the same local files give; a connection dropped mid-body
// resumes from the last byte received; a blob replaced between its listing and its read fails
// without publishing anything; a pattern matching nothing is exit 3.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <regex>

#include "azurite_support.h"

namespace recproc::azure {
namespace {

std::string records(int n, const std::string& day) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "{\"id\":" + std::to_string(i) + ",\"day\":\"" + day + "\",\"msg\":\"" +
            std::string(static_cast<std::size_t>(i % 40), 'x') + "\"}\n";
  }
  return text;
}

class RunBlobInput : public test::AzuriteCliTest {
 protected:
  RunBlobInput() : AzuriteCliTest("runin") {}
  void prepare() override {
    // Two days of plain NDJSON and one gzip file; the glob takes only syslog-*.
    for (const char* day : {"2026-11-01", "2026-11-02"}) {
      test::write_file(dir_.file(std::string("syslog-") + day + ".ndjson"), records(30000, day));
    }
    test::write_file(dir_.file("other.ndjson"), records(10, "other"));
    ASSERT_EQ(std::system(("gzip -k " + dir_.file("syslog-2026-11-02.ndjson")).c_str()), 0);
    auto up = test::recproc({"upload", "-q", dir_.file("syslog-2026-11-01.ndjson"),
                             dir_.file("syslog-2026-11-02.ndjson.gz"), dir_.file("other.ndjson"),
                             "azblob://" + container_ + "/raw/"},
                            env_);
    ASSERT_EQ(up.exit_code, 0) << up.err;
    auto local = test::recproc(
        {"run", "-q", dir_.file("other.ndjson"), dir_.file("syslog-2026-11-01.ndjson"),
         dir_.file("syslog-2026-11-02.ndjson.gz"), "-o", dir_.file("all.ndjson")},
        env_);
    ASSERT_EQ(local.exit_code, 0) << local.err;
  }

  test::TempDir dir_;
};

TEST_F(RunBlobInput, PrefixGlobAndOneBlobEqualTheLocalFiles) {
  // The prefix lists in name order: other, syslog-2026-11-01, syslog-2026-11-02.ndjson.gz.
  auto r = test::recproc({"run", "-q", url("raw/"), "-o", dir_.file("prefix.ndjson")}, env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_file(dir_.file("prefix.ndjson")), test::read_file(dir_.file("all.ndjson")));

  r = test::recproc({"run", "-q", url("raw/syslog-2026-11-0?.ndjson*"), "-o",
                     dir_.file("glob.ndjson"), "--report", dir_.file("report.json")},
                    env_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto two_days =
      test::recproc({"run", "-q", dir_.file("syslog-2026-11-01.ndjson"),
                     dir_.file("syslog-2026-11-02.ndjson.gz"), "-o", dir_.file("days.ndjson")},
                    env_);
  ASSERT_EQ(two_days.exit_code, 0) << two_days.err;
  EXPECT_EQ(test::read_file(dir_.file("glob.ndjson")), test::read_file(dir_.file("days.ndjson")));
  EXPECT_NE(test::read_file(dir_.file("report.json")).find(url("raw/syslog-2026-11-02.ndjson.gz")),
            std::string::npos);

  r = test::recproc({"check", url("raw/syslog-2026-11-01.ndjson")}, env_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(RunBlobInput, ADroppedConnectionResumesFromTheLastByte) {
  // The listing passes, then the first ranged GET sends half its body and closes.
  test::FaultProxy proxy(endpoint_, "ok,half");
  const test::EnvChanges env = proxy.env();
  auto r = test::recproc(
      {"run", "-v", url("raw/syslog-2026-11-01.ndjson"), "-o", dir_.file("resumed.ndjson")}, env);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("resuming from byte"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_file(dir_.file("resumed.ndjson")),
            test::read_file(dir_.file("syslog-2026-11-01.ndjson")));
}

TEST_F(RunBlobInput, ABlobReplacedWhileBeingReadFailsAndPublishesNothing) {
  const std::string blob = url("raw/syslog-2026-11-01.ndjson");
  const std::string out = dir_.file("replaced.ndjson");
  test::ProcessResult replace;
  bool held = false;
  const auto r = test::recproc_with_read_held(
      endpoint_, {"run", blob, "-o", out},
      [&] {
        replace =
            test::recproc({"upload", "-q", "--overwrite", dir_.file("other.ndjson"), blob}, env_);
      },
      held);
  ASSERT_TRUE(held) << "the proxy never held a read";
  ASSERT_EQ(replace.exit_code, 0) << replace.err;

  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("recproc: error: " + blob + ": the blob changed while being read"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  EXPECT_EQ(test::temporary_files(dir_.file("")), std::vector<std::string>{});
}

// preview and infer-schema read the first records of a blob as of the same local file.
TEST_F(RunBlobInput, PreviewAndInferSchemaOfABlobEqualTheLocalFile) {
  for (const char* command : {"preview", "infer-schema"}) {
    auto blob = test::recproc({command, url("raw/syslog-2026-11-01.ndjson")}, env_);
    auto local = test::recproc({command, dir_.file("syslog-2026-11-01.ndjson")}, env_);
    ASSERT_EQ(blob.exit_code, 0) << blob.err;
    ASSERT_EQ(local.exit_code, 0) << local.err;
    EXPECT_FALSE(blob.out.empty());
    // The same but for the name the footer gives.
    std::string expected = local.out;
    if (auto at = expected.find(dir_.file("syslog-2026-11-01.ndjson")); at != std::string::npos) {
      expected.replace(at, dir_.file("syslog-2026-11-01.ndjson").size(),
                       url("raw/syslog-2026-11-01.ndjson"));
    }
    EXPECT_EQ(blob.out, expected) << command;
  }
}

TEST_F(RunBlobInput, NothingMatchingIsExitThree) {
  auto r = test::recproc({"run", url("raw/nothing-*.ndjson"), "-o", dir_.file("x.ndjson")}, env_);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find(url("raw/nothing-*.ndjson") + ": no blob matches"), std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("x.ndjson")));
}

// Shards over blobs (issues 14 and 15): each shard reads only its byte ranges of the listed
// blobs (the .gz one whole); merged in order they are the one-machine output byte for byte.
TEST_F(RunBlobInput, ShardsOverBlobsMergeToTheOneMachineOutput) {
  for (int n : {1, 2, 3, 5}) {
    const std::string parts = dir_.file("parts-" + std::to_string(n));
    for (int k = 0; k < n; ++k) {
      const std::string shard = std::to_string(k) + "/" + std::to_string(n);
      auto r = test::recproc({"run", "-q", url("raw/"), "--shard", shard, "--parts", parts}, env_);
      ASSERT_EQ(r.exit_code, 0) << shard << ": " << r.err;
    }
    const std::string out = dir_.file("merged-" + std::to_string(n) + ".ndjson");
    const std::string report = dir_.file("merged-" + std::to_string(n) + ".json");
    auto m = test::recproc(
        {"merge", parts, "--shards", std::to_string(n), "-o", out, "--report", report}, env_);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    EXPECT_EQ(test::read_file(out), test::read_file(dir_.file("all.ndjson"))) << n << " shards";
    EXPECT_NE(test::read_file(report).find("\"records_in\": 60010"), std::string::npos);
  }
}

// CSV with quoted newlines: shards that guessed their start state wrong are re-run as
// `merge --check` says, reading the blob again, and the merge equals the local run.
TEST_F(RunBlobInput, CsvShardsOverABlobRerunWrongGuessesAndMerge) {
  std::string csv = "id,text\n";
  for (int i = 0; i < 3000; ++i) {
    csv += std::to_string(i) + "," +
           (i % 3 == 0 ? "\"line " + std::to_string(i) + "\nwith \"\"quote\"\"\nend\""
                       : "plain " + std::to_string(i)) +
           "\n";
  }
  test::write_file(dir_.file("q.csv"), csv);
  ASSERT_EQ(test::recproc({"upload", "-q", dir_.file("q.csv"), url("csv/q.csv")}, env_).exit_code,
            0);
  ASSERT_EQ(test::recproc({"run", "-q", dir_.file("q.csv"), "-o", dir_.file("q-local.csv")}, env_)
                .exit_code,
            0);
  const std::string parts = dir_.file("csv-parts");
  for (int k = 0; k < 4; ++k) {
    test::recproc(
        {"run", "-q", url("csv/q.csv"), "--shard", std::to_string(k) + "/4", "--parts", parts},
        env_);  // a wrong guess may fail on its first record: the check decides
  }
  auto check = test::recproc({"merge", parts, "--shards", "4", "--check"}, env_);
  const std::regex rerun(R"re(\{"shard": (\d+), "start_state": "([a-z-]+)"\})re");
  int reruns = 0;
  for (std::sregex_iterator it(check.out.begin(), check.out.end(), rerun), end; it != end; ++it) {
    auto r =
        test::recproc({"run", "-q", url("csv/q.csv"), "--shard", (*it)[1].str() + "/4", "--parts",
                       parts, "--attempt", "1", "--shard-start-state", (*it)[2].str()},
                      env_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    ++reruns;
  }
  EXPECT_GE(reruns, 1) << check.out;
  auto m = test::recproc({"merge", parts, "--shards", "4", "-o", dir_.file("q-merged.csv")}, env_);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(test::read_file(dir_.file("q-merged.csv")), test::read_file(dir_.file("q-local.csv")));
}

}  // namespace
}  // namespace recproc::azure
