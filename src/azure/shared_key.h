// Shared Key authorization for the Blob service (version 2009-09-19 and later): the string to
// sign is built from the verb, a fixed list of standard headers, the x-ms-* headers and the
// canonicalized resource, and signed with HMAC-SHA256 under the base64-decoded account key.
// https://learn.microsoft.com/rest/api/storageservices/authorize-with-shared-key
#pragma once

#include <string>
#include <string_view>

#include "net/http_client.h"

namespace recproc::azure {

/// The exact string Microsoft's rules say to sign for `request` (its x-ms-date and x-ms-version
/// must already be set). Content-Length is taken from the body and left empty when it is 0.
std::string shared_key_string_to_sign(const net::HttpRequest& request, std::string_view account);

/// base64(HMAC-SHA256(base64decode(account_key), string_to_sign)).
std::string shared_key_signature(std::string_view account_key, std::string_view string_to_sign);

/// Adds "Authorization: SharedKey account:signature" to the request (and marks it secret).
void sign_shared_key(net::HttpRequest& request, std::string_view account,
                     std::string_view account_key);

/// The current time as an RFC 1123 date for x-ms-date: "Sun, 11 Oct 2009 21:49:13 GMT".
std::string rfc1123_now();

}  // namespace recproc::azure
