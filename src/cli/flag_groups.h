// Flag groups that more than one subcommand takes, each declared once with one help text:
// how to read an input (format, delimiter, header), how to reach Blob Storage (what to do with
// an existing destination, the CA bundle, the sign-in) and how to upload (container, metadata,
// tier, blocks).
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

/// How a command that reads blobs signs in: TLS and the credential.
struct BlobSignInFlags {
  std::string ca_file;        ///< extra CA bundle for HTTPS
  std::string auth = "auto";  ///< auto|key|sas|entra (issue 15)
  int stall_timeout = 60;     ///< seconds without a byte before a connection is retried
};

/// --ca-file, --auth, --stall-timeout.
void add_blob_sign_in_flags(CLI::App& cmd, BlobSignInFlags& flags);

/// What upload and download share: an existing destination and the sign-in.
struct BlobAccessFlags : BlobSignInFlags {
  bool overwrite = false;
  bool skip_existing = false;
};

/// --overwrite, --skip-existing, --ca-file, --auth. `destination` says what may already exist
/// in their help ("blob", "file").
void add_blob_access_flags(CLI::App& cmd, BlobAccessFlags& flags, const std::string& destination);

/// --overwrite with --skip-existing is a UsageError; else what they ask for.
azure::IfExists if_exists(const BlobAccessFlags& flags);

/// The credentials --auth asks for, with --ca-file for the sign-in too. Throws UsageError.
azure::StorageCredentials blob_credentials(const BlobSignInFlags& flags);

/// How to treat the blobs an upload writes: the shared flags and the write-only ones.
struct UploadFlags : BlobAccessFlags {
  bool no_create_container = false;
  std::vector<std::string> metadata;  ///< --metadata k=v, repeatable
  std::vector<std::string> tags;      ///< --tags k=v, repeatable
  std::string tier;                   ///< Hot|Cool|Cold|Archive
  std::string block_size = "8MiB";    ///< first (or every) block's size
  int concurrency = 0;                ///< blocks in flight; 0 is twice the cores, at most 64
};

/// The BlobAccessFlags, --no-create-container, --metadata, --tags, --tier, --block-size,
/// --upload-concurrency.
void add_upload_flags(CLI::App& cmd, UploadFlags& flags);

/// --metadata, --tags and --tier alone (merge, which commits blobs the shards staged).
void add_blob_attribute_flags(CLI::App& cmd, UploadFlags& flags);

/// The upload settings the flags ask for. Throws UsageError when they contradict each other.
azure::UploadOptions upload_options(const UploadFlags& flags);

}  // namespace recproc::cli
