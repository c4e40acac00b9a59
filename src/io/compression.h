// Which compressed formats recproc reads and writes, and how they are recognised: inputs by their
// magic bytes (a `.gz` name on plain text still reads as plain text), outputs by their extension.
// Used by open_source() and by the output file; everything else sees plain bytes (issue 4).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/byte_sink.h"
#include "io/byte_source.h"

namespace recproc::io {

enum class Compression : unsigned char { kNone, kGzip, kZstd };

/// Bytes of input needed by detect_compression() to decide (fewer are fine at end of input).
inline constexpr std::size_t kCompressionMagicBytes = 4;

/// Gzip (1f 8b) or zstd (28 b5 2f fd) from the first bytes of an input; kNone otherwise.
Compression detect_compression(std::string_view head);

/// Compression chosen by an output path's extension: ".gz" -> gzip, ".zst" -> zstd.
Compression compression_for_path(std::string_view path);

/// The name without a compression suffix ("data.csv.gz" -> "data.csv"), for format detection.
std::string_view strip_compression_suffix(std::string_view path);

/// Wraps `inner` in a decompressor. `head` holds bytes already read from `inner` (the magic
/// bytes read for detection); they are decompressed first. `name` is used in error messages.
/// For kNone, returns a source that replays `head` and then reads `inner`.
std::unique_ptr<ByteSource> wrap_source(Compression compression, std::unique_ptr<ByteSource> inner,
                                        std::string head, std::string name);

/// `source` as plain bytes, decompressed when its first bytes are gzip or zstd: decided by
/// content, not name, so a .gz name on plain text still reads as text. `name` is used in error
/// messages.
std::unique_ptr<ByteSource> open_detected(std::unique_ptr<ByteSource> source, std::string name);

/// Wraps `inner` (which must outlive the result) in a compressor, or returns a pass-through sink
/// for kNone. `level` 0 means the format's default (gzip 6, zstd 3).
std::unique_ptr<ByteSink> wrap_sink(Compression compression, ByteSink& inner, int level = 0);

}  // namespace recproc::io
