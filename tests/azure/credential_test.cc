// The Microsoft Entra ID credential chain (issue 15) against fake_token_server.py on 127.0.0.1,
// which checks requests as Microsoft documents them, and a fake `az` on PATH. No test reaches any
// address but 127.0.0.1: IMDS is always redirected with RECPROC_IMDS_ENDPOINT.
#include "azure/credential.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include "azure/entra_credential.h"
#include "logs_test_support.h"
#include "net/http_client.h"
#include "recproc/error.h"
#include "token_fake_server.h"

namespace recproc::azure {
namespace {

using testing::field;
using Env = std::map<std::string, std::string>;

class CredentialTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    server_ = new testing::FakeTokenServer();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    seen_ = server_->requests().size();
    server_->control("{}");
    bin_ = server_->dir() / ("bin-" + std::to_string(++counter_));
    std::filesystem::create_directories(bin_);
  }

  // An environment where every source is absent: IMDS points at a closed loopback port and
  // PATH at an empty directory.
  Env base_env() const {
    return {{"RECPROC_IMDS_ENDPOINT", "http://127.0.0.1:" + std::to_string(dead_port_)},
            {"PATH", bin_.string()}};
  }
  Env secret_env() const {
    Env env = base_env();
    env["AZURE_TENANT_ID"] = testing::kTenant;
    env["AZURE_CLIENT_ID"] = testing::kClientId;
    env["AZURE_CLIENT_SECRET"] = testing::kSecret;
    env["AZURE_AUTHORITY_HOST"] = server_->url();
    return env;
  }
  static CredentialOptions options(const Env& env) {
    CredentialOptions o;
    o.env = [env](const char* name) -> std::optional<std::string> {
      auto it = env.find(name);
      if (it == env.end()) return std::nullopt;
      return it->second;
    };
    o.retry.max_attempts = 2;
    o.retry.initial_backoff = std::chrono::milliseconds(10);
    return o;
  }
  std::vector<std::string> new_requests() const {
    auto all = server_->requests();
    return {all.begin() + static_cast<long>(seen_), all.end()};
  }
  // A fake `az` that records its arguments and prints `json`.
  std::string fake_az(const std::string& json, int exit_code = 0,
                      const std::string& stderr_text = "") const {
    std::string args = (bin_ / "az.args").string();
    std::string script = "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + args + "\ncat <<'EOF'\n" + json +
                         "\nEOF\ncat >&2 <<'EOF'\n" + stderr_text + "\nEOF\nexit " +
                         std::to_string(exit_code) + "\n";
    auto path = bin_ / "az";
    std::ofstream(path) << script;
    ::chmod(path.c_str(), 0755);
    return args;
  }

  static testing::FakeTokenServer* server_;
  static int counter_;
  std::size_t seen_ = 0;
  std::filesystem::path bin_;
  int dead_port_ = testing::closed_port();
};

testing::FakeTokenServer* CredentialTest::server_ = nullptr;
int CredentialTest::counter_ = 0;

TEST_F(CredentialTest, ClientSecretFromTheEnvironment) {
  auto chain = default_credential(options(secret_env()));
  std::string token = chain->token(kStorageScope);
  EXPECT_EQ(chain->source(), "environment (AZURE_CLIENT_SECRET)");
  std::string claims = testing::jwt_claims(token);
  EXPECT_EQ(field(claims, {"aud"}), "https://storage.azure.com");
  EXPECT_EQ(field(claims, {"iss"}),
            std::string("https://sts.windows.net/") + testing::kTenant + "/");

  auto requests = new_requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& r = requests[0];
  EXPECT_EQ(field(r, {"method"}), "POST");
  EXPECT_EQ(field(r, {"path"}), std::string("/") + testing::kTenant + "/oauth2/v2.0/token");
  EXPECT_EQ(field(r, {"content_type"}), "application/x-www-form-urlencoded");
  EXPECT_EQ(field(r, {"form", "grant_type"}), "client_credentials");
  EXPECT_EQ(field(r, {"form", "client_id"}), testing::kClientId);
  EXPECT_EQ(field(r, {"form", "scope"}), "https://storage.azure.com/.default");
  EXPECT_EQ(field(r, {"client_secret_ok"}), "true");
}

TEST_F(CredentialTest, WrongSecretStopsTheChainWithoutTheSecret) {
  Env env = secret_env();
  env["AZURE_CLIENT_SECRET"] = "wrong-CANARY-secret";
  fake_az(R"({"accessToken":"az-token","expires_on":4102444800})");
  auto chain = default_credential(options(env));
  std::string message = testing::error_of<IoError>([&] { chain->token(kStorageScope); });
  EXPECT_EQ(message, std::string("Microsoft Entra ID token for client \"") + testing::kClientId +
                         "\" in tenant " + testing::kTenant +
                         ": refused (HTTP 401 invalid_client): AADSTS7000215: Invalid client "
                         "secret provided.");
  EXPECT_FALSE(std::filesystem::exists(bin_ / "az.args")) << "the chain went on to az";
}

TEST_F(CredentialTest, WorkloadIdentityRereadsTheTokenFile) {
  Env env = base_env();
  auto file = bin_ / "federated-token";
  std::ofstream(file) << "assertion-one\n";
  env["AZURE_FEDERATED_TOKEN_FILE"] = file.string();
  env["AZURE_CLIENT_ID"] = testing::kClientId;
  env["AZURE_TENANT_ID"] = testing::kTenant;
  env["AZURE_AUTHORITY_HOST"] = server_->url();
  auto chain = default_credential(options(env));
  chain->token(kStorageScope);
  EXPECT_EQ(chain->source(), "workload identity (AZURE_FEDERATED_TOKEN_FILE)");
  std::ofstream(file) << "assertion-two\n";  // the kubelet rotated it
  chain->token(kStorageScope);
  EXPECT_EQ(chain->fetches(), 1) << "cached";
  chain->invalidate(kStorageScope);
  chain->token(kStorageScope);

  auto requests = new_requests();
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& r : requests) {
    EXPECT_EQ(field(r, {"path"}), std::string("/") + testing::kTenant + "/oauth2/v2.0/token");
    EXPECT_EQ(field(r, {"form", "grant_type"}), "client_credentials");
    EXPECT_EQ(field(r, {"form", "client_id"}), testing::kClientId);
    EXPECT_EQ(field(r, {"form", "scope"}), "https://storage.azure.com/.default");
    EXPECT_EQ(field(r, {"form", "client_assertion_type"}),
              "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    EXPECT_EQ(field(r, {"client_secret_ok"}), "false");
  }
  EXPECT_EQ(field(requests[0], {"form", "client_assertion"}), "assertion-one");
  EXPECT_EQ(field(requests[1], {"form", "client_assertion"}), "assertion-two");
}

TEST_F(CredentialTest, ImdsWithAUserAssignedIdentity) {
  Env env = base_env();
  env["RECPROC_IMDS_ENDPOINT"] = server_->url();
  env["AZURE_CLIENT_ID"] = "user-assigned-client-id";
  auto chain = default_credential(options(env));
  std::string token = chain->token("https://api.loganalytics.io/.default");
  EXPECT_EQ(chain->source(), "managed identity (IMDS)");
  EXPECT_EQ(field(testing::jwt_claims(token), {"aud"}), "https://api.loganalytics.io");
  auto requests = new_requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& r = requests[0];
  EXPECT_EQ(field(r, {"method"}), "GET");
  EXPECT_EQ(field(r, {"path"}), "/metadata/identity/oauth2/token");
  EXPECT_EQ(field(r, {"metadata"}), "true");
  EXPECT_EQ(field(r, {"query", "api-version"}), "2018-02-01");
  EXPECT_EQ(field(r, {"query", "resource"}), "https://api.loganalytics.io");
  EXPECT_EQ(field(r, {"query", "client_id"}), "user-assigned-client-id");
}

// net::HttpClient's own cap on a response body (what Log Analytics and the Activity Log rely on),
// tried on a real reply: a token response of a few hundred bytes against caps around its size.
TEST_F(CredentialTest, HttpClientStopsAResponseOverItsCap) {
  net::HttpRequest request;
  request.url =
      server_->url() + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https://x";
  request.headers.push_back({"Metadata", "true"});
  net::HttpClient http;
  std::size_t size = http.perform(request).body.size();
  ASSERT_GT(size, 100u);
  request.max_response_bytes = size;
  EXPECT_EQ(http.perform(request).body.size(), size);
  request.max_response_bytes = size - 1;
  EXPECT_THROW(http.perform(request), net::ResponseTooLarge);
  // Not retried: the same answer would come back.
  EXPECT_THROW(http.perform_with_retry(request, net::RetryPolicy{}, "GET token"),
               net::ResponseTooLarge);
  EXPECT_EQ(new_requests().size(), 4u);
}

TEST_F(CredentialTest, AppServiceIdentityEndpoint) {
  Env env = base_env();
  env["IDENTITY_ENDPOINT"] = server_->url() + "/msi/token";
  env["IDENTITY_HEADER"] = testing::kIdentityHeader;
  auto chain = default_credential(options(env));
  chain->token(kStorageScope);
  EXPECT_EQ(chain->source(), "managed identity (IDENTITY_ENDPOINT)");
  auto requests = new_requests();
  ASSERT_EQ(requests.size(), 1u);
  const std::string& r = requests[0];
  EXPECT_EQ(field(r, {"method"}), "GET");
  EXPECT_EQ(field(r, {"path"}), "/msi/token");
  EXPECT_EQ(field(r, {"query", "api-version"}), "2019-08-01");
  EXPECT_EQ(field(r, {"query", "resource"}), "https://storage.azure.com");
  EXPECT_EQ(field(r, {"query", "client_id"}), "");
  EXPECT_EQ(field(r, {"identity_header_ok"}), "true");
}

TEST_F(CredentialTest, ImdsAbsentGoesOnToTheAzureCli) {
  std::string args = fake_az(
      R"({"accessToken":"az-token-1","expiresOn":"2099-01-01 00:00:00.000000","expires_on":4070908800,"subscription":"s","tenant":"t","tokenType":"Bearer"})");
  auto chain = default_credential(options(base_env()));
  EXPECT_EQ(chain->token(kStorageScope), "az-token-1");
  EXPECT_EQ(chain->source(), "Azure CLI (az)");
  EXPECT_EQ(testing::read_file(args),
            "account\nget-access-token\n--output\njson\n--resource\nhttps://storage.azure.com\n");
  EXPECT_TRUE(new_requests().empty());
}

TEST_F(CredentialTest, ImdsWithoutIdentityGoesOnToTheAzureCli) {
  server_->control(R"({"imds_identity": false})");
  Env env = base_env();
  env["RECPROC_IMDS_ENDPOINT"] = server_->url();
  // Older az versions write only expiresOn, in local time.
  fake_az(R"({"accessToken":"az-token-2","expiresOn":"2099-01-01 00:00:00.000000"})");
  auto chain = default_credential(options(env));
  EXPECT_EQ(chain->token(kStorageScope), "az-token-2");
  EXPECT_EQ(new_requests().size(), 1u);
}

TEST_F(CredentialTest, NothingAvailableListsEverySource) {
  fake_az("", 1, "ERROR: Please run 'az login' to setup account.");
  auto chain = default_credential(options(base_env()));
  std::string message = testing::error_of<UsageError>([&] { chain->token(kStorageScope); });
  std::string port = std::to_string(dead_port_);
  std::string expected_start =
      "no Microsoft Entra ID sign-in is available (tried in this order; see README, Sign-in):\n"
      "  environment (AZURE_CLIENT_SECRET): AZURE_TENANT_ID, AZURE_CLIENT_ID and "
      "AZURE_CLIENT_SECRET are not set\n"
      "  workload identity (AZURE_FEDERATED_TOKEN_FILE): AZURE_FEDERATED_TOKEN_FILE, "
      "AZURE_CLIENT_ID and AZURE_TENANT_ID are not set\n"
      "  managed identity (IMDS): 127.0.0.1:" +
      port + " did not answer (not on Azure?): ";
  EXPECT_TRUE(message.starts_with(expected_start)) << message;
  EXPECT_TRUE(message.ends_with(
      "\n  Azure CLI (az): not signed in (ERROR: Please run 'az login' to setup account.)"))
      << message;
}

TEST_F(CredentialTest, EnvironmentComesBeforeManagedIdentity) {
  Env env = secret_env();
  env["RECPROC_IMDS_ENDPOINT"] = server_->url();
  auto chain = default_credential(options(env));
  chain->token(kStorageScope);
  auto requests = new_requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(field(requests[0], {"method"}), "POST");
}

TEST_F(CredentialTest, CachedPerScopeAndRenewedFiveMinutesBeforeExpiry) {
  Env env = base_env();
  env["RECPROC_IMDS_ENDPOINT"] = server_->url();
  auto now = std::chrono::system_clock::now();
  auto clock = now;
  CredentialChain chain(default_sources(options(env)), [&] { return clock; });
  std::string first = chain.token(kStorageScope);
  EXPECT_EQ(chain.token(kStorageScope), first);
  std::string logs = chain.token("https://api.loganalytics.io/.default");
  EXPECT_NE(logs, first);
  EXPECT_EQ(chain.fetches(), 2);
  // The fake's tokens live 3600 s: still cached 6 minutes before expiry, renewed 4 minutes
  // before.
  clock = now + std::chrono::seconds(3600 - 360);
  EXPECT_EQ(chain.token(kStorageScope), first);
  EXPECT_EQ(chain.fetches(), 2);
  clock = now + std::chrono::seconds(3600 - 240);
  EXPECT_NE(chain.token(kStorageScope), first);
  EXPECT_EQ(chain.fetches(), 3);
}

TEST_F(CredentialTest, ConcurrentCallersShareOneFetch) {
  auto chain = default_credential(options(secret_env()));
  std::vector<std::thread> threads;
  std::vector<std::string> tokens(8);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    threads.emplace_back([&, i] { tokens[i] = chain->token(kStorageScope); });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(chain->fetches(), 1);
  for (const auto& t : tokens) EXPECT_EQ(t, tokens[0]);
}

TEST_F(CredentialTest, ManagedIdentityFailureAfterTheProbeIsAnError) {
  Env env = base_env();
  env["RECPROC_IMDS_ENDPOINT"] = server_->url();
  server_->control(R"({"status": 403})");
  auto chain = default_credential(options(env));
  std::string message = testing::error_of<IoError>([&] { chain->token(kStorageScope); });
  EXPECT_EQ(message, "managed identity (IMDS) token from " + server_->url().substr(7) +
                         ": refused (HTTP 403): server_error: fake failure");
}

}  // namespace
}  // namespace recproc::azure
