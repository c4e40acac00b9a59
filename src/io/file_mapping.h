// Read-only mappings of parts of an input file, so that workers parse the bytes where the page
// cache holds them instead of the reader copying them out with read(2) first. On 1 GiB cached in
// large folios, touching every page of a mapping costs 0.03 s against 0.15 s for read(2), a
// seventh of W1's CPU time (bench/RESULTS.md).
//
// The hazard of mapping a file is another process truncating it while it is mapped (logrotate's
// copytruncate): the first access past its new end raises SIGBUS, which kills the process. A
// handler, installed with the first mapping, instead maps zero pages over the rest of the
// mapping and marks it truncated; the engine then fails the run with an I/O error naming the
// file rather than passing on records it read as zeros. (A read error of the device under a
// mapping raises SIGBUS too, and is handled the same way.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

namespace recproc::io {

class FileMapping {
 public:
  /// Maps `length` bytes of `fd` from `offset` (a multiple of the page size), or returns null
  /// when the file cannot be mapped, so the caller reads it instead.
  static std::shared_ptr<const FileMapping> map(int fd, std::uint64_t offset, std::size_t length);
  ~FileMapping();
  FileMapping(const FileMapping&) = delete;
  FileMapping& operator=(const FileMapping&) = delete;

  const char* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::uint64_t offset() const { return offset_; }
  /// Whether the file shrank below a page of this mapping that was then read: the bytes read
  /// there were zeros, not the file's.
  bool truncated() const;

 private:
  FileMapping(char* data, std::size_t size, std::uint64_t offset, int slot)
      : data_(data), size_(size), offset_(offset), slot_(slot) {}
  char* data_;
  std::size_t size_;
  std::uint64_t offset_;
  int slot_;  ///< in the table the SIGBUS handler searches
};

}  // namespace recproc::io
