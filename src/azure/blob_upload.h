// Uploading local files to Azure Blob Storage: the API behind `recproc upload` and
// `recproc run --upload` (issue 6).
//
//   azure::UploadOptions options;
//   options.if_exists = azure::IfExists::kOverwrite;
//   auto results = azure::upload_files({"out.ndjson"}, "azblob://logs/night/out.ndjson", options);
//
// A blob is either fully committed or not visible: small files go up in one Put Blob, larger
// ones as staged blocks that only a final Put Block List makes visible.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "azure/blob_attributes.h"
#include "azure/connection_string.h"
#include "azure/storage_auth.h"
#include "net/http_client.h"

namespace recproc::azure {

class BlobClient;

/// What to do when the destination blob already exists.
enum class IfExists {
  kFail,       ///< the default: IoError (exit 3) naming the blob; race-free via If-None-Match: *
  kOverwrite,  ///< --overwrite: replace it
  kSkip,       ///< --skip-existing: leave it and report the file as skipped
};

struct UploadOptions {
  IfExists if_exists = IfExists::kFail;
  bool create_container = true;  ///< false with --no-create-container
  /// Files above this go up as blocks of this size, larger when the file would need more than
  /// 50,000 (--block-size); a streamed `-o azblob://` output starts with blocks of this size.
  std::size_t block_size = 8 * 1024 * 1024;
  int concurrency = 4;                     ///< blocks in flight per file (--upload-concurrency)
  std::string ca_file;                     ///< --ca-file: extra CA bundle for HTTPS
  std::chrono::seconds stall_timeout{60};  ///< --stall-timeout: see net::HttpOptions
  AuthMode auth = AuthMode::kAuto;         ///< --auth: how to sign in (storage_auth.h)
  net::RetryPolicy retry;                  ///< per request
  BlobAttributes attributes;               ///< --metadata, --tags, --tier

  /// How each request reaches the service.
  net::HttpOptions http() const { return {.ca_file = ca_file, .stall_timeout = stall_timeout}; }
};

/// Where one file goes.
struct UploadTarget {
  std::string container;
  std::string blob_name;
};

struct UploadResult {
  std::string file;
  UploadTarget target;
  std::uint64_t bytes = 0;
  bool skipped = false;  ///< the blob existed and IfExists::kSkip was asked for
};

/// The blob each file becomes (see blob_name_for in blob_url.h). Throws UsageError for a bad URL
/// or when two files would land on the same blob.
std::vector<UploadTarget> plan_uploads(const std::vector<std::string>& files,
                                       std::string_view azblob_url);

/// Uploads every file in order, signing in as options.auth says (storage_credentials).
/// Throws UsageError (bad URL, options or credentials: exit 2) or IoError (unreadable file,
/// network, refused credentials, existing blob: exit 3), naming the container and blob.
std::vector<UploadResult> upload_files(const std::vector<std::string>& files,
                                       std::string_view azblob_url, const UploadOptions& options);

/// The credentials upload_files and upload_planned use when none are given.
StorageCredentials credentials_for(const UploadOptions& options);

/// Same, with explicit credentials.
std::vector<UploadResult> upload_files(const std::vector<std::string>& files,
                                       std::string_view azblob_url, const UploadOptions& options,
                                       const StorageCredentials& credentials);

/// Uploads files[i] to targets[i] (same length), for callers that name each blob themselves,
/// e.g. `recproc run` putting out.ndjson and its rejects next to each other. Credentials from
/// the environment; errors as upload_files.
std::vector<UploadResult> upload_planned(const std::vector<std::string>& files,
                                         const std::vector<UploadTarget>& targets,
                                         const UploadOptions& options);

/// Same, with explicit credentials.
std::vector<UploadResult> upload_planned(const std::vector<std::string>& files,
                                         const std::vector<UploadTarget>& targets,
                                         const UploadOptions& options,
                                         const StorageCredentials& credentials);

/// The block size for a file of `size` bytes: `wanted`, or the smallest size that keeps the file
/// within 50,000 blocks when `wanted` would not (rounded up to a whole MiB).
std::size_t upload_block_size(std::uint64_t size, std::size_t wanted);

// --- Shared by upload and the streamed `-o azblob://` writer (blob_block_writer.h) ---

/// Create Container. A SAS that may not create containers (403) is tolerated: the writes then
/// say whether the container exists. Throws IoError otherwise.
void ensure_container(BlobClient& client, const StorageCredentials& credentials,
                      const std::string& container);

/// HEAD: true when the blob exists. A write-only SAS may not read properties (403): false, and
/// If-None-Match: * still guards the write. Throws IoError for 401 and for other credentials'
/// 403.
bool blob_exists(BlobClient& client, const StorageCredentials& credentials,
                 const UploadTarget& target);

/// After a commit: a HEAD must show `size` bytes and Content-MD5 `md5`. Throws IoError when it
/// does not; skipped (with a debug line) when the credentials may not read properties.
void verify_committed(BlobClient& client, const UploadTarget& target, std::uint64_t size,
                      const std::string& md5);

}  // namespace recproc::azure
