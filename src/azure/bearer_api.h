// An Azure REST API called with an Entra ID bearer token (Log Analytics, Resource Manager):
// the endpoint, the HTTP client and token it uses, and the one way its requests are sent.
#pragma once

#include <string>
#include <string_view>

#include "azure/entra_token.h"
#include "net/http_client.h"

namespace recproc::azure {

class BearerApi {
 public:
  /// `endpoint` is checked by checked_base_url (`what` names it in the error: "the Log Analytics
  /// endpoint"; cli checks its flags' values first, so users see the flag).
  BearerApi(net::HttpClient& http, EntraToken& token, std::string endpoint, std::string_view what,
            net::RetryPolicy retry);

  /// Sends `request` with "Authorization: Bearer", retrying 408/429/5xx and transport failures
  /// as `retry` says; on the first 401 fetches a new token and sends once more (not counted as
  /// a retry). Returns the last response. Throws IoError naming `where` when no response came
  /// or the body passed request.max_response_bytes.
  net::HttpResponse send(net::HttpRequest request, std::string_view where);

  const std::string& endpoint() const { return endpoint_; }
  /// Requests sent so far, and how many of them were retries (throttling, 5xx, transport).
  int requests() const { return requests_; }
  int retries() const { return retries_; }

 private:
  net::HttpClient& http_;
  EntraToken& token_;
  std::string endpoint_;
  net::RetryPolicy retry_;
  int requests_ = 0;
  int retries_ = 0;
};

}  // namespace recproc::azure
