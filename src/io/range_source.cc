#include "io/range_source.h"

#include <algorithm>

namespace recproc::io {

RangeSource::RangeSource(const std::string& path, std::uint64_t preamble_end, std::uint64_t begin,
                         std::uint64_t end)
    : file_(path), preamble_end_(preamble_end), begin_(begin), end_(end) {
  jump_if_at_preamble_end();
}

void RangeSource::jump_if_at_preamble_end() {
  if (file_.bytes_consumed() == preamble_end_ && begin_ > preamble_end_) {
    file_.skip(begin_ - preamble_end_);
  }
}

std::size_t RangeSource::read(char* buf, std::size_t n) {
  const std::uint64_t pos = file_.bytes_consumed();
  if (pos < preamble_end_) {
    // Stop at the preamble's end, so that the next read starts at the shard's first record.
    const std::size_t got = file_.read(buf, std::min<std::uint64_t>(n, preamble_end_ - pos));
    jump_if_at_preamble_end();
    return got;
  }
  if (pos >= end_) return 0;
  return file_.read(buf, std::min<std::uint64_t>(n, end_ - pos));
}

std::uint64_t RangeSource::bytes_consumed() const {
  const std::uint64_t pos = file_.bytes_consumed();
  return pos <= preamble_end_ ? pos : preamble_end_ + (pos - begin_);
}

MappedBytes RangeSource::peek_mapped(std::size_t n) {
  const std::uint64_t pos = file_.bytes_consumed();
  if (pos < begin_ || pos + n > end_) return {};  // the preamble and the tail are read
  return file_.peek_mapped(n);
}

}  // namespace recproc::io
