// Streaming gzip decompression over another ByteSource (zlib inflate), so a .gz input is read in
// bounded memory while the transform stays parallel downstream (issue 4).
#pragma once

#include <zlib.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/byte_source.h"

namespace recproc::io {

/// Decompresses every gzip member of `inner` in turn (`cat a.gz b.gz` is one input, as with
/// `gzip -dc`). Data after the last member that does not start a new member is ignored, as zlib's
/// gzread does. Corrupt or truncated data throws IoError naming the input.
class GzipSource final : public ByteSource {
 public:
  /// `head`: bytes already read from `inner` (the magic bytes), decompressed first.
  GzipSource(std::unique_ptr<ByteSource> inner, std::string head, std::string name);
  ~GzipSource() override;
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }

 private:
  /// Makes at least `want` unread input bytes available if the input has them.
  void fill(std::size_t want);
  /// After a member ended: true (and the stream reset) when another member follows.
  bool start_next_member();

  std::unique_ptr<ByteSource> inner_;
  std::string name_;
  std::vector<unsigned char> in_;
  z_stream zs_{};
  bool inner_eof_ = false;
  bool member_ended_ = false;
  bool done_ = false;
};

}  // namespace recproc::io
