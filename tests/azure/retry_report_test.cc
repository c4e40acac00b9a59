// Every retried fault is counted in the report (issue 18): `upload --report`, `download
// --report` and the run report's "blob_retries", through the fault proxy in front of Azurite,
// which answers a planned number of 500s, 503s and short bodies before it forwards. The data
// still arrives exactly.
#include <gtest/gtest.h>
#include <simdjson.h>

#include "azurite_support.h"

namespace recproc::azure {
namespace {

class RetryReport : public test::AzuriteCliTest {
 protected:
  RetryReport() : AzuriteCliTest("retries") {}
  void prepare() override {
    in_ = dir_.file("in.ndjson");
    test::write_file(in_, test::numbered_records(2000));
    auto up = test::recproc({"upload", "-q", in_, url("in.ndjson")}, env_);
    ASSERT_EQ(up.exit_code, 0) << up.err;
  }
  // A whole-number member of the JSON report in `path`.
  static std::int64_t number(const std::string& path, const char* key) {
    simdjson::dom::parser parser;
    const std::string text = test::read_file(path);
    std::int64_t value = -1;
    EXPECT_EQ(parser.parse(text)[key].get(value), simdjson::SUCCESS) << key << " in " << text;
    return value;
  }

  test::TempDir dir_;
  std::string in_;
};

TEST_F(RetryReport, UploadCountsEachRetriedFault) {
  test::FaultProxy proxy(endpoint_, "500,503ms,500");  // the first three requests fail
  const std::string report = dir_.file("upload.json");
  auto r =
      test::recproc({"upload", "-q", in_, url("again.ndjson"), "--report", report}, proxy.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(number(report, "retries"), 3);
  EXPECT_EQ(number(report, "transferred"), 1);
  EXPECT_EQ(number(report, "bytes"), static_cast<std::int64_t>(test::read_file(in_).size()));
  EXPECT_EQ(test::read_back(endpoint_, container_, "again.ndjson").size,
            test::read_file(in_).size());
}

TEST_F(RetryReport, AStalledConnectionAndThrottlingAreRetriedAndCounted) {
  // The first request hangs without an answer: --stall-timeout 1 drops it after a second of
  // silence instead of the request timeout's minutes. Then a 429 with Retry-After: 1.
  test::FaultProxy proxy(endpoint_, "stall,429");
  const std::string report = dir_.file("stall.json");
  auto r = test::recproc(
      {"upload", "-q", in_, url("stalled.ndjson"), "--stall-timeout", "1", "--report", report},
      proxy.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(number(report, "retries"), 2);
  EXPECT_EQ(test::read_back(endpoint_, container_, "stalled.ndjson").size,
            test::read_file(in_).size());
  // The same for a ranged read that stalls: resumed, the file exact.
  test::FaultProxy reads(endpoint_, "ok,stall");
  auto d = test::recproc({"download", "-q", url("in.ndjson"), dir_.file("s.ndjson"),
                          "--stall-timeout", "1", "--report", report},
                         reads.env());
  ASSERT_EQ(d.exit_code, 0) << d.err;
  EXPECT_EQ(number(report, "retries"), 1);
  EXPECT_EQ(test::read_file(dir_.file("s.ndjson")), test::read_file(in_));
}

TEST_F(RetryReport, DownloadCountsAResumedRangeAndA503) {
  // The listing meets a 503, then the first ranged GET sends half its body and closes.
  test::FaultProxy proxy(endpoint_, "503ms,ok,half");
  const std::string report = dir_.file("download.json");
  auto r = test::recproc(
      {"download", "-q", url("in.ndjson"), dir_.file("back.ndjson"), "--report", report},
      proxy.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(number(report, "retries"), 2);
  EXPECT_EQ(test::read_file(dir_.file("back.ndjson")), test::read_file(in_));
}

TEST_F(RetryReport, RunCountsRetriesOfItsInputsAndItsOutputBlob) {
  const std::string report = dir_.file("run.json");
  {
    // No fault: the report says 0, and says it at all because the run touched Blob.
    auto r = test::recproc(
        {"run", "-q", url("in.ndjson"), "-o", url("out0.ndjson"), "--report", report}, env_);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(number(report, "blob_retries"), 0);
  }
  test::FaultProxy proxy(endpoint_, "500,ok,half,503ms");
  auto r = test::recproc(
      {"run", "-q", url("in.ndjson"), "-o", url("out.ndjson"), "--report", report}, proxy.env());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The listing's 500, the half range resumed, and one more 503 wherever it fell.
  EXPECT_EQ(number(report, "blob_retries"), 3);
  EXPECT_EQ(test::read_back(endpoint_, container_, "out.ndjson").size, test::read_file(in_).size());

  // A local run has no Blob work and no such member.
  auto local =
      test::recproc({"run", "-q", in_, "-o", dir_.file("l.ndjson"), "--report", report}, {});
  ASSERT_EQ(local.exit_code, 0) << local.err;
  EXPECT_EQ(test::read_file(report).find("blob_retries"), std::string::npos);
}

}  // namespace
}  // namespace recproc::azure
