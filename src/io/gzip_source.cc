#include "io/gzip_source.h"

#include <algorithm>
#include <climits>
#include <cstring>

#include "recproc/error.h"

namespace recproc::io {
namespace {

// 256 KiB reads keep the syscall count low without holding much memory per input.
constexpr std::size_t kInBufferBytes = 256 * 1024;
// 16 + MAX_WBITS: gzip wrapper only (a zlib or raw stream is not a .gz file).
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

}  // namespace

GzipSource::GzipSource(std::unique_ptr<ByteSource> inner, std::string head, std::string name)
    : inner_(std::move(inner)), name_(std::move(name)) {
  in_.reserve(std::max(kInBufferBytes, head.size()));
  in_.assign(head.begin(), head.end());
  zs_.next_in = in_.data();
  zs_.avail_in = static_cast<uInt>(in_.size());
  if (inflateInit2(&zs_, kGzipWindowBits) != Z_OK) {
    throw IoError(name_ + ": cannot initialise gzip decompression");
  }
}

GzipSource::~GzipSource() { inflateEnd(&zs_); }

void GzipSource::fill(std::size_t want) {
  while (zs_.avail_in < want && !inner_eof_) {
    // Move the unread tail to the front, then append from the inner source.
    std::size_t unread = zs_.avail_in;
    std::memmove(in_.data(), zs_.next_in, unread);
    in_.resize(kInBufferBytes);
    std::size_t got =
        inner_->read(reinterpret_cast<char*>(in_.data()) + unread, in_.size() - unread);
    if (got == 0) inner_eof_ = true;
    in_.resize(unread + got);
    zs_.next_in = in_.data();
    zs_.avail_in = static_cast<uInt>(in_.size());
  }
}

bool GzipSource::start_next_member() {
  fill(2);
  if (zs_.avail_in < 2 || zs_.next_in[0] != 0x1f || zs_.next_in[1] != 0x8b) return false;
  inflateReset(&zs_);
  member_ended_ = false;
  return true;
}

std::size_t GzipSource::read(char* buf, std::size_t n) {
  n = std::min<std::size_t>(n, UINT_MAX);
  while (!done_ && n > 0) {
    if (member_ended_ && !start_next_member()) {
      done_ = true;
      break;
    }
    fill(1);
    if (zs_.avail_in == 0 && inner_eof_) {
      throw IoError(name_ + ": unexpected end of gzip data (truncated file?)");
    }
    zs_.next_out = reinterpret_cast<Bytef*>(buf);
    zs_.avail_out = static_cast<uInt>(n);
    int rc = inflate(&zs_, Z_NO_FLUSH);
    std::size_t produced = n - zs_.avail_out;
    if (rc == Z_STREAM_END) {
      member_ended_ = true;
    } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
      throw IoError(name_ + ": corrupt gzip data: " + (zs_.msg ? zs_.msg : "inflate failed"));
    }
    if (produced > 0) return produced;
  }
  return 0;
}

}  // namespace recproc::io
