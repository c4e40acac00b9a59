#include "io/queue_source.h"

#include <algorithm>
#include <cstring>

namespace recproc::io {

bool ByteQueue::push(std::string_view bytes) {
  std::unique_lock lock(mutex_);
  // One piece may pass the capacity (a row longer than it), else the producer would wait forever.
  changed_.wait(lock, [&] { return abandoned_ || queued_ == 0 || queued_ + bytes.size() <= capacity_; });
  if (abandoned_) return false;
  pieces_.emplace_back(bytes);
  queued_ += bytes.size();
  changed_.notify_all();
  return true;
}

void ByteQueue::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
  changed_.notify_all();
}

void ByteQueue::fail(std::exception_ptr error) {
  std::lock_guard lock(mutex_);
  error_ = std::move(error);
  closed_ = true;
  changed_.notify_all();
}

std::size_t ByteQueue::read(char* buf, std::size_t n) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !pieces_.empty() || closed_; });
  if (pieces_.empty()) {
    if (error_) std::rethrow_exception(error_);
    return 0;
  }
  std::size_t got = 0;
  while (got < n && !pieces_.empty()) {
    const std::string& front = pieces_.front();
    std::size_t take = std::min(n - got, front.size() - offset_);
    std::memcpy(buf + got, front.data() + offset_, take);
    got += take;
    offset_ += take;
    if (offset_ == front.size()) {
      pieces_.pop_front();
      offset_ = 0;
    }
  }
  queued_ -= got;
  changed_.notify_all();
  return got;
}

void ByteQueue::abandon() {
  std::lock_guard lock(mutex_);
  abandoned_ = true;
  pieces_.clear();
  queued_ = 0;
  changed_.notify_all();
}

std::size_t QueueSource::read(char* buf, std::size_t n) {
  std::size_t got = queue_->read(buf, n);
  consumed_ += got;
  return got;
}

}  // namespace recproc::io
