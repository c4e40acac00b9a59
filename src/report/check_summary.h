// What `recproc check` prints on stdout: passed, or how many records failed and why.
#pragma once

#include <string>

#include "engine/engine.h"

namespace recproc::report {

/// "check passed: 3 records, all valid", or "check failed: 1 of 3 records are invalid" and one
/// line per error group with its count, field, reason and first place.
std::string check_summary(const engine::RunStats& stats);

}  // namespace recproc::report
