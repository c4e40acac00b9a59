// Loads a transform from a shared library built against include/recproc/plugin.h.
#pragma once

#include <string_view>

#include "recproc/error.h"
#include "recproc/transform.h"

namespace recproc::transform {

/// A plugin file or directory that others may write; cli adds how to get past it.
class WritablePluginError : public UsageError {
 public:
  using UsageError::UsageError;
};

/// `plugin ./libmask.so key=value ...`: dlopen()s the explicit path (never a search path),
/// checks the ABI version and calls create() with the arguments. Throws UsageError naming the
/// plugin on any failure.
TransformPtr make_plugin(std::string_view spec, std::string_view args);

/// A plugin runs as the user who runs recproc, so a plugin file, or a directory holding it, that
/// group or others may write is refused with WritablePluginError (issue 18) unless this was
/// called with true. Directories with the sticky bit (/tmp) are fine: others cannot
/// replace a file there.
void allow_writable_plugins(bool allow);

}  // namespace recproc::transform
