#include "azure/blob_client.h"

#include <spdlog/spdlog.h>

#include "azure/blob_url.h"
#include "azure/credential.h"
#include "azure/crypto.h"
#include "azure/shared_key.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

std::string encode_query_value(std::string_view value) {
  // Base64 block ids carry '+', '/' and '='; '/' is kept by encode_blob_path, so encode it here.
  std::string out;
  for (char c : encode_blob_path(value)) {
    if (c == '/') {
      out += "%2F";
    } else {
      out += c;
    }
  }
  return out;
}

std::string xml_element(std::string_view xml, std::string_view name) {
  // Built with append: "<" + std::string(name) trips GCC 12's -Wrestrict false positive.
  std::string open("<");
  open.append(name).append(">");
  std::string close("</");
  close.append(name).append(">");
  auto start = xml.find(open);
  if (start == std::string_view::npos) return {};
  start += open.size();
  auto end = xml.find(close, start);
  if (end == std::string_view::npos) return {};
  return std::string(xml.substr(start, end - start));
}

// The five predefined XML entities; List Blobs escapes names with them.
std::string xml_unescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (text.substr(i).starts_with(entity)) {
          out += c;
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

// The headers Put Blob and Put Block List share: what the committed blob says about itself.
void add_blob_headers(net::HttpRequest& request, const BlobWriteOptions& options) {
  // A merged blob's MD5 is unknown (MD5s of parts do not combine): then the blob has none.
  if (!options.content_md5.empty()) {
    request.headers.push_back({"x-ms-blob-content-md5", options.content_md5});
  }
  if (!options.content_type.empty()) {
    request.headers.push_back({"x-ms-blob-content-type", options.content_type});
  }
  if (!options.content_encoding.empty()) {
    request.headers.push_back({"x-ms-blob-content-encoding", options.content_encoding});
  }
  for (const auto& [name, value] : options.attributes.metadata) {
    request.headers.push_back({"x-ms-meta-" + name, value});
  }
  if (!options.attributes.tags.empty()) {
    request.headers.push_back({"x-ms-tags", tags_header(options.attributes.tags)});
  }
  if (!options.attributes.tier.empty()) {
    request.headers.push_back({"x-ms-access-tier", options.attributes.tier});
  }
  if (options.if_none_match) request.headers.push_back({"If-None-Match", "*"});
}

}  // namespace

BlobClient::BlobClient(StorageCredentials credentials, net::HttpOptions http,
                       net::RetryPolicy retry)
    : credentials_(std::move(credentials)), http_(std::move(http)), retry_(retry) {
  const std::string& endpoint = credentials_.blob_endpoint;
  bool https = endpoint.starts_with("https://");
  bool http_scheme = endpoint.starts_with("http://");
  if (!https && !http_scheme) {
    throw UsageError("blob endpoint \"" + endpoint + "\": expected an http:// or https:// URL");
  }
  if (http_scheme && !net::is_loopback_url(endpoint)) {
    throw UsageError("blob endpoint \"" + endpoint +
                     "\": plain http is accepted only for loopback addresses; use https");
  }
}

net::HttpRequest BlobClient::make_request(std::string method, std::string_view container,
                                          std::string_view blob, std::string_view query) {
  net::HttpRequest request;
  request.method = std::move(method);
  request.url = credentials_.blob_endpoint + "/" + std::string(container);
  if (!blob.empty()) request.url.append("/").append(encode_blob_path(blob));
  std::string q(query);
  if (credentials_.uses_sas()) q += (q.empty() ? "" : "&") + credentials_.sas_token;
  if (!q.empty()) request.url.append("?").append(q);
  request.headers.push_back({"x-ms-date", rfc1123_now()});
  request.headers.push_back({"x-ms-version", kStorageApiVersion});
  return request;
}

void BlobClient::authorize(net::HttpRequest& request) {
  if (credentials_.uses_bearer()) {
    request.headers.push_back(
        {"Authorization", "Bearer " + credentials_.bearer->token(kStorageScope)});
  } else if (!credentials_.uses_sas()) {
    sign_shared_key(request, credentials_.account, credentials_.account_key);
  }
}

net::HttpResponse BlobClient::send(net::HttpRequest request, std::string_view describe) {
  if (credentials_.uses_bearer()) {
    // https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory
    // (x-ms-version 2017-11-09 or later; kStorageApiVersion is).
    request.headers.push_back(
        {"Authorization", "Bearer " + credentials_.bearer->token(kStorageScope)});
    net::HttpResponse response = http_.perform_with_retry(request, retry_, describe);
    if (response.status != 401) return response;
    // An expired or revoked token: one new token, one more try.
    spdlog::info("{}: HTTP 401; fetching a new token", describe);
    credentials_.bearer->invalidate(kStorageScope);
    request.headers.back().value = "Bearer " + credentials_.bearer->token(kStorageScope);
    return http_.perform_with_retry(request, retry_, describe);
  }
  // Signed once: the whole retry budget (net::RetryPolicy::max_total) stays well inside the 15
  // minutes of clock skew the service allows for x-ms-date.
  if (!credentials_.uses_sas()) {
    sign_shared_key(request, credentials_.account, credentials_.account_key);
  }
  return http_.perform_with_retry(request, retry_, describe);
}

bool BlobClient::create_container(std::string_view container) {
  net::HttpRequest request = make_request("PUT", container, "", "restype=container");
  std::string what = "create container \"" + std::string(container) + "\"";
  net::HttpResponse response;
  try {
    response = send(std::move(request), what);
  } catch (const net::TransportError& e) {
    throw IoError(what + ": " + e.what());
  }
  if (response.status == 201) {
    spdlog::info("created container \"{}\"", container);
    return true;
  }
  if (response.status == 409 && response.header("x-ms-error-code") == "ContainerAlreadyExists") {
    return false;
  }
  throw IoError(what + ": " + describe(response));
}

std::optional<BlobProperties> BlobClient::get_properties(std::string_view container,
                                                         std::string_view blob,
                                                         net::HttpResponse* failure) {
  net::HttpRequest request = make_request("HEAD", container, blob, "");
  net::HttpResponse response =
      send(std::move(request), "HEAD \"" + std::string(container) + "/" + std::string(blob) + "\"");
  if (response.status == 404) return std::nullopt;
  if (response.status != 200) {
    if (failure != nullptr) *failure = response;
    return std::nullopt;
  }
  BlobProperties properties;
  properties.size = std::stoull(response.header("Content-Length").value_or("0"));
  properties.content_md5 = response.header("Content-MD5").value_or("");
  properties.etag = response.header("ETag").value_or("");
  return properties;
}

std::vector<BlobItem> BlobClient::list_blobs(std::string_view container, std::string_view prefix) {
  std::vector<BlobItem> items;
  const std::string what = "list blobs in \"" + std::string(container) + "\"";
  std::string marker;
  do {
    std::string query =
        "restype=container&comp=list&maxresults=5000&prefix=" + encode_query_value(prefix);
    if (!marker.empty()) query += "&marker=" + encode_query_value(marker);
    net::HttpResponse response;
    try {
      response = send(make_request("GET", container, "", query), what);
    } catch (const net::TransportError& e) {
      throw IoError(what + ": " + e.what());
    }
    if (response.status != 200) throw IoError(what + ": " + describe(response));
    // https://learn.microsoft.com/rest/api/storageservices/list-blobs#response-body
    std::string_view xml = response.body;
    for (std::size_t at = xml.find("<Blob>"); at != std::string_view::npos;
         at = xml.find("<Blob>", at + 1)) {
      std::string_view blob = xml.substr(at, xml.find("</Blob>", at) - at);
      BlobItem item;
      item.name = xml_unescape(xml_element(blob, "Name"));
      item.size = std::strtoull(xml_element(blob, "Content-Length").c_str(), nullptr, 10);
      item.etag = xml_element(blob, "Etag");
      item.content_md5 = xml_element(blob, "Content-MD5");
      items.push_back(std::move(item));
    }
    marker = xml_unescape(xml_element(xml, "NextMarker"));
  } while (!marker.empty());
  return items;
}

net::HttpResponse BlobClient::get_range(std::string_view container, std::string_view blob,
                                        std::uint64_t begin, std::uint64_t end,
                                        std::string_view etag,
                                        const std::function<bool(std::string_view)>& on_body) {
  net::HttpRequest request = make_request("GET", container, blob, "");
  request.headers.push_back(
      {"x-ms-range", "bytes=" + std::to_string(begin) + "-" + std::to_string(end - 1)});
  // An entity tag is quoted in HTTP headers; List Blobs gives it bare.
  if (!etag.empty()) {
    request.headers.push_back(
        {"If-Match", etag.front() == '"' ? std::string(etag) : "\"" + std::string(etag) + "\""});
  }
  authorize(request);
  return http_.perform_streaming(request, on_body);
}

net::HttpResponse BlobClient::put_blob(std::string_view container, std::string_view blob,
                                       std::string body, const BlobWriteOptions& options) {
  net::HttpRequest request = make_request("PUT", container, blob, "");
  request.headers.push_back({"x-ms-blob-type", "BlockBlob"});
  request.headers.push_back({"Content-MD5", options.content_md5});
  add_blob_headers(request, options);
  request.body = std::move(body);
  return send(std::move(request),
              "put blob \"" + std::string(container) + "/" + std::string(blob) + "\"");
}

net::HttpResponse BlobClient::put_block(std::string_view container, std::string_view blob,
                                        std::string_view block_id, std::string body) {
  net::HttpRequest request =
      make_request("PUT", container, blob, "comp=block&blockid=" + encode_query_value(block_id));
  request.headers.push_back({"Content-MD5", content_md5(body)});
  request.body = std::move(body);
  return send(std::move(request), "put block \"" + std::string(container) + "/" +
                                      std::string(blob) + "\" " + std::string(block_id));
}

net::HttpResponse BlobClient::put_block_list(std::string_view container, std::string_view blob,
                                             const std::vector<std::string>& block_ids,
                                             const BlobWriteOptions& options) {
  std::string xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<BlockList>";
  for (const auto& id : block_ids) xml += "<Latest>" + id + "</Latest>";
  xml += "</BlockList>";
  net::HttpRequest request = make_request("PUT", container, blob, "comp=blocklist");
  request.headers.push_back({"Content-Type", "application/xml"});
  request.headers.push_back({"Content-MD5", content_md5(xml)});
  add_blob_headers(request, options);
  request.body = std::move(xml);
  return send(std::move(request),
              "put block list \"" + std::string(container) + "/" + std::string(blob) + "\"");
}

std::string BlobClient::describe(const net::HttpResponse& response) const {
  std::string out = describe_failure(response);
  if (!credentials_.uses_bearer()) return out;
  std::string source = credentials_.bearer->source();
  if (response.status == 403 && response.header("x-ms-error-code") != "AuthenticationFailed") {
    out += " (signed in with " + source +
           "; that identity probably lacks the \"Storage Blob Data Contributor\" role, or "
           "\"Storage Blob Data Reader\" to read, on this storage account or container)";
  } else if (response.status == 401 || response.status == 403) {
    out += " (the token from " + source +
           " was refused: expired, or issued for another audience or tenant)";
  }
  return out;
}

std::string BlobClient::describe_failure(const net::HttpResponse& response) {
  std::string out = std::to_string(response.status);
  std::string code =
      response.header("x-ms-error-code").value_or(xml_element(response.body, "Code"));
  if (!code.empty()) out += " " + code;
  std::string message = xml_element(response.body, "Message");
  // Only the first line: the rest is RequestId and Time, and AuthenticationErrorDetail (never
  // quoted) can echo the signature the server expected.
  message = message.substr(0, message.find_first_of("\r\n"));
  if (!message.empty()) out += ": " + net::redact_url(message);
  return out;
}

// --- Writing blobs as a stream, resuming uploads (issue 15, writing side) ---

namespace {

// <CommittedBlocks> or <UncommittedBlocks> of a Get Block List answer:
// https://learn.microsoft.com/rest/api/storageservices/get-block-list#response-body
std::vector<StagedBlock> parse_blocks(std::string_view xml, std::string_view section) {
  std::vector<StagedBlock> blocks;
  const std::string open = "<" + std::string(section) + ">";
  auto at = xml.find(open);
  if (at == std::string_view::npos) return blocks;
  xml = xml.substr(at);
  xml = xml.substr(0, xml.find("</" + std::string(section) + ">"));
  for (auto b = xml.find("<Block>"); b != std::string_view::npos; b = xml.find("<Block>", b + 1)) {
    std::string_view one = xml.substr(b, xml.find("</Block>", b) - b);
    std::string size = xml_element(one, "Size");
    blocks.push_back({xml_element(one, "Name"), size.empty() ? 0 : std::stoull(size)});
  }
  return blocks;
}

}  // namespace

BlockList BlobClient::get_block_list(std::string_view container, std::string_view blob,
                                     std::string_view type) {
  net::HttpRequest request =
      make_request("GET", container, blob, "comp=blocklist&blocklisttype=" + std::string(type));
  std::string what = "get block list \"" + std::string(container) + "/" + std::string(blob) + "\"";
  net::HttpResponse response;
  try {
    response = send(std::move(request), what);
  } catch (const net::TransportError& e) {
    throw IoError(what + ": " + e.what());
  }
  if (response.status == 404) return {};
  if (response.status != 200) throw IoError(what + ": " + describe(response));
  return {parse_blocks(response.body, "CommittedBlocks"),
          parse_blocks(response.body, "UncommittedBlocks")};
}

std::vector<StagedBlock> BlobClient::uncommitted_blocks(std::string_view container,
                                                        std::string_view blob) {
  return get_block_list(container, blob, "uncommitted").uncommitted;
}

BlockList BlobClient::block_list(std::string_view container, std::string_view blob) {
  return get_block_list(container, blob, "all");
}

}  // namespace recproc::azure
