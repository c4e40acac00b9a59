// Loads a transform from a shared library built against include/recproc/plugin.h.
#pragma once

#include <string_view>

#include "recproc/transform.h"

namespace recproc::transform {

/// `plugin ./libmask.so key=value ...`: dlopen()s the explicit path (never a search path),
/// checks the ABI version and calls create() with the arguments. Throws UsageError naming the
/// plugin on any failure.
TransformPtr make_plugin(std::string_view spec, std::string_view args);

}  // namespace recproc::transform
