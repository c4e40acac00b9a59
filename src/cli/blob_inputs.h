// azblob:// inputs (issue 15): `azblob://container/name`, `azblob://container/prefix/` and
// globs (`azblob://raw/2026-11-*/syslog-*.ndjson.gz`) are resolved to blobs in name order before
// the run; each blob is then read through parallel ranged GETs while the run goes on, with its
// ETag pinned and a dropped connection resumed from the last byte received.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "azure/blob_client.h"
#include "cli/range_buffer.h"
#include "io/byte_source.h"

namespace recproc::cli {

/// One blob to read, as listed.
struct BlobInput {
  std::string url;  ///< azblob://container/name: its name in messages, rejects and reports
  std::string container;
  std::string name;
  std::uint64_t size = 0;
  std::string etag;
  std::string content_md5;  ///< base64 as listed; empty when the blob has none
};

/// How blobs are reached: who signs in, TLS, and how much is read at once.
struct BlobAccess {
  azure::StorageCredentials credentials;
  net::HttpOptions http;
  net::RetryPolicy retry;  ///< listings; its count also takes each resumed range
  std::size_t range_bytes = 8 * 1024 * 1024;  ///< bytes per GET
  int concurrency = 0;                        ///< GETs in flight per blob; 0: twice the cores
};

inline bool is_blob_url(std::string_view path) { return path.starts_with("azblob://"); }

/// The blobs `pattern` names, in name order: one blob; every blob under a prefix that ends in
/// '/' (or a whole container); or those matching a glob whose `*`, `?` and `[...]` do not cross
/// '/'. Throws UsageError for a bad URL, IoError when nothing matches or the service refuses.
std::vector<BlobInput> resolve_blob_inputs(const std::string& pattern, azure::BlobClient& client);

/// The blob's bytes [begin, end) in order: up to `concurrency` ranges of `range_bytes` are
/// fetched ahead, so memory stays at about their product whatever the blob's size. Reading
/// starts slowly (small ranges, one ahead) so that a reader that wants a few bytes, a preview or
/// a shard's boundary, does not set off megabytes of GETs.
class BlobSource final : public io::ByteSource {
 public:
  /// `end` past the blob's size means its end.
  BlobSource(BlobInput blob, std::shared_ptr<const BlobAccess> access, std::uint64_t begin = 0,
             std::uint64_t end = UINT64_MAX);
  ~BlobSource() override;
  BlobSource(const BlobSource&) = delete;
  BlobSource& operator=(const BlobSource&) = delete;

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t size_hint() const override { return blob_.size; }

 private:
  void fetch_ahead();

  BlobInput blob_;
  std::shared_ptr<const BlobAccess> access_;
  std::shared_ptr<std::atomic<bool>> cancelled_;
  std::deque<std::future<RangeBuffer>> in_flight_;
  std::uint64_t end_;
  std::uint64_t next_begin_;  ///< first byte not yet asked for
  unsigned ranges_asked_ = 0;
  unsigned ranges_read_ = 0;
  RangeBuffer current_;
  std::size_t position_ = 0;  ///< bytes of current_ already read
  std::uint64_t consumed_;    ///< the blob's offset of the next byte read, as FileSource counts
};

/// io::OpenRange over a blob: BlobSources of its stored bytes from an offset.
io::OpenRange blob_range_opener(BlobInput blob, std::shared_ptr<const BlobAccess> access);

/// A BlobSource, decompressed when its first bytes are gzip or zstd (as for local files).
std::unique_ptr<io::ByteSource> open_blob_source(const BlobInput& blob,
                                                 std::shared_ptr<const BlobAccess> access);

}  // namespace recproc::cli
