// Shared by the Log Analytics tests (issue 7).
#pragma once

#include <string>

namespace recproc::azure::testing {

/// The message of the E that `f` throws, or "<no error>"; other exceptions propagate.
template <typename E, typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const E& e) {
    return e.what();
  }
  return "<no error>";
}

}  // namespace recproc::azure::testing
