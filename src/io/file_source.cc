#include "io/file_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

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
  }
#ifdef POSIX_FADV_SEQUENTIAL
  if (owns_fd_) ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
}

FileSource::~FileSource() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
}

std::size_t FileSource::read(char* buf, std::size_t n) {
  std::size_t total = 0;
  // Fill the request when possible: pipes return short reads, and a chunk of a few bytes costs
  // a full pass through the engine.
  while (total < n) {
    ssize_t got = ::read(fd_, buf + total, n - total);
    if (got < 0) {
      if (errno == EINTR) continue;
      throw IoError(display_name(path_) + ": read failed: " + std::strerror(errno));
    }
    if (got == 0) break;
    total += static_cast<std::size_t>(got);
    if (fd_ == STDIN_FILENO) break;  // stream stdin as it arrives
  }
  consumed_ += total;
  return total;
}

}  // namespace recproc::io
