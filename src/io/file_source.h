// Plain files and stdin as ByteSources, read with read(2) into the caller's buffer.
#pragma once

#include <string>

#include "io/byte_source.h"

namespace recproc::io {

class FileSource final : public ByteSource {
 public:
  /// Opens `path`, or stdin for "-". Throws UsageError for a directory, IoError otherwise.
  explicit FileSource(const std::string& path);
  ~FileSource() override;
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* buf, std::size_t n) override;
  std::uint64_t bytes_consumed() const override { return consumed_; }
  std::uint64_t size_hint() const override { return size_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
};

/// The name used in messages: "<stdin>" for "-", else the path.
std::string display_name(const std::string& path);

}  // namespace recproc::io
