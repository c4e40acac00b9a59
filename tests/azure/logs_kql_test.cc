// KQL building from outside values and query timespans (issue 7): grammars, escaping, and the
// exact messages of refusals.
#include <gtest/gtest.h>

#include <string>

#include "azure/entra_credential.h"
#include "azure/kql.h"
#include "azure/log_analytics.h"
#include "azure/logs_timespan.h"
#include "logs_test_support.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

constexpr const char* kSub = "/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6";

std::string usage_error(auto&& f) { return testing::error_of<UsageError>(f); }

TEST(LogsKql, Identifiers) {
  EXPECT_TRUE(is_kql_identifier("Syslog"));
  EXPECT_TRUE(is_kql_identifier("MyApp_CL"));
  EXPECT_TRUE(is_kql_identifier("_ResourceId"));
  EXPECT_FALSE(is_kql_identifier(""));
  EXPECT_FALSE(is_kql_identifier("1Table"));
  EXPECT_FALSE(is_kql_identifier("Sys log"));
  EXPECT_FALSE(is_kql_identifier("Syslog|take"));
  EXPECT_FALSE(is_kql_identifier("['Syslog']"));
  EXPECT_FALSE(is_kql_identifier(std::string(257, 'a')));
}

TEST(LogsKql, Guids) {
  EXPECT_TRUE(is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa6"));
  EXPECT_TRUE(is_guid("3FA85F64-5717-4562-B3FC-2C963F66AFA6"));
  EXPECT_FALSE(is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa"));
  EXPECT_FALSE(is_guid("3fa85f64-5717-4562-b3fc-2c963f66afa6/"));
  EXPECT_FALSE(is_guid("3fa85f6445717-4562-b3fc-2c963f66afa6"));
  EXPECT_FALSE(is_guid("g3a85f64-5717-4562-b3fc-2c963f66afa6"));
}

TEST(LogsKql, ResourceIdsThatAreValid) {
  std::string sub = kSub;
  EXPECT_TRUE(is_azure_resource_id(sub));
  EXPECT_TRUE(is_azure_resource_id(sub + "/resourceGroups/rg-prod"));
  EXPECT_TRUE(is_azure_resource_id(sub + "/resourcegroups/RG_(1).x"));
  EXPECT_TRUE(is_azure_resource_id(
      sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-01"));
  EXPECT_TRUE(is_azure_resource_id(
      sub + "/resourceGroups/rg/providers/Microsoft.Sql/servers/s1/databases/db1"));
  EXPECT_TRUE(is_azure_resource_id(
      sub +
      "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/"
      "Microsoft.Insights/diagnosticSettings/ds"));
  EXPECT_TRUE(is_azure_resource_id(sub + "/providers/Microsoft.Web/sites/app"));
}

TEST(LogsKql, ResourceIdsThatAreRefused) {
  std::string sub = kSub;
  for (const std::string& id : {
           std::string(""),
           std::string("subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6"),
           std::string("/subscriptions/not-a-guid"),
           sub + "/",
           sub + "//resourceGroups/rg",
           sub + "/resourceGroups/",
           sub + "/resourceGroups/rg.",
           sub + "/resourceGroups/rg\"",
           sub + "/resourceGroups/rg'",
           sub + "/resourceGroups/rg\\",
           sub + "/resourceGroups/rg\n",
           sub + "/resourceGroups/rg\r",
           sub + "/resourceGroups/rg|take 1",
           sub + "/resourceGroups/rg x",
           sub + "/resourceGroups/..",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines",
           sub + "/resourceGroups/rg/providers/Compute/virtualMachines/vm",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extra",
           sub + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm//",
           sub + "/resourceGroups/rg/things/x",
           sub + "/resourceGroups/rg/providers/Microsoft..Compute/virtualMachines/vm",
           sub + "/resourceGroups/" + std::string(3000, 'a'),
       }) {
    EXPECT_FALSE(is_azure_resource_id(id)) << id;
  }
}

TEST(LogsKql, StringLiteralEscaping) {
  EXPECT_EQ(kql_string_literal("plain"), R"("plain")");
  EXPECT_EQ(kql_string_literal(R"(a"b\c)"), R"("a\"b\\c")");
  EXPECT_EQ(kql_string_literal("a\nb\rc\td"), R"("a\nb\rc\td")");
  EXPECT_EQ(kql_string_literal("it's // | ok"), R"("it's // | ok")");
  EXPECT_EQ(kql_string_literal("\xc3\xa9"), "\"\xc3\xa9\"");
  EXPECT_EQ(usage_error([] { kql_string_literal(std::string("a\0b", 3)); }),
            R"(value "a\u0000b" holds a control character that a KQL string literal cannot carry)");
}

TEST(LogsKql, TableQuery) {
  std::string id = std::string(kSub) +
                   "/resourceGroups/rg/providers/Microsoft.Compute/"
                   "virtualMachines/vm-01";
  EXPECT_EQ(build_table_query("Syslog", std::nullopt), "Syslog");
  EXPECT_EQ(build_table_query("Syslog", id), "Syslog | where _ResourceId =~ \"" + id + "\"");
  EXPECT_EQ(build_table_query("AzureDiagnostics", id, "ResourceId"),
            "AzureDiagnostics | where ResourceId =~ \"" + id + "\"");
}

TEST(LogsKql, TableQueryRefusals) {
  EXPECT_EQ(usage_error([] { build_table_query("Sys\"log", std::nullopt); }),
            R"("Sys\"log": not a table name (letters, digits and '_', starting with a )"
            R"(letter or '_'))");
  EXPECT_EQ(usage_error([] { build_table_query("Syslog", kSub, "a b"); }),
            R"("a b": not a column name (letters, digits and '_', starting )"
            R"(with a letter or '_'))");
  EXPECT_EQ(usage_error([] {
              build_table_query("Syslog", std::string(kSub) + "/resourceGroups/x\n| union *");
            }),
            R"("/subscriptions/3fa85f64-5717-4562-b3fc-2c963f66afa6/resourceGroups/)"
            R"(x\n| union *": not an Azure resource id (/subscriptions/<guid>/resourceGroups/)"
            R"(<group>/providers/<Namespace>/<type>/<name>))");
}

TEST(LogsKql, QuoteForMessageKeepsOneLine) {
  EXPECT_EQ(quote_for_message("a\"b\\c\nd\x01"), R"("a\"b\\c\nd\u0001")");
  EXPECT_EQ(quote_for_message(std::string(250, 'x')), "\"" + std::string(200, 'x') + "\"...");
}

TEST(LogsTimespan, Since) {
  EXPECT_EQ(timespan_since("30s"), "PT30S");
  EXPECT_EQ(timespan_since("15m"), "PT15M");
  EXPECT_EQ(timespan_since("24h"), "PT24H");
  EXPECT_EQ(timespan_since("7d"), "P7D");
  const char* kExpected = ": expected a number and a unit s, m, h or d (e.g. 24h, 7d)";
  for (const char* bad : {"", "h", "24", "0h", "-1h", "+1h", "1.5h", "24H", "1w", "1 h"}) {
    EXPECT_EQ(usage_error([&] { timespan_since(bad); }),
              quote_for_message(bad) + kExpected);
  }
  EXPECT_EQ(usage_error([] { timespan_since("99999999d"); }),
            R"("99999999d": longer than 12 years)");
}

TEST(LogsTimespan, UtcSeconds) {
  EXPECT_EQ(utc_seconds("2024-05-01"), 1714521600);
  EXPECT_EQ(utc_seconds("2024-05-01T06:00:00.5Z"), 1714543200);
  EXPECT_EQ(utc_seconds("2024-05-01T08:00+02:00"), 1714543200);
  EXPECT_EQ(utc_seconds("2024-02-29"), 1709164800);
  const char* kFormat =
      ": expected an ISO-8601 date or date-time (2024-05-01, 2024-05-01T06:00:00Z)";
  for (const char* bad : {"2023-02-29", "2024-01-01T25:00Z", "yesterday"}) {
    EXPECT_EQ(usage_error([&] { utc_seconds(bad); }), quote_for_message(bad) + kFormat);
  }
}

TEST(LogsEntra, FormEncoding) {
  EXPECT_EQ(form_urlencode("abc-._~XYZ019"), "abc-._~XYZ019");
  EXPECT_EQ(form_urlencode("a b&c=d+e/f%"), "a+b%26c%3Dd%2Be%2Ff%25");
  EXPECT_EQ(form_urlencode("https://api.loganalytics.io/.default"),
            "https%3A%2F%2Fapi.loganalytics.io%2F.default");
  EXPECT_EQ(form_urlencode("\xc3\xa9"), "%C3%A9");
}

TEST(LogsEntra, BaseUrls) {
  EXPECT_EQ(checked_base_url("https://login.microsoftonline.com/", "X"),
            "https://login.microsoftonline.com");
  EXPECT_EQ(checked_base_url("login.microsoftonline.us", "X"), "https://login.microsoftonline.us");
  EXPECT_EQ(checked_base_url("http://127.0.0.1:8080", "X"), "http://127.0.0.1:8080");
  EXPECT_EQ(usage_error([] { checked_base_url("http://example.com", "--logs-endpoint"); }),
            R"(--logs-endpoint "http://example.com": expected an https:// URL (plain http only )"
            R"(for 127.0.0.1 or localhost))");
  EXPECT_NE(usage_error([] { checked_base_url("https://a.example/x?y=1", "X"); }), "<no error>");
  EXPECT_NE(usage_error([] { checked_base_url("https://a.example/x y", "X"); }), "<no error>");
  EXPECT_NE(usage_error([] { checked_base_url("ftp://a.example", "X"); }), "<no error>");
}

TEST(LogsEntra, ScopePerCloud) {
  EXPECT_EQ(logs_scope_for("https://api.loganalytics.azure.com"),
            "https://api.loganalytics.io/.default");
  EXPECT_EQ(logs_scope_for("https://api.loganalytics.io"), "https://api.loganalytics.io/.default");
  EXPECT_EQ(logs_scope_for("https://api.loganalytics.us/"), "https://api.loganalytics.us/.default");
  EXPECT_EQ(logs_scope_for("api.loganalytics.azure.cn"),
            "https://api.loganalytics.azure.cn/.default");
  EXPECT_EQ(logs_scope_for("http://127.0.0.1:8080"), "https://api.loganalytics.io/.default");
}

}  // namespace
}  // namespace recproc::azure
