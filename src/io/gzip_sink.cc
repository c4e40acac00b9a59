#include "io/gzip_sink.h"

#include <climits>

#include "recproc/error.h"

namespace recproc::io {
namespace {

constexpr std::size_t kOutBufferBytes = 256 * 1024;
constexpr int kGzipWindowBits = 16 + MAX_WBITS;  // gzip wrapper, not zlib
constexpr int kMemLevel = 8;                     // zlib's default

}  // namespace

GzipSink::GzipSink(ByteSink& inner, int level) : inner_(inner), out_(kOutBufferBytes, '\0') {
  if (deflateInit2(&zs_, level, Z_DEFLATED, kGzipWindowBits, kMemLevel, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw IoError("cannot initialise gzip compression (level " + std::to_string(level) + ")");
  }
}

GzipSink::~GzipSink() { deflateEnd(&zs_); }

void GzipSink::pump(int flush) {
  while (true) {
    zs_.next_out = reinterpret_cast<Bytef*>(out_.data());
    zs_.avail_out = static_cast<uInt>(out_.size());
    int rc = deflate(&zs_, flush);
    if (rc == Z_STREAM_ERROR) throw IoError("gzip compression failed");
    std::size_t produced = out_.size() - zs_.avail_out;
    if (produced > 0) inner_.write(std::string_view(out_.data(), produced));
    // deflate stops early only when the output buffer filled up.
    if (flush == Z_FINISH ? rc == Z_STREAM_END : zs_.avail_out != 0) return;
  }
}

void GzipSink::write(std::string_view bytes) {
  RECPROC_ASSERT(!finished_);
  while (!bytes.empty()) {
    std::size_t take = std::min<std::size_t>(bytes.size(), UINT_MAX);
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    zs_.avail_in = static_cast<uInt>(take);
    pump(Z_NO_FLUSH);
    bytes.remove_prefix(take);
  }
}

void GzipSink::finish() {
  RECPROC_ASSERT(!finished_);
  finished_ = true;
  zs_.next_in = nullptr;
  zs_.avail_in = 0;
  pump(Z_FINISH);
  inner_.finish();
}

}  // namespace recproc::io
