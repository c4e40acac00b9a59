// The `filter` and `set` transforms through the Transform interface the engine uses: outcomes,
// reject reports, how `set` writes into the record, and that the common cases do not allocate.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "recproc/outcome.h"
#include "recproc/record.h"
#include "transform/expression_transforms.h"

// Counts heap allocations on the test thread while `g_counting` is set. Not under ASan, whose
// own operator new must pair with its operator delete.
#if !defined(__SANITIZE_ADDRESS__)
#define RECPROC_COUNT_ALLOCATIONS 1
namespace {
thread_local bool g_counting = false;
thread_local long g_allocations = 0;
}  // namespace
void* operator new(std::size_t n) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif

namespace recproc::transform {
namespace {

constexpr std::string_view kSyslog =
    R"({"TimeGenerated":"2026-11-01T00:00:00.735392Z","Computer":"vm-007","Facility":"daemon",)"
    R"("SeverityLevel":"err","ProcessID":4242,"SyslogMessage":"disk \"sda\" full",)"
    R"("Properties":{"retries":2,"tags":["prod","eu"]},"price":1.50})";

class ExprTransformTest : public ::testing::Test {
 protected:
  void load(std::string_view json) {
    text_.assign(json);
    std::string error;
    ASSERT_TRUE(parser_.parse(text_, 0, record_, error)) << error;
  }
  std::string json() const {
    std::string out;
    record_.write_json(out);
    return out;
  }
  Outcome run(const TransformPtr& t, std::string_view input = kSyslog) {
    load(input);
    return t->make_worker()->apply(record_);
  }

  JsonParser parser_;
  std::string text_;
  Record record_;
};

TEST_F(ExprTransformTest, FilterKeepsOnlyTrue) {
  auto keep = make_filter_transform(R"(SeverityLevel in ["emerg", "alert", "crit", "err"])");
  EXPECT_EQ(keep->spec(), R"(filter SeverityLevel in ["emerg", "alert", "crit", "err"])");
  EXPECT_EQ(run(keep).verdict, Verdict::kKeep);
  EXPECT_EQ(run(keep, R"({"SeverityLevel":"info"})").verdict, Verdict::kDrop);
  // null (missing field, null logic) drops, as false does
  EXPECT_EQ(run(keep, R"({"Computer":"vm-1"})").verdict, Verdict::kDrop);
  auto maybe = make_filter_transform("Properties.retries > 1 and missing");
  EXPECT_EQ(run(maybe).verdict, Verdict::kDrop);
}

TEST_F(ExprTransformTest, FilterRejectsWithReason) {
  auto t = make_filter_transform("int(Computer) > 3");
  Outcome out = run(t);
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kCast);
  EXPECT_EQ(out.error.field, "/Computer");
  EXPECT_EQ(out.error.reason, R"(int(Computer): cannot convert "vm-007" to an integer)");
  EXPECT_EQ(out.error.rule, "filter int(Computer) > 3");

  out = run(make_filter_transform("ProcessID > Computer"));
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kTransform);
  EXPECT_EQ(out.error.reason, "ProcessID > Computer: cannot compare integer with string");
}

TEST_F(ExprTransformTest, FilterWhoseResultIsNotBoolean) {
  // Known at compile time: a usage error before any input is read.
  EXPECT_THROW(make_filter_transform("lower(Computer)"), UsageError);
  // Known only from the data: the record is rejected.
  Outcome out = run(make_filter_transform("coalesce(missing, Computer)"));
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kTransform);
  EXPECT_EQ(out.error.reason, "filter: the expression gave string, not true or false");
}

TEST_F(ExprTransformTest, ParseErrorsAreThrownAtConstruction) {
  try {
    make_filter_transform("a == )");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "filter: expected an expression, got \")\" at column 6\n"
                 "  a == )\n"
                 "       ^");
  }
  try {
    make_set_transform("x = lowr(y)");
    FAIL() << "no error";
  } catch (const UsageError& e) {
    // The caret counts from the start of "NAME = EXPR".
    EXPECT_STREQ(e.what(),
                 "set: unknown function \"lowr\" at column 5 (did you mean \"lower\"?)\n"
                 "  x = lowr(y)\n"
                 "      ^");
  }
}

TEST_F(ExprTransformTest, SetAddsAtTheEnd) {
  auto t = make_set_transform(R"(Host = lower(Computer) + ":" + str(ProcessID))");
  EXPECT_EQ(t->spec(), R"(set Host = lower(Computer) + ":" + str(ProcessID))");
  ASSERT_EQ(run(t, R"({"Computer":"VM-1","ProcessID":7})").verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"Computer":"VM-1","ProcessID":7,"Host":"vm-1:7"})");
}

TEST_F(ExprTransformTest, SetReplacesInPlace) {
  auto t = make_set_transform("a = a * 10");
  ASSERT_EQ(run(t, R"({"a":2,"b":3})").verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"a":20,"b":3})");
}

TEST_F(ExprTransformTest, SetCreatesNestedPaths) {
  auto t = make_set_transform(R"(Properties.audit.["checked by"] = "recproc")");
  ASSERT_EQ(run(t, R"({"Properties":{"retries":1}})").verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"Properties":{"retries":1,"audit":{"checked by":"recproc"}}})");
  ASSERT_EQ(run(t, R"({})").verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"Properties":{"audit":{"checked by":"recproc"}}})");
}

TEST_F(ExprTransformTest, SetWritesEveryType) {
  auto t = make_set_transform(
      R"(out = [null, true, 3, 2.0 * 2, "q\"", ts("2024-05-01T12:00:00+02:00"), split("a,b", ","),)"
      R"( Properties, price])");
  ASSERT_EQ(run(t, R"({"Properties":{"x":[1,{"y":"\u00e9"}]},"price":1.50})").verdict,
            Verdict::kKeep);
  // Values read from the record are copied as they were written ("1.50", "\u00e9").
  EXPECT_EQ(json(),
            R"({"Properties":{"x":[1,{"y":"\u00e9"}]},"price":1.50,"out":[null,true,3,4.0,"q\"",)"
            R"("2024-05-01T10:00:00Z",["a","b"],{"x":[1,{"y":"\u00e9"}]},1.50]})");
}

TEST_F(ExprTransformTest, SetNullWritesNull) {
  ASSERT_EQ(run(make_set_transform("x = missing + 1"), R"({"x":1})").verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"x":null})");
}

TEST_F(ExprTransformTest, SetRejects) {
  Outcome out = run(make_set_transform("n = int(s)"), R"({"s":"12a"})");
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kCast);
  EXPECT_EQ(out.error.field, "/s");
  EXPECT_EQ(out.error.reason, R"(int(s): cannot convert "12a" to an integer)");
  EXPECT_EQ(out.error.rule, "set n = int(s)");

  // No field in the failing part: the report names the target.
  out = run(make_set_transform("n = 1 / 0"), R"({})");
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.field, "/n");
  EXPECT_EQ(out.error.reason, "1 / 0: division by zero");

  out = run(make_set_transform("a.b = 1"), R"({"a":5})");
  ASSERT_EQ(out.verdict, Verdict::kReject);
  EXPECT_EQ(out.error.kind, ErrorKind::kTransform);
  EXPECT_EQ(out.error.field, "/a/b");
  EXPECT_EQ(out.error.reason, "set: cannot set a.b: a parent is not an object");
}

TEST_F(ExprTransformTest, WorkersAreIndependent) {
  auto t = make_set_transform(R"(u = upper(x))");
  auto w1 = t->make_worker();
  auto w2 = t->make_worker();
  load(R"({"x":"a"})");
  ASSERT_EQ(w1->apply(record_).verdict, Verdict::kKeep);
  Record other;
  JsonParser other_parser;  // a parser's buffer backs the records it fills
  std::string text = R"({"x":"b"})", error;
  ASSERT_TRUE(other_parser.parse(text, 0, other, error));
  ASSERT_EQ(w2->apply(other).verdict, Verdict::kKeep);
  EXPECT_EQ(json(), R"({"x":"a","u":"A"})");
  std::string out;
  other.write_json(out);
  EXPECT_EQ(out, R"({"x":"b","u":"B"})");
}

// The W1 filter and the other common cases evaluate without touching the heap once the worker
// is warm (issue 5).
TEST_F(ExprTransformTest, CommonCasesDoNotAllocate) {
#ifndef RECPROC_COUNT_ALLOCATIONS
  GTEST_SKIP() << "allocation counting is off under AddressSanitizer";
#else
  const char* filters[] = {
      R"(SeverityLevel in ["emerg", "alert", "crit", "err", "warning"])",
      R"(SeverityLevel not in ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"])",
      R"(ProcessID > 100 and Computer == "vm-007" or missing is null)",
      R"(Properties.retries >= 2 and not (Facility != "daemon"))",
      R"(lower(SeverityLevel) == "err" and trim(Computer) != "")",
      R"(starts_with(Computer, "vm-") and contains(SyslogMessage, "full"))",
      R"(matches(Computer, "^vm-[0-9]+$"))",
      R"("prod" in Properties.tags and len(SyslogMessage) > 3)",
      R"(ts(TimeGenerated) > ts("2026-01-01") and year(TimeGenerated) == 2026)",
      R"(coalesce(missing, ProcessID) == 4242 and substr(Computer, 3) == "007")",
      R"("eu" in split("prod,eu", ",") and int("12") == 12)",
  };
  for (const char* f : filters) {
    auto t = make_filter_transform(f);
    auto worker = t->make_worker();
    load(kSyslog);
    ASSERT_EQ(worker->apply(record_).verdict, Verdict::kKeep) << f;  // warm up
    g_allocations = 0;
    g_counting = true;
    Verdict v = Verdict::kReject;
    for (int k = 0; k < 100; ++k) v = worker->apply(record_).verdict;
    g_counting = false;
    EXPECT_EQ(v, Verdict::kKeep) << f;
    EXPECT_EQ(g_allocations, 0) << f;
  }
  auto set = make_set_transform(R"(Properties.host = upper(Computer) + "/" + str(ProcessID))");
  auto worker = set->make_worker();
  std::string text(kSyslog);
  std::string error;
  ASSERT_TRUE(parser_.parse(text, 0, record_, error));
  ASSERT_EQ(worker->apply(record_).verdict, Verdict::kKeep);
  g_allocations = 0;
  g_counting = true;
  for (int k = 0; k < 100; ++k) {
    parser_.parse(text, 0, record_, error);
    worker->apply(record_);
  }
  g_counting = false;
  EXPECT_EQ(g_allocations, 0);
#endif
}

}  // namespace
}  // namespace recproc::transform
