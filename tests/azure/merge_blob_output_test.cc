// `recproc run --shard K/N -o azblob://` then `recproc merge -o azblob://` against Azurite
// (issues 14 and 15): each shard stages its output as blocks of the final blob and commits
// nothing; the merge commits every shard's blocks with one Put Block List in shard order. The
// blob is byte for byte the one-machine output, lost and duplicate attempts' blocks are never
// committed, and a missing shard, gone blocks or an existing blob publish nothing.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <map>

#include "azure/crypto.h"
#include "azurite_support.h"

namespace recproc::azure {
namespace {

std::string csv_rows(int n) {
  std::string text = "id,text\n";
  for (int i = 0; i < n; ++i) text += std::to_string(i) + ",row " + std::to_string(i) + "\n";
  return text;
}

// The decoded block ids of `list` ("committed" or "uncommitted") in a blob_tool.cjs answer.
std::vector<std::string> block_names(const std::string& json, const std::string& list) {
  std::vector<std::string> names;
  simdjson::dom::parser parser;
  simdjson::dom::array blocks;
  if (parser.parse(json).at_key(list).get(blocks) != simdjson::SUCCESS) return names;
  for (simdjson::dom::element block : blocks) {
    std::string_view name;
    if (block.get(name) == simdjson::SUCCESS) names.emplace_back(name);
  }
  return names;
}

class MergeBlobOutput : public test::AzuriteCliTest {
 protected:
  MergeBlobOutput() : AzuriteCliTest("mergeout") {}
  void prepare() override {
    ndjson_ = dir_.file("in.ndjson");
    test::write_file(ndjson_, test::numbered_records(1500));  // ~50 KB: many 1 KiB blocks per shard
    csv_ = dir_.file("in.csv");
    test::write_file(csv_, csv_rows(2000));
  }
  test::ProcessResult shard(const std::string& input, int k, int n, const std::string& parts,
                            const std::string& out, int attempt = 0) {
    return test::recproc(
        {"run", "-q", input, "--shard", std::to_string(k) + "/" + std::to_string(n), "--attempt",
         std::to_string(attempt), "--parts", parts, "-o", out, "--block-size", "1KiB"},
        env_);
  }
  std::string local_output(const std::string& input, const std::string& name) {
    auto r = test::recproc({"run", "-q", input, "-o", dir_.file(name)}, env_);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return test::read_file(dir_.file(name));
  }
  std::string blocks(const std::string& name) {
    return test::node_tool(endpoint_, {"blocks", container_, name});
  }

  test::TempDir dir_;
  std::string ndjson_;
  std::string csv_;
};

TEST_F(MergeBlobOutput, OneTwoAndThreeShardsCommitTheOneMachineOutput) {
  for (const auto& [input, ext] : {std::pair{ndjson_, std::string("ndjson")}, {csv_, "csv"}}) {
    const std::string expected = local_output(input, "local." + ext);
    for (int n : {1, 2, 3}) {
      const std::string name = "out-" + std::to_string(n) + "." + ext;
      const std::string parts = dir_.file("parts-" + std::to_string(n) + "-" + ext);
      for (int k = 0; k < n; ++k) {
        auto r = shard(input, k, n, parts, url(name));
        ASSERT_EQ(r.exit_code, 0) << name << " shard " << k << ": " << r.err;
      }
      // Staged, not committed: the blob does not exist until the merge.
      EXPECT_FALSE(test::read_back(endpoint_, container_, name).error.empty()) << name;
      auto m = test::recproc({"merge", "-q", parts, "--shards", std::to_string(n), "-o", url(name),
                              "--report", dir_.file(name + ".report.json")},
                             env_);
      ASSERT_EQ(m.exit_code, 0) << name << ": " << m.err;
      test::BlobReadBack b = test::read_back(endpoint_, container_, name);
      EXPECT_EQ(b.sha256, sha256_hex(expected)) << name;
      EXPECT_EQ(b.size, expected.size()) << name;
      EXPECT_EQ(b.content_type, ext == "csv" ? "text/csv" : "application/x-ndjson") << name;
      // Shard order: every committed block of shard k comes before shard k+1's.
      std::vector<std::string> committed = block_names(blocks(name), "committed");
      EXPECT_GT(committed.size(), static_cast<std::size_t>(n)) << name;
      EXPECT_TRUE(std::is_sorted(committed.begin(), committed.end())) << name;
      const std::string report = test::read_file(dir_.file(name + ".report.json"));
      EXPECT_NE(report.find("\"output_published\": true"), std::string::npos) << report;
    }
  }
}

TEST_F(MergeBlobOutput, CompressedNamesCommitOneMemberOrFramePerShard) {
  const std::string expected = local_output(ndjson_, "local.ndjson");
  for (std::string name : {"out.ndjson.gz", "out.ndjson.zst"}) {
    const std::string parts = dir_.file("parts-" + name);
    for (int k = 0; k < 3; ++k) ASSERT_EQ(shard(ndjson_, k, 3, parts, url(name)).exit_code, 0);
    auto m = test::recproc({"merge", "-q", parts, "--shards", "3", "-o", url(name)}, env_);
    ASSERT_EQ(m.exit_code, 0) << m.err;
    // Read back through recproc, which decompresses: the records of the one-machine run.
    auto back = test::recproc({"run", "-q", url(name), "-o", dir_.file(name + ".back")}, env_);
    ASSERT_EQ(back.exit_code, 0) << back.err;
    EXPECT_EQ(test::read_file(dir_.file(name + ".back")), expected) << name;
  }
  auto gunzip =
      test::run_process({"/bin/sh", "-c",
                         "'" + test::recproc_binary() + "' download -q " + url("out.ndjson.gz") +
                             " " + dir_.file("dl.gz") + " && gzip -dc " + dir_.file("dl.gz")},
                        env_);
  ASSERT_EQ(gunzip.exit_code, 0) << gunzip.err;
  EXPECT_EQ(gunzip.out, expected);
  std::string json = test::node_tool(endpoint_, {"props", container_, "out.ndjson.gz"});
  EXPECT_EQ(test::json_string_field(json, "contentEncoding"), "gzip") << json;
}

// Attempt 0 of shard 1 staged its blocks and was lost before its manifest; attempt 1 finished;
// attempt 2 ran as a duplicate elsewhere. Only attempt 1's blocks are committed.
TEST_F(MergeBlobOutput, OnlyTheChosenAttemptsBlocksAreCommitted) {
  const std::string expected = local_output(ndjson_, "local.ndjson");
  const std::string parts = dir_.file("parts");
  ASSERT_EQ(shard(ndjson_, 0, 2, parts, url("out.ndjson")).exit_code, 0);
  ASSERT_EQ(shard(ndjson_, 1, 2, parts, url("out.ndjson"), 0).exit_code, 0);
  std::filesystem::remove(parts + "/part-1.json");  // the lost attempt's manifest never landed
  auto r = shard(ndjson_, 1, 2, parts, url("out.ndjson"), 1);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(shard(ndjson_, 1, 2, dir_.file("elsewhere"), url("out.ndjson"), 2).exit_code, 0);

  std::vector<std::string> staged = block_names(blocks("out.ndjson"), "uncommitted");
  for (const char* attempt :
       {"recproc-s00001-a000-", "recproc-s00001-a001-", "recproc-s00001-a002-"}) {
    EXPECT_TRUE(std::any_of(staged.begin(), staged.end(),
                            [&](const std::string& id) { return id.starts_with(attempt); }))
        << attempt << " not staged";
  }

  auto m = test::recproc({"merge", "-q", parts, "--shards", "2", "-o", url("out.ndjson")}, env_);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(test::read_back(endpoint_, container_, "out.ndjson").sha256, sha256_hex(expected));
  const std::string after = blocks("out.ndjson");
  for (const std::string& id : block_names(after, "committed")) {
    EXPECT_TRUE(id.starts_with("recproc-s00000-a000-") || id.starts_with("recproc-s00001-a001-"))
        << id;
  }
  // The commit discarded every block it did not list.
  EXPECT_EQ(block_names(after, "uncommitted"), std::vector<std::string>{}) << after;

  // A re-run of the job finds its shards done: their blocks are in the committed blob.
  r = test::recproc({"run", ndjson_, "--shard", "1/2", "--attempt", "1", "--parts", parts, "-o",
                     url("out.ndjson")},
                    env_);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("already committed by attempt 1 (its blocks are on the blob)"),
            std::string::npos)
      << r.err;
}

TEST_F(MergeBlobOutput, AMissingShardOrGoneBlocksPublishNothing) {
  const std::string parts = dir_.file("parts");
  ASSERT_EQ(shard(ndjson_, 0, 3, parts, url("out.ndjson")).exit_code, 0);
  ASSERT_EQ(shard(ndjson_, 2, 3, parts, url("out.ndjson")).exit_code, 0);
  auto m = test::recproc({"merge", parts, "--shards", "3", "-o", url("out.ndjson")}, env_);
  EXPECT_EQ(m.exit_code, 3);
  EXPECT_EQ(m.err, "recproc: error: merge: nothing published: missing shards: 1\n");
  EXPECT_FALSE(test::read_back(endpoint_, container_, "out.ndjson").error.empty());

  // Every shard ran, then the blob lost its staged blocks (committed over and deleted).
  ASSERT_EQ(shard(ndjson_, 1, 3, parts, url("out.ndjson")).exit_code, 0);
  test::node_tool(endpoint_, {"discard", container_, "out.ndjson"});
  auto check =
      test::recproc({"merge", parts, "--shards", "3", "--check", "-o", url("out.ndjson")}, env_);
  EXPECT_EQ(check.exit_code, 3);
  EXPECT_NE(check.out.find("\"complete\": false"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("\"missing\": [0, 1, 2]"), std::string::npos) << check.out;
  m = test::recproc({"merge", parts, "--shards", "3", "-o", url("out.ndjson")}, env_);
  EXPECT_EQ(m.exit_code, 3);
  EXPECT_NE(m.err.find("part-1.json: "), std::string::npos) << m.err;
  EXPECT_NE(m.err.find("blocks are no longer staged on " + url("out.ndjson") +
                       " (committed over, or expired): run shard 1 again"),
            std::string::npos)
      << m.err;
  EXPECT_FALSE(test::read_back(endpoint_, container_, "out.ndjson").error.empty());

  // Re-run with the same attempts, the shards stage their blocks again and the merge commits.
  for (int k = 0; k < 3; ++k)
    ASSERT_EQ(shard(ndjson_, k, 3, parts, url("out.ndjson")).exit_code, 0);
  m = test::recproc({"merge", "-q", parts, "--shards", "3", "-o", url("out.ndjson")}, env_);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(test::read_back(endpoint_, container_, "out.ndjson").sha256,
            sha256_hex(local_output(ndjson_, "local.ndjson")));
}

TEST_F(MergeBlobOutput, CheckNamesWhereTheBlocksAre) {
  const std::string parts = dir_.file("parts");
  for (int k = 0; k < 2; ++k)
    ASSERT_EQ(shard(ndjson_, k, 2, parts, url("out.ndjson")).exit_code, 0);
  auto check = test::recproc({"merge", parts, "--shards", "2", "--check"}, env_);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("\"complete\": true"), std::string::npos) << check.out;
  check =
      test::recproc({"merge", parts, "--shards", "2", "--check", "-o", url("out.ndjson")}, env_);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;

  check =
      test::recproc({"merge", parts, "--shards", "2", "--check", "-o", url("other.ndjson")}, env_);
  EXPECT_EQ(check.exit_code, 3);
  EXPECT_NE(check.out.find("part-0.json: staged its output on " + url("out.ndjson") + ", not on " +
                           url("other.ndjson")),
            std::string::npos)
      << check.out;
  auto m = test::recproc({"merge", parts, "--shards", "2", "-o", dir_.file("local.ndjson")}, env_);
  EXPECT_EQ(m.exit_code, 3);
  EXPECT_NE(m.err.find("part-0.json: staged its output as blocks of " + url("out.ndjson") +
                       "; commit them with -o " + url("out.ndjson")),
            std::string::npos)
      << m.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("local.ndjson")));
}

TEST_F(MergeBlobOutput, AnExistingBlobIsRefusedWithoutOverwrite) {
  const std::string parts = dir_.file("parts");
  for (int k = 0; k < 2; ++k)
    ASSERT_EQ(shard(ndjson_, k, 2, parts, url("out.ndjson")).exit_code, 0);
  test::write_file(dir_.file("other.ndjson"), "{\"x\":1}\n");
  // --overwrite: Azurite refuses Put Blob with If-None-Match: * on a name that holds only
  // uncommitted blocks (409 BlobAlreadyExists), as if the blob existed.
  auto one = test::recproc(
      {"run", "-q", dir_.file("other.ndjson"), "-o", url("out.ndjson"), "--overwrite"}, env_);
  ASSERT_EQ(one.exit_code, 0) << one.err;
  const std::string other = sha256_hex("{\"x\":1}\n");
  ASSERT_EQ(test::read_back(endpoint_, container_, "out.ndjson").sha256, other);

  auto m = test::recproc({"merge", parts, "--shards", "2", "-o", url("out.ndjson")}, env_);
  EXPECT_EQ(m.exit_code, 3);
  EXPECT_EQ(m.err, "recproc: error: write to container \"" + container_ +
                       "\" blob \"out.ndjson\": the blob exists; use --overwrite or "
                       "--skip-existing\n");
  EXPECT_EQ(test::read_back(endpoint_, container_, "out.ndjson").sha256, other);

  // The one-machine run committed its own blocks: the shards' were discarded. Staged again
  // (a new attempt: the earlier attempts' manifests name blocks that are gone), then
  // --overwrite replaces the blob.
  for (int k = 0; k < 2; ++k) {
    auto r = test::recproc(
        {"run", "-q", ndjson_, "--shard", std::to_string(k) + "/2", "--attempt", "1", "--parts",
         parts, "-o", url("out.ndjson"), "--block-size", "1KiB", "--overwrite"},
        env_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  m = test::recproc({"merge", "-q", parts, "--shards", "2", "-o", url("out.ndjson"), "--overwrite"},
                    env_);
  ASSERT_EQ(m.exit_code, 0) << m.err;
  EXPECT_EQ(test::read_back(endpoint_, container_, "out.ndjson").sha256,
            sha256_hex(local_output(ndjson_, "local.ndjson")));
}

TEST_F(MergeBlobOutput, AFailedJobPublishesRejectsAndReportButNotTheBlob) {
  test::write_file(ndjson_,
                   test::numbered_records(400) + "not json\n" + test::numbered_records(400));
  const std::string parts = dir_.file("parts");
  for (int k = 0; k < 2; ++k) {
    auto r =
        test::recproc({"run", "-q", ndjson_, "--shard", std::to_string(k) + "/2", "--parts", parts,
                       "-o", url("out.ndjson"), "--on-error", "quarantine", "--max-rejects", "0"},
                      env_);
    ASSERT_NE(r.exit_code, 2) << r.err;  // the shard with the bad line stops: the merge decides
  }
  auto m =
      test::recproc({"merge", "-q", parts, "--shards", "2", "-o", url("out.ndjson"), "--rejects",
                     dir_.file("rejects.ndjson"), "--report", dir_.file("report.json")},
                    env_);
  EXPECT_EQ(m.exit_code, 1) << m.err;
  EXPECT_FALSE(test::read_back(endpoint_, container_, "out.ndjson").error.empty());
  EXPECT_NE(test::read_file(dir_.file("rejects.ndjson")).find("\"line\":401"), std::string::npos);
  EXPECT_NE(test::read_file(dir_.file("report.json")).find("\"output_published\": false"),
            std::string::npos);
}

// merge -o sets what one run's -o sets on the blob it commits: --metadata and --tier as given,
// --tags over the job's counts and schema hash (read back with Get Blob Tags); rejects and
// report can be blobs too. A shard given those flags is told they belong to merge.
TEST_F(MergeBlobOutput, TheCommitCarriesMetadataTagsAndTierAndSideBlobs) {
  test::write_file(ndjson_,
                   test::numbered_records(400) + "not json\n" + test::numbered_records(400));
  const std::string schema = dir_.file("s.json");
  test::write_file(schema, "{\"type\": \"object\"}");
  const std::string parts = dir_.file("parts");
  const std::vector<std::string> job = {"--schema", schema, "--on-error", "quarantine"};
  auto tagged = test::recproc({"run", "-q", ndjson_, "--shard", "1/2", "--parts", parts, "-o",
                               url("tagged.ndjson"), "--tags", "team=ops"},
                              env_);
  EXPECT_EQ(tagged.exit_code, 2);
  EXPECT_EQ(tagged.err,
            "recproc: error: --metadata, --tags and --tier go on `recproc merge -o`, which "
            "commits the blob\n");

  for (int k = 0; k < 2; ++k) {
    std::vector<std::string> args = {
        "run",     "-q",  ndjson_, "--shard",           std::to_string(k) + "/2",
        "--parts", parts, "-o",    url("tagged.ndjson")};
    args.insert(args.end(), job.begin(), job.end());
    auto r = test::recproc(args, env_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  auto m = test::recproc({"merge", "-q", parts, "--shards", "2", "-o", url("tagged.ndjson"),
                          "--rejects", url("tagged.rejects.ndjson"), "--report",
                          url("tagged.report.json"), "--metadata", "source=syslog", "--tags",
                          "team=data ops", "--tags", "records_in=override", "--tier", "cool"},
                         env_);
  ASSERT_EQ(m.exit_code, 0) << m.err;

  // The same blob, rejects and report as one run writing to blobs.
  std::vector<std::string> one = {"run",
                                  "-q",
                                  ndjson_,
                                  "-o",
                                  url("one.ndjson"),
                                  "--rejects",
                                  url("one.rejects.ndjson"),
                                  "--report",
                                  url("one.report.json")};
  one.insert(one.end(), job.begin(), job.end());
  auto o = test::recproc(one, env_);
  ASSERT_EQ(o.exit_code, 0) << o.err;
  EXPECT_EQ(test::read_back(endpoint_, container_, "tagged.ndjson").sha256,
            test::read_back(endpoint_, container_, "one.ndjson").sha256);
  EXPECT_EQ(test::read_back(endpoint_, container_, "tagged.rejects.ndjson").sha256,
            test::read_back(endpoint_, container_, "one.rejects.ndjson").sha256);
  EXPECT_TRUE(test::read_back(endpoint_, container_, "tagged.report.json").error.empty());

  const std::string props = test::node_tool(endpoint_, {"props", container_, "tagged.ndjson"});
  EXPECT_NE(props.find("\"source\":\"syslog\""), std::string::npos) << props;
  EXPECT_EQ(test::json_string_field(props, "tier"), "Cool") << props;
  simdjson::dom::parser parser;
  const std::string tags = test::node_tool(endpoint_, {"tags", container_, "tagged.ndjson"});
  simdjson::dom::object got;
  ASSERT_EQ(parser.parse(tags).get(got), simdjson::SUCCESS) << tags;
  std::map<std::string, std::string> read_back;
  for (auto [key, value] : got)
    read_back[std::string(key)] = std::string(value.get_string().value());
  const std::map<std::string, std::string> expected = {
      {"team", "data ops"},
      {"records_in", "override"},
      {"records_out", "800"},
      {"records_rejected", "1"},
      {"schema_sha256", sha256_hex("{\"type\": \"object\"}").substr(0, 16)}};
  EXPECT_EQ(read_back, expected) << tags;
}

}  // namespace
}  // namespace recproc::azure
