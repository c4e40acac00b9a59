#include "azure/credential.h"

#include <openssl/crypto.h>
#include <simdjson.h>
#include <spdlog/spdlog.h>

#include <cstdlib>

#include "azure/azure_cli_credential.h"
#include "azure/entra_credential.h"
#include "azure/managed_identity_credential.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// A token is renewed this long before it expires (as the Azure SDKs do), so that it does not run
// out mid-request; at most half its lifetime for short-lived tokens.
constexpr std::chrono::seconds kRenewMargin{300};

std::int64_t to_int(std::string_view s) {
  return std::strtoll(std::string(s).c_str(), nullptr, 10);
}

// Calls on_field(key, value) for each member of the JSON object `body`; false when `body` is
// not a JSON object (a proxy's HTML page, a truncated reply), however far it got.
template <typename OnField>
bool for_each_member(const std::string& body, OnField on_field) {
  try {
    simdjson::padded_string padded(body);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      simdjson::ondemand::value value = field.value();
      on_field(key, value);
    }
    return true;
  } catch (const simdjson::simdjson_error&) {
    return false;
  }
}

}  // namespace

AccessToken::~AccessToken() { wipe_secret(token); }

void wipe_secret(std::string& s) {
  if (s.capacity() > 0) OPENSSL_cleanse(s.data(), s.capacity());
  s.clear();
}

std::string env_value(const EnvLookup& env, const char* name) {
  if (env) return env(name).value_or("");
  const char* v = std::getenv(name);
  return v == nullptr ? std::string() : std::string(v);
}

std::vector<std::unique_ptr<TokenCredential>> default_sources(const CredentialOptions& options) {
  std::vector<std::unique_ptr<TokenCredential>> out;
  out.push_back(std::make_unique<EnvironmentCredential>(options));
  out.push_back(std::make_unique<WorkloadIdentityCredential>(options));
  out.push_back(std::make_unique<ManagedIdentityCredential>(options));
  out.push_back(std::make_unique<AzureCliCredential>(options));
  return out;
}

std::shared_ptr<CredentialChain> default_credential(const CredentialOptions& options) {
  return std::make_shared<CredentialChain>(default_sources(options));
}

CredentialChain::CredentialChain(std::vector<std::unique_ptr<TokenCredential>> sources, Clock now)
    : sources_(std::move(sources)), now_(std::move(now)) {
  if (!now_) now_ = [] { return std::chrono::system_clock::now(); };
}

std::string CredentialChain::token(const std::string& scope) {
  std::lock_guard lock(mutex_);
  const auto now = now_();
  for (auto& [s, cached] : cache_) {
    if (s != scope) continue;
    if (now < cached.renew_at) return cached.token.token;
    spdlog::debug("azure: renewing the token for {} from {}", scope, chosen_->name());
    AccessToken fresh = fetch(scope);
    auto lifetime = fresh.expires_on - now;
    cached.renew_at = fresh.expires_on -
                      std::min<std::chrono::system_clock::duration>(kRenewMargin, lifetime / 2);
    cached.token = std::move(fresh);
    return cached.token.token;
  }
  AccessToken fresh = fetch(scope);
  auto lifetime = fresh.expires_on - now;
  Cached cached{std::move(fresh), {}};
  cached.renew_at = cached.token.expires_on -
                    std::min<std::chrono::system_clock::duration>(kRenewMargin, lifetime / 2);
  cache_.emplace_back(scope, std::move(cached));
  return cache_.back().second.token.token;
}

// Called with mutex_ held: one fetch at a time, which is also what each source's net::HttpClient
// (one request at a time) needs.
AccessToken CredentialChain::fetch(const std::string& scope) {
  ++fetches_;
  if (chosen_ != nullptr) {
    try {
      return chosen_->fetch_token(scope);
    } catch (const CredentialUnavailable& e) {
      // It worked before in this run (say, the federated token file was removed since).
      throw IoError(chosen_->name() + ": " + e.what());
    }
  }
  std::string reasons;
  for (auto& source : sources_) {
    try {
      AccessToken t = source->fetch_token(scope);
      chosen_ = source.get();
      spdlog::debug("azure: signed in with {}", source->name());
      return t;
    } catch (const CredentialUnavailable& e) {
      spdlog::debug("azure: {} is not available: {}", source->name(), e.what());
      reasons += "\n  " + source->name() + ": " + e.what();
    }
  }
  throw UsageError(
      "no Microsoft Entra ID sign-in is available (tried in this order; see README, Sign-in):" +
      reasons);
}

void CredentialChain::invalidate(const std::string& scope) {
  std::lock_guard lock(mutex_);
  std::erase_if(cache_, [&](const auto& entry) { return entry.first == scope; });
}

std::string CredentialChain::source() const {
  std::lock_guard lock(mutex_);
  return chosen_ == nullptr ? std::string() : chosen_->name();
}

int CredentialChain::fetches() const {
  std::lock_guard lock(mutex_);
  return fetches_;
}

std::string scope_to_resource(std::string_view scope) {
  constexpr std::string_view kSuffix = "/.default";
  if (scope.ends_with(kSuffix)) scope.remove_suffix(kSuffix.size());
  return std::string(scope);
}

AccessToken parse_token_response(const std::string& body, const std::string& where,
                                 std::chrono::system_clock::time_point now) {
  using simdjson::ondemand::json_type;
  AccessToken out;
  std::optional<std::int64_t> expires_in;
  std::optional<std::int64_t> expires_on;
  bool parsed = for_each_member(body, [&](std::string_view key, simdjson::ondemand::value& value) {
    json_type type = value.type();
    std::optional<std::int64_t> number;
    if (type == json_type::number) number = value.get_int64();
    // IMDS and App Service send the numbers as strings.
    if (type == json_type::string && key != "access_token") {
      number = to_int(std::string_view(value.get_string()));
    }
    if (key == "access_token" && type == json_type::string) {
      out.token = std::string(std::string_view(value.get_string()));
    } else if (key == "expires_in") {
      expires_in = number;
    } else if (key == "expires_on") {
      expires_on = number;
    }
  });
  if (!parsed) wipe_secret(out.token);
  if (out.token.empty()) throw IoError(where + ": the token response holds no access_token");
  if (expires_on && *expires_on > 0) {
    out.expires_on = std::chrono::system_clock::time_point(std::chrono::seconds(*expires_on));
  } else {
    out.expires_on =
        now + std::chrono::seconds(std::max<std::int64_t>(expires_in.value_or(3600), 0));
  }
  return out;
}

std::string token_error_text(const std::string& body) {
  std::string error, description, message;
  for_each_member(body, [&](std::string_view key, simdjson::ondemand::value& value) {
    if (value.type() != simdjson::ondemand::json_type::string) return;
    std::string text(std::string_view(value.get_string()));
    // The description carries the AADSTS code and, after "\r\n", trace and correlation ids.
    text = text.substr(0, text.find_first_of("\r\n"));
    if (key == "error") error = text;
    if (key == "error_description") description = text;
    if (key == "message" || key == "Message") message = text;
  });
  if (!error.empty() && !description.empty()) return error + ": " + description;
  if (!description.empty()) return description;
  if (!error.empty()) return error;
  return message;
}

}  // namespace recproc::azure
