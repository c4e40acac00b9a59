// Issue 16 against tests/azure/fake_log_analytics.py on 127.0.0.1: resource-centric queries,
// exact windows split on truncation, --state runs, --report with statistics, and the ARM
// Activity Log with paging. Expected rows are computed here from the fake's documented dataset
// (row i at FAKE_START + i * FAKE_SPAN_SECONDS / FAKE_ROWS), independently of recproc.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "azure/kql.h"
#include "azure/log_analytics.h"
#include "azure/logs_download.h"
#include "azure/logs_timespan.h"
#include "logs_fake_server.h"
#include "logs_test_support.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

using testing::FakeLogAnalytics;
using testing::field;
using testing::RunResult;

constexpr const char* kSub = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
constexpr std::int64_t kStart = 1714521600;  // 2024-05-01T00:00:00Z

std::string resource(const std::string& name) {
  return std::string("/subscriptions/") + kSub +
         "/resourceGroups/rg-prod.(eu)_1/providers/Microsoft.Compute/virtualMachines/" + name;
}

// The fake's dataset: row i at start + i * span / rows (milliseconds).
struct Dataset {
  std::int64_t rows;
  std::int64_t span_seconds;
  std::int64_t limit;

  std::int64_t ms(std::int64_t i) const { return kStart * 1000 + i * span_seconds * 1000 / rows; }

  std::int64_t count(std::int64_t from_s, std::int64_t to_s) const {
    std::int64_t n = 0;  // rows are sorted: a linear scan is plenty for a test
    for (std::int64_t i = 0; i < rows; ++i) n += ms(i) >= from_s * 1000 && ms(i) < to_s * 1000;
    return n;
  }

  // How many splits halving [from, to) takes until no window holds more than `limit` rows.
  std::size_t splits(std::int64_t from_s, std::int64_t to_s) const {
    std::vector<std::int64_t> cumulative(1, 0);  // rows before each second of the range
    std::int64_t i = 0;
    for (std::int64_t s = from_s; s < to_s; ++s) {
      while (i < rows && ms(i) < (s + 1) * 1000) ++i;
      cumulative.push_back(i);
    }
    std::int64_t first = 0;
    while (first < rows && ms(first) < from_s * 1000) ++first;
    std::function<std::size_t(std::int64_t, std::int64_t)> go = [&](std::int64_t a,
                                                                    std::int64_t b) {
      std::int64_t n = cumulative[static_cast<std::size_t>(b - from_s)] -
                       std::max(cumulative[static_cast<std::size_t>(a - from_s)], first);
      if (n <= limit) return std::size_t{0};
      std::int64_t mid = a + (b - a) / 2;
      return 1 + go(a, mid) + go(mid, b);
    };
    return go(from_s, to_s);
  }

  std::string timestamp(std::int64_t i) const {
    std::time_t t = static_cast<std::time_t>(ms(i) / 1000);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%03dZ", static_cast<int>(ms(i) % 1000));
    return std::string(text) + fraction;
  }

  std::string ndjson(std::int64_t i) const {
    return "{\"TimeGenerated\":\"" + timestamp(i) + "\",\"Computer\":\"host-" +
           std::to_string(i % 7) + "\",\"Seq\":" + std::to_string(i) + "}";
  }
  std::string csv(std::int64_t i) const {
    return timestamp(i) + ",host-" + std::to_string(i % 7) + "," + std::to_string(i);
  }
};

std::map<std::string, std::string> fake_env(const Dataset& d) {
  return {{"FAKE_ROWS", std::to_string(d.rows)},
          {"FAKE_SPAN_SECONDS", std::to_string(d.span_seconds)},
          {"FAKE_ROW_LIMIT", std::to_string(d.limit)},
          {"FAKE_START", "2024-05-01T00:00:00Z"}};
}

simdjson::dom::element parse_json(simdjson::dom::parser& parser, const std::string& text) {
  return parser.parse(text);
}

// ---- Unit: windows, KQL text, endpoint paths ------------------------------------------------

TEST(LogsWindowPlan, CutsHalfOpenWindows) {
  using W = std::vector<std::pair<std::int64_t, std::int64_t>>;
  EXPECT_EQ(plan_windows(0, 10, 4), (W{{0, 4}, {4, 8}, {8, 10}}));
  EXPECT_EQ(plan_windows(0, 10, 0), (W{{0, 10}}));
  EXPECT_EQ(plan_windows(0, 8, 4), (W{{0, 4}, {4, 8}}));
  EXPECT_TRUE(plan_windows(5, 5, 1).empty());
}

TEST(LogsWindowPlan, TimesRoundTrip) {
  EXPECT_EQ(format_utc_seconds(1714543200), "2024-05-01T06:00:00Z");
  EXPECT_EQ(format_utc_seconds(951782400), "2000-02-29T00:00:00Z");
  EXPECT_EQ(format_utc_seconds(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(parse_utc_seconds("2024-05-01T06:00:00Z"), 1714543200);
  EXPECT_EQ(parse_utc_seconds("2024-05-01T08:00:00.999+02:00"), 1714543200);
  EXPECT_EQ(duration_seconds("90m"), 5400);
  EXPECT_EQ(testing::error_of<UsageError>([] { duration_seconds("1w"); }),
            "\"1w\": expected a number and a unit s, m, h or d (e.g. 24h, 7d)");
}

TEST(LogsWindowPlan, WindowQueryIsHalfOpenAndOrdered) {
  EXPECT_EQ(build_window_query("Syslog", std::nullopt, "_ResourceId", kStart, kStart + 3600),
            "Syslog | where TimeGenerated >= datetime(2024-05-01T00:00:00Z) and TimeGenerated < "
            "datetime(2024-05-01T01:00:00Z) | sort by TimeGenerated asc");
  EXPECT_EQ(build_window_query("Syslog", resource("vm1"), "_ResourceId", kStart, kStart + 1),
            "Syslog | where TimeGenerated >= datetime(2024-05-01T00:00:00Z) and TimeGenerated < "
            "datetime(2024-05-01T00:00:01Z) | where _ResourceId =~ \"" +
                resource("vm1") + "\" | sort by TimeGenerated asc");
  EXPECT_THROW(build_window_query("Syslog | x", std::nullopt, "_ResourceId", 0, 1), UsageError);
}

TEST(LogsWindowPlan, QueryPathsAreEncoded) {
  LogsQuery q;
  q.workspace_id = testing::kWsNormal;
  EXPECT_EQ(logs_query_path(q), std::string("/v1/workspaces/") + testing::kWsNormal + "/query");
  q.workspace_id.clear();
  q.resource_id = resource("vm1");
  EXPECT_EQ(logs_query_path(q), "/v1" + resource("vm1") + "/query");
  q.resource_id = "/subscriptions/x y/%2e%2e?#";
  EXPECT_EQ(logs_query_path(q), "/v1/subscriptions/x%20y/%252e%252e%3F%23/query");
  q.query = "Syslog";
  EXPECT_EQ(testing::error_of<UsageError>([&] { validate_logs_query(q); }),
            "\"/subscriptions/x y/%2e%2e?#\": not an Azure resource id "
            "(/subscriptions/<guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>)");
  EXPECT_EQ(logs_query_place(q), "Log Analytics resource /subscriptions/x y/%2e%2e?#");
}

// ---- The real binary against the fake server ------------------------------------------------

class LogsWindowTest : public ::testing::Test {
 protected:
  static constexpr Dataset kData{20000, 86400, 1000};

  static void SetUpTestSuite() {
    auto env = fake_env(kData);
    env["FAKE_EVENTS"] = "25";
    env["FAKE_PAGE_SIZE"] = "10";
    server_ = new FakeLogAnalytics(env);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (testing::recproc_binary().empty()) GTEST_SKIP() << "RECPROC_BINARY not built";
    seen_ = server_->requests().size();
  }

  RunResult run(std::vector<std::string> args, std::map<std::string, std::string> extra = {},
                FakeLogAnalytics* server = nullptr) {
    if (server == nullptr) server = server_;
    args.push_back("--logs-endpoint");
    args.push_back(server->url());
    std::map<std::string, std::string> env = {
        {"AZURE_TENANT_ID", testing::kTenant},     {"AZURE_CLIENT_ID", testing::kClientId},
        {"AZURE_CLIENT_SECRET", testing::kSecret}, {"AZURE_AUTHORITY_HOST", server->url()},
        {"NO_PROXY", "127.0.0.1,localhost"},       {"no_proxy", "127.0.0.1,localhost"},
    };
    for (auto& [k, v] : extra) env[k] = v;
    return testing::run_recproc(args, env, dir_.path());
  }

  std::vector<std::string> new_requests(const char* kind) const {
    auto all = server_->requests();
    return testing::of_kind(
        std::vector<std::string>(all.begin() + static_cast<long>(seen_), all.end()), kind);
  }

  std::string path(const char* name) const { return (dir_.path() / name).string(); }

  static FakeLogAnalytics* server_;
  std::size_t seen_ = 0;
  testing::TempDir dir_;
};

FakeLogAnalytics* LogsWindowTest::server_ = nullptr;

TEST_F(LogsWindowTest, ResourceIdAloneQueriesTheResourceEndpoint) {
  RunResult r = run({"logs", "--resource-id", resource("vm1"), "--table", "Syslog", "--since",
                     "24h", "-o", path("vm1.ndjson")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::lines_of(testing::read_file(path("vm1.ndjson"))).size(), 4u);
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "method"), "POST");
  EXPECT_EQ(field(queries[0], "path"), "/v1" + resource("vm1") + "/query");
  EXPECT_EQ(field(queries[0], "resource"), resource("vm1"));
  EXPECT_EQ(field(queries[0], "workspace"), "null");
  EXPECT_EQ(field(queries[0], "query"), "Syslog");  // the endpoint scopes it; no filter
  EXPECT_EQ(field(queries[0], "timespan"), "PT24H");
  EXPECT_EQ(field(queries[0], "content_type"), "application/json");
  EXPECT_EQ(field(queries[0], "accept"), "application/json");
  EXPECT_EQ(field(queries[0], "token_known"), "true");
  auto tokens = new_requests("token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(field(tokens[0], "scope"), "https://api.loganalytics.io/.default");
}

TEST_F(LogsWindowTest, WorkspaceWithResourceIdKeepsTheFilter) {
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--table", "Syslog",
                     "--resource-id", resource("vm1")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "path"),
            std::string("/v1/workspaces/") + testing::kWsNormal + "/query");
  EXPECT_EQ(field(queries[0], "query"),
            "Syslog | where _ResourceId =~ \"" + resource("vm1") + "\"");
}

TEST_F(LogsWindowTest, HostileResourceIdAloneExitsTwoBeforeAnyRequest) {
  RunResult r =
      run({"logs", "--resource-id",
           std::string("/subscriptions/") + kSub + "/resourceGroups/rg/../../x", "--query", "T"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, std::string("recproc: error: --resource-id \"/subscriptions/") + kSub +
                       "/resourceGroups/rg/../../x\": not an Azure resource id (/subscriptions/"
                       "<guid>/resourceGroups/<group>/providers/<Namespace>/<type>/<name>)\n");
  r = run({"logs", "--table", "Syslog"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "recproc: error: logs: give --workspace ID, or --resource-id ID to query one "
            "resource\n");
  EXPECT_TRUE(new_requests("token").empty());
  EXPECT_TRUE(new_requests("query").empty());
}

TEST_F(LogsWindowTest, WindowsAreCompleteExactInOrderAndSplitOnTruncation) {
  RunResult r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--from",
                     "2024-05-01", "--to", "2024-05-02", "--window", "6h", "--report",
                     path("report.json"), "-o", path("out.ndjson")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(path("out.ndjson")));
  ASSERT_EQ(lines.size(), 20000u);
  for (std::int64_t i = 0; i < kData.rows; ++i) {
    ASSERT_EQ(lines[static_cast<std::size_t>(i)], kData.ndjson(i)) << "row " << i;
  }
  std::size_t splits = 0;
  for (int w = 0; w < 4; ++w) {
    splits += kData.splits(kStart + w * 21600, kStart + (w + 1) * 21600);
  }
  EXPECT_GT(splits, 0u);

  simdjson::dom::parser parser;
  std::string text = testing::read_file(path("report.json"));
  auto report = parse_json(parser, text);
  EXPECT_EQ(std::int64_t(report["rows"]), 20000);
  EXPECT_EQ(std::uint64_t(report["splits"]), splits);
  EXPECT_EQ(std::uint64_t(report["windows"]), 4 + splits);  // each split adds one window
  EXPECT_EQ(std::int64_t(report["retries"]), 0);
  auto queries = new_requests("query");
  EXPECT_EQ(std::uint64_t(report["requests"]), queries.size());
  EXPECT_EQ(queries.size(), 4 + 2 * splits);  // every split fetches both halves again

  // The windows written tile the range: each starts where the previous ended.
  std::string_view expected_from = "2024-05-01T00:00:00Z";
  std::int64_t rows = 0;
  for (auto w : report["window_list"].get_array()) {
    EXPECT_EQ(std::string_view(w["from"]), expected_from);
    expected_from = w["to"];
    std::int64_t from = *parse_utc_seconds(std::string_view(w["from"]));
    std::int64_t to = *parse_utc_seconds(std::string_view(w["to"]));
    EXPECT_EQ(std::int64_t(w["rows"]), kData.count(from, to));
    EXPECT_LE(std::int64_t(w["rows"]), kData.limit);
    rows += std::int64_t(w["rows"]);
  }
  EXPECT_EQ(expected_from, "2024-05-02T00:00:00Z");
  EXPECT_EQ(rows, 20000);
  // Every request is a window query whose timespan is its window (the fake answers 400 else).
  for (const auto& q : queries) {
    EXPECT_EQ(field(q, "query").rfind("Syslog | where TimeGenerated >= datetime(", 0), 0u) << q;
    EXPECT_EQ(field(q, "prefer"), "");
  }
}

TEST_F(LogsWindowTest, ResourceWindowsNeedNoFilterAndCsvMatches) {
  RunResult r =
      run({"logs", "--resource-id", resource("windowed"), "--table", "Syslog", "--from",
           "2024-05-01", "--to", "2024-05-02", "--window", "auto", "-o", path("out.csv")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(path("out.csv")));
  ASSERT_EQ(lines.size(), 20001u);
  EXPECT_EQ(lines[0], "TimeGenerated,Computer,Seq");
  for (std::int64_t i = 0; i < kData.rows; ++i) {
    ASSERT_EQ(lines[static_cast<std::size_t>(i + 1)], kData.csv(i)) << "row " << i;
  }
  auto queries = new_requests("query");
  ASSERT_FALSE(queries.empty());
  EXPECT_EQ(field(queries[0], "path"), "/v1" + resource("windowed") + "/query");
  EXPECT_EQ(field(queries[0], "query"),
            "Syslog | where TimeGenerated >= datetime(2024-05-01T00:00:00Z) and TimeGenerated < "
            "datetime(2024-05-02T00:00:00Z) | sort by TimeGenerated asc");
  EXPECT_EQ(field(queries[0], "timespan"), "2024-05-01T00:00:00Z/2024-05-02T00:00:00Z");
}

TEST_F(LogsWindowTest, WindowNeedsATableQuery) {
  RunResult r = run({"logs", "--workspace", testing::kWsWindowed, "--query", "Syslog", "--since",
                     "1h", "--window", "1h"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--window"), std::string::npos) << r.err;
  EXPECT_TRUE(new_requests("query").empty());
}

TEST_F(LogsWindowTest, StateRunsDeliverEveryRowExactlyOnce) {
  const std::vector<std::string> base = {"logs",   "--workspace", testing::kWsWindowed, "--table",
                                         "Syslog", "--state",     path("state.json"),   "--since",
                                         "12h"};
  auto with_output = [&](const char* name) {
    auto args = base;
    args.push_back("-o");
    args.push_back(path(name));
    return args;
  };
  // First run: no state yet, so --since 12h before "now", up to now minus the 10 minute lag.
  RunResult r = run(with_output("1.ndjson"), {{"RECPROC_NOW", "2024-05-01T12:00:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string source = std::string("workspace ") + testing::kWsWindowed + " table Syslog";
  EXPECT_EQ(testing::read_file(path("state.json")),
            "{\"version\":1,\"source\":\"" + source + "\",\"end\":\"2024-05-01T11:50:00Z\"}\n");
  auto queries = new_requests("query");
  ASSERT_FALSE(queries.empty());
  EXPECT_EQ(field(queries[0], "timespan"), "2024-05-01T00:00:00Z/2024-05-01T11:50:00Z");

  // A failed run (sign-in refused) publishes nothing and leaves the state where it was.
  r = run(with_output("failed.ndjson"),
          {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}, {"AZURE_CLIENT_SECRET", "wrong"}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("failed.ndjson")));
  EXPECT_NE(testing::read_file(path("state.json")).find("2024-05-01T11:50:00Z"), std::string::npos);

  // Second run: from the state's end; --since no longer matters.
  r = run(with_output("2.ndjson"), {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(testing::read_file(path("state.json")).find("\"end\":\"2024-05-02T00:00:00Z\""),
            std::string::npos);
  // Third run at the same "now": nothing new, an empty output, the state unchanged.
  r = run(with_output("3.ndjson"), {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(path("3.ndjson")), "");
  EXPECT_NE(testing::read_file(path("state.json")).find("\"end\":\"2024-05-02T00:00:00Z\""),
            std::string::npos);

  // The two runs together are one long run, and every row exactly once, in order.
  r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--from", "2024-05-01",
           "--to", "2024-05-02", "--window", "auto", "-o", path("all.ndjson")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string both = testing::read_file(path("1.ndjson")) + testing::read_file(path("2.ndjson"));
  EXPECT_EQ(both, testing::read_file(path("all.ndjson")));
  auto lines = testing::lines_of(both);
  ASSERT_EQ(lines.size(), 20000u);
  for (std::int64_t i = 0; i < kData.rows; ++i) {
    ASSERT_EQ(lines[static_cast<std::size_t>(i)], kData.ndjson(i)) << "row " << i;
  }
}

// --schema, -t and --rejects: the rows go through run's job, so `logs ... --schema -t` equals
// `logs -o all.ndjson && run all.ndjson --schema -t`, and every row is accounted for.
TEST_F(LogsWindowTest, RowsGoThroughTheSchemaStepsAndRejectsOfRun) {
  std::ofstream(path("hosts.json"))
      << R"({"type":"object","properties":{"Computer":{"enum":["host-0","host-1","host-2",)"
      << R"("host-3","host-4","host-5"]}}})";
  const std::vector<std::string> window = {
      "logs",       "--workspace", testing::kWsWindowed, "--table",  "Syslog", "--from",
      "2024-05-01", "--to",        "2024-05-02",         "--window", "6h"};
  const std::vector<std::string> job = {
      "--schema", path("hosts.json"), "-t", "filter Seq < 15000", "-t", "select Seq,Computer"};
  auto args = window;
  args.insert(args.end(), job.begin(), job.end());
  args.insert(args.end(), {"--rejects", path("bad.ndjson"), "--report", path("report.json"),
                           "--junit", path("junit.xml"), "--html", path("report.html"), "-o",
                           path("out.csv")});
  RunResult r = run(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto plain = window;
  plain.insert(plain.end(), {"-o", path("all.ndjson")});
  ASSERT_EQ(run(plain).exit_code, 0);
  std::vector<std::string> local = {"run", path("all.ndjson")};
  local.insert(local.end(), job.begin(), job.end());
  local.insert(local.end(), {"--rejects", path("local-bad.ndjson"), "-o", path("local.csv")});
  RunResult l = testing::run_recproc(local, {}, dir_.path());
  ASSERT_EQ(l.exit_code, 0) << l.err;
  EXPECT_EQ(testing::read_file(path("out.csv")), testing::read_file(path("local.csv")));

  // The rejects: the rows of host-6 before the filter drops them, each named by the source and
  // its row number as the line.
  const std::string source = std::string("workspace ") + testing::kWsWindowed + " table Syslog";
  auto rejects = testing::lines_of(testing::read_file(path("bad.ndjson")));
  auto local_rejects = testing::lines_of(testing::read_file(path("local-bad.ndjson")));
  std::size_t expected = 0;
  for (std::int64_t i = 0; i < kData.rows; ++i) expected += i % 7 == 6;
  ASSERT_EQ(rejects.size(), expected);
  ASSERT_EQ(local_rejects.size(), expected);
  simdjson::dom::parser parser;
  for (std::size_t k = 0; k < rejects.size(); ++k) {
    auto got = parse_json(parser, rejects[k]);
    std::string_view got_source = got["source"];
    ASSERT_EQ(got_source, source);
    std::uint64_t line = got["line"];
    ASSERT_EQ(line, 7 * k + 7);  // row 7k+6, 1-based
    std::string_view record = got["record"];
    ASSERT_EQ(record, kData.ndjson(static_cast<std::int64_t>(7 * k + 6)));
    // The same reject as the local run's, but for the source.
    std::string mine = rejects[k];
    mine.replace(mine.find(source), source.size(), path("all.ndjson"));
    ASSERT_EQ(mine, local_rejects[k]);
  }

  // The report: rows downloaded = records in = out + dropped + rejected.
  std::string text = testing::read_file(path("report.json"));
  auto report = parse_json(parser, text);
  EXPECT_EQ(std::int64_t(report["rows"]), kData.rows);
  EXPECT_EQ(std::int64_t(report["records"]["in"]), kData.rows);
  std::int64_t out = report["records"]["out"];
  std::int64_t dropped = report["records"]["dropped"];
  std::int64_t rejected = report["records"]["rejected"];
  EXPECT_EQ(out + dropped + rejected, kData.rows);
  EXPECT_EQ(rejected, static_cast<std::int64_t>(expected));
  auto csv_lines = testing::lines_of(testing::read_file(path("out.csv")));
  EXPECT_EQ(out, static_cast<std::int64_t>(csv_lines.size()) - 1);  // the header
  EXPECT_EQ(std::int64_t(report["exit_code"]), 0);

  // "run" is the whole run report: the same counts, and the rejects grouped by field and rule
  // with their first examples named by source and row, as `run --report` writes them.
  auto job_report = report["run"];
  EXPECT_EQ(std::string_view(job_report["command"]), "run");
  EXPECT_EQ(std::string_view(job_report["policy"]), "quarantine");
  EXPECT_EQ(std::int64_t(job_report["records_in"]), kData.rows);
  EXPECT_EQ(std::int64_t(job_report["records_rejected"]), rejected);
  simdjson::dom::array groups = job_report["errors"];
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(std::string_view(groups.at(0)["path"]), "/Computer");
  EXPECT_EQ(std::int64_t(groups.at(0)["count"]), rejected);
  EXPECT_EQ(std::string_view(groups.at(0)["examples"].at(0)["file"]), source);
  EXPECT_EQ(std::uint64_t(groups.at(0)["examples"].at(0)["line"]), 7u);

  // --junit and --html come from the same job.
  const std::string junit = testing::read_file(path("junit.xml"));
  EXPECT_NE(junit.find("failures=\"1\""), std::string::npos) << junit;
  EXPECT_NE(junit.find(source), std::string::npos) << junit;
  const std::string html = testing::read_file(path("report.html"));
  EXPECT_NE(html.find("<html"), std::string::npos);
  EXPECT_NE(html.find("/Computer"), std::string::npos);
}

// Under --on-error fail the first bad row ends the job: exit 1 naming the source and row, no
// output, and no state, so the next run fetches the same rows again.
TEST_F(LogsWindowTest, ABadRowUnderTheFailPolicyPublishesNothingAndKeepsTheState) {
  std::ofstream(path("no3.json"))
      << R"({"type":"object","properties":{"Computer":{"not":{"const":"host-3"}}}})";
  const std::vector<std::string> args = {"logs",
                                         "--workspace",
                                         testing::kWsWindowed,
                                         "--table",
                                         "Syslog",
                                         "--state",
                                         path("fail.state"),
                                         "--from",
                                         "2024-05-01",
                                         "--schema",
                                         path("no3.json"),
                                         "-o",
                                         path("fail.ndjson")};
  RunResult r = run(args, {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  // Row Seq 3 is the first of host-3: line 4.
  EXPECT_NE(r.err.find("workspace " + std::string(testing::kWsWindowed) + " table Syslog:4: "),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(path("fail.ndjson")));
  EXPECT_FALSE(std::filesystem::exists(path("fail.state")));
}

// --window and --state for the Activity Log: windows give the same events as one range, and two
// cron runs with a state equal one long run, each event once.
TEST_F(LogsWindowTest, ActivityLogWindowsAndStateDeliverEachEventOnce) {
  const std::vector<std::string> base = {"logs",          "--activity",     "--resource-id",
                                         resource("vm1"), "--arm-endpoint", server_->url()};
  auto with = [&](std::vector<std::string> extra) {
    auto args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  };
  RunResult r = run(with({"--from", "2024-05-01", "--to", "2024-05-02", "-o", path("one.ndjson")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string all = testing::read_file(path("one.ndjson"));
  ASSERT_EQ(testing::lines_of(all).size(), 25u);

  seen_ = server_->requests().size();
  r = run(with({"--from", "2024-05-01", "--to", "2024-05-02", "--window", "6h", "--report",
                path("w.json"), "-o", path("windows.ndjson")}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(path("windows.ndjson")), all);
  auto pages = new_requests("activity");
  ASSERT_EQ(pages.size(), 4u);  // 6 or 7 events per window: one page each
  simdjson::dom::parser parser;
  std::string params = field(pages[1], "params");
  EXPECT_EQ(std::string_view(parse_json(parser, params)["$filter"].at(0)),
            "eventTimestamp ge '2024-05-01T06:00:00Z' and eventTimestamp le "
            "'2024-05-01T12:00:00Z' and resourceUri eq '" +
                resource("vm1") + "'");
  std::string report = testing::read_file(path("w.json"));
  EXPECT_EQ(std::int64_t(parse_json(parser, report)["windows"]), 4);

  // Cron: the first run from --from to now - 10m, the next from there.
  const auto state = path("activity.state");
  r = run(with({"--state", state, "--from", "2024-05-01", "-o", path("1.ndjson")}),
          {{"RECPROC_NOW", "2024-05-01T10:10:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(state), "{\"version\":1,\"source\":\"activity " + resource("vm1") +
                                           "\",\"end\":\"2024-05-01T10:00:00Z\"}\n");
  r = run(with({"--state", state, "-o", path("2.ndjson")}),
          {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(path("1.ndjson")) + testing::read_file(path("2.ndjson")), all);
  // Nothing new at the same "now": an empty output, the state unchanged.
  r = run(with({"--state", state, "-o", path("3.ndjson")}),
          {{"RECPROC_NOW", "2024-05-02T00:10:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(path("3.ndjson")), "");
  EXPECT_NE(testing::read_file(state).find("2024-05-02T00:00:00Z"), std::string::npos);
}

// The Activity Log's events are nested; -t select picks flat fields, and CSV works then.
TEST_F(LogsWindowTest, ActivityLogThroughStepsToCsv) {
  RunResult r = run(
      {"logs", "--activity", "--resource-id", resource("vm1"), "--since", "24h", "--arm-endpoint",
       server_->url(), "-t", "select eventTimestamp,level", "-o", path("events.csv")},
      {{"RECPROC_NOW", "2024-05-02T00:00:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(path("events.csv")));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "eventTimestamp,level");
}

TEST_F(LogsWindowTest, StateOfAnotherQueryIsRefused) {
  RunResult r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--state",
                     path("s.json"), "--since", "1h", "-o", path("a.ndjson")},
                    {{"RECPROC_NOW", "2024-05-01T02:00:00Z"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Heartbeat", "--state",
           path("s.json"), "-o", path("b.ndjson")},
          {{"RECPROC_NOW", "2024-05-01T03:00:00Z"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "recproc: error: --state " + path("s.json") + ": written for workspace " +
                       testing::kWsWindowed + " table Syslog, not workspace " +
                       testing::kWsWindowed + " table Heartbeat\n");
  r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--state",
           path("new.json")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "recproc: error: --state " + path("new.json") +
                       ": no state yet; give --since or --from for where the first run starts\n");
}

TEST_F(LogsWindowTest, ReportCarriesTheServiceStatistics) {
  RunResult r = run({"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--from",
                     "2024-05-01T00:00:00Z", "--to", "2024-05-01T01:00:00Z", "--window", "30m",
                     "--include-statistics", "--server-timeout", "30", "--report",
                     path("report.json"), "-o", path("out.ndjson"), "--progress"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string rows = std::to_string(kData.count(kStart, kStart + 3600));
  EXPECT_NE(r.err.find("\rwindows 2/2  rows " + rows), std::string::npos) << r.err;
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(field(queries[0], "prefer"), "wait=30,include-statistics=true");
  simdjson::dom::parser parser;
  std::string text = testing::read_file(path("report.json"));
  auto report = parse_json(parser, text);
  EXPECT_EQ(std::int64_t(report["windows"]), 2);
  EXPECT_EQ(std::int64_t(report["splits"]), 0);
  EXPECT_EQ(std::int64_t(report["rows"]), kData.count(kStart, kStart + 3600));
  auto first = report["window_list"].at(0);
  EXPECT_EQ(std::string_view(first["from"]), "2024-05-01T00:00:00Z");
  EXPECT_EQ(std::string_view(first["to"]), "2024-05-01T00:30:00Z");
  EXPECT_EQ(double(first["statistics"]["query"]["executionTime"]), 0.0125);
  EXPECT_EQ(std::int64_t(first["statistics"]["query"]["datasetStatistics"].at(0)["tableRowCount"]),
            kData.count(kStart, kStart + 1800));
}

TEST_F(LogsWindowTest, ActivityLogFollowsPagesInTimeOrder) {
  RunResult r = run({"logs", "--activity", "--resource-id", resource("vm1"), "--from", "2024-05-01",
                     "--to", "2024-05-02", "--arm-endpoint", server_->url(), "--report",
                     path("report.json"), "-o", path("activity.ndjson")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(path("activity.ndjson")));
  ASSERT_EQ(lines.size(), 25u);
  simdjson::dom::parser parser;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    auto event = parse_json(parser, lines[i]);
    EXPECT_EQ(std::string_view(event["resourceId"]), resource("vm1"));
    EXPECT_EQ(std::string_view(event["properties"]["seq"]), std::to_string(i));
  }
  auto first = parse_json(parser, lines[0]);
  EXPECT_EQ(std::string_view(first["eventTimestamp"]), "2024-05-01T00:00:00.0000000Z");

  auto pages = new_requests("activity");
  ASSERT_EQ(pages.size(), 3u);  // 10 + 10 + 5 events
  const std::string filter =
      "eventTimestamp ge '2024-05-01T00:00:00Z' and eventTimestamp le "
      "'2024-05-02T00:00:00Z' and resourceUri eq '" +
      resource("vm1") + "'";
  for (const auto& page : pages) {
    EXPECT_EQ(field(page, "method"), "GET");
    EXPECT_EQ(field(page, "path"),
              std::string("/subscriptions/") + kSub +
                  "/providers/Microsoft.Insights/eventtypes/management/values");
    EXPECT_EQ(field(page, "token_scope"), "https://management.azure.com/.default");
    EXPECT_EQ(field(page, "accept"), "application/json");
  }
  simdjson::dom::parser p2;
  std::string params = field(pages[0], "params");
  auto first_params = parse_json(p2, params);
  EXPECT_EQ(std::string_view(first_params["api-version"].at(0)), "2015-04-01");
  EXPECT_EQ(std::string_view(first_params["$filter"].at(0)), filter);
  EXPECT_EQ(first_params["$skipToken"].error(), simdjson::NO_SUCH_FIELD);
  EXPECT_NE(field(pages[2], "query").find("%24skipToken=20"), std::string::npos) << pages[2];
  auto tokens = new_requests("token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(field(tokens[0], "scope"), "https://management.azure.com/.default");

  std::string text = testing::read_file(path("report.json"));
  auto report = parse_json(parser, text);
  EXPECT_EQ(std::int64_t(report["rows"]), 25);
  EXPECT_EQ(std::int64_t(report["pages"]), 3);
}

TEST_F(LogsWindowTest, ActivityLogIsHalfOpen) {
  // Events come every 86400 / 25 = 3456 s; the second one is stamped exactly at --to.
  RunResult r = run({"logs", "--activity", "--resource-id", resource("vm1"), "--from",
                     "2024-05-01T00:00:00Z", "--to", "2024-05-01T00:57:36Z", "--arm-endpoint",
                     server_->url(), "--report", path("report.json"), "-o", path("a.ndjson")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(path("a.ndjson")));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("\"eventTimestamp\":\"2024-05-01T00:00:00.0000000Z\""),
            std::string::npos);
  simdjson::dom::parser parser;
  std::string text = testing::read_file(path("report.json"));
  EXPECT_EQ(std::int64_t(parse_json(parser, text)["dropped"]), 1);
}

TEST_F(LogsWindowTest, ActivityLogRefusesCsvAndNeedsARange) {
  RunResult r = run({"logs", "--activity", "--resource-id", resource("vm1"), "--since", "1h",
                     "--arm-endpoint", server_->url(), "-o", path("a.csv")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "recproc: error: logs --activity writes NDJSON (events are nested objects); use -o "
            "*.ndjson, or -t select to pick flat fields for CSV\n");
  r = run(
      {"logs", "--activity", "--resource-id", resource("vm1"), "--arm-endpoint", server_->url()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "recproc: error: logs --activity: give --since, or --from and --to\n");
  EXPECT_TRUE(new_requests("activity").empty());
}

// ---- Acceptance: 7 days, 1,000,000 rows, 50,000 rows per response, throttling ---------------

TEST(LogsWindowAcceptance, SevenDaysOfAMillionRowsComeBackCompleteAndInOrder) {
  if (testing::recproc_binary().empty()) GTEST_SKIP() << "RECPROC_BINARY not built";
  constexpr Dataset kBig{1'000'000, 7 * 86400, 50'000};
  auto env = fake_env(kBig);
  env["FAKE_THROTTLE_EVERY"] = "20";
  FakeLogAnalytics server(env);
  testing::TempDir dir;
  auto out = dir.path() / "week.csv";
  auto report_path = dir.path() / "report.json";
  std::map<std::string, std::string> run_env = {{"AZURE_TENANT_ID", testing::kTenant},
                                                {"AZURE_CLIENT_ID", testing::kClientId},
                                                {"AZURE_CLIENT_SECRET", testing::kSecret},
                                                {"AZURE_AUTHORITY_HOST", server.url()},
                                                {"NO_PROXY", "127.0.0.1,localhost"}};
  RunResult r = testing::run_recproc(
      {"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--from", "2024-05-01",
       "--to", "2024-05-08", "--window", "auto", "--report", report_path.string(), "-o",
       out.string(), "--logs-endpoint", server.url()},
      run_env, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto lines = testing::lines_of(testing::read_file(out));
  ASSERT_EQ(lines.size(), 1'000'001u);
  for (std::int64_t i = 0; i < kBig.rows; ++i) {
    ASSERT_EQ(lines[static_cast<std::size_t>(i + 1)], kBig.csv(i)) << "row " << i;
  }
  simdjson::dom::parser parser;
  std::string text = testing::read_file(report_path);
  auto report = parse_json(parser, text);
  const std::size_t splits = kBig.splits(kStart, kStart + 7 * 86400);
  EXPECT_EQ(std::uint64_t(report["splits"]), splits);
  EXPECT_EQ(std::uint64_t(report["windows"]), 1 + splits);
  auto queries = testing::of_kind(server.requests(), "query");
  EXPECT_EQ(std::uint64_t(report["requests"]), queries.size());
  // Every 20th query was answered 429 (Retry-After: 1) and retried.
  EXPECT_EQ(std::uint64_t(report["retries"]), queries.size() / 20);
  EXPECT_GT(std::int64_t(report["retries"]), 0);
}

TEST(LogsWindowAcceptance, AWindowStillTruncatedAtOneSecondFails) {
  if (testing::recproc_binary().empty()) GTEST_SKIP() << "RECPROC_BINARY not built";
  FakeLogAnalytics server(fake_env(Dataset{1000, 10, 10}));  // 100 rows a second, 10 allowed
  testing::TempDir dir;
  auto out = dir.path() / "dense.ndjson";
  RunResult r = testing::run_recproc(
      {"logs", "--workspace", testing::kWsWindowed, "--table", "Syslog", "--from",
       "2024-05-01T00:00:00Z", "--to", "2024-05-01T00:00:10Z", "--window", "auto", "-o",
       out.string(), "--logs-endpoint", server.url()},
      {{"AZURE_TENANT_ID", testing::kTenant},
       {"AZURE_CLIENT_ID", testing::kClientId},
       {"AZURE_CLIENT_SECRET", testing::kSecret},
       {"AZURE_AUTHORITY_HOST", server.url()}},
      dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("still truncated in a window of 1 s (10 rows returned): PartialError: "),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(LogsWindowAcceptance, AServiceErrorFailsTheRunAndKeepsTheState) {
  if (testing::recproc_binary().empty()) GTEST_SKIP() << "RECPROC_BINARY not built";
  auto env = fake_env(Dataset{20000, 86400, 1000});
  env["FAKE_FAIL_FROM"] = "6";  // the first run's windows succeed, the second's fail
  FakeLogAnalytics server(env);
  testing::TempDir dir;
  auto state = (dir.path() / "state.json").string();
  std::map<std::string, std::string> run_env = {{"AZURE_TENANT_ID", testing::kTenant},
                                                {"AZURE_CLIENT_ID", testing::kClientId},
                                                {"AZURE_CLIENT_SECRET", testing::kSecret},
                                                {"AZURE_AUTHORITY_HOST", server.url()},
                                                {"RECPROC_NOW", "2024-05-01T01:10:00Z"}};
  auto args = [&](const std::string& out) {
    return std::vector<std::string>{"logs",
                                    "--workspace",
                                    testing::kWsWindowed,
                                    "--table",
                                    "Syslog",
                                    "--state",
                                    state,
                                    "--since",
                                    "1h",
                                    "--window",
                                    "15m",
                                    "-o",
                                    out,
                                    "--logs-endpoint",
                                    server.url()};
  };
  auto first = (dir.path() / "1.ndjson").string();
  RunResult r = testing::run_recproc(args(first), run_env, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;  // 4 windows of 15 min, 833 or 834 rows each
  const std::string before = testing::read_file(state);
  EXPECT_NE(before.find("\"end\":\"2024-05-01T01:00:00Z\""), std::string::npos) << before;

  run_env["RECPROC_NOW"] = "2024-05-01T03:10:00Z";
  auto second = (dir.path() / "2.ndjson").string();
  // Plain, and through the job (--rejects): the service's error, not an echo of it, no output
  // and the state as it was.
  auto job_args = args(second);
  job_args.insert(job_args.end(), {"--rejects", (dir.path() / "bad.ndjson").string()});
  for (const auto& failing : {args(second), job_args}) {
    r = testing::run_recproc(failing, run_env, dir.path());
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_NE(r.err.find("still failing after retries (HTTP 500): InternalServerError"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(std::filesystem::exists(second));
    EXPECT_EQ(testing::read_file(state), before);
  }
}

}  // namespace
}  // namespace recproc::azure
