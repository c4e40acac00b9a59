// `recproc download` (issue 15): which local file each listed blob becomes, and writing one
// blob there through BlobSource (parallel ranged GETs, ETag pinned, resumed after a drop),
// byte for byte as stored, published atomically and only when it matches the blob's
// Content-MD5.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "azure/blob_upload.h"
#include "cli/blob_inputs.h"

namespace recproc::cli {

/// One blob and the local path it becomes.
struct DownloadTarget {
  BlobInput blob;
  std::string path;
};

/// Where each blob of `blobs` (resolved from `pattern`) goes under `destination`, the DIR|FILE
/// argument. A URL naming one blob: `destination` itself, or DIR/BASENAME when it is an
/// existing directory or ends in '/'. A prefix or a glob: DIR/NAME, NAME relative to the
/// prefix, or to a glob's part up to the last '/' before its first wildcard; folder markers
/// (names ending in '/') are left out. Throws UsageError when a prefix or glob meets an
/// existing non-directory, IoError for a blob name that would leave DIR ("..", "//").
std::vector<DownloadTarget> plan_downloads(const std::string& pattern,
                                           const std::vector<BlobInput>& blobs,
                                           const std::string& destination);

/// With IfExists::kFail, an IoError naming the first target whose path exists, so that a
/// download of many blobs stops before any byte moves.
void refuse_existing(const std::vector<DownloadTarget>& targets, azure::IfExists if_exists);

struct DownloadResult {
  std::string url;
  std::string path;
  std::uint64_t bytes = 0;
  bool skipped = false;  ///< the file existed and IfExists::kSkip was asked for
};

/// Writes the blob to target.path through a temporary file in the same directory (missing
/// parent directories are created), renamed into place after the fsync and the Content-MD5
/// check (when the blob has one). Throws IoError; nothing is left under the final name or
/// the temporary one then.
DownloadResult download_blob(const DownloadTarget& target, std::shared_ptr<const BlobAccess> access,
                             azure::IfExists if_exists);

}  // namespace recproc::cli
