#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/exit_code.h"
#include "cli/run_options.h"

namespace recproc::cli {

void add_run_command(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Process records: validate, transform, write in order");
  cmd->footer(
      "Examples:\n"
      "  recproc run in.ndjson -o out.ndjson -t 'select TimeGenerated,Computer'\n"
      "  recproc run in.ndjson -t 'filter SeverityLevel in [\"err\",\"crit\"]' -t 'drop IP'\n"
      "  cat in.ndjson | recproc run - -t 'rename Computer=host' > out.ndjson\n"
      "  recproc run in.csv --schema s.json --cast --rejects bad.ndjson -o ok.ndjson\n"
      "  recproc run in.ndjson --report report.json --junit junit.xml -o out.ndjson\n"
      "  recproc run --pipeline job.json --dry-run\n"
      "  recproc run in.ndjson -t 'plugin ./libmask_ip.so field=HostIP' -o out.ndjson\n"
      "  recproc run in.ndjson -t 'python clean:fix_record' -o out.ndjson\n"
      "  recproc run in.ndjson -t 'exec jq -c --unbuffered \"{host: .Computer}\"'\n\n" +
      std::string(kExitCodeHelp));
  add_job_options(*cmd, *opts, JobMode::kRun);
  cmd->callback([&action, opts, cmd] {
    action = [opts, cmd] { return execute_job(*opts, JobMode::kRun, *cmd); };
  });
}

void add_check_command(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Validate records without writing output; exit 1 if any record is bad");
  cmd->footer(
      "Examples:\n"
      "  recproc check day.ndjson --schema syslog.json\n"
      "  recproc check *.csv --schema s.json --cast --junit check.xml --error-format github\n\n" +
      std::string(kExitCodeHelp));
  add_job_options(*cmd, *opts, JobMode::kCheck);
  cmd->callback([&action, opts, cmd] {
    action = [opts, cmd] { return execute_job(*opts, JobMode::kCheck, *cmd); };
  });
}

}  // namespace recproc::cli
