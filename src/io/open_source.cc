#include <memory>

#include "io/byte_source.h"
#include "io/compression.h"
#include "io/file_source.h"

namespace recproc::io {

std::unique_ptr<ByteSource> open_source(const std::string& path) {
  auto file = std::make_unique<FileSource>(path);
  // Decide by content, not name: a .gz name on plain text still reads as text.
  std::string head(kCompressionMagicBytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    std::size_t n = file->read(head.data() + got, head.size() - got);
    if (n == 0) break;
    got += n;
  }
  head.resize(got);
  Compression c = detect_compression(head);
  if (c == Compression::kNone && file->restart()) return file;  // mapped from its first byte
  return wrap_source(c, std::move(file), std::move(head), display_name(path));
}

}  // namespace recproc::io
