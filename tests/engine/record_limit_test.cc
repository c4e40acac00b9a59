// --max-record-bytes and the other bounds of issue 18, through the whole engine: a record over
// the limit is one rejected record at its line, whatever the chunk size, the read size or the
// input kind; inputs opened late read as inputs opened up front. (Bounded error groups: the
// e2e case many_error_groups_bounded.)
#include <gtest/gtest.h>

#include <string>

#include "engine/engine.h"
#include "engine_test_util.h"
#include "format/csv_format.h"

namespace recproc {
namespace {

using testing::InputKind;
using testing::run_engine;

engine::EngineConfig limited(std::size_t max_record, std::size_t chunk,
                             engine::ErrorPolicy policy = engine::ErrorPolicy::kSkip) {
  engine::EngineConfig c;
  c.policy = policy;
  c.chunk_size = chunk;
  c.max_record_bytes = max_record;
  return c;
}

const std::string kLong = "{\"s\":\"" + std::string(500, 'x') + "\"}\n";  // 509 bytes
const std::string kInput = "{\"a\":1}\n" + kLong + "{\"b\":2}\n" + kLong + kLong + "{\"c\":3}\n";

TEST(RecordLimit, LongRecordsAreRejectedAtTheirLineForEveryChunkAndReadSize) {
  for (InputKind kind : {InputKind::kMemory, InputKind::kFile, InputKind::kFileOpenedLate}) {
    for (std::size_t chunk : {1, 7, 64, 300, 1 << 20}) {
      for (std::size_t read : {std::size_t{3}, std::size_t{SIZE_MAX}}) {
        auto r = run_engine({{"in", kInput}}, limited(100, chunk), 2, nullptr, read, kind);
        SCOPED_TRACE("chunk " + std::to_string(chunk) + " read " + std::to_string(read));
        EXPECT_EQ(r.output, "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n");
        EXPECT_EQ(r.rejects,
                  "in:2::record longer than the record size limit (100 bytes)\n"
                  "in:4::record longer than the record size limit (100 bytes)\n"
                  "in:5::record longer than the record size limit (100 bytes)\n");
        EXPECT_EQ(r.stats.records_in, 6u);
        EXPECT_EQ(r.stats.records_rejected, 3u);
        EXPECT_EQ(r.stats.bytes_in, kInput.size());
      }
    }
  }
}

TEST(RecordLimit, ARecordOfExactlyTheLimitPasses) {
  auto r = run_engine({{"in", kInput}}, limited(kLong.size(), 64), 2);
  EXPECT_EQ(r.output, kInput);
  auto over = run_engine({{"in", kInput}}, limited(kLong.size() - 1, 64), 2);
  EXPECT_EQ(over.stats.records_rejected, 3u);
}

TEST(RecordLimit, FailPolicyStopsWithoutReadingTheRestOfTheRecord) {
  const std::string input = "{\"a\":1}\n" + std::string(100000, 'x');  // no newline: like /dev/zero
  auto r = run_engine({{"in", input}}, limited(1000, 64, engine::ErrorPolicy::kFail), 2);
  EXPECT_EQ(r.output, "{\"a\":1}\n");
  EXPECT_EQ(r.stats.stop_reason, "in:2: record longer than the record size limit (1000 bytes)");
  EXPECT_LT(r.stats.bytes_in, 2000u);
}

// Reading resumes at the first newline after the limit, which may be inside the quoted field:
// the rest of the field is then rejected as well, and the records after it are read as usual.
TEST(RecordLimit, CsvQuotedFieldOverTheLimitResumesAtTheNextNewline) {
  const std::string input =
      "id,t\n1,a\n2,\"" + std::string(200, 'y') + "\n" + std::string(200, 'y') + "\"\n3,b\n";
  auto r = run_engine({{"in.csv", input}}, limited(100, 32), 1, format::make_csv_input_format({}));
  EXPECT_EQ(r.rejects,
            "in.csv:3::record longer than the record size limit (100 bytes)\n"
            "in.csv:4::record longer than the record size limit (100 bytes)\n");
  EXPECT_EQ(r.output, "{\"id\":\"1\",\"t\":\"a\"}\n{\"id\":\"3\",\"t\":\"b\"}\n");
  EXPECT_EQ(r.stats.records_in, 4u);
  EXPECT_EQ(r.stats.records_out, 2u);
}

TEST(LateOpening, ManyInputsReadAsWhenOpenedUpFront) {
  std::vector<std::pair<std::string, std::string>> files;
  std::string expected;
  for (int i = 0; i < 300; ++i) {
    files.emplace_back("in" + std::to_string(i), "{\"i\":" + std::to_string(i) + "}\n");
    expected += files.back().second;
  }
  auto r = run_engine(files, limited(1 << 20, 1 << 20), 2, nullptr, SIZE_MAX,
                      InputKind::kFileOpenedLate);
  EXPECT_EQ(r.output, expected);
  EXPECT_EQ(r.stats.inputs.size(), 300u);
  EXPECT_EQ(r.stats.inputs[299].bytes, files[299].second.size());
  EXPECT_EQ(r.stats.bytes_in, expected.size());
}

}  // namespace
}  // namespace recproc
