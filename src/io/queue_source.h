// Bytes made by another thread as a ByteSource: a producer (a download) pushes pieces, the
// engine reads them in order. At most `capacity` bytes wait at a time, so a producer faster
// than the engine waits instead of filling memory (issue 16: `recproc logs` rows through the
// job's schema, steps and writers).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "io/byte_source.h"

namespace recproc::io {

/// The channel between one producer and one QueueSource. Thread-safe.
class ByteQueue {
 public:
  explicit ByteQueue(std::size_t capacity) : capacity_(capacity) {}

  /// Producer: appends `bytes`, waiting while the queue is full. False when the reader has gone
  /// (the job stopped early): the producer should stop too.
  bool push(std::string_view bytes);
  /// Producer: no more bytes; read() returns 0 once the queue is drained.
  void close();
  /// Producer: the bytes end with this error, which read() rethrows after the queued bytes.
  void fail(std::exception_ptr error);

  /// Reader: up to `n` bytes; 0 at the end. Rethrows the producer's failure.
  std::size_t read(char* buf, std::size_t n);
  /// Reader: stops reading; a waiting or later push() returns false.
  void abandon();

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::string> pieces_;
  std::size_t offset_ = 0;  ///< bytes of pieces_.front() already read
  std::size_t queued_ = 0;
  std::size_t capacity_;
  bool closed_ = false;
  bool abandoned_ = false;
  std::exception_ptr error_;
};

class QueueSource final : public ByteSource {
 public:
  explicit QueueSource(std::shared_ptr<ByteQueue> queue) : queue_(std::move(queue)) {}
  ~QueueSource() override { queue_->abandon(); }
  QueueSource(const QueueSource&) = delete;
  QueueSource& operator=(const QueueSource&) = delete;

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override { return consumed_; }

 private:
  std::shared_ptr<ByteQueue> queue_;
  std::uint64_t consumed_ = 0;
};

}  // namespace recproc::io
