// The text cli prints for a run-level error: the lower module's message, plus the flags that
// would change the outcome, which only cli knows ("; use --overwrite or --skip-existing").
#pragma once

#include <exception>
#include <string>

namespace recproc::cli {

std::string error_text(const std::exception& e);

}  // namespace recproc::cli
