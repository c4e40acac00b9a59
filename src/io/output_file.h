// Where results go: stdout, or a file published atomically.
//
// A file is written to a temporary name in the target directory, fsynced and renamed into place
// only by commit(), so readers never see a half-written file under the final name. While the run
// goes on, what was written is sent to the disk every few MiB (write-behind), so the final fsync
// has little left to do and dirty pages stay bounded. A ".gz" or ".zst" name compresses what is
// written. The
// temporary path is registered with the process-wide cleanup list: on an error (destructor
// without commit), SIGINT or SIGTERM it is removed.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "io/byte_sink.h"

namespace recproc::io {

/// How the bytes given to write() reach the file.
enum class OutputEncoding {
  kByName,  ///< compressed when the name ends in ".gz" or ".zst"
  kAsIs,    ///< exactly as given: `recproc download` keeps a blob's bytes as stored (issue 15)
};

class OutputFile {
 public:
  /// "-" (or empty) is stdout. Otherwise creates a temporary file next to `path`.
  /// Throws IoError when the directory is not writable.
  explicit OutputFile(const std::string& path, OutputEncoding encoding = OutputEncoding::kByName);
  /// Removes the temporary file unless commit() succeeded.
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Writes uncompressed bytes (compressed on the way when the name asks for it).
  void write(std::string_view bytes);
  /// Flushes, fsyncs and renames into place. Throws IoError.
  void commit();
  /// As commit(), but a file that appeared under the name meanwhile is kept and IoError thrown.
  void commit_new();
  /// Removes the temporary file (called by the destructor when not committed).
  void abandon();

  bool is_stdout() const { return fd_ == 1; }
  const std::string& path() const { return path_; }
  std::uint64_t bytes_written() const { return written_; }

 private:
  class FdSink;
  void publish(bool replace);
  void write_raw(std::string_view bytes);
  void flush_buffer();
  void write_all(std::string_view bytes);
  void write_behind();
  std::unique_ptr<ByteSink> fd_sink_;
  std::unique_ptr<ByteSink> compressor_;
  std::string path_;
  std::string temp_path_;
  int fd_ = -1;
  bool committed_ = false;
  bool special_ = false;  ///< a device or FIFO, written in place
  std::uint64_t written_ = 0;
  std::uint64_t file_bytes_ = 0;     ///< bytes in the file (after compression)
  std::uint64_t behind_start_ = 0;   ///< where the window not yet sent to the disk starts
  std::uint64_t flushing_start_ = 0; ///< the window sent before it, possibly still in flight
  std::string buffer_;
};

/// Installs SIGINT/SIGTERM handlers that remove registered temporary files and exit with
/// 130 (SIGINT) or 143 (SIGTERM). Call once at start.
void install_cleanup_handlers();

/// After `seconds`, removes the registered temporary files, prints why and exits with 3 (the
/// retryable code): a runner's --timeout. Call once.
void exit_after(double seconds);

/// Exits as on SIGTERM when the parent process dies (PR_SET_PDEATHSIG): a shard must not
/// outlive the runner that started it.
void exit_with_parent();

/// Registers / unregisters a temporary path removed on signal. Async-signal-safe removal.
void register_temp_path(const std::string& path);
void unregister_temp_path(const std::string& path);

/// True once SIGINT or SIGTERM arrived (when handlers are set to "drain" mode).
bool interrupted();

}  // namespace recproc::io
