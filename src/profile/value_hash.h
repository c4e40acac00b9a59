// The 64-bit hash the field profile gives every value: fixed seed, fixed byte order, so the
// distinct counts and the sampled top values are the same on every run and every machine.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace recproc::profile {

namespace detail {
inline std::uint64_t load_le64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}
}  // namespace detail

/// MurmurHash64A (Austin Appleby, public domain) of `text`, with `seed` mixed in. The seed
/// separates value kinds, so the string "1" and the number 1 are different values.
// Hot: runs once per profiled value; benchmark changes (bench/RESULTS.md).
inline std::uint64_t value_hash(std::string_view text, std::uint64_t seed) {
  constexpr std::uint64_t m = 0xc6a4a7935bd1e995ull;
  constexpr int r = 47;
  const std::size_t n = text.size();
  std::uint64_t h = (0x9e3779b97f4a7c15ull ^ seed) ^ (n * m);
  const char* p = text.data();
  const char* end = p + (n & ~std::size_t{7});
  for (; p != end; p += 8) {
    std::uint64_t k = detail::load_le64(p);
    k *= m;
    k ^= k >> r;
    k *= m;
    h ^= k;
    h *= m;
  }
  const std::size_t tail = n & 7;
  if (tail) {
    std::uint64_t k = 0;
    for (std::size_t i = 0; i < tail; ++i)
      k |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    h ^= k;
    h *= m;
  }
  h ^= h >> r;
  h *= m;
  h ^= h >> r;
  return h;
}

}  // namespace recproc::profile
