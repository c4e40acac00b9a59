// Microsoft Entra ID's OAuth 2.0 client-credentials flow, with a client secret
// (EnvironmentCredential) or with a federated token as client assertion
// (WorkloadIdentityCredential, as on AKS), issue 7 and issue 15:
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow
// https://learn.microsoft.com/azure/aks/workload-identity-overview
// The secret and the assertion travel only in the form body of the token request; they never
// reach argv, a log line or an error message.
#pragma once

#include <memory>
#include <string>

#include "azure/credential.h"
#include "net/http_client.h"

namespace recproc::azure {

/// Where Microsoft Entra ID lives in the public cloud.
inline constexpr const char* kDefaultAuthorityHost = "https://login.microsoftonline.com";

/// One app registration and its client secret.
struct EntraCredentials {
  std::string authority_host = kDefaultAuthorityHost;  ///< scheme and host, no trailing '/'
  std::string tenant_id;
  std::string client_id;
  std::string client_secret;  ///< never logged; wiped from memory on destruction

  EntraCredentials() = default;
  EntraCredentials(const EntraCredentials&) = default;
  EntraCredentials& operator=(const EntraCredentials&) = default;
  ~EntraCredentials();
};

/// A client secret given in code (tests, or a caller that read it from elsewhere).
class ClientSecretCredential : public TokenCredential {
 public:
  ClientSecretCredential(EntraCredentials credentials, net::HttpOptions http = {},
                         net::RetryPolicy retry = {});
  AccessToken fetch_token(const std::string& scope) override;
  std::string name() const override { return "client secret"; }

 private:
  EntraCredentials credentials_;
  net::HttpClient http_;
  net::RetryPolicy retry_;
};

/// AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET and the optional AZURE_AUTHORITY_HOST
/// ("login.microsoftonline.us" or "https://..."), read at each fetch.
class EnvironmentCredential : public TokenCredential {
 public:
  explicit EnvironmentCredential(CredentialOptions options);
  AccessToken fetch_token(const std::string& scope) override;
  std::string name() const override { return "environment (AZURE_CLIENT_SECRET)"; }

 private:
  CredentialOptions options_;
  net::HttpClient http_;
};

/// AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID, AZURE_TENANT_ID (set by AKS workload identity).
/// The file is read again for every token: the kubelet rotates it.
class WorkloadIdentityCredential : public TokenCredential {
 public:
  explicit WorkloadIdentityCredential(CredentialOptions options);
  AccessToken fetch_token(const std::string& scope) override;
  std::string name() const override { return "workload identity (AZURE_FEDERATED_TOKEN_FILE)"; }

 private:
  CredentialOptions options_;
  net::HttpClient http_;
};

/// A chain of one ClientSecretCredential: for callers that already hold the secret.
std::shared_ptr<CredentialChain> client_secret_chain(EntraCredentials credentials,
                                                     net::HttpOptions http = {},
                                                     net::RetryPolicy retry = {});

/// application/x-www-form-urlencoded encoding of one value: form_urlencode("a b&c") == "a+b%26c".
std::string form_urlencode(std::string_view value);

/// Checks that `url` is https, or http on a loopback host; trims a trailing '/'. Throws
/// UsageError naming `what` (a flag or "AZURE_AUTHORITY_HOST") otherwise.
std::string checked_base_url(std::string url, std::string_view what);

}  // namespace recproc::azure
