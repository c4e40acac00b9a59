#include <memory>

#include "io/byte_source.h"
#include "io/compression.h"
#include "io/file_source.h"

namespace recproc::io {

std::unique_ptr<ByteSource> open_source(const std::string& path) {
  return open_detected(std::make_unique<FileSource>(path), display_name(path));
}

}  // namespace recproc::io
