#include "azure/connection_string.h"

#include <gtest/gtest.h>

#include <map>

#include "recproc/error.h"

namespace recproc::azure {
namespace {

constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::string usage_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no UsageError)";
}

auto env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

TEST(ConnectionString, AzuriteWithBlobEndpoint) {
  auto c = parse_connection_string(
      "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" +
      std::string(kDevKey) + ";BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1/;");
  EXPECT_EQ(c.account, "devstoreaccount1");
  EXPECT_EQ(c.account_key, kDevKey);
  EXPECT_EQ(c.blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
  EXPECT_FALSE(c.uses_sas());
}

TEST(ConnectionString, DefaultEndpointFromProtocolAndSuffix) {
  auto c = parse_connection_string("accountname=acct;ACCOUNTKEY=" + std::string(kDevKey) +
                                   ";EndpointSuffix=core.chinacloudapi.cn");
  EXPECT_EQ(c.blob_endpoint, "https://acct.blob.core.chinacloudapi.cn");
  auto d = parse_connection_string("AccountName=acct;AccountKey=" + std::string(kDevKey));
  EXPECT_EQ(d.blob_endpoint, "https://acct.blob.core.windows.net");
}

TEST(ConnectionString, SharedAccessSignature) {
  auto c = parse_connection_string(
      "BlobEndpoint=https://"
      "acct.blob.core.windows.net;SharedAccessSignature=?sv=2022-11-02&sig=a%2Bb=");
  EXPECT_TRUE(c.uses_sas());
  EXPECT_EQ(c.sas_token, "sv=2022-11-02&sig=a%2Bb=");
  EXPECT_EQ(c.account, "acct");
  auto path_style = parse_connection_string(
      "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;SharedAccessSignature=sv=1&sig=x");
  EXPECT_EQ(path_style.account, "devstoreaccount1");
}

TEST(ConnectionString, DevelopmentStorage) {
  auto c = parse_connection_string("UseDevelopmentStorage=true");
  EXPECT_EQ(c.account, "devstoreaccount1");
  EXPECT_EQ(c.blob_endpoint, "http://127.0.0.1:10000/devstoreaccount1");
}

TEST(ConnectionString, ErrorsNameTheProblemButNeverTheValue) {
  EXPECT_EQ(usage_error([] { parse_connection_string("AccountName=acct"); }),
            "AZURE_STORAGE_CONNECTION_STRING: needs AccountKey or SharedAccessSignature");
  EXPECT_EQ(usage_error([] { parse_connection_string("AccountName=acct;AccountKey=s3cr3t!!"); }),
            "AZURE_STORAGE_CONNECTION_STRING: the account key is not valid base64");
  EXPECT_EQ(usage_error([] { parse_connection_string("AccountKey=" + std::string(kDevKey)); }),
            "AZURE_STORAGE_CONNECTION_STRING: AccountKey needs AccountName");
  EXPECT_EQ(usage_error([] { parse_connection_string("garbage-s3cr3t"); }),
            "AZURE_STORAGE_CONNECTION_STRING: expected Key=Value parts separated by ';'");
}

TEST(CredentialsFromEnv, ConnectionStringWins) {
  auto c = credentials_from_env(
      env_of({{"AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"},
              {"AZURE_STORAGE_ACCOUNT", "other"},
              {"AZURE_STORAGE_KEY", kDevKey}}));
  EXPECT_EQ(c.account, "devstoreaccount1");
}

TEST(CredentialsFromEnv, AccountAndKeyOrSas) {
  auto key = credentials_from_env(
      env_of({{"AZURE_STORAGE_ACCOUNT", "acct"}, {"AZURE_STORAGE_KEY", kDevKey}}));
  EXPECT_EQ(key.blob_endpoint, "https://acct.blob.core.windows.net");
  EXPECT_FALSE(key.uses_sas());
  auto sas =
      credentials_from_env(env_of({{"AZURE_STORAGE_ACCOUNT", "acct"},
                                   {"AZURE_STORAGE_SAS_TOKEN", "?sv=1&sig=abc"},
                                   {"AZURE_STORAGE_BLOB_ENDPOINT", "http://127.0.0.1:9/acct/"}}));
  EXPECT_TRUE(sas.uses_sas());
  EXPECT_EQ(sas.sas_token, "sv=1&sig=abc");
  EXPECT_EQ(sas.blob_endpoint, "http://127.0.0.1:9/acct");
}

TEST(CredentialsFromEnv, NoneIsAUsageError) {
  EXPECT_EQ(usage_error([] { credentials_from_env(env_of({})); }),
            "no Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, or "
            "AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN");
  EXPECT_EQ(usage_error([] {
              credentials_from_env(env_of({{"AZURE_STORAGE_ACCOUNT", "a"}}));
            }),
            "no Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, or "
            "AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN");
}

}  // namespace
}  // namespace recproc::azure
