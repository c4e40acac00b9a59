// Where one output of a job goes (issue 15): a local file (io::OutputFile: a temporary file
// renamed into place by commit) or, for azblob://CONTAINER/NAME, a blob streamed as staged
// blocks (azure::BlobBlockWriter) that only commit() makes visible. Either way nothing appears
// under the final name unless commit() is called; on error, SIGINT or SIGTERM it never is.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "azure/blob_attributes.h"
#include "azure/blob_block_writer.h"
#include "azure/crypto.h"
#include "engine/engine.h"
#include "io/byte_sink.h"
#include "io/output_file.h"

namespace recproc::cli {

/// True for azblob:// paths.
bool is_blob_path(std::string_view path);

/// Credentials and settings shared by a job's blob outputs.
struct BlobSettings {
  azure::StorageCredentials credentials;
  azure::UploadOptions options;
};

/// What a shard staged on the final blob instead of committing (issue 14).
struct StagedOutput {
  std::vector<azure::StagedBlock> blocks;  ///< in stream order
  std::uint64_t bytes = 0;                 ///< as stored: compressed when the name says so
  std::string sha256;                      ///< hex, of the stored bytes
};

class JobOutput {
 public:
  /// A local file, "-" (stdout), or with `blob` an azblob:// path. For a blob, checks it before
  /// any byte is processed: an existing blob is IoError unless --overwrite or --skip-existing
  /// (then exists_already() tells). Throws UsageError for a bad URL. With `staged` (a shard's
  /// blob output) the block ids carry its shard and attempt, and only stage() may follow.
  JobOutput(const std::string& path, const BlobSettings* blob,
            std::optional<azure::BlockNaming> staged = std::nullopt);
  ~JobOutput();
  JobOutput(const JobOutput&) = delete;
  JobOutput& operator=(const JobOutput&) = delete;

  void write(std::string_view bytes);
  /// Publishes: rename into place, or one Put Block List with `extra_tags` under the given
  /// ones. False when the blob appeared meanwhile and --skip-existing left it alone.
  bool commit(const azure::KeyValues& extra_tags = {});
  /// A staged blob output: sends what is left as blocks and commits nothing. Throws IoError.
  StagedOutput stage();
  /// Drops what was written: removes the temporary file; blocks are never committed.
  void abandon();

  bool is_stdout() const { return file_ && file_->is_stdout(); }
  /// The blob existed when the job started (only with --skip-existing or --overwrite).
  bool exists_already() const { return exists_; }

 private:
  class BlobSink;
  std::string path_;
  std::unique_ptr<io::OutputFile> file_;
  std::unique_ptr<azure::BlobBlockWriter> blob_;
  std::unique_ptr<BlobSink> blob_sink_;
  std::unique_ptr<io::ByteSink> compressor_;
  std::optional<azure::Sha256> staged_sha_;  ///< with `staged`: what the manifest records
  azure::BlobAttributes attributes_;
  bool exists_ = false;
};

/// The tags a job's output blob gets unless --tags says otherwise (issue 15): its records_in,
/// records_out, records_rejected and, with a schema, the first 16 hex digits of its SHA-256.
/// One run and the merge of a sharded one tag alike.
azure::KeyValues job_tags(const engine::RecordCounts& counts, std::string_view schema_sha256);

/// Writes `text` to `path` (a file, "-" or a blob) and publishes it.
void write_text_output(const std::string& path, const std::string& text, const BlobSettings* blob);

}  // namespace recproc::cli
