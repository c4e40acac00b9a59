#include "record/simdjson_kernel.h"

#include <simdjson.h>

#include <cstdlib>

namespace recproc {
namespace {

bool is_amd_cpu() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  return __builtin_cpu_is("amd");
#else
  return false;
#endif
}

const simdjson::implementation* choose_minify_kernel() {
  const simdjson::implementation* active = simdjson::get_active_implementation();
  if (std::getenv("SIMDJSON_FORCE_IMPLEMENTATION") == nullptr && active->name() == "icelake" &&
      is_amd_cpu()) {
    const simdjson::implementation* avx2 = simdjson::get_available_implementations()["haswell"];
    if (avx2 != nullptr && avx2->supported_by_runtime_system()) return avx2;
  }
  return active;
}

const simdjson::implementation& minify_kernel() {
  static const simdjson::implementation* chosen = choose_minify_kernel();
  return *chosen;
}

// simdjson picks its implementation on first use, inside a noexcept function: a failed
// allocation there ends the process. Chosen before main instead, like any static initialiser.
[[maybe_unused]] const simdjson::implementation& kKernelAtLoad = minify_kernel();

}  // namespace

bool minify_json(std::string_view text, char* out, std::size_t& written) {
  return minify_kernel().minify(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                reinterpret_cast<uint8_t*>(out), written) == simdjson::SUCCESS;
}

std::string_view minify_kernel_name() {
  static const std::string name = minify_kernel().name();
  return name;
}

}  // namespace recproc
