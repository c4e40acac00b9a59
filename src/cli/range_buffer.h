// The bytes of one ranged GET of a blob, in memory mapped for that range alone and unmapped as
// soon as it has been read (issue 15).
//
// Why not a std::string: each range is filled on a fetch thread and freed on the reader's, and
// after the first 8 MiB free glibc raises its mmap threshold to 8 MiB, so later ranges came from
// per-thread malloc arenas that kept the freed memory. A run's peak RSS then grew with the blob
// (74 MiB at 100 MB, 120 MiB at 2 GB on 2 cores, bench/RESULTS.md) and with the core count;
// mapped directly it stays flat.
#pragma once

#include <cstddef>
#include <string_view>

namespace recproc::cli {

class RangeBuffer {
 public:
  RangeBuffer() = default;
  /// Room for `capacity` bytes. Throws std::bad_alloc when the mapping fails.
  explicit RangeBuffer(std::size_t capacity);
  ~RangeBuffer();
  RangeBuffer(RangeBuffer&& other) noexcept;
  RangeBuffer& operator=(RangeBuffer&& other) noexcept;
  RangeBuffer(const RangeBuffer&) = delete;
  RangeBuffer& operator=(const RangeBuffer&) = delete;

  /// Appends; the caller keeps within the capacity (checked).
  void append(std::string_view bytes);
  std::string_view view() const { return {data_, size_}; }
  std::size_t size() const { return size_; }
  std::size_t capacity() const { return capacity_; }

 private:
  void release();

  char* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
};

}  // namespace recproc::cli
