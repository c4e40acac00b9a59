#include "io/compression.h"

#include <algorithm>
#include <cstring>

#include "io/gzip_sink.h"
#include "io/gzip_source.h"
#include "io/zstd_sink.h"
#include "io/zstd_source.h"

namespace recproc::io {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

/// Plain input whose first bytes were already read for detection: replays them, then `inner`.
class ReplaySource final : public ByteSource {
 public:
  ReplaySource(std::unique_ptr<ByteSource> inner, std::string head)
      : inner_(std::move(inner)), head_(std::move(head)) {}

  std::size_t read(char* buf, std::size_t n) override {
    if (pos_ == head_.size()) return inner_->read(buf, n);
    std::size_t take = std::min(n, head_.size() - pos_);
    std::memcpy(buf, head_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  std::uint64_t bytes_consumed() const override { return inner_->bytes_consumed(); }
  std::uint64_t size_hint() const override { return inner_->size_hint(); }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string head_;
  std::size_t pos_ = 0;
};

class PassThroughSink final : public ByteSink {
 public:
  explicit PassThroughSink(ByteSink& inner) : inner_(inner) {}
  void write(std::string_view bytes) override { inner_.write(bytes); }
  void finish() override { inner_.finish(); }

 private:
  ByteSink& inner_;
};

}  // namespace

Compression detect_compression(std::string_view head) {
  if (head.size() >= 2 && head[0] == '\x1f' && head[1] == '\x8b') return Compression::kGzip;
  // Little-endian 0xFD2FB528 (RFC 8878 section 3.1.1).
  if (head.size() >= 4 && std::memcmp(head.data(), "\x28\xb5\x2f\xfd", 4) == 0) {
    return Compression::kZstd;
  }
  return Compression::kNone;
}

Compression compression_for_path(std::string_view path) {
  if (ends_with(path, ".gz")) return Compression::kGzip;
  if (ends_with(path, ".zst")) return Compression::kZstd;
  return Compression::kNone;
}

std::string_view strip_compression_suffix(std::string_view path) {
  for (std::string_view suffix : {".gz", ".zst"}) {
    if (ends_with(path, suffix)) return path.substr(0, path.size() - suffix.size());
  }
  return path;
}

std::unique_ptr<ByteSource> open_detected(std::unique_ptr<ByteSource> source, std::string name) {
  std::string head(kCompressionMagicBytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    const std::size_t n = source->read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  const Compression compression = detect_compression(head);
  if (compression == Compression::kNone && source->restart()) return source;  // mapped from byte 0
  return wrap_source(compression, std::move(source), std::move(head), std::move(name));
}

std::unique_ptr<ByteSource> wrap_source(Compression compression, std::unique_ptr<ByteSource> inner,
                                        std::string head, std::string name) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipSource>(std::move(inner), std::move(head), std::move(name));
    case Compression::kZstd:
      return std::make_unique<ZstdSource>(std::move(inner), std::move(head), std::move(name));
    case Compression::kNone:
      break;
  }
  return std::make_unique<ReplaySource>(std::move(inner), std::move(head));
}

std::unique_ptr<ByteSink> wrap_sink(Compression compression, ByteSink& inner, int level) {
  switch (compression) {
    case Compression::kGzip:
      return std::make_unique<GzipSink>(inner, level == 0 ? 6 : level);
    case Compression::kZstd:
      return std::make_unique<ZstdSink>(inner, level == 0 ? 3 : level);
    case Compression::kNone:
      break;
  }
  return std::make_unique<PassThroughSink>(inner);
}

}  // namespace recproc::io
