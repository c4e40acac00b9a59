// Log Analytics download (issue 7) against tests/azure/fake_log_analytics.py on 127.0.0.1: the
// token flow, every server mode, the exact query text that reached the server, and the real
// binary's exit codes, atomic output and secret hygiene.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "azure/entra_credential.h"
#include "azure/entra_token.h"
#include "azure/kql.h"
#include "azure/log_analytics.h"
#include "logs_fake_server.h"
#include "logs_test_support.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

using testing::FakeLogAnalytics;
using testing::RunResult;

// The rows of the fake server's table (ROWS in fake_log_analytics.py), typed.
constexpr const char* kNormalNdjson =
    R"({"TimeGenerated":"2024-05-01T10:00:00.123Z","Computer":"web-01","EventCount":42,"Severity":3,"Ratio":0.25,"IsError":true,"Properties":{"a":1,"tags":["x","y"]},"CorrelationId":"3fa85f64-5717-4562-b3fc-2c963f66afa6","Duration":"00:01:30"})"
    "\n"
    R"({"TimeGenerated":"2024-05-01T10:05:00Z","Computer":"db \"primary\"\n\\line2 )"
    "\xc3\xbcn\xc3\xaf"
    R"(,x","EventCount":9007199254740993,"Severity":-7,"Ratio":1.5e+20,"IsError":false,"Properties":[1,2.50,{"b":null}],"CorrelationId":"00000000-0000-0000-0000-000000000000","Duration":"1.02:03:04.5000000"})"
    "\n"
    R"({"TimeGenerated":null,"Computer":null,"EventCount":null,"Severity":null,"Ratio":null,"IsError":null,"Properties":null,"CorrelationId":null,"Duration":null})"
    "\n"
    R"({"TimeGenerated":"2024-05-01T10:10:00Z","Computer":"","EventCount":0,"Severity":0,"Ratio":"NaN","IsError":false,"Properties":"not json","CorrelationId":null,"Duration":"-00:00:01"})"
    "\n";

constexpr const char* kNormalCsv =
    "TimeGenerated,Computer,EventCount,Severity,Ratio,IsError,Properties,CorrelationId,Duration\n"
    R"(2024-05-01T10:00:00.123Z,web-01,42,3,0.25,true,"{""a"":1,""tags"":[""x"",""y""]}",3fa85f64-5717-4562-b3fc-2c963f66afa6,00:01:30)"
    "\n"
    "2024-05-01T10:05:00Z,\"db \"\"primary\"\"\n\\line2 \xc3\xbcn\xc3\xaf,x\","
    R"(9007199254740993,-7,1.5e+20,false,"[1,2.50,{""b"":null}]",00000000-0000-0000-0000-000000000000,1.02:03:04.5000000)"
    "\n"
    ",,,,,,,,\n"
    "2024-05-01T10:10:00Z,,0,0,NaN,false,not json,,-00:00:01\n";

constexpr const char* kPartialMessage =
    "PartialError: There were some errors when processing your query. Something went wrong "
    "processing your query on the server. The results of this query exceed the set limit of "
    "500000 records, so not all records were returned (E_QUERY_RESULT_SET_TOO_LARGE, "
    "0x80DA0003).";

using testing::field;
using testing::of_kind;

class LogsServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new FakeLogAnalytics(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { seen_ = server_->requests().size(); }

  static EntraCredentials credentials(const char* secret = testing::kSecret) {
    EntraCredentials c;
    c.authority_host = server_->url();
    c.tenant_id = testing::kTenant;
    c.client_id = testing::kClientId;
    c.client_secret = secret;
    return c;
  }

  // Runs `q` through the library against the fake server; returns the output text.
  std::string query(LogsQuery q, LogsResponseSummary* summary = nullptr,
                    net::RetryPolicy retry = fast_retry()) {
    net::HttpClient http(logs_http_options(q.server_timeout_seconds));
    EntraToken token(client_secret_chain(credentials(), {}, retry), kLogsScope);
    LogAnalyticsClient client(http, token, server_->url(), retry);
    testing::CellText cells;
    LogsResponseSummary s = client.query(q, cells);
    fetches_ = token.fetches();
    if (summary != nullptr) *summary = s;
    return cells.text;
  }

  static LogsQuery q(const char* workspace, std::string text = "Syslog") {
    LogsQuery out;
    out.workspace_id = workspace;
    out.query = std::move(text);
    return out;
  }

  static net::RetryPolicy fast_retry() {
    net::RetryPolicy p;
    p.max_attempts = 3;
    p.initial_backoff = std::chrono::milliseconds(10);
    p.max_backoff = std::chrono::milliseconds(50);
    p.max_total = std::chrono::milliseconds(10'000);
    return p;
  }

  // Requests received since this test started.
  std::vector<std::string> new_requests(const char* kind) const {
    auto all = server_->requests();
    return of_kind(std::vector<std::string>(all.begin() + static_cast<long>(seen_), all.end()),
                   kind);
  }

  static FakeLogAnalytics* server_;
  std::size_t seen_ = 0;
  int fetches_ = 0;
};

FakeLogAnalytics* LogsServerTest::server_ = nullptr;

// A query may run for minutes before the service sends its first byte: that silence is not a
// stalled connection (net::HttpOptions::stall_timeout), however long the server may take.
TEST(LogsHttpOptions, NoStallLimitShorterThanTheRequest) {
  for (int server : {0, 30, 600}) {
    const net::HttpOptions o = logs_http_options(server);
    EXPECT_GE(std::chrono::duration_cast<std::chrono::milliseconds>(o.stall_timeout),
              o.request_timeout)
        << server;
    EXPECT_GE(o.request_timeout, std::chrono::seconds((server ? server : 180) + 60)) << server;
  }
}

TEST_F(LogsServerTest, TypesEveryColumnTypeAsNdjson) {
  LogsResponseSummary summary;
  EXPECT_EQ(query(q(testing::kWsNormal), &summary), kNormalNdjson);
  EXPECT_EQ(summary.rows, 4u);
  EXPECT_EQ(summary.columns, 9u);
  EXPECT_EQ(summary.partial_error, "");
}

TEST_F(LogsServerTest, TokenRequestIsTheDocumentedForm) {
  query(q(testing::kWsNormal));
  auto tokens = new_requests("token");
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(field(tokens[0], "tenant"), testing::kTenant);
  EXPECT_EQ(field(tokens[0], "content_type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(field(tokens[0], "grant_type"), "client_credentials");
  EXPECT_EQ(field(tokens[0], "client_id"), testing::kClientId);
  EXPECT_EQ(field(tokens[0], "scope"), "https://api.loganalytics.io/.default");
  EXPECT_EQ(field(tokens[0], "secret_ok"), "true");
  EXPECT_EQ(field(tokens[0], "fields"), R"(["client_id", "client_secret", "grant_type", "scope"])");
}

TEST_F(LogsServerTest, QueryRequestCarriesTimespanPreferAndGzip) {
  LogsQuery request = q(testing::kWsNormal);
  request.timespan = "PT24H";
  request.server_timeout_seconds = 30;
  query(request);
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "query"), "Syslog");
  EXPECT_EQ(field(queries[0], "timespan"), "PT24H");
  EXPECT_EQ(field(queries[0], "prefer"), "wait=30");
  EXPECT_EQ(field(queries[0], "content_type"), "application/json");
  EXPECT_NE(field(queries[0], "accept_encoding").find("gzip"), std::string::npos);
  EXPECT_EQ(field(queries[0], "token_known"), "true");
}

TEST_F(LogsServerTest, NoTimespanAndNoPreferWhenNotAsked) {
  query(q(testing::kWsNormal));
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "timespan"), "null");
  EXPECT_EQ(field(queries[0], "prefer"), "");
}

TEST_F(LogsServerTest, ExactKqlReachesTheServer) {
  const std::string id =
      "/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6/resourceGroups/rg-prod.(eu)_1/"
      "providers/Microsoft.Compute/virtualMachines/vm-01";
  std::string kql = build_table_query("Syslog", id, "_ResourceId");
  query(q(testing::kWsNormal, kql));
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "query"), "Syslog | where _ResourceId =~ \"" + id + "\"");
}

TEST_F(LogsServerTest, QueryTextIsSentVerbatim) {
  // --query is the user's own KQL: quotes, backslashes, newlines and non-ASCII survive JSON.
  const std::string kql = "Syslog\n| where Message has \"a\\\\b\" and Computer == '\xc3\xa9'";
  query(q(testing::kWsNormal, kql));
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "query"), kql);
}

TEST_F(LogsServerTest, EmptyResultHasColumnsAndNoRows) {
  LogsResponseSummary summary;
  EXPECT_EQ(query(q(testing::kWsEmpty), &summary), "");
  EXPECT_EQ(summary.rows, 0u);
  EXPECT_EQ(summary.columns, 9u);
}

TEST_F(LogsServerTest, PartialResultFailsWithTheServiceMessage) {
  std::string message =
      testing::error_of<PartialResultError>([&] { query(q(testing::kWsPartial)); });
  EXPECT_EQ(message, std::string("Log Analytics workspace ") + testing::kWsPartial +
                         ": partial result: " + kPartialMessage);
}

TEST_F(LogsServerTest, PartialResultAllowedWritesTheRows) {
  LogsQuery request = q(testing::kWsPartial);
  request.allow_partial = true;
  LogsResponseSummary summary;
  std::string out = query(request, &summary);
  EXPECT_EQ(out, testing::lines_of(kNormalNdjson)[0] + "\n");
  EXPECT_EQ(summary.rows, 1u);
  EXPECT_EQ(summary.partial_error, kPartialMessage);
}

TEST_F(LogsServerTest, ThrottledQueryIsRetriedAfterRetryAfter) {
  EXPECT_EQ(query(q(testing::kWsThrottle)), kNormalNdjson);
  EXPECT_EQ(new_requests("query").size(), 2u);
  EXPECT_EQ(fetches_, 1);
}

TEST_F(LogsServerTest, ExpiredTokenIsRefreshedOnce) {
  EXPECT_EQ(query(q(testing::kWsExpired)), kNormalNdjson);
  EXPECT_EQ(fetches_, 2);
  EXPECT_EQ(new_requests("token").size(), 2u);
  EXPECT_EQ(new_requests("query").size(), 2u);
}

TEST_F(LogsServerTest, RefusedTokenAfterRefreshIsAnIoError) {
  std::string message = testing::error_of<IoError>([&] { query(q(testing::kWsUnauthorized)); });
  EXPECT_EQ(message,
            std::string("Log Analytics workspace ") + testing::kWsUnauthorized +
                ": access denied (HTTP 401): InvalidTokenError: The provided authentication is "
                "not valid for this resource");
  EXPECT_EQ(new_requests("token").size(), 2u);
  EXPECT_EQ(new_requests("query").size(), 2u);
}

TEST_F(LogsServerTest, MalformedJsonIsAnIoError) {
  std::string message = testing::error_of<IoError>([&] { query(q(testing::kWsMalformed)); });
  EXPECT_TRUE(message.starts_with(std::string("Log Analytics workspace ") + testing::kWsMalformed +
                                  ": malformed response: "))
      << message;
}

TEST_F(LogsServerTest, RejectedQueryIsAUsageErrorWithTheServiceMessage) {
  std::string message =
      testing::error_of<UsageError>([&] { query(q(testing::kWsBadQuery, "| bad")); });
  EXPECT_EQ(message,
            std::string("Log Analytics workspace ") + testing::kWsBadQuery +
                ": query rejected (HTTP 400): BadArgumentError: The request had some invalid "
                "properties. A recognition error occurred in the query. Query could not be "
                "parsed at '|' on line [1,0]");
}

TEST_F(LogsServerTest, ServerErrorsAreRetriedThenReported) {
  std::string message = testing::error_of<IoError>([&] { query(q(testing::kWsServerError)); });
  EXPECT_EQ(message,
            std::string("Log Analytics workspace ") + testing::kWsServerError +
                ": still failing after retries (HTTP 500): InternalServerError: An internal "
                "error occurred");
  EXPECT_EQ(new_requests("query").size(), 3u);  // fast_retry().max_attempts
}

TEST_F(LogsServerTest, LargeGzippedResultStreamsEveryRow) {
  LogsResponseSummary summary;
  std::string out = query(q(testing::kWsLarge), &summary);
  auto lines = testing::lines_of(out);
  ASSERT_EQ(lines.size(), 5000u);
  EXPECT_EQ(summary.rows, 5000u);
  EXPECT_EQ(
      lines[4999],
      R"({"TimeGenerated":"2024-05-01T10:00:00Z","Computer":"host-4999","EventCount":4999,"Severity":1,"Ratio":1249.75,"IsError":false,"Properties":{"i":4999},"CorrelationId":"00000000-0000-0000-0000-000000001387","Duration":"00:00:01"})");
}

TEST_F(LogsServerTest, WrongSecretReportsTheAadstsCodeButNotTheSecret) {
  EntraToken token(client_secret_chain(credentials("not-the-secret"), {}, fast_retry()),
                   kLogsScope);
  std::string message = testing::error_of<IoError>([&] { token.get(); });
  EXPECT_EQ(message,
            std::string("Microsoft Entra ID token for client \"") + testing::kClientId +
                "\" in tenant " + testing::kTenant +
                ": refused (HTTP 401 invalid_client): AADSTS7000215: Invalid client secret "
                "provided. Ensure the secret being sent in the request is the client secret "
                "value, not the client secret ID, for a secret added to app '" +
                testing::kClientId + "'.");
  EXPECT_EQ(message.find("not-the-secret"), std::string::npos);
}

TEST_F(LogsServerTest, UnknownTenantReportsTheAadstsCode) {
  EntraCredentials c = credentials();
  c.tenant_id = "other-tenant";
  EntraToken token(client_secret_chain(c, {}, fast_retry()), kLogsScope);
  std::string message = testing::error_of<IoError>([&] { token.get(); });
  EXPECT_NE(message.find("(HTTP 400 invalid_request): AADSTS90002: Tenant "
                         "'other-tenant' not found."),
            std::string::npos)
      << message;
}

TEST_F(LogsServerTest, HostileIdsAreRefusedBeforeAnyRequest) {
  const std::string sub = "/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6";
  const std::vector<std::string> hostile = {
      sub + "/resourceGroups/rg\" | take 1 //",
      sub + "/resourceGroups/rg'x",
      sub + "/resourceGroups/rg\\",
      sub + "/resourceGroups/rg\n| union *",
      sub + "/resourceGroups/rg|x",
      sub + "//resourceGroups/rg",
      sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm//x",
  };
  for (const auto& id : hostile) {
    EXPECT_THROW(build_table_query("Syslog", id, "_ResourceId"), UsageError) << id;
  }
  EXPECT_THROW(build_table_query("Syslog | union *", std::nullopt), UsageError);
  EXPECT_THROW(build_table_query("Syslog", sub, "_ResourceId == \"x\" or 1"), UsageError);
  LogsQuery bad_workspace = q("../../v1/workspaces/x");
  EXPECT_THROW(query(bad_workspace), UsageError);
  EXPECT_TRUE(new_requests("token").empty());
  EXPECT_TRUE(new_requests("query").empty());
}

// ---- The real binary ------------------------------------------------------------------------

class LogsBinaryTest : public LogsServerTest {
 protected:
  void SetUp() override {
    LogsServerTest::SetUp();
    if (testing::recproc_binary().empty()) GTEST_SKIP() << "RECPROC_BINARY not built";
  }

  RunResult run(std::vector<std::string> args, const char* secret = testing::kSecret) {
    args.push_back("--logs-endpoint");
    args.push_back(server_->url());
    std::map<std::string, std::string> env = {
        {"AZURE_TENANT_ID", testing::kTenant},
        {"AZURE_CLIENT_ID", testing::kClientId},
        {"AZURE_CLIENT_SECRET", secret},
        {"AZURE_AUTHORITY_HOST", server_->url()},
        {"NO_PROXY", "127.0.0.1,localhost"},
        {"no_proxy", "127.0.0.1,localhost"},
        // When the secret is missing the credential chain goes on (issue 15): keep it on
        // loopback (nothing listens on port 1) and away from any real `az`.
        {"RECPROC_IMDS_ENDPOINT", "http://127.0.0.1:1"},
        {"PATH", "/nonexistent-recproc-test"},
    };
    return testing::run_recproc(args, env, dir_.path());
  }

  std::vector<std::string> dir_entries() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(out_dir_)) {
      out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  testing::TempDir dir_;
  std::filesystem::path out_dir_ = [this] {
    auto p = dir_.path() / "out";
    std::filesystem::create_directory(p);
    return p;
  }();
};

TEST_F(LogsBinaryTest, WritesNdjsonFileAtomically) {
  auto out = out_dir_ / "syslog.ndjson";
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--table", "Syslog", "--since",
                     "24h", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(out), kNormalNdjson);
  EXPECT_EQ(dir_entries(), std::vector<std::string>{"syslog.ndjson"});
  EXPECT_EQ(r.out, "");
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "query"), "Syslog");
  EXPECT_EQ(field(queries[0], "timespan"), "PT24H");
}

TEST_F(LogsBinaryTest, CsvByExtensionAndStdoutStreaming) {
  auto out = out_dir_ / "syslog.csv";
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog", "-o",
                     out.string(), "--from", "2024-05-01", "--to", "2024-05-02T00:00:00Z"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(out), kNormalCsv);
  auto queries = new_requests("query");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(field(queries[0], "timespan"), "2024-05-01/2024-05-02T00:00:00Z");

  r = run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog", "-o", "-"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, kNormalNdjson);
}

// Output format and compression follow the same rule as `recproc run`: data.csv.gz is CSV, gzipped.
TEST_F(LogsBinaryTest, CompressedCsvByExtension) {
  auto out = out_dir_ / "syslog.csv.gz";
  RunResult r =
      run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string command = "gzip -dc '" + out.string() + "'";
  std::string text;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    ::pclose(p);
  }
  EXPECT_EQ(text, kNormalCsv);
}

TEST_F(LogsBinaryTest, EmptyResultWritesNothingOrOnlyTheHeader) {
  RunResult r = run({"logs", "--workspace", testing::kWsEmpty, "--query", "Syslog", "-o",
                     (out_dir_ / "empty.csv").string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(out_dir_ / "empty.csv"),
            "TimeGenerated,Computer,EventCount,Severity,Ratio,IsError,Properties,CorrelationId,"
            "Duration\n");
  r = run({"logs", "--workspace", testing::kWsEmpty, "--query", "Syslog"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

// The rows go through the same writers as `recproc run` (issue 16): the same rows written by
// `logs` and by `run` from logs' own NDJSON are the same bytes, in CSV, TSV and another delimiter.
TEST_F(LogsBinaryTest, LogsAndRunWriteTheSameBytes) {
  auto ndjson = (out_dir_ / "rows.ndjson").string();
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog", "-o", ndjson});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(ndjson), kNormalNdjson);
  const std::vector<std::vector<std::string>> variants = {
      {"a.csv"}, {"a.tsv"}, {"b.csv", "--delimiter", ";"}, {"c.txt", "--output-format", "tsv"}};
  for (const auto& v : variants) {
    std::vector<std::string> extra(v.begin() + 1, v.end());
    auto from_logs = (out_dir_ / ("logs-" + v[0])).string();
    auto from_run = (out_dir_ / ("run-" + v[0])).string();
    std::vector<std::string> logs = {"logs",   "--workspace", testing::kWsNormal, "--query",
                                     "Syslog", "-o",          from_logs};
    logs.insert(logs.end(), extra.begin(), extra.end());
    r = run(logs);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::string> run_args = {"run", ndjson, "-o", from_run};
    run_args.insert(run_args.end(), extra.begin(), extra.end());
    r = testing::run_recproc(run_args, {}, dir_.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(testing::read_file(from_logs), testing::read_file(from_run)) << v[0];
    EXPECT_FALSE(testing::read_file(from_logs).empty());
  }
  EXPECT_EQ(testing::lines_of(testing::read_file(out_dir_ / "logs-a.tsv"))[0],
            "TimeGenerated\tComputer\tEventCount\tSeverity\tRatio\tIsError\tProperties\t"
            "CorrelationId\tDuration");
}

TEST_F(LogsBinaryTest, PartialResultExitsOneAndLeavesNoFile) {
  auto out = out_dir_ / "partial.ndjson";
  RunResult r =
      run({"logs", "--workspace", testing::kWsPartial, "--query", "Syslog", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, std::string("recproc: error: Log Analytics workspace ") + testing::kWsPartial +
                       ": partial result: " + kPartialMessage +
                       " (--allow-partial writes the rows that were returned)\n");
  EXPECT_TRUE(dir_entries().empty());
}

TEST_F(LogsBinaryTest, AllowPartialWritesRowsAndWarns) {
  auto out = out_dir_ / "partial.ndjson";
  RunResult r = run({"logs", "--workspace", testing::kWsPartial, "--query", "Syslog", "-o",
                     out.string(), "--allow-partial"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::read_file(out), testing::lines_of(kNormalNdjson)[0] + "\n");
  EXPECT_NE(
      r.err.find(std::string("recproc: warning: Log Analytics workspace ") + testing::kWsPartial +
                 ": partial result, 1 rows written: " + kPartialMessage),
      std::string::npos)
      << r.err;
}

TEST_F(LogsBinaryTest, AuthFailureExitsThree) {
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog"}, "wrong");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("AADSTS7000215"), std::string::npos) << r.err;
  r = run({"logs", "--workspace", testing::kWsUnauthorized, "--query", "Syslog"});
  EXPECT_EQ(r.exit_code, 3);
}

TEST_F(LogsBinaryTest, MalformedResponseExitsThreeAndLeavesNoFile) {
  auto out = out_dir_ / "bad.ndjson";
  RunResult r =
      run({"logs", "--workspace", testing::kWsMalformed, "--query", "Syslog", "-o", out.string()});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_TRUE(dir_entries().empty());
}

TEST_F(LogsBinaryTest, HostileResourceIdExitsTwoBeforeAnyRequest) {
  RunResult r =
      run({"logs", "--workspace", testing::kWsNormal, "--table", "Syslog", "--resource-id",
           "/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6/resourceGroups/"
           "x\" or 1==1 //"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "recproc: error: --resource-id \"/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6/"
            "resourceGroups/x\\\" or 1==1 //\": not an Azure resource id (/subscriptions/<guid>/"
            "resourceGroups/<group>/providers/<Namespace>/<type>/<name>)\n");
  EXPECT_TRUE(new_requests("token").empty());
  EXPECT_TRUE(new_requests("query").empty());
}

TEST_F(LogsBinaryTest, MissingSecretExitsTwo) {
  RunResult r = run({"logs", "--workspace", testing::kWsNormal, "--query", "Syslog"}, "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("AZURE_CLIENT_SECRET is not set"), std::string::npos) << r.err;
}

TEST_F(LogsBinaryTest, SecretNeverLeaksAtDebugLevel) {
  // The throttled workspace keeps the process alive for a Retry-After second, long enough to
  // sample its command line (and any child's) while it runs.
  for (const char* secret : {testing::kSecret, "wrong-CANARY-secret"}) {
    RunResult r =
        run({"-v", "logs", "--workspace", testing::kWsThrottle, "--query", "Syslog"}, secret);
    EXPECT_EQ(r.exit_code, std::string(secret) == testing::kSecret ? 0 : 3) << r.err;
    EXPECT_NE(r.err.find("http request"), std::string::npos) << "not at debug level: " << r.err;
    for (const std::string& text : {r.out, r.err}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << text;
      EXPECT_EQ(text.find("fake-token-"), std::string::npos) << text;
    }
    ASSERT_FALSE(r.cmdlines.empty());
    for (const auto& cmdline : r.cmdlines) {
      EXPECT_EQ(cmdline.find(secret), std::string::npos) << cmdline;
    }
  }
}

}  // namespace
}  // namespace recproc::azure
