// In-memory fakes of the outside world for the compression tests: a source that hands out its
// bytes in small pieces (so every buffer edge is crossed) and a sink that collects bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "io/byte_sink.h"
#include "io/byte_source.h"

namespace recproc::io::testing {

class StringSource final : public ByteSource {
 public:
  explicit StringSource(std::string data, std::size_t max_read = SIZE_MAX)
      : data_(std::move(data)), max_read_(max_read) {}
  std::size_t read(char* buf, std::size_t n) override {
    std::size_t take = std::min({n, max_read_, data_.size() - pos_});
    std::memcpy(buf, data_.data() + pos_, take);
    pos_ += take;
    return take;
  }
  std::uint64_t bytes_consumed() const override { return pos_; }
  std::uint64_t size_hint() const override { return data_.size(); }

 private:
  std::string data_;
  std::size_t max_read_;
  std::size_t pos_ = 0;
};

class StringSink final : public ByteSink {
 public:
  void write(std::string_view bytes) override { data.append(bytes); }
  void finish() override { ++finish_calls; }
  std::string data;
  int finish_calls = 0;
};

/// Reads `source` to the end, `n` bytes at a time.
inline std::string read_all(ByteSource& source, std::size_t n = 7) {
  std::string out, buf(n, '\0');
  while (std::size_t got = source.read(buf.data(), buf.size())) out.append(buf.data(), got);
  return out;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace recproc::io::testing
