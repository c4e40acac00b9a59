// Microsoft Entra ID access tokens by the OAuth 2.0 client-credentials flow, from the same
// environment variables as the Azure SDKs' EnvironmentCredential (issue 7):
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// The client secret travels only in the form body of the token request; it never reaches argv,
// a log line or an error message, and the token itself is never logged either.
#pragma once

#include <chrono>
#include <string>

#include "azure/http_client.h"

namespace recproc::azure {

/// Where Microsoft Entra ID lives in the public cloud.
inline constexpr const char* kDefaultAuthorityHost = "https://login.microsoftonline.com";

struct EntraCredentials {
  std::string authority_host = kDefaultAuthorityHost;  ///< scheme and host, no trailing '/'
  std::string tenant_id;
  std::string client_id;
  std::string client_secret;  ///< never logged; wiped from memory on destruction

  /// Reads AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and the optional
  /// AZURE_AUTHORITY_HOST ("login.microsoftonline.us" or "https://..."); throws UsageError naming
  /// what is missing or malformed. Plain http is accepted only for a loopback authority.
  static EntraCredentials from_environment();

  EntraCredentials() = default;
  EntraCredentials(const EntraCredentials&) = default;
  EntraCredentials& operator=(const EntraCredentials&) = default;
  ~EntraCredentials();
};

/// One access token for one scope, fetched on first use and cached for the run.
class EntraToken {
 public:
  /// `scope` such as "https://api.loganalytics.io/.default".
  EntraToken(HttpClient& http, EntraCredentials credentials, std::string scope,
             RetryPolicy retry = {});
  ~EntraToken();
  EntraToken(const EntraToken&) = delete;
  EntraToken& operator=(const EntraToken&) = delete;

  /// The cached token, fetched when there is none or it is about to expire. Throws IoError with
  /// the AADSTS code and message when Entra ID refuses (exit 3), never with the secret.
  const std::string& get();
  /// Drops the cached token and fetches a new one: for a resource that answered 401.
  const std::string& refresh();
  /// How many tokens were fetched so far.
  int fetches() const { return fetches_; }

 private:
  void fetch();

  HttpClient& http_;
  EntraCredentials credentials_;
  std::string scope_;
  RetryPolicy retry_;
  std::string token_;
  std::chrono::steady_clock::time_point refresh_at_;
  int fetches_ = 0;
};

/// application/x-www-form-urlencoded encoding of one value: form_urlencode("a b&c") == "a+b%26c".
std::string form_urlencode(std::string_view value);

/// Checks that `url` is https, or http on a loopback host; trims a trailing '/'. Throws
/// UsageError naming `what` ("--logs-endpoint", "AZURE_AUTHORITY_HOST") otherwise.
std::string checked_base_url(std::string url, std::string_view what);

}  // namespace recproc::azure
