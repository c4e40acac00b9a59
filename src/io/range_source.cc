#include "io/range_source.h"

#include <algorithm>

namespace recproc::io {

RangeSource::RangeSource(OpenRange open, std::uint64_t preamble_end, std::uint64_t begin,
                         std::uint64_t end)
    : open_(std::move(open)), preamble_end_(preamble_end), begin_(begin), end_(end) {
  if (preamble_end_ == 0) {
    source_ = open_(begin_, end_);
    position_ = begin_;
  } else {
    source_ = open_(0, preamble_end_ == begin_ ? end_ : preamble_end_);
  }
}

void RangeSource::jump_if_at_preamble_end() {
  if (position_ == preamble_end_ && begin_ > preamble_end_) {
    source_ = open_(begin_, end_);
    position_ = begin_;
  }
}

std::size_t RangeSource::read(char* buf, std::size_t n) {
  std::size_t got = 0;
  if (position_ < preamble_end_) {
    // Stop at the preamble's end, so that the next read starts at the shard's first record.
    got = source_->read(buf, std::min<std::uint64_t>(n, preamble_end_ - position_));
    position_ += got;
    jump_if_at_preamble_end();
  } else if (position_ < end_) {
    got = source_->read(buf, std::min<std::uint64_t>(n, end_ - position_));
    position_ += got;
  }
  return got;
}

std::uint64_t RangeSource::bytes_consumed() const {
  return position_ <= preamble_end_ ? position_ : preamble_end_ + (position_ - begin_);
}

MappedBytes RangeSource::peek_mapped(std::size_t n) {
  if (position_ < begin_ || position_ + n > end_) return {};  // the preamble and the tail are read
  return source_->peek_mapped(n);
}

void RangeSource::skip(std::size_t n) {
  source_->skip(n);
  position_ += n;
}

}  // namespace recproc::io
