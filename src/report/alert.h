// The failure alert: POSTs the JSON report, with a human-readable "text" member that chat
// webhooks (Slack, Teams, Mattermost) display, when the run failed (or as the policy says).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/engine.h"
#include "report/run_report.h"

namespace recproc::report {

/// When to alert: on failure (exit code != 0), also on rejects (any record rejected), or always.
enum class AlertOn { kFailure, kRejects, kAlways };

/// "failure", "rejects" or "always"; nullopt for anything else (the caller names its flag).
std::optional<AlertOn> parse_alert_on(std::string_view text);

/// The spelling parse_alert_on reads.
std::string_view alert_on_name(AlertOn when);

bool should_alert(AlertOn when, int exit_code, const engine::RunStats& stats);

/// Sends the alert with timeouts and a few retries. A failed alert is logged and never
/// thrown: it must not change the run's exit code.
void send_alert(const std::string& url, const engine::RunStats& stats, const RunContext& ctx);

}  // namespace recproc::report
