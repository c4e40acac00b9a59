// The expression transforms of issue 5: `filter EXPR` and `set NAME = EXPR`
// (language: docs/expressions.md).
//
//   TransformPtr keep = make_filter_transform(R"(SeverityLevel in ["err", "crit"])");
//   TransformPtr calc = make_set_transform("Properties.slow = Properties.retries > 2");
//
// Both compile their expression here, once, and throw UsageError (expression shown with a caret
// under the bad token) before any input is read. Workers evaluate without exceptions: a record
// the expression cannot handle (int("x"), "a" < 1) is rejected with a reason, and the run's
// error policy decides what happens to it.
#pragma once

#include <string_view>

#include "recproc/transform.h"

namespace recproc::transform {

/// `filter EXPR`: keeps a record when EXPR is true; drops it when false or null; rejects it
/// (ErrorKind::kCast for failed conversions, kTransform for type errors) when EXPR fails.
TransformPtr make_filter_transform(std::string_view expr_text);

/// `set NAME = EXPR`: sets field NAME (a path such as `a.b` or `.["odd name"]`, created with its
/// parent objects when missing, replaced in place when present) to the value of EXPR.
/// `spec_text` is everything after "set ".
TransformPtr make_set_transform(std::string_view spec_text);

}  // namespace recproc::transform
