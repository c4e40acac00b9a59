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

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "azure/connection_string.h"
#include "azure/http_client.h"
#include "azure/storage_auth.h"

namespace recproc::azure {

/// What to do when the destination blob already exists.
enum class IfExists {
  kFail,       ///< the default: IoError (exit 3) naming the blob; race-free via If-None-Match: *
  kOverwrite,  ///< --overwrite: replace it
  kSkip,       ///< --skip-existing: leave it and report the file as skipped
};

struct UploadOptions {
  IfExists if_exists = IfExists::kFail;
  bool create_container = true;              ///< false with --no-create-container
  std::size_t block_size = 8 * 1024 * 1024;  ///< files above this go up as blocks of this size
  int concurrency = 4;                       ///< blocks in flight per file (--upload-concurrency)
  std::string ca_file;                       ///< --ca-file: extra CA bundle for HTTPS
  AuthMode auth = AuthMode::kAuto;           ///< --auth: how to sign in (storage_auth.h)
  RetryPolicy retry;                         ///< per request
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

/// Content-Type from the file name: .ndjson/.jsonl application/x-ndjson, .csv text/csv, .tsv
/// text/tab-separated-values, .json application/json, .gz application/gzip, .zst
/// application/zstd, anything else application/octet-stream.
std::string content_type_for(std::string_view file);

}  // namespace recproc::azure
