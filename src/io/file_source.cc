#include "io/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "recproc/error.h"

namespace recproc::io {

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

FileSource::FileSource(const std::string& path) : path_(path) {
  if (path == "-") {
    fd_ = STDIN_FILENO;
  } else {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw IoError(path + ": cannot open: " + std::strerror(errno));
    owns_fd_ = true;
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      throw UsageError(path + ": is a directory, expected a file");
    }
    if (S_ISREG(st.st_mode)) size_ = static_cast<std::uint64_t>(st.st_size);
    // Not stdin, even when it is a regular file: its offset may be shared with the shell.
    regular_ = owns_fd_ && S_ISREG(st.st_mode);
  }
#ifdef POSIX_FADV_SEQUENTIAL
  if (owns_fd_) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

std::string read_whole_file(const std::string& path) {
  FileSource file(path);
  std::string text;
  char buf[64 << 10];
  while (std::size_t n = file.read(buf, sizeof buf)) text.append(buf, n);
  return text;
}

FileSource::~FileSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(char* buf, std::size_t n) {
  std::size_t total = 0;
  // Fill the request when possible: pipes return short reads, and a chunk of a few bytes costs
  // a full pass through the engine.
  while (total < n) {
    ssize_t got = regular_
                      ? ::pread(fd_, buf + total, n - total, static_cast<off_t>(consumed_ + total))
                      : ::read(fd_, buf + total, n - total);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(display_name(path_) + ": read failed: " + std::strerror(errno));
    }
    if (got == 0) {
      // A regular file ending before the size it had when opened was truncated meanwhile: what
      // was read is not the file, whether or not it ends on a record boundary.
      if (regular_ && consumed_ + total < size_) {
        throw IoError(display_name(path_) + ": the file shrank while being read (" +
                      std::to_string(consumed_ + total) + " of " + std::to_string(size_) +
                      " bytes; truncated by another process?)");
      }
      break;
    }
    total += static_cast<std::size_t>(got);
    if (fd_ == STDIN_FILENO) break;  // stream stdin as it arrives
  }
  consumed_ += total;
  return total;
}

bool FileSource::restart() {
  if (!regular_) return false;
  consumed_ = 0;
  return true;
}

// Regions start on 2 MiB boundaries, so the kernel can map a large folio of the page cache with
// one entry (1 MiB regions took 4x the time in a test over 1 GiB), and span 8 MiB, so that
// few are alive at a time: the jobs in flight hold a few MiB of chunks.
MappedBytes FileSource::peek_mapped(std::size_t n) {
  constexpr std::uint64_t kAlign = 2 << 20;
  constexpr std::uint64_t kRegion = 8 << 20;
  if (!regular_ || mapping_failed_ || consumed_ + n > size_) return {};
  const std::uint64_t end = consumed_ + n;
  if (!mapping_ || end > mapping_->offset() + mapping_->size()) {
    const std::uint64_t start = consumed_ & ~(kAlign - 1);
    const std::uint64_t length = std::min(std::max(kRegion, end - start), size_ - start);
    mapping_ = FileMapping::map(fd_, start, static_cast<std::size_t>(length));
    if (!mapping_) {
      mapping_failed_ = true;
      return {};
    }
  }
  const std::size_t at = static_cast<std::size_t>(consumed_ - mapping_->offset());
  return {mapping_, std::string_view(mapping_->data() + at, n)};
}

OpenRange file_range_opener(std::string path) {
  return [path = std::move(path)](std::uint64_t begin, std::uint64_t) {
    auto file = std::make_unique<FileSource>(path);
    file->skip(begin);
    return file;
  };
}

}  // namespace recproc::io
