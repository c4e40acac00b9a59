#include "azure/blob_block_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "azure/blob_url.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {}  // namespace

std::size_t streamed_block_size(std::size_t first, std::size_t index) {
  std::size_t step = index / kBlocksPerStep;
  std::size_t size = first;
  for (std::size_t i = 0; i < step && size < kMaxBlockSize; ++i) size *= 2;
  return std::min(size, kMaxBlockSize);
}

BlobBlockWriter::BlobBlockWriter(const StorageCredentials& credentials, UploadTarget target,
                                 const UploadOptions& options, BlockNaming naming)
    : credentials_(credentials),
      target_(std::move(target)),
      options_(options),
      naming_(naming),
      client_(credentials_, options.http(), options.retry) {
  RECPROC_ASSERT(options_.block_size >= 1 && options_.concurrency >= 1);
  buffer_.reserve(std::min<std::size_t>(options_.block_size, 64 << 20));
}

BlobBlockWriter::~BlobBlockWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    queue_.clear();
  }
  changed_.notify_all();
  for (auto& w : workers_) w.join();
}

std::string BlobBlockWriter::label() const {
  return "write to container \"" + target_.container + "\" blob \"" + target_.blob_name + "\"";
}

bool BlobBlockWriter::prepare() {
  if (options_.create_container) ensure_container(client_, credentials_, target_.container);
  const bool exists = blob_exists(client_, credentials_, target_);
  try {
    for (const StagedBlock& b : client_.uncommitted_blocks(target_.container, target_.blob_name)) {
      staged_.emplace(b.id, b.size);
    }
  } catch (const IoError& e) {
    // A write-only SAS may not read the block list: then every block is sent.
    if (!credentials_.uses_sas()) throw;
    spdlog::debug("{}; sending every block", e.what());
  }
  return exists;
}

void BlobBlockWriter::write(std::string_view bytes) {
  md5_.update(bytes);
  written_ += bytes.size();
  while (!bytes.empty()) {
    std::size_t want = streamed_block_size(options_.block_size, next_index_);
    std::size_t take = std::min(want - buffer_.size(), bytes.size());
    buffer_.append(bytes.substr(0, take));
    bytes.remove_prefix(take);
    if (buffer_.size() == want) submit();
  }
}

void BlobBlockWriter::submit() {
  if (next_index_ >= kMaxBlocksPerBlob) {
    throw IoError(label() + ": more than 50,000 blocks; start with a larger block size");
  }
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] {
    return failure_ || in_flight_ < static_cast<std::size_t>(options_.concurrency);
  });
  if (failure_) std::rethrow_exception(failure_);
  // Uploaders start with the first full block, so a small output never starts a thread.
  if (workers_.size() < static_cast<std::size_t>(options_.concurrency) &&
      workers_.size() <= in_flight_) {
    workers_.emplace_back([this] { worker(); });
  }
  ++in_flight_;
  ids_.emplace_back();  // the uploader names it
  sizes_.push_back(buffer_.size());
  queue_.push_back({next_index_++, std::move(buffer_)});
  buffer_ = std::string();
  lock.unlock();
  changed_.notify_all();
}

void BlobBlockWriter::worker() {
  try {
    BlobClient client(credentials_, options_.http(), options_.retry);
    for (;;) {
      Block block;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return stopping_ || failure_ || !queue_.empty(); });
        if (stopping_ || failure_) return;
        block = std::move(queue_.front());
        queue_.pop_front();
      }
      // Content-addressed (block_id.h): a re-run of an interrupted run finds its blocks staged.
      const std::string id = block_id(naming_, block.index, block.bytes);
      const auto staged = staged_.find(id);  // staged_ is only read once uploads run
      const bool resent = staged == staged_.end() || staged->second != block.bytes.size();
      if (resent) {
        net::HttpResponse response;
        try {
          response =
              client.put_block(target_.container, target_.blob_name, id, std::move(block.bytes));
        } catch (const net::TransportError& e) {
          throw IoError(label() + ": " + e.what());
        }
        if (response.status != 201) throw IoError(label() + ": " + client.describe(response));
      }
      {
        std::lock_guard lock(mutex_);
        ids_[block.index] = id;
        if (!resent) ++reused_;
        --in_flight_;
      }
      changed_.notify_all();
    }
  } catch (...) {
    {
      std::lock_guard lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    changed_.notify_all();
  }
}

void BlobBlockWriter::rethrow_failure() {
  std::lock_guard lock(mutex_);
  if (failure_) std::rethrow_exception(failure_);
}

void BlobBlockWriter::wait_for_uploads() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failure_ || in_flight_ == 0; });
  }
  rethrow_failure();
  if (reused_ > 0) {
    spdlog::info("{}: resumed: {} of {} blocks already staged by an earlier run", label(), reused_,
                 ids_.size());
  }
}

std::vector<StagedBlock> BlobBlockWriter::stage() {
  if (!buffer_.empty()) submit();
  wait_for_uploads();
  std::vector<StagedBlock> blocks;
  for (std::size_t i = 0; i < ids_.size(); ++i) blocks.push_back({ids_[i], sizes_[i]});
  spdlog::debug("{}: staged {} blocks, not committed", label(), blocks.size());
  return blocks;
}

CommitOutcome BlobBlockWriter::commit(BlobWriteOptions options) {
  options.content_md5 = base64_encode(md5_.digest());
  options.if_none_match = options_.if_exists != IfExists::kOverwrite;
  net::HttpResponse response;
  try {
    if (next_index_ == 0) {
      // Everything fit in the first block: one Put Blob, no block list.
      response =
          client_.put_blob(target_.container, target_.blob_name, std::move(buffer_), options);
    } else {
      if (!buffer_.empty()) submit();
      wait_for_uploads();
      spdlog::debug("{}: committing {} blocks", label(), ids_.size());
      response = client_.put_block_list(target_.container, target_.blob_name, ids_, options);
    }
  } catch (const net::TransportError& e) {
    throw IoError(label() + ": " + e.what());
  }
  if (response.status == 409 && response.header("x-ms-error-code") == "BlobAlreadyExists") {
    // Our own earlier attempt whose answer was lost is success; anyone else's blob is not ours.
    bool ours = false;
    if (response.attempts > 1) {
      net::HttpResponse ignored;
      auto p = client_.get_properties(target_.container, target_.blob_name, &ignored);
      ours = p && p->size == written_ && p->content_md5 == options.content_md5;
    }
    if (!ours) {
      if (options_.if_exists == IfExists::kSkip) return CommitOutcome::kSkipped;
      throw BlobExistsError(label() + ": 409 BlobAlreadyExists: the blob exists");
    }
  } else if (response.status != 201) {
    throw IoError(label() + ": " + client_.describe(response));
  }
  verify_committed(client_, target_, written_, options.content_md5);
  return CommitOutcome::kCommitted;
}

}  // namespace recproc::azure
