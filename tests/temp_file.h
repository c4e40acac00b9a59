// A file in the temp directory holding the given bytes, removed however the test ends.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace recproc::testing {

class TempFile {
 public:
  explicit TempFile(const std::string& data) {
    std::string templ = (std::filesystem::temp_directory_path() / "recproc-test-XXXXXX").string();
    const int fd = ::mkstemp(templ.data());
    if (fd >= 0) ::close(fd);
    path_ = templ;
    std::ofstream(path_, std::ios::binary) << data;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace recproc::testing
