#include <memory>

#include "io/byte_source.h"
#include "io/file_source.h"

namespace recproc::io {

std::unique_ptr<ByteSource> open_source(const std::string& path) {
  return std::make_unique<FileSource>(path);
}

}  // namespace recproc::io
