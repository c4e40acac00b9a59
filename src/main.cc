#include <unistd.h>

#include <new>

#include "cli/command.h"
#include "cli/exit_code.h"

int main(int argc, char** argv) {
  try {
    return recproc::cli::run(argc, argv);
  } catch (const std::bad_alloc&) {
    // Memory ran out where no command handles it (building or parsing the flags): say so
    // without allocating, and exit as an environment error.
    static constexpr char kText[] = "recproc: error: out of memory\n";
    [[maybe_unused]] ssize_t written = ::write(STDERR_FILENO, kText, sizeof kText - 1);
    return static_cast<int>(recproc::cli::ExitCode::kIoError);
  }
}
