#include "profile/hyperloglog.h"

#include <algorithm>
#include <cmath>

namespace recproc::profile {

void HyperLogLog::merge(const HyperLogLog& other) {
  // Branch-free, so that the compiler makes it a vector max (it is run once per chunk and field).
  for (std::size_t i = 0; i < kRegisters; ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

// The raw estimate with the paper's small-range correction: linear counting while registers
// are still empty. The switch is decided on the linear count, not on the raw estimate as in the
// paper: the raw estimate runs high near 2.5 x registers and switched too late (3% rms error
// at 10,000 values instead of 1.8%). With 64-bit hashes no large-range correction is needed.
std::uint64_t HyperLogLog::estimate() const {
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  std::size_t zeros = 0;
  for (std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -static_cast<int>(r));
    if (r == 0) ++zeros;
  }
  if (zeros > 0) {
    const double linear = m * std::log(m / static_cast<double>(zeros));
    if (linear <= 2.5 * m) return static_cast<std::uint64_t>(std::llround(linear));
  }
  const double alpha = 0.7213 / (1.0 + 1.079 / m);
  const double e = alpha * m * m / sum;
  return static_cast<std::uint64_t>(std::llround(e));
}

}  // namespace recproc::profile
