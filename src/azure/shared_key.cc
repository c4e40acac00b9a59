#include "azure/shared_key.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <map>
#include <new>
#include <vector>

#include "azure/crypto.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// libcurl's decoder (%XX to bytes; a stray % is kept), which the HTTP client links anyway.
std::string percent_decode(std::string_view s) {
  if (s.empty()) return {};  // a length of 0 would make curl call strlen()
  int length = 0;
  char* decoded = curl_easy_unescape(nullptr, s.data(), static_cast<int>(s.size()), &length);
  if (decoded == nullptr) throw std::bad_alloc();
  std::string out(decoded, static_cast<std::size_t>(length));
  curl_free(decoded);
  return out;
}

// Header values are trimmed, and runs of whitespace outside quotes fold to one space; our own
// values never contain such runs, so trimming is what matters here.
std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::string header_value(const net::HttpRequest& request, std::string_view name) {
  for (const auto& h : request.headers) {
    if (lower(h.name) == name) return trim(h.value);
  }
  return {};
}

std::string canonicalized_headers(const net::HttpRequest& request) {
  std::map<std::string, std::string> ms;
  for (const auto& h : request.headers) {
    std::string name = lower(trim(h.name));
    if (name.starts_with("x-ms-")) ms[name] = trim(h.value);
  }
  std::string out;
  for (const auto& [name, value] : ms) out += name + ":" + value + "\n";
  return out;
}

// "/" + account + the encoded URI path, then each query parameter as "\nname:value", names
// lower-cased and sorted, values decoded and comma-joined in sorted order.
std::string canonicalized_resource(std::string_view url, std::string_view account) {
  auto scheme = url.find("://");
  RECPROC_ASSERT(scheme != std::string_view::npos);
  std::string_view rest = url.substr(scheme + 3);
  auto slash = rest.find_first_of("/?");
  std::string_view path_and_query =
      slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  auto q = path_and_query.find('?');
  std::string_view path = path_and_query.substr(0, q);
  std::string_view query =
      q == std::string_view::npos ? std::string_view() : path_and_query.substr(q + 1);

  std::string out("/");
  out.append(account).append(path.empty() ? std::string_view("/") : path);
  std::map<std::string, std::vector<std::string>> params;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view param = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (param.empty()) continue;
    auto eq = param.find('=');
    std::string name = lower(percent_decode(param.substr(0, eq)));
    std::string value =
        eq == std::string_view::npos ? std::string() : percent_decode(param.substr(eq + 1));
    params[name].push_back(value);
  }
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out.append("\n").append(name).append(":");
    for (std::size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + values[i];
  }
  return out;
}

}  // namespace

std::string shared_key_string_to_sign(const net::HttpRequest& request, std::string_view account) {
  // Since version 2015-02-21 a zero Content-Length is signed as the empty string.
  std::string content_length = request.body.empty() ? "" : std::to_string(request.body.size());
  std::string out = request.method + "\n";
  out += header_value(request, "content-encoding") + "\n";
  out += header_value(request, "content-language") + "\n";
  out += content_length + "\n";
  out += header_value(request, "content-md5") + "\n";
  out += header_value(request, "content-type") + "\n";
  out += header_value(request, "date") + "\n";
  out += header_value(request, "if-modified-since") + "\n";
  out += header_value(request, "if-match") + "\n";
  out += header_value(request, "if-none-match") + "\n";
  out += header_value(request, "if-unmodified-since") + "\n";
  out += header_value(request, "range") + "\n";
  out += canonicalized_headers(request);
  out += canonicalized_resource(request.url, account);
  return out;
}

std::string shared_key_signature(std::string_view account_key, std::string_view string_to_sign) {
  auto key = base64_decode(account_key);
  // connection_string.cc rejects keys that are not base64 before any request is built.
  RECPROC_ASSERT(key.has_value());
  return base64_encode(hmac_sha256(*key, string_to_sign));
}

void sign_shared_key(net::HttpRequest& request, std::string_view account,
                     std::string_view account_key) {
  std::string signature =
      shared_key_signature(account_key, shared_key_string_to_sign(request, account));
  request.headers.push_back(
      {"Authorization", "SharedKey " + std::string(account) + ":" + signature});
}

std::string rfc1123_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  // strftime's %a and %b follow the C locale, which recproc never changes.
  std::size_t n = std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return std::string(buf, n);
}

}  // namespace recproc::azure
