#include "azure/managed_identity_credential.h"

#include <spdlog/spdlog.h>

#include "azure/entra_credential.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// The Azure SDKs give up on IMDS after a one-second connect timeout: where a VM has no IMDS the
// address is usually unroutable and a connect would otherwise hang for the full timeout.
constexpr std::chrono::milliseconds kConnectTimeout{1000};
constexpr std::chrono::milliseconds kRequestTimeout{30'000};

}  // namespace

ManagedIdentityCredential::ManagedIdentityCredential(CredentialOptions options)
    : options_(std::move(options)),
      http_(net::HttpOptions{.ca_file = options_.ca_file,
                             .connect_timeout = kConnectTimeout,
                             .request_timeout = kRequestTimeout}) {}

bool ManagedIdentityCredential::app_service() const {
  return !env_value(options_.env, "IDENTITY_ENDPOINT").empty() &&
         !env_value(options_.env, "IDENTITY_HEADER").empty();
}

std::string ManagedIdentityCredential::name() const {
  return app_service() ? "managed identity (IDENTITY_ENDPOINT)" : "managed identity (IMDS)";
}

AccessToken ManagedIdentityCredential::fetch_token(const std::string& scope) {
  const EnvLookup& env = options_.env;
  const std::string client_id = env_value(env, "AZURE_CLIENT_ID");
  const std::string resource = scope_to_resource(scope);
  net::HttpRequest request;
  request.method = "GET";
  std::string header_secret;
  if (app_service()) {
    header_secret = env_value(env, "IDENTITY_HEADER");
    request.url = env_value(env, "IDENTITY_ENDPOINT") +
                  "?api-version=2019-08-01&resource=" + form_urlencode(resource);
    request.headers = {{"X-IDENTITY-HEADER", header_secret}};
    request.secret_headers = {"X-IDENTITY-HEADER"};
  } else {
    std::string base = env_value(env, "RECPROC_IMDS_ENDPOINT");
    base = base.empty() ? kImdsEndpoint : checked_base_url(base, "RECPROC_IMDS_ENDPOINT");
    request.url = base + "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" +
                  form_urlencode(resource);
    request.headers = {{"Metadata", "true"}};
  }
  request.headers.push_back({"Accept", "application/json"});
  if (!client_id.empty()) request.url += "&client_id=" + form_urlencode(client_id);
  const std::string where = name() + " token from " + net::url_host(request.url);

  net::HttpResponse response;
  if (!reached_) {
    // The probe: one attempt, and no answer means there is no managed identity here.
    try {
      response = http_.perform(request);
    } catch (const net::TransportError& e) {
      throw CredentialUnavailable(net::url_host(request.url) +
                                  " did not answer (not on Azure?): " + e.what());
    }
    reached_ = true;
  }
  // IMDS answers 404/410 while it starts and 429/5xx under load: retry as documented.
  bool again = net::RetryPolicy::is_retryable(response.status) || response.status == 404 ||
               response.status == 410;
  if (response.status == 0 || again) {
    try {
      response = http_.perform_with_retry(request, options_.retry, "GET managed identity token");
    } catch (const net::TransportError& e) {
      throw IoError(where + ": " + e.what());
    }
  }
  if (response.status == 400 && !app_service()) {
    // IMDS: "Identity not found": this VM has no (such) identity assigned.
    std::string text = token_error_text(response.body);
    throw CredentialUnavailable(
        "IMDS answered HTTP 400" + (text.empty() ? std::string() : ": " + text) +
        (client_id.empty() ? " (no identity is assigned to this machine?)"
                           : " (is AZURE_CLIENT_ID a user-assigned identity of this machine?)"));
  }
  if (response.status != 200) {
    std::string text = token_error_text(response.body);
    throw IoError(where + ": refused (HTTP " + std::to_string(response.status) + ")" +
                  (text.empty() ? std::string() : ": " + text));
  }
  AccessToken token = parse_token_response(response.body, where, std::chrono::system_clock::now());
  wipe_secret(response.body);
  wipe_secret(header_secret);
  return token;
}

}  // namespace recproc::azure
