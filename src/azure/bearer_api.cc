#include "azure/bearer_api.h"

#include <spdlog/spdlog.h>

#include "azure/entra_credential.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

void set_authorization(net::HttpRequest& request, const std::string& token) {
  for (auto& h : request.headers) {
    if (h.name == "Authorization") {
      h.value = "Bearer " + token;
      return;
    }
  }
  request.headers.push_back({"Authorization", "Bearer " + token});
}

}  // namespace

BearerApi::BearerApi(net::HttpClient& http, EntraToken& token, std::string endpoint,
                     std::string_view what, net::RetryPolicy retry)
    : http_(http),
      token_(token),
      endpoint_(checked_base_url(std::move(endpoint), what)),
      retry_(retry) {}

net::HttpResponse BearerApi::send(net::HttpRequest request, std::string_view where) {
  set_authorization(request, token_.get());
  for (bool refreshed = false;; refreshed = true) {
    net::HttpResponse response;
    try {
      response = http_.perform_with_retry(request, retry_, where);
    } catch (const net::TransportError& e) {
      throw IoError(std::string(where) + ": " + e.what());
    } catch (const net::ResponseTooLarge& e) {
      throw IoError(std::string(where) + ": " + e.what());
    }
    requests_ += response.attempts;
    retries_ += response.attempts - 1;
    if (response.status != 401 || refreshed) return response;
    // An expired or revoked token: one new token, once.
    spdlog::info("{}: HTTP 401; fetching a new token", where);
    set_authorization(request, token_.refresh());
  }
}

}  // namespace recproc::azure
