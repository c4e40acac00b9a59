// Zstd compression in front of another ByteSink (libzstd), for `-o out.ndjson.zst` (issue 4).
#pragma once

#include <string>
#include <string_view>

#include "io/byte_sink.h"

struct ZSTD_CCtx_s;

namespace recproc::io {

/// Writes one zstd frame to `inner`, which must outlive this sink.
class ZstdSink final : public ByteSink {
 public:
  /// `level` 1..19 (3 is zstd's default).
  explicit ZstdSink(ByteSink& inner, int level = 3);
  ~ZstdSink() override;
  ZstdSink(const ZstdSink&) = delete;
  ZstdSink& operator=(const ZstdSink&) = delete;

  void write(std::string_view bytes) override;
  void finish() override;

 private:
  ByteSink& inner_;
  ZSTD_CCtx_s* cctx_ = nullptr;
  std::string out_;
  bool finished_ = false;
};

}  // namespace recproc::io
