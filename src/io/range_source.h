// One shard's part of a plain file, for `run --shard K/N` (issue 14): the preamble bytes
// [0, preamble_end) (BOM, CSV header), then the shard's records [begin, end). The engine reads it
// like any file, mapped where it can, and never sees a byte outside the two ranges.
#pragma once

#include <string>

#include "io/byte_source.h"
#include "io/file_source.h"

namespace recproc::io {

class RangeSource final : public ByteSource {
 public:
  /// Requires preamble_end <= begin <= end. Throws like FileSource.
  RangeSource(const std::string& path, std::uint64_t preamble_end, std::uint64_t begin,
              std::uint64_t end);

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override;
  std::uint64_t size_hint() const override { return preamble_end_ + (end_ - begin_); }
  MappedBytes peek_mapped(std::size_t n) override;
  void skip(std::size_t n) override { file_.skip(n); }

 private:
  /// Moves from the end of the preamble to the shard's first record.
  void jump_if_at_preamble_end();

  FileSource file_;
  std::uint64_t preamble_end_;
  std::uint64_t begin_;
  std::uint64_t end_;
};

}  // namespace recproc::io
