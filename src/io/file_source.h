// Plain files and stdin as ByteSources: a file the source opened itself is mapped a few MiB at
// a time (and read with pread(2) where a mapping does not fit); stdin is read with read(2).
#pragma once

#include <memory>
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
  MappedBytes peek_mapped(std::size_t n) override;
  void skip(std::size_t n) override { consumed_ += n; }
  /// False for stdin and pipes, which cannot go back.
  bool restart() override;

 private:
  std::string path_;
  int fd_ = -1;
  bool owns_fd_ = false;
  bool regular_ = false;  ///< a regular file opened here: read at offsets, mapped
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;
  std::shared_ptr<const FileMapping> mapping_;  ///< the region peek_mapped() last used
  bool mapping_failed_ = false;
};

/// The whole of a (small) file: a schema, a manifest, a report. Throws IoError naming the path
/// and the errno when it cannot be opened or read (an ifstream would report a read error as an
/// empty file).
std::string read_whole_file(const std::string& path);

/// OpenRange for a local file: a FileSource moved to `begin`.
OpenRange file_range_opener(std::string path);

/// The name used in messages: "<stdin>" for "-", else the path.
std::string display_name(const std::string& path);

}  // namespace recproc::io
