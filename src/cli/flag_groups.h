// Flag groups that more than one subcommand takes, each declared once with one help text:
// how to read an input (format, delimiter, header) and how to upload (what to do with an
// existing blob, the container, the CA bundle).
#pragma once

#include <string>
#include <vector>

#include "azure/blob_upload.h"

namespace CLI {
class App;
}

namespace recproc::cli {

/// How to read inputs; empty strings mean "from the file name" / the format's default.
struct FormatFlags {
  std::string format;  ///< ndjson|csv|tsv
  std::string delimiter;
  std::string quote;
  bool no_header = false;
  bool allow_ragged = false;
};

/// --format, --delimiter, --quote, --no-header, --allow-ragged.
void add_format_flags(CLI::App& cmd, FormatFlags& flags);

/// How to treat the blobs an upload writes.
struct UploadFlags {
  bool overwrite = false;
  bool skip_existing = false;
  bool no_create_container = false;
  std::string ca_file;                ///< extra CA bundle for HTTPS
  std::string auth = "auto";          ///< auto|key|sas|entra (issue 15)
  std::vector<std::string> metadata;  ///< --metadata k=v, repeatable
  std::vector<std::string> tags;      ///< --tags k=v, repeatable
  std::string tier;                   ///< Hot|Cool|Cold|Archive
  std::string block_size = "8MiB";    ///< first (or every) block's size
  int concurrency = 0;                ///< blocks in flight; 0 is twice the cores, at most 64
};

/// --overwrite, --skip-existing, --no-create-container, --ca-file, --auth, --metadata, --tags,
/// --tier, --block-size, --upload-concurrency.
void add_upload_flags(CLI::App& cmd, UploadFlags& flags);

/// The upload settings the flags ask for. Throws UsageError when they contradict each other.
azure::UploadOptions upload_options(const UploadFlags& flags);

}  // namespace recproc::cli
