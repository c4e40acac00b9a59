// A sequential stream of input bytes: a file, stdin, or a decompressor wrapped around either.
// The engine reads every input through this interface into its own reusable buffers, so memory
// stays bounded whatever the input size (no mapping of whole files).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

namespace recproc::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  /// Reads up to `n` bytes into `buf`; returns 0 only at end of input. Throws IoError.
  virtual std::size_t read(char* buf, std::size_t n) = 0;
  /// Bytes consumed from the underlying file so far (compressed bytes for compressed input),
  /// for progress reporting.
  virtual std::uint64_t bytes_consumed() const = 0;
  /// Size of the underlying file if known (0 for pipes), for progress reporting.
  virtual std::uint64_t size_hint() const { return 0; }
};

/// Opens `path` ("-" is stdin). Throws UsageError for a directory, IoError when missing or
/// unreadable. Gzip and zstd inputs are recognised by their magic bytes and decompressed.
std::unique_ptr<ByteSource> open_source(const std::string& path);

}  // namespace recproc::io
