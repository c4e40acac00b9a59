// `upload --report` and `download --report`: what moved between files and blobs, and how many
// requests had to be retried on the way (issue 18), as one JSON object.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace recproc::cli {

/// One file and the blob it went to or came from.
struct Transfer {
  std::string file;
  std::string blob;  ///< azblob://CONTAINER/NAME
  std::uint64_t bytes = 0;
  bool skipped = false;  ///< it existed and --skip-existing was given
};

/// {"command": C, "transfers": [...], "transferred": N, "skipped": N, "bytes": N, "retries": N},
/// written atomically to `path`.
void write_transfer_report(const std::string& path, const std::string& command,
                           const std::vector<Transfer>& transfers, std::uint64_t retries);

}  // namespace recproc::cli
