// Per-worker storage for strings that an expression computes (lower(), a + b, str(n)).
//
// Blocks are kept when the arena is reset between records, so a warm worker stops allocating;
// views handed out stay valid until the next reset() because blocks never move.
#pragma once

#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace recproc::transform::expr {

class ScratchArena {
 public:
  /// Uninitialized room for `n` bytes.
  char* allocate(std::size_t n) {
    while (current_ < blocks_.size() && used_ + n > blocks_[current_].size) {
      ++current_;
      used_ = 0;
    }
    if (current_ == blocks_.size()) {
      std::size_t size = n > kBlockSize ? n : kBlockSize;
      blocks_.push_back({std::make_unique<char[]>(size), size});
      used_ = 0;
    }
    char* p = blocks_[current_].data.get() + used_;
    used_ += n;
    return p;
  }

  std::string_view copy(std::string_view s) {
    if (s.empty()) return {};
    char* p = allocate(s.size());
    std::memcpy(p, s.data(), s.size());
    return {p, s.size()};
  }

  void reset() {
    current_ = 0;
    used_ = 0;
  }

 private:
  static constexpr std::size_t kBlockSize = 16 * 1024;
  struct Block {
    std::unique_ptr<char[]> data;
    std::size_t size;
  };
  std::vector<Block> blocks_;
  std::size_t current_ = 0;
  std::size_t used_ = 0;
};

}  // namespace recproc::transform::expr
