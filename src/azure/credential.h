// Signing in to Microsoft Entra ID, shared by Blob Storage and Log Analytics (issue 15): one
// chain of token sources in the order of the Azure SDKs' DefaultAzureCredential
// (https://learn.microsoft.com/azure/developer/intro/azure-developer-authentication#defaultazurecredential):
//   1. environment: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET
//   2. workload identity: AZURE_FEDERATED_TOKEN_FILE + AZURE_CLIENT_ID + AZURE_TENANT_ID (AKS)
//   3. managed identity: IDENTITY_ENDPOINT + IDENTITY_HEADER (App Service), else IMDS (VMs)
//   4. Azure CLI: `az account get-access-token`
// and a cache per scope in front of it. Tokens and secrets never reach argv, a log line or an
// error message.
//
//   auto chain = azure::default_credential({});
//   request.headers.push_back({"Authorization", "Bearer " + chain->token(azure::kStorageScope)});
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/http_client.h"

namespace recproc::azure {

/// The scope of Azure Storage data-plane tokens.
inline constexpr const char* kStorageScope = "https://storage.azure.com/.default";

struct AccessToken {
  std::string token;  ///< never logged; wiped from memory on destruction
  std::chrono::system_clock::time_point expires_on;

  AccessToken() = default;
  AccessToken(const AccessToken&) = default;
  AccessToken(AccessToken&&) = default;
  AccessToken& operator=(const AccessToken&) = default;
  AccessToken& operator=(AccessToken&&) = default;
  ~AccessToken();
};

/// Thrown by a source that is not set up on this machine (variables missing, no IMDS, no `az`):
/// the chain goes on to the next source. The message says what is missing.
class CredentialUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Looks up an environment variable; injectable so tests never touch the process environment.
using EnvLookup = std::function<std::optional<std::string>(const char*)>;

/// The variable's value, or "" when it is unset (through `env`, else std::getenv).
std::string env_value(const EnvLookup& env, const char* name);

/// One source of tokens.
class TokenCredential {
 public:
  virtual ~TokenCredential() = default;
  /// A new token for `scope` ("https://storage.azure.com/.default"). Throws
  /// CredentialUnavailable when this source is not set up here, IoError when it is but the
  /// token was refused, UsageError for a malformed setting.
  virtual AccessToken fetch_token(const std::string& scope) = 0;
  /// What the -v line and error messages call it: "managed identity (IMDS)".
  virtual std::string name() const = 0;
};

struct CredentialOptions {
  std::string ca_file;     ///< extra CA bundle for token endpoints behind a private CA
  EnvLookup env;           ///< empty: the process environment
  net::RetryPolicy retry;  ///< for token requests that got an answer worth retrying
};

/// The sources in DefaultAzureCredential's order (see the top of this file).
std::vector<std::unique_ptr<TokenCredential>> default_sources(const CredentialOptions& options);

/// Tries the sources in order until one gives a token, then keeps to that one, and caches a
/// token per scope until 5 minutes before it expires. Thread-safe: concurrent callers wait for
/// one fetch.
class CredentialChain {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;
  explicit CredentialChain(std::vector<std::unique_ptr<TokenCredential>> sources, Clock now = {});

  /// The cached token for `scope`, fetched when there is none or it expires within 5 minutes.
  /// Throws UsageError listing why each source was unavailable when none is; IoError (named
  /// after the source) when a source that is set up was refused.
  std::string token(const std::string& scope);
  /// Forgets the token for `scope`: for a service that answered 401.
  void invalidate(const std::string& scope);
  /// The name of the source that signed in ("Azure CLI"), empty before the first token.
  std::string source() const;
  /// How many tokens were fetched so far.
  int fetches() const;

 private:
  struct Cached {
    AccessToken token;
    std::chrono::system_clock::time_point renew_at;
  };
  AccessToken fetch(const std::string& scope);

  std::vector<std::unique_ptr<TokenCredential>> sources_;
  Clock now_;
  mutable std::mutex mutex_;
  std::vector<std::pair<std::string, Cached>> cache_;  // a handful of scopes at most
  TokenCredential* chosen_ = nullptr;
  int fetches_ = 0;
};

/// A chain over default_sources(options).
std::shared_ptr<CredentialChain> default_credential(const CredentialOptions& options);

/// The resource of a ".default" scope: "https://storage.azure.com/.default" ->
/// "https://storage.azure.com", as IMDS, App Service and `az` want it.
std::string scope_to_resource(std::string_view scope);

/// Parses the JSON of a token response: access_token and expires_in (number or string) or
/// expires_on (seconds since the epoch, number or string). Throws IoError naming `where` when
/// there is no access_token; the body is never quoted.
AccessToken parse_token_response(const std::string& body, const std::string& where,
                                 std::chrono::system_clock::time_point now);

/// The first line of the "error_description" (else "error", else "message") of a JSON error
/// body, for messages; empty when there is none.
std::string token_error_text(const std::string& body);

/// Wipes a string that held a secret.
void wipe_secret(std::string& s);

}  // namespace recproc::azure
