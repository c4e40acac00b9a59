#include "io/zstd_source.h"

#include <zstd.h>

#include <algorithm>

#include "recproc/error.h"

namespace recproc::io {

ZstdSource::ZstdSource(std::unique_ptr<ByteSource> inner, std::string head, std::string name)
    : inner_(std::move(inner)), name_(std::move(name)), dctx_(ZSTD_createDCtx()) {
  if (dctx_ == nullptr) throw IoError(name_ + ": cannot initialise zstd decompression");
  in_.reserve(std::max(ZSTD_DStreamInSize(), head.size()));
  in_.assign(head.begin(), head.end());
}

ZstdSource::~ZstdSource() { ZSTD_freeDCtx(dctx_); }

void ZstdSource::fill() {
  in_.resize(ZSTD_DStreamInSize());
  std::size_t got = inner_->read(in_.data(), in_.size());
  if (got == 0) inner_eof_ = true;
  in_.resize(got);
  in_pos_ = 0;
}

std::size_t ZstdSource::read(char* buf, std::size_t n) {
  if (n == 0) return 0;
  while (true) {
    if (in_pos_ == in_.size() && !inner_eof_) fill();
    bool input_left = in_pos_ < in_.size();
    // With no input left, one more call still flushes output the decoder holds back.
    if (!input_left && !frame_open_) return 0;
    ZSTD_inBuffer in{in_.data(), in_.size(), in_pos_};
    ZSTD_outBuffer out{buf, n, 0};
    std::size_t rc = ZSTD_decompressStream(dctx_, &out, &in);
    in_pos_ = in.pos;
    if (ZSTD_isError(rc)) {
      throw IoError(name_ + ": corrupt zstd data: " + ZSTD_getErrorName(rc));
    }
    frame_open_ = rc != 0;
    if (out.pos > 0) return out.pos;
    if (!input_left && frame_open_) {
      throw IoError(name_ + ": unexpected end of zstd data (truncated file?)");
    }
  }
}

}  // namespace recproc::io
