#include "transform/child_steps.h"

#include <cstdlib>
#include <string>
#include <vector>

#include "recproc/error.h"
#include "transform/line_child.h"
#include "transform/line_protocol_step.h"
#include "transform/spec_args.h"

namespace recproc::transform {
namespace {

// Takes a leading "--timeout D" off `words`.
std::chrono::milliseconds take_timeout(std::vector<std::string>& words, std::string_view verb) {
  std::chrono::milliseconds timeout = std::chrono::minutes(5);
  if (!words.empty() && words[0] == "--timeout") {
    if (words.size() < 2) throw UsageError(std::string(verb) + ": --timeout needs a duration");
    timeout = parse_duration(words[1], std::string(verb) + " --timeout");
    if (timeout.count() <= 0) throw UsageError(std::string(verb) + ": --timeout must be positive");
    words.erase(words.begin(), words.begin() + 2);
  }
  return timeout;
}

std::string python_interpreter() {
  const char* chosen = std::getenv("RECPROC_PYTHON");
  return chosen && *chosen ? chosen : "python3";
}

// Runs the helper's --check once, before any worker starts, so that a misspelt module or
// function is a usage error with Python's own message rather than a reject per record.
void check_python_function(const std::string& python, const std::string& target,
                           const std::string& spec) {
  LineChild check({python, "-c", kPythonStepHelper, "--check", target}, std::chrono::minutes(1));
  check.set_pass_stderr(false);  // its message is the usage error
  std::string answers;
  std::vector<std::size_t> ends;
  ExchangeResult r = check.exchange("{}\n", 1, answers, ends);
  if (r.failure == ExchangeFailure::kStartFailed) {
    throw UsageError(spec + ": cannot start " + python + " (set RECPROC_PYTHON to choose another "
                     "interpreter): " + r.what);
  }
  if (r.failure != ExchangeFailure::kNone || answers.substr(0, 3) != "ok\n") {
    std::string why = check.stderr_tail();
    throw UsageError(spec + ": " + (why.empty() ? r.what : why));
  }
}

}  // namespace

TransformPtr make_exec(std::string_view spec, std::string_view args) {
  std::vector<std::string> words = split_words(args);
  ChildCommand command;
  command.timeout = take_timeout(words, "exec");
  if (words.empty()) throw UsageError("exec: expected a command, as in -t 'exec jq -c .'");
  if (!can_run(words[0])) {
    throw UsageError("exec: cannot run \"" + words[0] + "\": " +
                     (words[0].find('/') == std::string::npos ? "not found in PATH"
                                                              : "no such executable file"));
  }
  command.label = "exec " + words[0];
  command.argv = std::move(words);
  return make_line_protocol_step(std::string(spec), std::move(command));
}

TransformPtr make_python(std::string_view spec, std::string_view args) {
  std::vector<std::string> words = split_words(args);
  ChildCommand command;
  command.timeout = take_timeout(words, "python");
  if (words.size() != 1 || words[0].find(':') == std::string::npos) {
    throw UsageError("python: expected MODULE:FUNCTION or path/to/file.py:FUNCTION, as in "
                     "-t 'python clean:fix'");
  }
  const std::string python = python_interpreter();
  check_python_function(python, words[0], std::string(spec));
  command.label = "python " + words[0];
  command.argv = {python, "-c", kPythonStepHelper, words[0]};
  return make_line_protocol_step(std::string(spec), std::move(command));
}

}  // namespace recproc::transform
