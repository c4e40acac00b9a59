#include "azure/connection_string.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>

#include "azure/crypto.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

// Azurite's well-known development account; public, documented by Microsoft.
constexpr const char* kDevAccount = "devstoreaccount1";
constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string strip_trailing_slash(std::string s) {
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

std::string strip_question_mark(std::string s) {
  if (!s.empty() && s.front() == '?') s.erase(0, 1);
  return s;
}

void check_key(const std::string& key, std::string_view where) {
  if (!base64_decode(key)) {
    throw UsageError(std::string(where) + ": the account key is not valid base64");
  }
}

}  // namespace

StorageCredentials parse_connection_string(std::string_view text) {
  constexpr std::string_view kWhere = "AZURE_STORAGE_CONNECTION_STRING";
  // Keys are case-insensitive; values may contain '=' (base64 keys, SAS tokens), so only the
  // first '=' of each ';'-separated part splits.
  std::map<std::string, std::string> parts;
  while (!text.empty()) {
    auto semi = text.find(';');
    std::string_view part = text.substr(0, semi);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.front())))
      part.remove_prefix(1);
    while (!part.empty() && std::isspace(static_cast<unsigned char>(part.back())))
      part.remove_suffix(1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw UsageError(std::string(kWhere) + ": expected Key=Value parts separated by ';'");
    }
    parts[lower(part.substr(0, eq))] = std::string(part.substr(eq + 1));
  }
  auto get = [&](const char* key) -> std::string {
    auto it = parts.find(key);
    return it == parts.end() ? std::string() : it->second;
  };

  StorageCredentials c;
  if (lower(get("usedevelopmentstorage")) == "true") {
    c.account = kDevAccount;
    c.account_key = kDevKey;
    c.blob_endpoint = std::string("http://127.0.0.1:10000/") + kDevAccount;
    return c;
  }
  c.account = get("accountname");
  c.account_key = get("accountkey");
  c.sas_token = strip_question_mark(get("sharedaccesssignature"));
  c.blob_endpoint = strip_trailing_slash(get("blobendpoint"));
  if (c.account_key.empty() && c.sas_token.empty()) {
    throw UsageError(std::string(kWhere) + ": needs AccountKey or SharedAccessSignature");
  }
  if (!c.account_key.empty() && c.account.empty()) {
    throw UsageError(std::string(kWhere) + ": AccountKey needs AccountName");
  }
  if (!c.account_key.empty()) {
    check_key(c.account_key, kWhere);
    c.sas_token.clear();  // a key wins over a SAS when both are given
  }
  if (c.blob_endpoint.empty()) {
    if (c.account.empty()) {
      throw UsageError(std::string(kWhere) + ": needs AccountName or BlobEndpoint");
    }
    std::string protocol = get("defaultendpointsprotocol");
    if (protocol.empty()) protocol = "https";
    protocol = lower(protocol);
    if (protocol != "https" && protocol != "http") {
      throw UsageError(std::string(kWhere) + ": DefaultEndpointsProtocol must be https or http");
    }
    std::string suffix = get("endpointsuffix");
    if (suffix.empty()) suffix = "core.windows.net";
    c.blob_endpoint = protocol + "://" + c.account + ".blob." + suffix;
  }
  if (c.account.empty()) {
    // A SAS with only a BlobEndpoint: the account is the first host label, or, for path-style
    // endpoints such as Azurite's http://127.0.0.1:10000/devstoreaccount1, the first path part.
    std::string_view rest = c.blob_endpoint;
    rest.remove_prefix(std::min(rest.size(), rest.find("://") + 3));
    auto slash = rest.find('/');
    if (slash != std::string_view::npos) {
      c.account = std::string(rest.substr(slash + 1, rest.find('/', slash + 1) - slash - 1));
    } else {
      c.account = std::string(rest.substr(0, rest.find('.')));
    }
  }
  return c;
}

StorageCredentials credentials_from_env(
    const std::function<std::optional<std::string>(const char*)>& getenv) {
  auto env = [&](const char* name) -> std::string {
    std::optional<std::string> v;
    if (getenv) {
      v = getenv(name);
    } else if (const char* raw = std::getenv(name)) {
      v = raw;
    }
    return v.value_or("");
  };
  if (std::string cs = env("AZURE_STORAGE_CONNECTION_STRING"); !cs.empty()) {
    return parse_connection_string(cs);
  }
  StorageCredentials c;
  c.account = env("AZURE_STORAGE_ACCOUNT");
  c.account_key = env("AZURE_STORAGE_KEY");
  c.sas_token = strip_question_mark(env("AZURE_STORAGE_SAS_TOKEN"));
  if (c.account.empty() || (c.account_key.empty() && c.sas_token.empty())) {
    throw UsageError(
        "no Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, or "
        "AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN");
  }
  // A key wins over a SAS when both are set, as in the Azure CLI.
  if (!c.account_key.empty()) {
    c.sas_token.clear();
    check_key(c.account_key, "AZURE_STORAGE_KEY");
  }
  c.blob_endpoint = strip_trailing_slash(env("AZURE_STORAGE_BLOB_ENDPOINT"));
  if (c.blob_endpoint.empty()) c.blob_endpoint = "https://" + c.account + ".blob.core.windows.net";
  return c;
}

}  // namespace recproc::azure
