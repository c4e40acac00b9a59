// The report's `profile` member (docs/report.md, "The field profile").
#pragma once

#include <string>

#include "profile/field_profile.h"

namespace recproc::report {

/// {"records": N, "fields_not_profiled": K, "fields": [{"name", "count", "nulls", "missing",
/// "types", "min", "max", "length_min", "length_max", "distinct", "top_values"}, ...]}, one
/// field per line, indented to sit inside the report.
std::string profile_json(const profile::FieldProfile& profile);

}  // namespace recproc::report
