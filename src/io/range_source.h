// One shard's part of a plain input, for `run --shard K/N` (issue 14): the preamble bytes
// [0, preamble_end) (BOM, CSV header), then the shard's records [begin, end). The engine reads it
// like any input (a local file mapped where it can, a blob through ranged GETs of only those
// bytes) and never sees a byte outside the two ranges.
#pragma once

#include <memory>

#include "io/byte_source.h"

namespace recproc::io {

class RangeSource final : public ByteSource {
 public:
  /// Requires preamble_end <= begin <= end. Throws like the sources `open` makes.
  RangeSource(OpenRange open, std::uint64_t preamble_end, std::uint64_t begin, std::uint64_t end);

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override;
  std::uint64_t size_hint() const override { return preamble_end_ + (end_ - begin_); }
  MappedBytes peek_mapped(std::size_t n) override;
  void skip(std::size_t n) override;

 private:
  /// Moves from the end of the preamble to the shard's first record.
  void jump_if_at_preamble_end();

  OpenRange open_;
  std::unique_ptr<ByteSource> source_;
  std::uint64_t preamble_end_;
  std::uint64_t begin_;
  std::uint64_t end_;
  std::uint64_t position_ = 0;  ///< the input's offset of the next byte
};

}  // namespace recproc::io
