// A small HTTP client over libcurl: one request at a time per client, optional streamed bodies,
// and a retry loop that follows Azure's guidance (exponential backoff with jitter, honours
// retry-after-ms / x-ms-retry-after-ms / Retry-After). Shared by blob upload, Log Analytics and
// alert webhooks. It moves bytes only; it includes no other recproc module.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace recproc::net {

struct HttpHeader {
  std::string name;
  std::string value;
};

struct HttpRequest {
  std::string method = "GET";  ///< GET, PUT, POST, HEAD, DELETE
  std::string url;
  std::vector<HttpHeader> headers;
  std::string body;  ///< sent as is; empty means no body (Content-Length: 0 for PUT/POST)
  /// Header names whose values must never be logged (Authorization is always redacted).
  std::vector<std::string> secret_headers;
  /// The URL's path and query are a secret (a chat webhook's token): logs and errors show only
  /// scheme://host.
  bool secret_url = false;
  /// 0: no limit. A longer response body ends the transfer with ResponseTooLarge (not retried):
  /// a reply far beyond what the API can send is not one to keep in memory.
  std::size_t max_response_bytes = 0;
};

struct HttpResponse {
  long status = 0;
  std::vector<HttpHeader> headers;
  std::string body;
  /// How many attempts perform_with_retry made; more than 1 means an earlier attempt may have
  /// reached the server even though its response was lost.
  int attempts = 1;
  /// Case-insensitive header lookup.
  std::optional<std::string> header(std::string_view name) const;
};

/// Thrown when no HTTP response arrived (DNS, refused, reset, timeout). The message names the
/// host but never the query string (it may hold a SAS signature).
class TransportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown when a response body passes HttpRequest::max_response_bytes.
class ResponseTooLarge : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpOptions {
  std::string ca_file;  ///< extra CA bundle for a private CA; empty uses the system store
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{300'000};
  bool accept_gzip = false;  ///< send Accept-Encoding: gzip and decode transparently
  /// A transfer that moves no byte for this long is dropped (a TransportError, so retried): a
  /// stalled connection fails in seconds, not at request_timeout.
  std::chrono::seconds stall_timeout{60};
};

/// How many retries were made under a policy and every copy of it: the policy is copied into
/// each client and thread, the count stays one, so a report can say how many faults were
/// retried in all.
class RetryCount {
 public:
  void add() const { count_->fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t value() const { return count_->load(std::memory_order_relaxed); }

 private:
  std::shared_ptr<std::atomic<std::uint64_t>> count_ =
      std::make_shared<std::atomic<std::uint64_t>>(0);
};

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds initial_backoff{500};
  std::chrono::milliseconds max_backoff{30'000};
  std::chrono::milliseconds max_total{120'000};
  RetryCount retries;  ///< every retry perform_with_retry (or a caller's own loop) makes
  /// Statuses worth another try; other 4xx never are.
  static bool is_retryable(long status) {
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 ||
           status == 504;
  }
};

class HttpClient {
 public:
  explicit HttpClient(HttpOptions options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// One attempt. Throws TransportError when no response arrived.
  HttpResponse perform(const HttpRequest& request);

  /// Like perform, but streams a 2xx response's body to `on_body` instead of buffering it
  /// (an error's body stays in HttpResponse::body, for describe_failure); return false from
  /// on_body to abort. When the connection drops, what arrived before was already streamed: a
  /// ranged GET can resume after it.
  HttpResponse perform_streaming(const HttpRequest& request,
                                 const std::function<bool(std::string_view)>& on_body);

  /// Retries per `policy`; `describe` names the operation in log lines ("PUT container/blob").
  /// Returns the last response (which may still be an error status); throws TransportError when
  /// the last attempt got no response.
  HttpResponse perform_with_retry(const HttpRequest& request, const RetryPolicy& policy,
                                  std::string_view describe);

 private:
  struct Impl;
  Impl* impl_;
};

/// True for 127.0.0.0/8, ::1 and "localhost": the only hosts where plain http is accepted.
bool is_loopback_url(std::string_view url);

/// The URL with the value of every `sig=` query parameter replaced by "REDACTED", for logs and
/// messages: redact_url("https://a/c?sv=1&sig=abc") == "https://a/c?sv=1&sig=REDACTED".
std::string redact_url(std::string_view url);

/// The host part of a URL ("127.0.0.1:10000"), for messages that must not show the query.
std::string url_host(std::string_view url);

/// How long the server asked us to wait, from retry-after-ms, x-ms-retry-after-ms or
/// Retry-After (seconds or an HTTP date), in that order; nullopt when none is usable.
std::optional<std::chrono::milliseconds> server_retry_delay(const HttpResponse& response);

}  // namespace recproc::net
