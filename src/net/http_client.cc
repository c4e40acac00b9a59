#include "net/http_client.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <random>
#include <thread>

namespace recproc::net {
namespace {

// Headers whose values are credentials (issue 6: no secret in any log line).
constexpr const char* kAlwaysSecret[] = {"authorization", "x-ms-copy-source-authorization",
                                         "proxy-authorization"};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

bool is_secret_header(const HttpRequest& request, std::string_view name) {
  for (const char* s : kAlwaysSecret) {
    if (iequals(name, s)) return true;
  }
  for (const auto& s : request.secret_headers) {
    if (iequals(name, s)) return true;
  }
  return false;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpResponse* response;
  const std::function<bool(std::string_view)>* on_body = nullptr;
  std::size_t max_body = 0;  ///< 0: no limit
  bool aborted = false;
  bool too_large = false;
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  // A new status line (after "100 Continue" or a proxy CONNECT) starts a fresh header set.
  if (line.starts_with("HTTP/")) {
    t->response->headers.clear();
    // Known before the body arrives, so that only a success's body is streamed (on_write).
    auto space = line.find(' ');
    if (space != std::string_view::npos) {
      t->response->status =
          std::strtol(std::string(line.substr(space + 1, 3)).c_str(), nullptr, 10);
    }
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return line.size();
  t->response->headers.push_back(
      {std::string(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1)))});
  return line.size();
}

size_t on_write(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  std::string_view chunk(data, size * count);
  const long status = t->response->status;
  if (t->on_body != nullptr && status >= 200 && status < 300) {
    if (!(*t->on_body)(chunk)) {
      t->aborted = true;
      return 0;  // makes curl stop with CURLE_WRITE_ERROR
    }
    return chunk.size();
  }
  if (t->max_body != 0 && t->response->body.size() + chunk.size() > t->max_body) {
    t->too_large = true;
    return 0;
  }
  t->response->body.append(chunk);
  return chunk.size();
}

struct CurlSlist {
  curl_slist* list = nullptr;
  ~CurlSlist() { curl_slist_free_all(list); }
  void add(const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) throw std::bad_alloc();
    list = next;
  }
};

bool has_header(const HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const HttpHeader& h) { return iequals(h.name, name); });
}

// The URL as logs may show it.
std::string shown_url(const HttpRequest& request) {
  if (!request.secret_url) return redact_url(request.url);
  return url_host(request.url) + "/REDACTED";
}

void log_request(const HttpRequest& request) {
  if (!spdlog::should_log(spdlog::level::debug)) return;
  std::string line = request.method + " " + shown_url(request);
  for (const auto& h : request.headers) {
    line += "\n  " + h.name + ": " + (is_secret_header(request, h.name) ? "REDACTED" : h.value);
  }
  spdlog::debug("http request: {}", line);
}

std::optional<long long> parse_integer(std::string_view s) {
  s = trim(s);
  long long value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < 0) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> HttpResponse::header(std::string_view name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return std::nullopt;
}

struct HttpClient::Impl {
  HttpOptions options;
  CURL* curl = nullptr;
  std::mt19937_64 rng{std::random_device{}()};
};

HttpClient::HttpClient(HttpOptions options) : impl_(new Impl{std::move(options)}) {
  global_init();
  impl_->curl = curl_easy_init();
  if (impl_->curl == nullptr) {
    delete impl_;
    throw TransportError("cannot initialise libcurl");
  }
}

HttpClient::~HttpClient() {
  curl_easy_cleanup(impl_->curl);
  delete impl_;
}

HttpResponse HttpClient::perform(const HttpRequest& request) {
  return perform_streaming(request, {});
}

HttpResponse HttpClient::perform_streaming(const HttpRequest& request,
                                           const std::function<bool(std::string_view)>& on_body) {
  CURL* curl = impl_->curl;
  // The handle is reused so that keep-alive connections survive between requests; every option
  // this function sets is reset first.
  curl_easy_reset(curl);
  log_request(request);

  HttpResponse response;
  Transfer transfer{&response};
  if (on_body) transfer.on_body = &on_body;
  transfer.max_body = request.max_response_bytes;

  CurlSlist headers;
  for (const auto& h : request.headers) {
    headers.add(h.value.empty() ? h.name + ";" : h.name + ": " + h.value);
  }
  // curl would add "Content-Type: application/x-www-form-urlencoded" to bodies we send, which
  // then no longer matches a Shared Key signature over an empty Content-Type.
  if (!has_header(request, "Content-Type")) headers.add("Content-Type:");
  // No "Expect: 100-continue" round trip: it adds latency and some proxies mishandle it.
  headers.add("Expect:");

  char error_buffer[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.list);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(impl_->options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(impl_->options.request_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                   static_cast<long>(impl_->options.stall_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!impl_->options.ca_file.empty()) {
    curl_easy_setopt(curl, CURLOPT_CAINFO, impl_->options.ca_file.c_str());
  }
  if (impl_->options.accept_gzip) curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "gzip");

  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    if (request.method == "PUT" || request.method == "POST" || !request.body.empty()) {
      // POSTFIELDS does not copy: the body outlives the transfer. Size 0 sends Content-Length: 0.
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  CURLcode rc = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (transfer.too_large) {
    throw ResponseTooLarge(request.method + " " + url_host(request.url) +
                           ": response larger than " +
                           std::to_string(request.max_response_bytes >> 20) + " MiB");
  }
  if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && transfer.aborted)) {
    std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(rc);
    // curl's messages name hosts, not URLs, but a redaction pass costs nothing.
    throw TransportError(request.method + " " + url_host(request.url) + ": " + redact_url(detail));
  }
  spdlog::debug("http response: {} {} -> {}", request.method, shown_url(request), response.status);
  return response;
}

HttpResponse HttpClient::perform_with_retry(const HttpRequest& request, const RetryPolicy& policy,
                                            std::string_view describe) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  for (int attempt = 1;; ++attempt) {
    std::optional<HttpResponse> response;
    std::string failure;
    try {
      response = perform(request);
      response->attempts = attempt;
      if (!RetryPolicy::is_retryable(response->status)) return *response;
      failure = std::to_string(response->status);
      if (auto code = response->header("x-ms-error-code")) failure += " " + *code;
    } catch (const TransportError& e) {
      if (attempt >= policy.max_attempts) throw;
      failure = e.what();
    }
    if (attempt >= policy.max_attempts) return *response;

    // Exponential backoff with full jitter over the upper half, unless the server named a delay.
    auto backoff = policy.initial_backoff * (1LL << std::min(attempt - 1, 20));
    backoff = std::min<std::chrono::milliseconds>(backoff, policy.max_backoff);
    std::uniform_int_distribution<long long> jitter(backoff.count() / 2, backoff.count());
    std::chrono::milliseconds delay{jitter(impl_->rng)};
    if (response) {
      if (auto server = server_retry_delay(*response)) delay = *server;
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    if (elapsed + delay > policy.max_total) {
      spdlog::info("{}: {}; not retrying: {} ms more would exceed the {} ms retry budget", describe,
                   failure, delay.count(), policy.max_total.count());
      if (response) return *response;
      throw TransportError(failure);
    }
    spdlog::info("{}: {}; retry {}/{} in {} ms", describe, failure, attempt,
                 policy.max_attempts - 1, delay.count());
    policy.retries.add();
    std::this_thread::sleep_for(delay);
  }
}

std::optional<std::chrono::milliseconds> server_retry_delay(const HttpResponse& response) {
  for (const char* name : {"retry-after-ms", "x-ms-retry-after-ms"}) {
    if (auto v = response.header(name)) {
      if (auto ms = parse_integer(*v)) return std::chrono::milliseconds(*ms);
    }
  }
  auto v = response.header("Retry-After");
  if (!v) return std::nullopt;
  if (auto seconds = parse_integer(*v)) return std::chrono::milliseconds(*seconds * 1000);
  // HTTP date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
  std::tm tm{};
  if (strptime(std::string(trim(*v)).c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) {
    return std::nullopt;
  }
  auto when = std::chrono::system_clock::from_time_t(timegm(&tm));
  auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(
      when - std::chrono::system_clock::now());
  return std::max(delta, std::chrono::milliseconds(0));
}

std::string redact_url(std::string_view url) {
  std::string out(url);
  std::size_t pos = out.find('?');
  while (pos != std::string::npos && pos < out.size()) {
    std::size_t start = pos + 1;
    std::size_t end = out.find('&', start);
    if (end == std::string::npos) end = out.size();
    std::string_view param(out.data() + start, end - start);
    if (param.size() >= 4 && iequals(param.substr(0, 4), "sig=")) {
      out.replace(start + 4, end - start - 4, "REDACTED");
      end = start + 4 + 8;
    }
    pos = end < out.size() ? end : std::string::npos;
  }
  return out;
}

std::string url_host(std::string_view url) {
  auto scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  return std::string(rest);
}

bool is_loopback_url(std::string_view url) {
  std::string host = url_host(url);
  if (host.starts_with('[')) {
    return host.starts_with("[::1]");
  }
  host = host.substr(0, host.find(':'));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host == "localhost") return true;
  // 127.0.0.0/8 in dotted-quad form only; "127.evil.example" is a name, not an address.
  int octets = 0;
  std::string_view rest = host;
  while (!rest.empty()) {
    auto dot = rest.find('.');
    auto part = rest.substr(0, dot);
    auto value = parse_integer(part);
    if (!value || *value > 255 || part.empty() || part.size() > 3) return false;
    if (octets == 0 && *value != 127) return false;
    ++octets;
    if (dot == std::string_view::npos) break;
    rest.remove_prefix(dot + 1);
  }
  return octets == 4;
}

}  // namespace recproc::net
