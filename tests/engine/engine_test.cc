#include "engine/engine.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "engine/engine_test_util.h"
#include "engine/error_text.h"
#include "format/csv_format.h"
#include "recproc/error.h"

namespace recproc {
namespace {

using testing::run_engine;

engine::EngineConfig config_with(engine::ErrorPolicy policy, std::size_t chunk,
                                 std::vector<std::string> steps = {}) {
  engine::EngineConfig c;
  c.policy = policy;
  c.chunk_size = chunk;
  for (const auto& s : steps) c.chain.push_back(transform::make_transform(s));
  return c;
}

TEST(Chunker, RecordsStraddlingEveryChunkEdge) {
  std::string input = "{\"a\":1}\n{\"bb\":\"xyz\"}\r\n\n{\"c\":[1,2,3]}\n{\"d\":null}";
  for (std::size_t chunk = 1; chunk <= input.size() + 1; ++chunk) {
    auto r = run_engine({{"in", input}}, config_with(engine::ErrorPolicy::kFail, chunk), 2);
    EXPECT_EQ(r.output, "{\"a\":1}\n{\"bb\":\"xyz\"}\n{\"c\":[1,2,3]}\n{\"d\":null}\n")
        << "chunk " << chunk;
    EXPECT_EQ(r.stats.records_in, 4u);
    EXPECT_EQ(r.stats.blank_lines, 1u);
  }
}

TEST(Chunker, LineLongerThanChunk) {
  std::string big(100000, 'x');
  std::string input = "{\"s\":\"" + big + "\"}\n{\"t\":1}\n";
  auto r = run_engine({{"in", input}}, config_with(engine::ErrorPolicy::kFail, 64), 2);
  EXPECT_EQ(r.output, input);
}

TEST(Chunker, StdinLikeShortReads) {
  std::string input = "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n";
  auto r =
      run_engine({{"-", input}}, config_with(engine::ErrorPolicy::kFail, 1 << 20), 2, nullptr, 3);
  EXPECT_EQ(r.output, input);
}

TEST(ErrorPolicy, FailStopsAtFirstBadRecordInInputOrder) {
  std::string input;
  for (int i = 1; i <= 200; ++i) input += (i == 150 || i == 170) ? "{bad\n" : "{\"i\":1}\n";
  for (int threads : {1, 2, 4, 8}) {
    for (std::size_t chunk : {8, 64, 4096}) {
      auto r = run_engine({{"f.ndjson", input}}, config_with(engine::ErrorPolicy::kFail, chunk),
                          threads);
      EXPECT_TRUE(r.stats.stopped);
      EXPECT_EQ(r.stats.stop_reason, "f.ndjson:150: invalid JSON: unclosed array or object");
    }
  }
}

TEST(ErrorPolicy, LineNumbersAcrossInputsAndChunks) {
  auto r = run_engine({{"a", "{}\n\nx\n"}, {"b", "{}\n{}\n{\n"}},
                      config_with(engine::ErrorPolicy::kSkip, 3), 3);
  EXPECT_EQ(r.rejects,
            "a:3::invalid JSON: invalid JSON structure\n"
            "b:3::invalid JSON: unclosed array or object\n");
  EXPECT_EQ(r.stats.records_in, 5u);
  EXPECT_EQ(r.stats.records_rejected, 2u);
  ASSERT_EQ(r.stats.inputs.size(), 2u);
  EXPECT_EQ(r.stats.inputs[1].records_out, 2u);
}

// The parser recurses once per level of nesting, on worker threads' stacks: the deepest record it
// accepts must fit there (under the sanitizers too), and a deeper one is a reject, not a crash.
TEST(ErrorPolicy, DeeplyNestedRecordsOnWorkerThreads) {
  auto nested = [](int depth) {
    std::string s;
    for (int i = 0; i < depth; ++i) s += R"({"a":[)";
    s += "1";
    for (int i = 0; i < depth; ++i) s += "]}";
    return s;
  };
  std::string input = nested(512) + "\n" + nested(513) + "\n";  // 1024 and 1026 levels
  for (int threads : {1, 4}) {
    auto r =
        run_engine({{"deep", input}}, config_with(engine::ErrorPolicy::kSkip, 1 << 20), threads);
    EXPECT_EQ(r.output, nested(512) + "\n");
    EXPECT_EQ(r.rejects, "deep:2::invalid JSON: nesting too deep\n");
  }
}

TEST(ErrorPolicy, MaxRejectsStopsTheRun) {
  auto c = config_with(engine::ErrorPolicy::kSkip, 4);
  c.max_rejects = 1;
  auto r = run_engine({{"a", "x\n{}\ny\n{}\nz\n"}}, c, 2);
  EXPECT_TRUE(r.stats.stopped);
  EXPECT_EQ(r.stats.stop_reason,
            "more than 1 records rejected (the reject limit); last: a:3: invalid JSON: invalid JSON "
            "structure");
}

// The engine names a limit as its caller says (cli passes the flag it came from).
TEST(ErrorPolicy, LimitMessagesUseTheCallersNames) {
  auto c = config_with(engine::ErrorPolicy::kSkip, 4);
  c.max_reject_rate = 0.25;
  c.limit_names.max_reject_rate = "--max-reject-rate";
  auto r = run_engine({{"a", "x\n{}\ny\n{}\n"}}, c, 2);
  EXPECT_TRUE(r.stats.stopped);
  EXPECT_EQ(r.stats.stop_reason, "reject rate 0.5 exceeds --max-reject-rate 0.25 (2 of 4)");
}

TEST(ErrorPolicy, ErrorGroupsCountAndKeepExamples) {
  auto r = run_engine({{"a", "x\n{}\ny\n"}}, config_with(engine::ErrorPolicy::kSkip, 1 << 20), 1);
  ASSERT_EQ(r.stats.error_groups.size(), 1u);
  EXPECT_EQ(r.stats.error_groups[0].count, 2u);
  ASSERT_EQ(r.stats.error_groups[0].examples.size(), 2u);
  EXPECT_EQ(r.stats.error_groups[0].examples[1].second, 3u);
}

TEST(Trace, ShowsRecordsAtEachStep) {
  auto c = config_with(engine::ErrorPolicy::kSkip, 1 << 20, {"select a", "rename a=b"});
  c.trace_records = 1;
  std::vector<engine::EngineInput> inputs;
  inputs.push_back({"in", std::make_unique<testing::MemorySource>("{\"a\":1,\"c\":2}\n{\"a\":3}\n"),
                    format::make_ndjson_input_format()});
  c.output_format = format::make_ndjson_output_format();
  std::string trace;
  engine::RunObserver obs;
  obs.on_trace = [&](std::string_view t) { trace += t; };
  engine::run(inputs, c, obs);
  EXPECT_EQ(trace,
            "trace in:1\n"
            "  in: {\"a\":1,\"c\":2}\n"
            "  after 'select a': {\"a\":1}\n"
            "  after 'rename a=b': {\"b\":1}\n");
}

// A chain that ends in select reads only some fields: the others are validated but not built.
// A trace needs whole records, so the same run with a trace builds every field: the two must
// agree on output and rejects.
TEST(FieldPruning, UnreadFieldsAreStillValidated) {
  const std::string input =
      "{\"a\":1,\"b\":{\"x\":[1,{\"y\":null}]},\"c\":\"keep\",\"d\":[true]}\n"
      "{\"a\":2,\"b\":tru,\"c\":\"bad literal in an unread field\"}\n"
      "{\"c\":\"z\",\"a\":3,\"b\":\"\\q\"}\n"
      "{\"c\":\"z\",\"a\":4,\"b\":[1,]}\n"
      "{\"c\":\"w\",\"a\":5,\"d\":01}\n"
      "{\"b\":2,\"c\":\"two\",\"a\":6,\"\\u0063\":\"escaped key\"}\n";
  const std::vector<std::string> steps = {"filter a < 3 or b is not null", "select c,a"};
  auto pruned =
      run_engine({{"in", input}}, config_with(engine::ErrorPolicy::kSkip, 1 << 20, steps), 2);
  auto whole_config = config_with(engine::ErrorPolicy::kSkip, 1 << 20, steps);
  whole_config.trace_records = 1000;
  auto whole = run_engine({{"in", input}}, whole_config, 2);
  EXPECT_EQ(pruned.output, "{\"c\":\"keep\",\"a\":1}\n{\"c\":\"two\",\"a\":6}\n");
  EXPECT_EQ(pruned.output, whole.output);
  EXPECT_EQ(pruned.stats.records_rejected, 4u);
  EXPECT_EQ(pruned.stats.records_rejected, whole.stats.records_rejected);
  EXPECT_EQ(pruned.stats.records_dropped, whole.stats.records_dropped);
}

// With steps that only look (filter; a schema without --cast), records reach the writer unchanged:
// only the fields the steps read are built, and each record is written from its source text,
// minified, exactly as without pruning.
TEST(FieldPruning, StepsThatOnlyLookWriteTheSourceText) {
  const std::string input =
      "{\"a\":1, \"b\" : {\"x\":[1, 2]}, \"c\":\"k\\\"q\"}\n"
      "{\"a\":5,\"b\":2}\n"
      "{\"a\":2,\"b\":tru}\n"
      "{\"b\":[1],\"a\":0,\"d\":\"\\u00e9\"}\n";
  const std::vector<std::string> steps = {"filter a < 3"};
  auto pruned =
      run_engine({{"in", input}}, config_with(engine::ErrorPolicy::kSkip, 1 << 20, steps), 2);
  auto whole_config = config_with(engine::ErrorPolicy::kSkip, 1 << 20, steps);
  whole_config.trace_records = 1000;
  auto whole = run_engine({{"in", input}}, whole_config, 2);
  EXPECT_EQ(pruned.output,
            "{\"a\":1,\"b\":{\"x\":[1,2]},\"c\":\"k\\\"q\"}\n"
            "{\"b\":[1],\"a\":0,\"d\":\"\\u00e9\"}\n");
  EXPECT_EQ(pruned.output, whole.output);
  EXPECT_EQ(pruned.stats.records_dropped, 1u);
  EXPECT_EQ(pruned.stats.records_rejected, 1u);
}

TEST(ErrorText, PointerToDotted) {
  EXPECT_EQ(engine::pointer_to_dotted("/Properties/retries"), "Properties.retries");
  EXPECT_EQ(engine::pointer_to_dotted("/a~1b/c d"), "a/b[\"c d\"]");
}

// CSV from a mapped file: the header is looked at in the mapping, chunks are cut out of it, and
// quoted newlines and rows longer than a chunk read as they do from memory.
TEST(MappedInput, CsvFromAFileReadsAsFromMemory) {
  std::string csv = "id,text,n\n";
  for (int i = 0; i < 3000; ++i) {
    csv += std::to_string(i) + ",";
    csv += i % 7 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : "plain";
    if (i % 500 == 0) csv += std::string(9000, 'x');  // longer than the small chunks
    csv += i % 11 == 0 ? ",oops,extra\r\n" : "," + std::to_string(i * 3) + "\n";
  }
  const auto format = format::make_csv_input_format(format::CsvDialect{});
  auto config = [](std::size_t chunk) {
    return config_with(engine::ErrorPolicy::kQuarantine, chunk, {"set m = n * 2"});
  };
  const auto want = run_engine({{"in.csv", csv}}, config(1 << 20), 1, format);
  ASSERT_GT(want.stats.records_rejected, 0u);
  for (std::size_t chunk : {1u, 7u, 64u, 1000u, 65536u}) {
    const auto got = run_engine({{"in.csv", csv}}, config(chunk), 2, format, SIZE_MAX,
                                testing::InputKind::kFile);
    EXPECT_EQ(got.output, want.output) << "chunk " << chunk;
    EXPECT_EQ(got.rejects, want.rejects) << "chunk " << chunk;
    EXPECT_EQ(got.stats.bytes_in, csv.size());
  }
}

// A file cut short by another process while the run maps it (logrotate's copytruncate) fails
// the run with an I/O error naming it, instead of SIGBUS or records read as zeros.
TEST(MappedInput, AFileTruncatedDuringTheRunFailsIt) {
  std::string ndjson;
  for (int i = 0; i < 20000; ++i) ndjson += "{\"i\":" + std::to_string(i) + "}\n";
  testing::TempFile file(ndjson);
  std::vector<engine::EngineInput> inputs;
  inputs.push_back({"app.log", io::open_source(file.path()), format::make_ndjson_input_format()});
  engine::EngineConfig config = config_with(engine::ErrorPolicy::kSkip, 4096);
  config.window_chunks = 2;
  config.output_format = format::make_ndjson_output_format();
  engine::RunObserver observer;
  bool truncated = false;
  observer.on_progress = [&](const engine::Progress&) {
    if (!truncated) std::filesystem::resize_file(file.path(), 0);
    truncated = true;
  };
  try {
    engine::run(inputs, config, observer);
    FAIL() << "the run went on";
  } catch (const IoError& e) {
    // Caught by the mapped chunk that reads zeros past the new end (the engine names the input
    // "app.log"), or by the read that ends before the size at open (the source names its file).
    const std::string text = e.what();
    EXPECT_TRUE(text.starts_with("app.log: ") || text.starts_with(file.path() + ": ")) << text;
    EXPECT_NE(text.find(": the file shrank while being read ("), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace recproc
