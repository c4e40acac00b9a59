#include "cli/job_output.h"

#include "azure/blob_content_headers.h"
#include "azure/blob_url.h"
#include "azure/crypto.h"
#include "io/compression.h"
#include "recproc/error.h"

namespace recproc::cli {

bool is_blob_path(std::string_view path) { return path.starts_with("azblob://"); }

// The stored bytes on their way to the blob writer, hashed for a shard's manifest.
class JobOutput::BlobSink final : public io::ByteSink {
 public:
  BlobSink(azure::BlobBlockWriter& writer, std::optional<azure::Sha256>& sha)
      : writer_(writer), sha_(sha) {}
  void write(std::string_view bytes) override {
    if (sha_) sha_->update(bytes);
    writer_.write(bytes);
  }
  void finish() override {}

 private:
  azure::BlobBlockWriter& writer_;
  std::optional<azure::Sha256>& sha_;
};

JobOutput::JobOutput(const std::string& path, const BlobSettings* blob,
                     std::optional<azure::BlockNaming> staged)
    : path_(path) {
  if (!is_blob_path(path)) {
    file_ = std::make_unique<io::OutputFile>(path);
    return;
  }
  RECPROC_ASSERT(blob != nullptr);
  azure::BlobLocation where = azure::parse_azblob_url(path);
  if (where.prefix.empty() || where.prefix.back() == '/') {
    throw UsageError(path + ": name the blob, e.g. azblob://" + where.container + "/" +
                     where.prefix + "out.ndjson");
  }
  azure::UploadTarget target{where.container, where.prefix};
  blob_ = std::make_unique<azure::BlobBlockWriter>(blob->credentials, target, blob->options,
                                                   staged.value_or(azure::BlockNaming{}));
  if (staged) staged_sha_.emplace();
  attributes_ = blob->options.attributes;
  exists_ = blob_->prepare();
  if (exists_ && blob->options.if_exists == azure::IfExists::kFail) {
    // cli/error_text.cc adds the flags that decide.
    throw azure::BlobExistsError("write to container \"" + target.container + "\" blob \"" +
                                 target.blob_name + "\": the blob exists");
  }
  blob_sink_ = std::make_unique<BlobSink>(*blob_, staged_sha_);
  io::Compression compression = io::compression_for_path(path);
  if (compression != io::Compression::kNone) compressor_ = io::wrap_sink(compression, *blob_sink_);
}

JobOutput::~JobOutput() = default;

void JobOutput::write(std::string_view bytes) {
  if (file_) return file_->write(bytes);
  if (compressor_) return compressor_->write(bytes);
  blob_sink_->write(bytes);
}

StagedOutput JobOutput::stage() {
  RECPROC_ASSERT(blob_ && staged_sha_);
  // Each shard's compressed stream ends here: the committed blob is one gzip member or zstd
  // frame per shard, which gzip and zstd decompress as one stream.
  if (compressor_) compressor_->finish();
  StagedOutput out;
  out.blocks = blob_->stage();
  out.bytes = blob_->bytes_written();
  out.sha256 = azure::hex_encode(staged_sha_->digest());
  return out;
}

bool JobOutput::commit(const azure::KeyValues& extra_tags) {
  RECPROC_ASSERT(!staged_sha_);
  if (file_) {
    file_->commit();
    return true;
  }
  if (compressor_) compressor_->finish();
  azure::BlobWriteOptions options;
  azure::ContentHeaders headers = azure::content_headers_for(path_);
  options.content_type = headers.type;
  options.content_encoding = headers.encoding;
  options.attributes = attributes_;
  options.attributes.tags = azure::merge_tags(extra_tags, attributes_.tags);
  return blob_->commit(options) == azure::CommitOutcome::kCommitted;
}

void JobOutput::abandon() {
  if (file_) return file_->abandon();
  // The staged blocks are simply never committed; the service discards them after a week.
  compressor_.reset();
  blob_.reset();
}

void write_text_output(const std::string& path, const std::string& text, const BlobSettings* blob) {
  JobOutput out(path, blob);
  out.write(text);
  out.commit();
}

azure::KeyValues job_tags(const engine::RecordCounts& counts, std::string_view schema_sha256) {
  azure::KeyValues tags = {{"records_in", std::to_string(counts.records_in)},
                           {"records_out", std::to_string(counts.records_out)},
                           {"records_rejected", std::to_string(counts.records_rejected)}};
  if (!schema_sha256.empty()) tags.emplace_back("schema_sha256", schema_sha256.substr(0, 16));
  return tags;
}

}  // namespace recproc::cli
