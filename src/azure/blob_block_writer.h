// A blob written as a stream while a run produces it (issue 15, `-o azblob://`): bytes fill a
// block buffer, full blocks go to a small pool of uploader threads as Put Block, and only
// commit() makes the blob visible, with one Put Block List. Without commit() (a failed run, a
// data error, SIGINT/SIGTERM) the staged blocks are never committed: the blob does not appear,
// an existing blob keeps its content, and the service discards the blocks after a week.
//
//   azure::BlobBlockWriter out(credentials, {"cleaned", "night/out.ndjson"}, options);
//   out.write(bytes); ...
//   out.commit(write_options);   // Put Blob when it all fit in one block, else Put Block List
//
// A shard of a sharded run (issue 14) calls stage() instead of commit(): every byte goes up as
// blocks of the final blob, named by shard and attempt (block_id.h), and nothing is committed;
// `recproc merge` later commits the blocks of every shard with one Put Block List.
//
// Memory: at most `concurrency` blocks in flight plus the one being filled.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "azure/blob_client.h"
#include "azure/blob_upload.h"
#include "azure/block_id.h"
#include "azure/crypto.h"

namespace recproc::azure {

/// Blocks per size step of a stream of unknown length.
inline constexpr std::size_t kBlocksPerStep = 5'000;

/// The size of block `index` of a stream that starts with `first`-byte blocks: the size doubles
/// every 5,000 blocks, up to the service's 4000 MiB. With 8 MiB first blocks the first 5,000
/// blocks hold 39 GiB and 50,000 blocks (the limit per blob) hold about 38 TiB, so the stream
/// never runs out of blocks, while a small output never holds more than 8 MiB per block.
std::size_t streamed_block_size(std::size_t first, std::size_t index);

/// What happened at commit.
enum class CommitOutcome { kCommitted, kSkipped };

class BlobBlockWriter {
 public:
  /// Nothing is sent yet. `options` gives the first block size (block_size), concurrency, the
  /// existing-blob rule (if_exists), the CA file and the retry policy; `naming` the shard and
  /// attempt the block ids carry.
  BlobBlockWriter(const StorageCredentials& credentials, UploadTarget target,
                  const UploadOptions& options, BlockNaming naming = {});
  /// Stops the uploaders after their current request; never commits.
  ~BlobBlockWriter();
  BlobBlockWriter(const BlobBlockWriter&) = delete;
  BlobBlockWriter& operator=(const BlobBlockWriter&) = delete;

  /// Creates the container unless options.create_container is false; true when the blob exists
  /// already. Throws IoError (network, refused credentials).
  bool prepare();

  /// Appends bytes; blocks while `concurrency` blocks are in flight. Throws the first uploader
  /// failure as IoError.
  void write(std::string_view bytes);

  /// Stages what is left, waits for every block and commits them with one Put Block List (a
  /// single Put Blob when nothing was staged yet), with If-None-Match: * unless overwriting.
  /// Then a HEAD checks the committed size and Content-MD5. kSkipped when the blob appeared
  /// meanwhile and if_exists is kSkip; IoError for kFail and every other failure.
  CommitOutcome commit(BlobWriteOptions options);

  /// Stages what is left as a last block and waits for every block; commits nothing. Returns
  /// the staged blocks in stream order (none for an empty stream). Throws IoError.
  std::vector<StagedBlock> stage();

  std::uint64_t bytes_written() const { return written_; }
  const UploadTarget& target() const { return target_; }

 private:
  struct Block {
    std::size_t index;
    std::string bytes;
  };
  void submit();
  void worker();
  void rethrow_failure();
  std::string label() const;
  void wait_for_uploads();

  StorageCredentials credentials_;
  UploadTarget target_;
  UploadOptions options_;
  BlockNaming naming_;
  BlobClient client_;                            ///< this thread's: HEAD, Put Blob, Put Block List
  std::map<std::string, std::uint64_t> staged_;  ///< uncommitted block id -> size, from prepare()
  std::string buffer_;
  std::size_t next_index_ = 0;
  std::uint64_t written_ = 0;
  Md5 md5_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Block> queue_;
  std::vector<std::string> ids_;      ///< block ids by index, set by the uploader that sent each
  std::vector<std::uint64_t> sizes_;  ///< block sizes by index
  std::size_t reused_ = 0;            ///< blocks found staged, not sent again
  std::size_t in_flight_ = 0;         ///< queued or being sent
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> workers_;
};

}  // namespace recproc::azure
