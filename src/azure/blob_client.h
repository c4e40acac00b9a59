// The Blob service operations recproc needs, one REST call each, signed with Shared Key,
// carrying a SAS or a Microsoft Entra ID bearer token, each with the retry policy. Not thread-safe:
// one client per thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "azure/blob_attributes.h"
#include "azure/connection_string.h"
#include "net/http_client.h"
#include "recproc/error.h"

namespace recproc::azure {

/// The x-ms-version we speak; Azurite 3.35 and the public cloud both accept it.
inline constexpr const char* kStorageApiVersion = "2024-11-04";

/// The blob a write must not replace exists (IfExists::kFail): exit 3 like any IoError; cli adds
/// which flags decide.
class BlobExistsError : public IoError {
 public:
  using IoError::IoError;
};

/// What Put Blob and Put Block List set on the blob.
struct BlobWriteOptions {
  std::string content_type;      ///< stored as the blob's Content-Type
  std::string content_md5;       ///< base64 MD5 of the whole blob, stored as its Content-MD5
  bool if_none_match = false;    ///< If-None-Match: * so that an existing blob is never replaced
  std::string content_encoding;  ///< stored as the blob's Content-Encoding (gzip, zstd)
  BlobAttributes attributes;     ///< metadata, tags and tier (issue 15)
};

/// One block staged but not committed yet (Get Block List).
struct StagedBlock {
  std::string id;  ///< base64, as it was staged
  std::uint64_t size = 0;
};

/// A blob's blocks (Get Block List, blocklisttype=all), each list in order.
struct BlockList {
  std::vector<StagedBlock> committed;
  std::vector<StagedBlock> uncommitted;
};

/// What a HEAD on a blob tells us.
struct BlobProperties {
  std::uint64_t size = 0;
  std::string content_md5;  ///< base64, empty when the blob has none
  std::string etag;         ///< pins the version being read (If-Match)
};

/// One blob of a listing.
struct BlobItem {
  std::string name;
  std::uint64_t size = 0;
  std::string etag;
  std::string content_md5;  ///< base64, empty when the blob has none
};

class BlobClient {
 public:
  /// Throws UsageError when the endpoint is plain http to a host that is not loopback.
  BlobClient(StorageCredentials credentials, net::HttpOptions http, net::RetryPolicy retry);

  /// Create Container; true when created, false when it already existed (409
  /// ContainerAlreadyExists, also from a concurrent creator). Throws IoError otherwise.
  bool create_container(std::string_view container);

  /// Get Blob Properties; nullopt when the blob does not exist. Returns the raw response through
  /// `failure` instead of throwing when the answer is neither 200 nor 404.
  std::optional<BlobProperties> get_properties(std::string_view container, std::string_view blob,
                                               net::HttpResponse* failure);

  // ---- Reading (issue 15) ----

  /// List Blobs: every blob whose name starts with `prefix`, in name order, following
  /// NextMarker. Throws IoError naming the container on a refusal.
  std::vector<BlobItem> list_blobs(std::string_view container, std::string_view prefix);

  /// Get Blob of bytes [begin, end) if the blob still has `etag`: one attempt, the body streamed
  /// to `on_body` as it arrives (see net::HttpClient::perform_streaming). 206 on success, 412 when
  /// the blob was replaced. Throws net::TransportError when the connection fails or drops.
  net::HttpResponse get_range(std::string_view container, std::string_view blob,
                              std::uint64_t begin, std::uint64_t end, std::string_view etag,
                              const std::function<bool(std::string_view)>& on_body);

  /// Put Blob with the whole content and its Content-MD5. Returns the final response.
  net::HttpResponse put_blob(std::string_view container, std::string_view blob, std::string body,
                             const BlobWriteOptions& options);

  /// Put Block: stages one uncommitted block carrying its Content-MD5.
  net::HttpResponse put_block(std::string_view container, std::string_view blob,
                              std::string_view block_id, std::string body);

  /// Put Block List: commits the blocks in order, making the blob visible at once.
  net::HttpResponse put_block_list(std::string_view container, std::string_view blob,
                                   const std::vector<std::string>& block_ids,
                                   const BlobWriteOptions& options);

  /// "403 AuthenticationFailed: Server failed to authenticate the request..." from a response:
  /// status, x-ms-error-code and the first line of the XML <Message>, never any header value.
  static std::string describe_failure(const net::HttpResponse& response);
  /// describe_failure, and with a bearer token which identity signed in and, for a 403, the
  /// role it probably lacks (issue 15).
  std::string describe(const net::HttpResponse& response) const;

  // --- Writing blobs as a stream, resuming uploads (issue 15, writing side) ---

  /// Get Block List, uncommitted blocks only: what an interrupted upload already staged.
  /// Empty when the blob has none or does not exist; throws IoError on any other answer.
  std::vector<StagedBlock> uncommitted_blocks(std::string_view container, std::string_view blob);

  /// Get Block List, committed and uncommitted: what `recproc merge` checks before it commits
  /// the blocks the shards staged (issue 14). Empty lists when the blob has no blocks or does
  /// not exist; throws IoError on any other answer.
  BlockList block_list(std::string_view container, std::string_view blob);

 private:
  net::HttpRequest make_request(std::string method, std::string_view container,
                                std::string_view blob, std::string_view query);
  net::HttpResponse send(net::HttpRequest request, std::string_view describe);
  /// Signs `request` (Shared Key or bearer token; a SAS is already in the URL).
  void authorize(net::HttpRequest& request);
  BlockList get_block_list(std::string_view container, std::string_view blob,
                           std::string_view type);

  StorageCredentials credentials_;
  net::HttpClient http_;
  net::RetryPolicy retry_;
};

}  // namespace recproc::azure
