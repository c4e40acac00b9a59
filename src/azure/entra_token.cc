#include "azure/entra_token.h"

#include <openssl/crypto.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "azure/kql.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// A token is replaced this long before it expires, so that it does not run out mid-request.
constexpr std::chrono::seconds kExpiryMargin{300};

void wipe(std::string& s) {
  if (s.capacity() > 0) OPENSSL_cleanse(s.data(), s.capacity());
  s.clear();
}

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

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

struct TokenError {
  std::string error;        ///< "invalid_client"
  std::string description;  ///< first line of error_description: "AADSTS7000215: Invalid ..."
};

// The documented error body: {"error","error_description","error_codes",...}; the description
// carries the AADSTS code and, after "\r\n", trace and correlation ids we leave out.
TokenError parse_token_error(const std::string& body) {
  TokenError out;
  try {
    simdjson::padded_string padded(body);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      if (field.value().type() != simdjson::ondemand::json_type::string) continue;
      if (key == "error") out.error = std::string(std::string_view(field.value().get_string()));
      if (key == "error_description") {
        std::string_view d = field.value().get_string();
        out.description = std::string(d.substr(0, d.find_first_of("\r\n")));
      }
    }
  } catch (const simdjson::simdjson_error&) {
  }
  return out;
}

}  // namespace

EntraCredentials::~EntraCredentials() { wipe(client_secret); }

EntraCredentials EntraCredentials::from_environment() {
  EntraCredentials c;
  c.tenant_id = env("AZURE_TENANT_ID");
  c.client_id = env("AZURE_CLIENT_ID");
  c.client_secret = env("AZURE_CLIENT_SECRET");
  constexpr const char* kHow =
      " (recproc uses the client-credentials flow: set AZURE_TENANT_ID, AZURE_CLIENT_ID and "
      "AZURE_CLIENT_SECRET)";
  if (c.tenant_id.empty()) throw UsageError(std::string("AZURE_TENANT_ID is not set") + kHow);
  if (c.client_id.empty()) throw UsageError(std::string("AZURE_CLIENT_ID is not set") + kHow);
  if (c.client_secret.empty()) {
    throw UsageError(std::string("AZURE_CLIENT_SECRET is not set") + kHow);
  }
  if (!is_tenant_id(c.tenant_id)) {
    throw UsageError("AZURE_TENANT_ID " + quote_for_message(c.tenant_id) +
                     ": not a tenant id (a GUID or a domain name)");
  }
  std::string host = env("AZURE_AUTHORITY_HOST");
  if (!host.empty()) c.authority_host = checked_base_url(host, "AZURE_AUTHORITY_HOST");
  return c;
}

EntraToken::EntraToken(HttpClient& http, EntraCredentials credentials, std::string scope,
                       RetryPolicy retry)
    : http_(http), credentials_(std::move(credentials)), scope_(std::move(scope)), retry_(retry) {}

EntraToken::~EntraToken() { wipe(token_); }

const std::string& EntraToken::get() {
  if (token_.empty() || std::chrono::steady_clock::now() >= refresh_at_) fetch();
  return token_;
}

const std::string& EntraToken::refresh() {
  wipe(token_);
  fetch();
  return token_;
}

void EntraToken::fetch() {
  const std::string where = "Microsoft Entra ID token for client " +
                            quote_for_message(credentials_.client_id) + " in tenant " +
                            credentials_.tenant_id;
  HttpRequest request;
  request.method = "POST";
  request.url = credentials_.authority_host + "/" + credentials_.tenant_id + "/oauth2/v2.0/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body =
      "grant_type=client_credentials&client_id=" + form_urlencode(credentials_.client_id) +
      "&client_secret=" + form_urlencode(credentials_.client_secret) +
      "&scope=" + form_urlencode(scope_);
  spdlog::debug("requesting a {} from {}", where, url_host(request.url));
  ++fetches_;
  HttpResponse response;
  try {
    response = http_.perform_with_retry(request, retry_, "POST token");
  } catch (const TransportError& e) {
    wipe(request.body);
    throw IoError(where + ": " + redacted(e.what(), credentials_.client_secret));
  }
  wipe(request.body);

  if (response.status != 200) {
    TokenError error = parse_token_error(response.body);
    std::string message = where + ": refused (HTTP " + std::to_string(response.status);
    if (!error.error.empty()) message += " " + error.error;
    message += ")";
    if (!error.description.empty()) message += ": " + error.description;
    throw IoError(redacted(message, credentials_.client_secret));
  }

  std::string token;
  std::int64_t expires_in = 3600;
  try {
    simdjson::padded_string padded(response.body);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      simdjson::ondemand::json_type type = field.value().type();
      if (key == "access_token" && type == simdjson::ondemand::json_type::string) {
        token = std::string(std::string_view(field.value().get_string()));
      } else if (key == "expires_in" && type == simdjson::ondemand::json_type::number) {
        expires_in = field.value().get_int64();
      } else if (key == "expires_in" && type == simdjson::ondemand::json_type::string) {
        // Some Entra endpoints send the number as a string.
        std::string_view s = field.value().get_string();
        expires_in = std::strtoll(std::string(s).c_str(), nullptr, 10);
      }
    }
  } catch (const simdjson::simdjson_error&) {
    token.clear();
  }
  wipe(response.body);
  if (token.empty()) throw IoError(where + ": the token response holds no access_token");
  wipe(token_);
  token_ = std::move(token);
  auto lifetime = std::chrono::seconds(std::max<std::int64_t>(expires_in, 0));
  refresh_at_ = std::chrono::steady_clock::now() + std::max(lifetime - kExpiryMargin, lifetime / 2);
  spdlog::debug("got a {} (expires in {} s)", where, expires_in);
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
  bool loopback_http = url.starts_with("http://") && is_loopback_url(url);
  if (bad_char || url.find_first_of("?#") != std::string::npos || (!https && !loopback_http) ||
      url_host(url).empty()) {
    throw UsageError(std::string(what) + " " + quote_for_message(url) +
                     ": expected an https:// URL (plain http only for 127.0.0.1 or localhost)");
  }
  return url;
}

}  // namespace recproc::azure
