#include "cli/range_buffer.h"

#include <sys/mman.h>

#include <cstring>
#include <new>
#include <utility>

#include "recproc/error.h"

namespace recproc::cli {

RangeBuffer::RangeBuffer(std::size_t capacity) : capacity_(capacity) {
  if (capacity == 0) return;
  void* p = ::mmap(nullptr, capacity, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) throw std::bad_alloc();
  data_ = static_cast<char*>(p);
}

RangeBuffer::~RangeBuffer() { release(); }

RangeBuffer::RangeBuffer(RangeBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

RangeBuffer& RangeBuffer::operator=(RangeBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

void RangeBuffer::append(std::string_view bytes) {
  RECPROC_ASSERT(bytes.size() <= capacity_ - size_);
  if (bytes.empty()) return;
  std::memcpy(data_ + size_, bytes.data(), bytes.size());
  size_ += bytes.size();
}

void RangeBuffer::release() {
  if (data_ != nullptr) ::munmap(data_, capacity_);
  data_ = nullptr;
  size_ = 0;
  capacity_ = 0;
}

}  // namespace recproc::cli
