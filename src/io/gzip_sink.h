// Gzip compression in front of another ByteSink (zlib deflate), for `-o out.ndjson.gz` (issue 4).
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

#include "io/byte_sink.h"

namespace recproc::io {

/// Writes one gzip member to `inner`, which must outlive this sink.
class GzipSink final : public ByteSink {
 public:
  /// `level` 1..9 (6 is gzip's default).
  explicit GzipSink(ByteSink& inner, int level = 6);
  ~GzipSink() override;
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void write(std::string_view bytes) override;
  void finish() override;

 private:
  /// Runs deflate over the pending input with `flush`, passing full buffers to `inner_`.
  void pump(int flush);

  ByteSink& inner_;
  std::string out_;
  z_stream zs_{};
  bool finished_ = false;
};

}  // namespace recproc::io
