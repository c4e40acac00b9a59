#include "record/simdjson_kernel.h"

#include <simdjson.h>

#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace recproc {
namespace {

bool is_amd_cpu() {
#if defined(__x86_64__) || defined(__i386__)
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid(0, &eax, &ebx, &ecx, &edx) == 0) return false;
  char vendor[13];
  std::memcpy(vendor, &ebx, 4);
  std::memcpy(vendor + 4, &edx, 4);
  std::memcpy(vendor + 8, &ecx, 4);
  vendor[12] = '\0';
  return std::strcmp(vendor, "AuthenticAMD") == 0;
#else
  return false;
#endif
}

std::string_view choose_once() {
  auto& active = simdjson::get_active_implementation();
  if (std::getenv("SIMDJSON_FORCE_IMPLEMENTATION") == nullptr && active->name() == "icelake" &&
      is_amd_cpu()) {
    const simdjson::implementation* avx2 = simdjson::get_available_implementations()["haswell"];
    if (avx2 != nullptr && avx2->supported_by_runtime_system()) active = avx2;
  }
  return active->name();
}

}  // namespace

std::string_view choose_simdjson_kernel() {
  static const std::string_view chosen = choose_once();
  return chosen;
}

}  // namespace recproc
