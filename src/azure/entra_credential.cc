#include "azure/entra_credential.h"

#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "azure/kql.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// Tenant ids are GUIDs or domain names ("contoso.onmicrosoft.com"); they become a path segment.
bool is_tenant_id(std::string_view s) {
  if (s.empty() || s.size() > 256) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

// Never let the secret through, whatever a server chose to echo back.
std::string redacted(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos)) {
    text.replace(pos, secret.size(), "REDACTED");
  }
  return text;
}

std::string authority_from(const EnvLookup& env) {
  std::string host = env_value(env, "AZURE_AUTHORITY_HOST");
  return host.empty() ? kDefaultAuthorityHost : checked_base_url(host, "AZURE_AUTHORITY_HOST");
}

void check_tenant(const std::string& tenant) {
  if (!is_tenant_id(tenant)) {
    throw UsageError("AZURE_TENANT_ID " + quote_for_message(tenant) +
                     ": not a tenant id (a GUID or a domain name)");
  }
}

// "AZURE_TENANT_ID and AZURE_CLIENT_SECRET are not set" for the names whose value is empty.
std::string missing(const EnvLookup& env, std::initializer_list<const char*> names) {
  std::vector<std::string> out;
  for (const char* n : names) {
    if (env_value(env, n).empty()) out.emplace_back(n);
  }
  if (out.empty()) return "";
  std::string text;
  for (std::size_t i = 0; i < out.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == out.size() ? " and " : ", ") + out[i];
  }
  return text + (out.size() == 1 ? " is not set" : " are not set");
}

// The documented token request; `credential_form` is "client_secret=..." or
// "client_assertion_type=...&client_assertion=...", wiped afterwards, and `secret` is what must
// never show in a message.
AccessToken request_token(net::HttpClient& http, const net::RetryPolicy& retry,
                          const std::string& authority, const std::string& tenant,
                          const std::string& client_id, std::string credential_form,
                          const std::string& secret, const std::string& scope,
                          const std::string& flavour) {
  const std::string where = "Microsoft Entra ID token for client " + quote_for_message(client_id) +
                            " in tenant " + tenant + flavour;
  net::HttpRequest request;
  request.method = "POST";
  request.url = authority + "/" + tenant + "/oauth2/v2.0/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = "grant_type=client_credentials&client_id=" + form_urlencode(client_id) + "&" +
                 credential_form + "&scope=" + form_urlencode(scope);
  wipe_secret(credential_form);
  spdlog::debug("requesting a {} from {}", where, net::url_host(request.url));
  net::HttpResponse response;
  try {
    response = http.perform_with_retry(request, retry, "POST token");
  } catch (const net::TransportError& e) {
    wipe_secret(request.body);
    throw IoError(where + ": " + redacted(e.what(), secret));
  }
  wipe_secret(request.body);
  if (response.status != 200) {
    // {"error":"invalid_client","error_description":"AADSTS7000215: ...\r\nTrace ID: ..."}
    std::string text = token_error_text(response.body);
    std::string message = where + ": refused (HTTP " + std::to_string(response.status);
    auto colon = text.find(": ");
    // token_error_text gives "error: description"; the error code has no spaces.
    bool has_code =
        colon != std::string::npos && text.substr(0, colon).find(' ') == std::string::npos;
    if (has_code) {
      message += " " + text.substr(0, colon) + "): " + text.substr(colon + 2);
    } else {
      message += ")";
      if (!text.empty()) message += ": " + text;
    }
    wipe_secret(response.body);
    throw IoError(redacted(message, secret));
  }
  AccessToken token = parse_token_response(response.body, where, std::chrono::system_clock::now());
  wipe_secret(response.body);
  spdlog::debug("got a {}", where);
  return token;
}

}  // namespace

EntraCredentials::~EntraCredentials() { wipe_secret(client_secret); }

ClientSecretCredential::ClientSecretCredential(EntraCredentials credentials, net::HttpOptions http,
                                               net::RetryPolicy retry)
    : credentials_(std::move(credentials)), http_(std::move(http)), retry_(retry) {}

AccessToken ClientSecretCredential::fetch_token(const std::string& scope) {
  const EntraCredentials& c = credentials_;
  return request_token(http_, retry_, c.authority_host, c.tenant_id, c.client_id,
                       "client_secret=" + form_urlencode(c.client_secret), c.client_secret, scope,
                       "");
}

EnvironmentCredential::EnvironmentCredential(CredentialOptions options)
    : options_(std::move(options)), http_(net::HttpOptions{.ca_file = options_.ca_file}) {}

AccessToken EnvironmentCredential::fetch_token(const std::string& scope) {
  const EnvLookup& env = options_.env;
  std::string why = missing(env, {"AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET"});
  if (!why.empty()) throw CredentialUnavailable(why);
  std::string tenant = env_value(env, "AZURE_TENANT_ID");
  check_tenant(tenant);
  std::string secret = env_value(env, "AZURE_CLIENT_SECRET");
  AccessToken token = request_token(http_, options_.retry, authority_from(env), tenant,
                                    env_value(env, "AZURE_CLIENT_ID"),
                                    "client_secret=" + form_urlencode(secret), secret, scope, "");
  wipe_secret(secret);
  return token;
}

WorkloadIdentityCredential::WorkloadIdentityCredential(CredentialOptions options)
    : options_(std::move(options)), http_(net::HttpOptions{.ca_file = options_.ca_file}) {}

AccessToken WorkloadIdentityCredential::fetch_token(const std::string& scope) {
  const EnvLookup& env = options_.env;
  std::string why =
      missing(env, {"AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID"});
  if (!why.empty()) throw CredentialUnavailable(why);
  std::string tenant = env_value(env, "AZURE_TENANT_ID");
  check_tenant(tenant);
  // Read for every token, never cached: the kubelet replaces the file before it expires.
  const std::string path = env_value(env, "AZURE_FEDERATED_TOKEN_FILE");
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw IoError("AZURE_FEDERATED_TOKEN_FILE " + path + ": cannot read: " + std::strerror(errno));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  std::string assertion = ss.str();
  while (!assertion.empty() &&
         (assertion.back() == '\n' || assertion.back() == '\r' || assertion.back() == ' ')) {
    assertion.pop_back();
  }
  if (assertion.empty()) throw IoError("AZURE_FEDERATED_TOKEN_FILE " + path + ": empty");
  std::string form = "client_assertion_type=" +
                     form_urlencode("urn:ietf:params:oauth:client-assertion-type:jwt-bearer") +
                     "&client_assertion=" + form_urlencode(assertion);
  AccessToken token = request_token(http_, options_.retry, authority_from(env), tenant,
                                    env_value(env, "AZURE_CLIENT_ID"), std::move(form), assertion,
                                    scope, " (workload identity)");
  wipe_secret(assertion);
  return token;
}

std::shared_ptr<CredentialChain> client_secret_chain(EntraCredentials credentials,
                                                     net::HttpOptions http,
                                                     net::RetryPolicy retry) {
  std::vector<std::unique_ptr<TokenCredential>> sources;
  sources.push_back(
      std::make_unique<ClientSecretCredential>(std::move(credentials), std::move(http), retry));
  return std::make_shared<CredentialChain>(std::move(sources));
}

std::string form_urlencode(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (char ch : value) {
    auto c = static_cast<unsigned char>(ch);
    bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += ch;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

std::string checked_base_url(std::string url, std::string_view what) {
  if (url.find("://") == std::string::npos) url = "https://" + url;
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  bool bad_char = false;
  for (char c : url) bad_char = bad_char || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f;
  bool https = url.starts_with("https://");
  bool loopback_http = url.starts_with("http://") && net::is_loopback_url(url);
  if (bad_char || url.find_first_of("?#") != std::string::npos || (!https && !loopback_http) ||
      net::url_host(url).empty()) {
    throw UsageError(std::string(what) + " " + quote_for_message(url) +
                     ": expected an https:// URL (plain http only for 127.0.0.1 or localhost)");
  }
  return url;
}

}  // namespace recproc::azure
