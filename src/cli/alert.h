// --alert-webhook: POSTs the JSON report, with a human-readable "text" member that chat
// webhooks (Slack, Teams, Mattermost) display, when the run failed (or as --alert-on says).
#pragma once

#include <string>

#include "engine/engine.h"
#include "report/run_report.h"

namespace recproc::cli {

/// failure: exit code != 0; rejects: also when any record was rejected; always: every run.
bool should_alert(const std::string& alert_on, int exit_code, const engine::RunStats& stats);

/// Sends the alert with timeouts and a few retries. A failed alert is logged and never
/// thrown: it must not change the run's exit code.
void send_alert(const std::string& url, const engine::RunStats& stats,
                const report::RunContext& ctx);

}  // namespace recproc::cli
