// The built-in field transforms: select, drop, rename.
#pragma once

#include <string_view>

#include "recproc/transform.h"

namespace recproc::transform {

/// `select A,B.c`: keeps only those fields, in that order; missing fields are omitted.
TransformPtr make_select(std::string_view spec, std::string_view args);
/// `drop A,B`: removes the fields that are present.
TransformPtr make_drop(std::string_view spec, std::string_view args);
/// `rename OLD=NEW[,OLD2=NEW2]`: renames in place, keeping field order.
TransformPtr make_rename(std::string_view spec, std::string_view args);

}  // namespace recproc::transform
