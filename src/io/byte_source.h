// A sequential stream of input bytes: a file, stdin, or a decompressor wrapped around either.
// The engine reads every input through this interface, into its own reusable buffers or, for
// plain files, through mappings of a few MiB at a time, so memory stays bounded whatever the
// input size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "io/file_mapping.h"

namespace recproc::io {

/// Input bytes seen where the page cache holds them; valid while `mapping` is held.
struct MappedBytes {
  std::shared_ptr<const FileMapping> mapping;  ///< null: not available, use read()
  std::string_view bytes;
};

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
  /// The next `n` bytes, mapped, without consuming them (skip() does). No mapping when the
  /// source cannot map (stdin, pipes, compressed input) or fewer than `n` bytes of the file as
  /// it was when opened are left: read() takes over from there.
  virtual MappedBytes peek_mapped(std::size_t /*n*/) { return {}; }
  /// Consumes `n` bytes that peek_mapped() showed.
  virtual void skip(std::size_t /*n*/) {}
  /// Goes back to the first byte, for a caller that looked at the first bytes to detect
  /// compression; false when the source cannot go back (stdin, pipes, network reads), and the
  /// caller replays the bytes it read instead.
  virtual bool restart() { return false; }
};

/// Opens an input's stored bytes (not decompressed) from offset `begin`, for readers that visit
/// only part of it: a shard's records, the bytes around a share's boundary. The reader needs
/// nothing at or past `end`, so a network source fetches no further; a file may give more.
using OpenRange =
    std::function<std::unique_ptr<ByteSource>(std::uint64_t begin, std::uint64_t end)>;

/// Opens `path` ("-" is stdin). Throws UsageError for a directory, IoError when missing or
/// unreadable. Gzip and zstd inputs are recognised by their magic bytes and decompressed.
std::unique_ptr<ByteSource> open_source(const std::string& path);

}  // namespace recproc::io
