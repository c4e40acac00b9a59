// The steps that run people's own programs through the line protocol (line_protocol_step.h):
//   exec [--timeout 5m] CMD ARGS...     any command, one long-lived copy per worker
//   python [--timeout 5m] MODULE:FUNC   a plain Python function f(record) -> dict | None
#pragma once

#include <string_view>

#include "recproc/transform.h"

namespace recproc::transform {

TransformPtr make_exec(std::string_view spec, std::string_view args);
TransformPtr make_python(std::string_view spec, std::string_view args);

/// The Python helper that the python step runs (recproc_step.py, built into the binary).
extern const char* const kPythonStepHelper;

}  // namespace recproc::transform
