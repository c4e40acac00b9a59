// --alert-webhook: POSTs the JSON report, with a human-readable "text" member that chat
// webhooks (Slack, Teams, Mattermost) display, when the run failed (or as --alert-on says).
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "report/run_report.h"

namespace recproc::cli {

/// --alert-on: failure (exit code != 0), rejects (also when any record was rejected) or always.
enum class AlertOn { kFailure, kRejects, kAlways };

/// Parses the flag's value (checked by CLI11 already; the pipeline file is checked here).
AlertOn parse_alert_on(const std::string& text);

/// The flag's spelling of `when`.
std::string_view alert_on_name(AlertOn when);

bool should_alert(AlertOn when, int exit_code, const engine::RunStats& stats);

/// Sends the alert with timeouts and a few retries. A failed alert is logged and never
/// thrown: it must not change the run's exit code.
void send_alert(const std::string& url, const engine::RunStats& stats,
                const report::RunContext& ctx);

}  // namespace recproc::cli
