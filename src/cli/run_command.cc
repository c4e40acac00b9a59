#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/help_formatter.h"
#include "cli/run_options.h"

namespace recproc::cli {

void add_run_command(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Process records: validate, transform, write in order");
  cmd->footer(help_footer(
      "", {"recproc run in.ndjson -o out.ndjson -t 'select TimeGenerated,Computer'",
           "recproc run in.ndjson -t 'filter SeverityLevel in [\"err\",\"crit\"]' -t 'drop IP'",
           "cat in.ndjson | recproc run - -t 'rename Computer=host' > out.ndjson",
           "recproc run in.csv --schema s.json --cast --rejects bad.ndjson -o ok.ndjson",
           "recproc run in.ndjson --report report.json --junit junit.xml -o out.ndjson",
           "recproc run --pipeline job.json --dry-run",
           "recproc run in.ndjson -t 'plugin ./libmask_ip.so field=HostIP' -o out.ndjson",
           "recproc run in.ndjson -t 'python clean:fix_record' -o out.ndjson",
           "recproc run in.ndjson -t 'exec jq -c --unbuffered \"{host: .Computer}\"'"}));
  add_job_options(*cmd, *opts, JobMode::kRun);
  cmd->callback([&action, opts, cmd] {
    action = [opts, cmd] { return execute_job(*opts, JobMode::kRun, *cmd); };
  });
}

void add_check_command(CLI::App& app, CommandAction& action) {
  auto opts = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Validate records without writing output; exit 1 if any record is bad");
  cmd->footer(help_footer(
      "", {"recproc check day.ndjson --schema syslog.json",
           "recproc check *.csv --schema s.json --cast --junit check.xml --error-format github",
           "recproc check day.ndjson --schema s.json --sarif check.sarif --html check.html"}));
  add_job_options(*cmd, *opts, JobMode::kCheck);
  cmd->callback([&action, opts, cmd] {
    action = [opts, cmd] { return execute_job(*opts, JobMode::kCheck, *cmd); };
  });
}

}  // namespace recproc::cli
