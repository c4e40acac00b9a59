#include "io/output_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "io/compression.h"
#include "recproc/error.h"

namespace recproc::io {
namespace {

// Fixed-size table so the signal handler can walk it without locks or allocation.
constexpr int kMaxTempPaths = 16;
constexpr std::size_t kMaxPathLen = 4096;
char g_temp_paths[kMaxTempPaths][kMaxPathLen];
std::atomic<bool> g_temp_used[kMaxTempPaths];
std::mutex g_register_mutex;
std::atomic<bool> g_interrupted{false};

void remove_temp_paths() {
  for (int i = 0; i < kMaxTempPaths; ++i) {
    if (g_temp_used[i].load()) ::unlink(g_temp_paths[i]);
  }
}

void on_timeout(int) {
  remove_temp_paths();
  static const char kMessage[] = "recproc: error: gave up after --timeout; nothing published\n";
  ssize_t ignored = ::write(2, kMessage, sizeof kMessage - 1);
  (void)ignored;
  ::_exit(3);
}

void on_signal(int sig) {
  g_interrupted.store(true);
  remove_temp_paths();
  // Conventional shell status for death by signal: 128 + signal number (130 for SIGINT).
  ::_exit(128 + sig);
}

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

constexpr std::size_t kBufferSize = 1 << 20;
// Write-behind window: large enough for the disk to see long sequential writes, small enough
// that at most two windows of dirty pages exist per output.
constexpr std::uint64_t kWriteBehindBytes = 8 << 20;
constexpr std::size_t kDirectWrite = 64 << 10;

// RENAME_NOREPLACE makes "is there a file already?" and the rename one step; filesystems
// without it (EINVAL) get link + unlink, which also fails with EEXIST.
int rename_no_replace(const char* from, const char* to) {
  if (::renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
  if (::link(from, to) != 0) return -1;
  ::unlink(from);
  return 0;
}

}  // namespace

void install_cleanup_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGINT, &sa, nullptr);
  ::sigaction(SIGTERM, &sa, nullptr);
}

void exit_after(double seconds) {
  struct sigaction sa {};
  sa.sa_handler = on_timeout;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGALRM, &sa, nullptr);
  itimerval t{};
  t.it_value.tv_sec = static_cast<time_t>(seconds);
  t.it_value.tv_usec =
      static_cast<suseconds_t>((seconds - static_cast<double>(t.it_value.tv_sec)) * 1e6);
  if (t.it_value.tv_sec == 0 && t.it_value.tv_usec == 0) t.it_value.tv_usec = 1;
  ::setitimer(ITIMER_REAL, &t, nullptr);
}

void exit_with_parent() {
  const pid_t parent = ::getppid();
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != parent) ::raise(SIGTERM);  // it died before prctl took effect
}

void register_temp_path(const std::string& path) {
  std::lock_guard lock(g_register_mutex);
  if (path.size() >= kMaxPathLen) return;
  for (int i = 0; i < kMaxTempPaths; ++i) {
    if (!g_temp_used[i].load()) {
      std::memcpy(g_temp_paths[i], path.c_str(), path.size() + 1);
      g_temp_used[i].store(true);
      return;
    }
  }
}

void unregister_temp_path(const std::string& path) {
  std::lock_guard lock(g_register_mutex);
  for (int i = 0; i < kMaxTempPaths; ++i) {
    if (g_temp_used[i].load() && path == g_temp_paths[i]) {
      g_temp_used[i].store(false);
      return;
    }
  }
}

bool interrupted() { return g_interrupted.load(); }

namespace {

bool names_descriptor(const std::string& path) {
  return path.starts_with("/dev/fd/") || path.starts_with("/proc/self/fd/") ||
         path == "/dev/stdout" || path == "/dev/stderr";
}

}  // namespace

// Lets a compressor write its output through the file's buffer.
class OutputFile::FdSink final : public ByteSink {
 public:
  explicit FdSink(OutputFile& file) : file_(file) {}
  void write(std::string_view bytes) override { file_.write_raw(bytes); }
  void finish() override {}

 private:
  OutputFile& file_;
};

OutputFile::OutputFile(const std::string& path, OutputEncoding encoding) : path_(path) {
  buffer_.reserve(kBufferSize);
  if (path.empty() || path == "-") {
    fd_ = 1;
    return;
  }
  // Written in place: a device or pipe (/dev/null, a FIFO), where renaming over it would replace
  // it with a regular file, and a descriptor the caller opened (a runner's `3>report.json`,
  // /dev/stderr), appended so that what the caller wrote there stays.
  const bool descriptor = names_descriptor(path);
  struct stat st {};
  if (descriptor ||
      (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))) {
    fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC | (descriptor ? O_APPEND : 0));
    if (fd_ < 0) throw IoError(path + ": cannot open for writing: " + std::strerror(errno));
    special_ = true;
    return;
  }
  temp_path_ = dir_of(path) + "/." + base_of(path) + ".recproc-XXXXXX";
  std::string templ = temp_path_;
  fd_ = ::mkstemp(templ.data());
  if (fd_ < 0) {
    throw IoError(path + ": cannot create output in " + dir_of(path) + ": " + std::strerror(errno));
  }
  temp_path_ = templ;
  register_temp_path(temp_path_);
  Compression compression =
      encoding == OutputEncoding::kByName ? compression_for_path(path) : Compression::kNone;
  if (compression != Compression::kNone) {
    fd_sink_ = std::make_unique<FdSink>(*this);
    compressor_ = wrap_sink(compression, *fd_sink_);
  }
  ::fchmod(
      fd_, 0644 & ~[] {
        mode_t m = ::umask(0);
        ::umask(m);
        return m;
      }());
}

OutputFile::~OutputFile() {
  if (!committed_) abandon();
}

void OutputFile::write(std::string_view bytes) {
  written_ += bytes.size();
  if (compressor_) {
    compressor_->write(bytes);
    return;
  }
  write_raw(bytes);
}

void OutputFile::write_raw(std::string_view bytes) {
  if (bytes.size() >= kDirectWrite) {
    // A chunk's output goes straight out rather than being copied into the buffer first.
    flush_buffer();
    write_all(bytes);
    return;
  }
  if (buffer_.size() + bytes.size() > kBufferSize) flush_buffer();
  buffer_.append(bytes);
}

void OutputFile::flush_buffer() {
  write_all(buffer_);
  buffer_.clear();
}

void OutputFile::write_all(std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw IoError((is_stdout() ? std::string("<stdout>") : path_) +
                    ": write failed: " + std::strerror(errno));
    }
    p += n;
    left -= static_cast<std::size_t>(n);
    file_bytes_ += static_cast<std::uint64_t>(n);
  }
  if (!temp_path_.empty() && file_bytes_ - behind_start_ >= kWriteBehindBytes) write_behind();
}

// The pattern Linux's own developers recommend for streaming writers: start writeback of the
// window just written, then wait for the window before it, which has had a whole window's time
// to reach the disk. The final fsync stays the durability point (it reports any error);
// sync_file_range only moves the work earlier, so its own failures (a filesystem without it)
// are ignored.
void OutputFile::write_behind() {
  ::sync_file_range(fd_, static_cast<off_t>(behind_start_),
                    static_cast<off_t>(file_bytes_ - behind_start_), SYNC_FILE_RANGE_WRITE);
  if (behind_start_ > flushing_start_) {
    ::sync_file_range(
        fd_, static_cast<off_t>(flushing_start_),
        static_cast<off_t>(behind_start_ - flushing_start_),
        SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER);
  }
  flushing_start_ = behind_start_;
  behind_start_ = file_bytes_;
}

void OutputFile::commit() { publish(true); }

void OutputFile::commit_new() { publish(false); }

void OutputFile::publish(bool replace) {
  if (compressor_) compressor_->finish();
  flush_buffer();
  if (special_) {
    ::close(fd_);
    fd_ = -1;
    committed_ = true;
    return;
  }
  if (is_stdout()) {
    committed_ = true;
    return;
  }
  if (::fsync(fd_) != 0) throw IoError(path_ + ": fsync failed: " + std::strerror(errno));
  if (::close(fd_) != 0) {
    fd_ = -1;
    throw IoError(path_ + ": close failed: " + std::strerror(errno));
  }
  fd_ = -1;
  const int renamed = replace ? ::rename(temp_path_.c_str(), path_.c_str())
                              : rename_no_replace(temp_path_.c_str(), path_.c_str());
  if (renamed != 0) {
    throw IoError(path_ + ": cannot rename into place: " + std::strerror(errno));
  }
  unregister_temp_path(temp_path_);
  committed_ = true;
}

void OutputFile::abandon() {
  if (special_ && fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (is_stdout() || temp_path_.empty()) return;
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  ::unlink(temp_path_.c_str());
  unregister_temp_path(temp_path_);
  temp_path_.clear();
}

}  // namespace recproc::io
