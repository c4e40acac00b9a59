// Turns a `-t` spec into a transform: the first word names it, the rest are its arguments.
#pragma once

#include <string_view>
#include <vector>

#include "recproc/transform.h"

namespace recproc::transform {

/// Parses one spec ("select a,b", "filter x > 1", "plugin ./lib.so k=v"). Throws UsageError,
/// with a "did you mean" suggestion for an unknown name.
TransformPtr make_transform(std::string_view spec);

/// Names of all transforms, for help text and suggestions.
std::vector<std::string_view> transform_names();

}  // namespace recproc::transform
