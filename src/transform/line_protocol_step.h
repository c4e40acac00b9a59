// A step answered by another program that speaks recproc's line protocol (README, "Your own
// code"): each record goes to the program's stdin as one NDJSON line, and the program writes
// exactly one line back per line, in order:
//   {"a":1}                        keep the record; the object is its new value
//   null                           drop it
//   {"$reject":"why","$field":"/a"}  reject it ("$field", a JSON Pointer, is optional)
// `exec` and `python` steps are this step with different commands.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "recproc/transform.h"

namespace recproc::transform {

struct ChildCommand {
  std::vector<std::string> argv;
  /// How long the program may go without reading or answering before it counts as hung.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  /// Names the step in reasons: "exec ./clean.sh", "python clean:fix".
  std::string label;
};

TransformPtr make_line_protocol_step(std::string spec, ChildCommand command);

/// Whether `program` (a name looked up in PATH, or a path) can be run.
bool can_run(const std::string& program);

}  // namespace recproc::transform
