// How subcommands plug into the command line. Each subcommand lives in its own
// <name>_command.cc, registers its options on the CLI11 app and, when the user picked it, stores
// the function that runs it in `action`. cli::run calls that function and maps run-level
// exceptions (UsageError, IoError, DataError) to exit codes in one place.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace recproc::cli {

/// Runs a parsed subcommand; returns the process exit code.
using CommandAction = std::function<int()>;

void add_run_command(CLI::App& app, CommandAction& action);
void add_check_command(CLI::App& app, CommandAction& action);
void add_preview_command(CLI::App& app, CommandAction& action);
void add_infer_schema_command(CLI::App& app, CommandAction& action);
void add_upload_command(CLI::App& app, CommandAction& action);
void add_download_command(CLI::App& app, CommandAction& action);
void add_logs_command(CLI::App& app, CommandAction& action);
void add_merge_command(CLI::App& app, CommandAction& action);
void add_report_command(CLI::App& app, CommandAction& action);
/// Hidden: prints every subcommand and flag for the completion scripts (packaging/).
void add_complete_spec_command(CLI::App& app, CommandAction& action);

/// Entry point: parses argv, runs the chosen subcommand, returns the exit code.
int run(int argc, char** argv);

}  // namespace recproc::cli
