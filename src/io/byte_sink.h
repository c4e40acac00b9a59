// A sequential stream of output bytes: the atomic output file, stdout, or a compressor wrapped
// around either. The ordered merge writes each chunk's finished output through one of these.
//
//   io::ByteSink& file = output_file.sink();            // owns the fd / temp path
//   std::unique_ptr<io::ByteSink> out = io::wrap_sink_for_path(path, file);  // .gz / .zst
//   out->write(chunk_bytes); ...
//   out->finish();                                       // compressor trailer, then file.finish()
#pragma once

#include <string_view>

namespace recproc::io {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  /// Writes all of `bytes` (buffering is allowed). Throws IoError.
  virtual void write(std::string_view bytes) = 0;
  /// Flushes everything buffered (a compressor writes its trailer) and then finishes the sink
  /// it wraps. Call once, after the last write; writing after finish() is a bug. Throws IoError.
  /// Durability (fsync, rename) is the output file's job, not the sink's.
  virtual void finish() = 0;
};

}  // namespace recproc::io
