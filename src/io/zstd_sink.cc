#include "io/zstd_sink.h"

#include <zstd.h>

#include "recproc/error.h"

namespace recproc::io {
namespace {

void check(std::size_t rc) {
  if (ZSTD_isError(rc))
    throw IoError(std::string("zstd compression failed: ") + ZSTD_getErrorName(rc));
}

}  // namespace

ZstdSink::ZstdSink(ByteSink& inner, int level)
    : inner_(inner), cctx_(ZSTD_createCCtx()), out_(ZSTD_CStreamOutSize(), '\0') {
  if (cctx_ == nullptr) throw IoError("cannot initialise zstd compression");
  check(ZSTD_CCtx_setParameter(cctx_, ZSTD_c_compressionLevel, level));
}

ZstdSink::~ZstdSink() { ZSTD_freeCCtx(cctx_); }

void ZstdSink::write(std::string_view bytes) {
  RECPROC_ASSERT(!finished_);
  ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
  while (in.pos < in.size) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    check(ZSTD_compressStream2(cctx_, &out, &in, ZSTD_e_continue));
    if (out.pos > 0) inner_.write(std::string_view(out_.data(), out.pos));
  }
}

void ZstdSink::finish() {
  RECPROC_ASSERT(!finished_);
  finished_ = true;
  ZSTD_inBuffer in{nullptr, 0, 0};
  std::size_t remaining = 0;
  do {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    remaining = ZSTD_compressStream2(cctx_, &out, &in, ZSTD_e_end);
    check(remaining);
    if (out.pos > 0) inner_.write(std::string_view(out_.data(), out.pos));
  } while (remaining != 0);
  inner_.finish();
}

}  // namespace recproc::io
