// The exec and python steps (issue 17): the line protocol, a program that crashes, answers too
// many or too few lines, is slow, floods stderr or stops reading, and plain Python functions.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "transform/registry.h"
#include "transform/spec_args.h"

namespace recproc {
namespace {

const std::string kData = RECPROC_TEST_DATA "/child_steps/";

struct Answer {
  Verdict verdict;
  std::string json;  ///< the kept record
  FieldError error;  ///< for a reject
};

// Runs one batch of `records` through a fresh worker of `step`, or through `worker` if given.
std::vector<Answer> run_batch(BatchTransformWorker& worker, const std::vector<std::string>& records) {
  JsonParser parser;
  std::string error;
  for (const std::string& json : records) {
    Record r;
    EXPECT_TRUE(parser.parse(json, 0, r, error)) << error;
    worker.add(r);
  }
  worker.run_batch();
  std::vector<Answer> answers;
  for (std::size_t i = 0; i < records.size(); ++i) {
    Record out;
    Outcome o = worker.answer(i, out);
    Answer a{o.verdict, "", o.error};
    if (o.verdict == Verdict::kKeep) out.write_json(a.json);
    answers.push_back(std::move(a));
  }
  return answers;
}

std::unique_ptr<BatchTransformWorker> worker_of(const std::string& spec) {
  std::unique_ptr<TransformWorker> w = transform::make_transform(spec)->make_worker();
  auto* batch = dynamic_cast<BatchTransformWorker*>(w.get());
  EXPECT_NE(batch, nullptr);
  w.release();
  return std::unique_ptr<BatchTransformWorker>(batch);
}

std::string record(int id, const std::string& what) {
  return R"({"id":)" + std::to_string(id) + R"(,"do":")" + what + R"("})";
}

const std::string kProtocol = "exec python3 " + kData + "protocol.py";

TEST(ExecStep, KeepsDropsAndRejectsByTheLineProtocol) {
  auto worker = worker_of(kProtocol);
  auto a = run_batch(*worker, {record(1, "keep"), record(2, "drop"), record(3, "reject")});
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].verdict, Verdict::kKeep);
  EXPECT_EQ(a[0].json, R"({"id":1,"do":"keep","seen":true})");
  EXPECT_EQ(a[1].verdict, Verdict::kDrop);
  EXPECT_EQ(a[2].verdict, Verdict::kReject);
  EXPECT_EQ(a[2].error.reason, "exec python3: no good");
  EXPECT_EQ(a[2].error.field, "/id");
  EXPECT_EQ(a[2].error.kind, ErrorKind::kTransform);
}

TEST(ExecStep, AnswersThatAreNotObjectsRejectTheirRecord) {
  auto worker = worker_of(kProtocol);
  auto a = run_batch(*worker, {record(1, "text"), record(2, "array"), record(3, "keep")});
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("not JSON"), std::string::npos) << a[0].error.reason;
  EXPECT_NE(a[0].error.reason.find("\"not json\""), std::string::npos) << a[0].error.reason;
  EXPECT_EQ(a[1].verdict, Verdict::kReject);
  EXPECT_NE(a[1].error.reason.find("expected a JSON object"), std::string::npos);
  EXPECT_EQ(a[2].verdict, Verdict::kKeep);
}

TEST(ExecStep, ACrashRejectsTheRecordsItHeldAndTheNextBatchRestartsIt) {
  auto worker = worker_of(kProtocol);
  auto a = run_batch(*worker, {record(1, "keep"), record(2, "keep"), record(3, "crash"),
                               record(4, "keep")});
  EXPECT_EQ(a[0].verdict, Verdict::kKeep);
  EXPECT_EQ(a[1].verdict, Verdict::kKeep);
  for (int i : {2, 3}) {
    EXPECT_EQ(a[i].verdict, Verdict::kReject);
    EXPECT_NE(a[i].error.reason.find("exec python3 exited with status 3 after answering 2 of 4"),
              std::string::npos)
        << a[i].error.reason;
    EXPECT_NE(a[i].error.reason.find("boom on record 3"), std::string::npos) << a[i].error.reason;
    EXPECT_EQ(a[i].error.rule, "exec python3");
  }
  auto again = run_batch(*worker, {record(5, "keep")});
  EXPECT_EQ(again[0].verdict, Verdict::kKeep);
  EXPECT_EQ(again[0].json, R"({"id":5,"do":"keep","seen":true})");
}

TEST(ExecStep, TooManyLinesRejectTheWholeBatch) {
  auto worker = worker_of(kProtocol);
  // The extra line comes in the same write as the last answer, so it is seen in this batch.
  auto a = run_batch(*worker, {record(1, "keep"), record(2, "keep"), record(3, "extra")});
  for (const Answer& x : a) {
    EXPECT_EQ(x.verdict, Verdict::kReject);
    EXPECT_NE(x.error.reason.find("more lines than it was given"), std::string::npos);
  }
  EXPECT_EQ(run_batch(*worker, {record(4, "keep")})[0].verdict, Verdict::kKeep);
}

TEST(ExecStep, AnExtraLineThatComesLateRejectsTheNextBatch) {
  auto worker = worker_of(kProtocol);
  EXPECT_EQ(run_batch(*worker, {record(1, "late")})[0].verdict, Verdict::kDrop);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto a = run_batch(*worker, {record(2, "keep")});
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("more lines than it was given"), std::string::npos);
}

TEST(ExecStep, TooFewLinesTimeOutAndRejectTheWholeBatch) {
  auto worker = worker_of("exec --timeout 1s python3 " + kData + "protocol.py");
  auto a = run_batch(*worker, {record(1, "keep"), record(2, "skip"), record(3, "keep")});
  for (const Answer& x : a) {
    EXPECT_EQ(x.verdict, Verdict::kReject);
    EXPECT_NE(x.error.reason.find("gave no answer for 1 s"), std::string::npos) << x.error.reason;
    EXPECT_NE(x.error.reason.find("cannot be matched"), std::string::npos) << x.error.reason;
  }
  EXPECT_EQ(run_batch(*worker, {record(4, "keep")})[0].verdict, Verdict::kKeep);
}

TEST(ExecStep, AHungProgramIsStoppedAfterTheTimeout) {
  auto worker = worker_of("exec --timeout 1s python3 " + kData + "protocol.py");
  auto a = run_batch(*worker, {record(1, "hang")});
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("gave no answer"), std::string::npos);
}

TEST(ExecStep, ASlowProgramIsWaitedFor) {
  auto worker = worker_of(kProtocol);
  auto a = run_batch(*worker, {record(1, "slow"), record(2, "slow"), record(3, "slow")});
  for (const Answer& x : a) EXPECT_EQ(x.verdict, Verdict::kKeep);
}

TEST(ExecStep, StderrFloodsAndLargeBatchesDoNotDeadlock) {
  auto worker = worker_of(kProtocol);
  std::vector<std::string> records;
  for (int i = 0; i < 20; ++i) records.push_back(record(i, "noise"));
  ::testing::internal::CaptureStderr();  // the step passes the program's stderr through
  auto noisy = run_batch(*worker, records);
  EXPECT_EQ(::testing::internal::GetCapturedStderr().size(), 20u * 100001);
  for (const Answer& x : noisy) EXPECT_EQ(x.verdict, Verdict::kKeep);

  // Megabytes each way: cat answers while we are still writing, so both pipes fill up unless
  // both are serviced at once.
  auto cat = worker_of("exec cat");
  records.clear();
  const std::string padding(200, 'p');
  for (int i = 0; i < 20000; ++i) {
    records.push_back(R"({"i":)" + std::to_string(i) + R"(,"p":")" + padding + R"("})");
  }
  auto a = run_batch(*cat, records);
  ASSERT_EQ(a.size(), records.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_EQ(a[i].json, records[i]);
}

TEST(ExecStep, AProgramThatStopsReadingIsAnErrorNotAHang) {
  auto worker = worker_of("exec true");
  std::vector<std::string> records(5000, R"({"a":"............................................."})");
  auto a = run_batch(*worker, records);
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("exec true exited with status 0 after answering 0 of 5000"),
            std::string::npos)
      << a[0].error.reason;
}

TEST(ExecStep, UsageErrorsComeBeforeTheRun) {
  EXPECT_THROW(transform::make_transform("exec"), UsageError);
  EXPECT_THROW(transform::make_transform("exec no-such-command-here"), UsageError);
  EXPECT_THROW(transform::make_transform("exec ./no/such/file"), UsageError);
  EXPECT_THROW(transform::make_transform("exec --timeout soon cat"), UsageError);
  EXPECT_THROW(transform::make_transform("exec 'unterminated"), UsageError);
}

TEST(SplitWords, SplitsLikeAShellWithoutExpanding) {
  using transform::split_words;
  EXPECT_EQ(split_words(R"(jq -c '.a | {b: .c}')"),
            (std::vector<std::string>{"jq", "-c", ".a | {b: .c}"}));
  EXPECT_EQ(split_words(R"(a "b \"c\" d" e\ f $HOME)"),
            (std::vector<std::string>{"a", R"(b "c" d)", "e f", "$HOME"}));
  EXPECT_EQ(split_words("  "), std::vector<std::string>{});
  EXPECT_EQ(split_words("''"), std::vector<std::string>{""});
}

const std::string kClean = "python " + kData + "clean_steps.py:";

TEST(PythonStep, RunsAPlainFunction) {
  auto worker = worker_of(kClean + "fix");
  auto a = run_batch(*worker, {R"({"i":1})", R"({"i":7})", R"({"i":22})", R"({"i":3})"});
  EXPECT_EQ(a[0].verdict, Verdict::kKeep);
  EXPECT_EQ(a[0].json, "{\"i\":1,\"double\":2,\"label\":\"caf\xc3\xa9 1\"}");
  EXPECT_EQ(a[1].verdict, Verdict::kDrop);
  EXPECT_EQ(a[2].verdict, Verdict::kReject);
  EXPECT_EQ(a[2].error.reason,
            "python " + kData + "clean_steps.py:fix: ValueError: eleven divides 22 "
            "(clean_steps.py:11)");
  EXPECT_EQ(a[3].verdict, Verdict::kKeep);
}

TEST(PythonStep, BadReturnValuesRejectWithTheReason) {
  auto a = run_batch(*worker_of(kClean + "not_a_dict"), {R"({"i":1})"});
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("TypeError: returned list, expected a dict or None"),
            std::string::npos)
      << a[0].error.reason;
  a = run_batch(*worker_of(kClean + "nan"), {R"({"i":1})"});
  EXPECT_EQ(a[0].verdict, Verdict::kReject);
  EXPECT_NE(a[0].error.reason.find("ValueError"), std::string::npos) << a[0].error.reason;
}

TEST(PythonStep, DatesBecomeIsoStrings) {
  auto a = run_batch(*worker_of(kClean + "when"), {R"({"i":1})"});
  EXPECT_EQ(a[0].json, R"({"i":1,"at":"2026-12-06"})");
}

TEST(PythonStep, ImportProblemsAreUsageErrorsWithPythonsMessage) {
  try {
    transform::make_transform(kClean + "missing");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("has no function 'missing'"), std::string::npos)
        << e.what();
  }
  try {
    transform::make_transform("python " + kData + "broken_module.py:fix");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("SyntaxError"), std::string::npos) << e.what();
  }
  EXPECT_THROW(transform::make_transform("python no_such_module_anywhere:f"), UsageError);
  EXPECT_THROW(transform::make_transform("python nocolon"), UsageError);
}

}  // namespace
}  // namespace recproc
