// Streaming zstd decompression over another ByteSource (libzstd), issue 4.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"

struct ZSTD_DCtx_s;

namespace recproc::io {

/// Decompresses all concatenated zstd frames of `inner` (skippable frames are skipped). Corrupt
/// data, trailing garbage or a truncated last frame throw IoError naming the input.
class ZstdSource final : public ByteSource {
 public:
  /// `head`: bytes already read from `inner` (the magic bytes), decompressed first.
  ZstdSource(std::unique_ptr<ByteSource> inner, std::string head, std::string name);
  ~ZstdSource() override;
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }

 private:
  void fill();

  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  ZSTD_DCtx_s* dctx_ = nullptr;
  std::vector<char> in_;
  std::size_t in_pos_ = 0;
  bool inner_eof_ = false;
  bool frame_open_ = false;  ///< a frame has started and not been fully decoded and flushed
};

}  // namespace recproc::io
