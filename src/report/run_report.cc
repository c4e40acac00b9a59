#include "report/run_report.h"

#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "engine/error_text.h"
#include "recproc/record.h"
#include "report/profile_json.h"
#include "report/utf8_text.h"

namespace recproc::report {
namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  append_json_escaped(out, s);
  out += '"';
  return out;
}

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

// A ratio as short as it can be written and read back: 0.01, 0.3333333333333333.
std::string shortest(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  for (int digits = 1; digits < 17; ++digits) {
    char shorter[64];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, v);
    if (std::strtod(shorter, nullptr) == v) return shorter;
  }
  return buf;
}

double mb_per_s(const engine::RunStats& s) {
  double secs = s.elapsed.count();
  return secs > 0 ? static_cast<double>(s.bytes_in) / 1e6 / secs : 0.0;
}

// The limits the run was held to, each with the figure it was compared with: the HTML report
// shows whether each one passed (issue 20).
std::string thresholds_json(const engine::RunStats& s, const RunContext& c) {
  std::vector<std::string> items;
  if (c.max_rejects) {
    bool passed = s.records_rejected <= *c.max_rejects;
    items.push_back("{\"name\": \"max_rejects\", \"limit\": " + std::to_string(*c.max_rejects) +
                    ", \"value\": " + std::to_string(s.records_rejected) +
                    ", \"passed\": " + (passed ? "true" : "false") + "}");
  }
  if (c.max_reject_rate) {
    double rate = s.records_in > 0
                      ? static_cast<double>(s.records_rejected) / static_cast<double>(s.records_in)
                      : 0.0;
    bool passed = rate <= *c.max_reject_rate;
    items.push_back("{\"name\": \"max_reject_rate\", \"limit\": " + shortest(*c.max_reject_rate) +
                    ", \"value\": " + shortest(rate) +
                    ", \"passed\": " + (passed ? "true" : "false") + "}");
  }
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

}  // namespace

std::string now_iso8601() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string summary_line(const engine::RunStats& s) {
  std::string out = std::to_string(s.records_in) + " records in, " + std::to_string(s.records_out) +
                    " out, " + std::to_string(s.records_dropped) + " dropped, " +
                    std::to_string(s.records_rejected) + " rejected";
  if (s.blank_lines > 0) out += ", " + std::to_string(s.blank_lines) + " blank lines skipped";
  out += "; " + fixed(static_cast<double>(s.bytes_in) / 1e6, 1) + " MB in " +
         fixed(s.elapsed.count(), 2) + " s (" + fixed(mb_per_s(s), 1) + " MB/s)";
  return out;
}

std::string report_json(const engine::RunStats& s, const RunContext& c, std::string_view text) {
  std::string o = "{\n";
  auto field = [&](std::string_view name, const std::string& value, bool last = false) {
    o += "  \"";
    o += name;
    o += "\": " + value + (last ? "\n" : ",\n");
  };
  if (!text.empty()) field("text", quoted(text));
  field("report_version", std::to_string(kReportVersion));
  field("tool", quoted("recproc " RECPROC_VERSION));
  field("command", quoted(c.command));
  field("status", quoted(c.status));
  field("exit_code", std::to_string(c.exit_code));
  field("error", c.error.empty() ? "null" : quoted(c.error));
  field("started_at", quoted(c.started_at));
  field("duration_seconds", fixed(s.elapsed.count(), 3));
  std::string phases = "{";
  for (std::size_t i = 0; i < c.phases.size(); ++i) {
    std::string key = c.phases[i].name;
    for (char& ch : key) ch = ch == ' ' ? '_' : ch;
    phases += (i ? ", " : "") + quoted(key) + ": " + fixed(c.phases[i].seconds, 3);
  }
  field("phase_seconds", phases + "}");
  field("threads", std::to_string(c.threads));
  field("policy", quoted(c.policy));
  field("schema", c.schema.empty() ? "null" : quoted(c.schema));
  std::string steps = "[";
  for (std::size_t i = 0; i < c.steps.size(); ++i) steps += (i ? ", " : "") + quoted(c.steps[i]);
  field("steps", steps + "]");
  field("output", c.output.empty() ? "null" : quoted(c.output));
  field("output_published", c.output_published ? "true" : "false");
  field("rejects", c.rejects.empty() ? "null" : quoted(c.rejects));
  field("records_in", std::to_string(s.records_in));
  field("records_out", std::to_string(s.records_out));
  field("records_dropped", std::to_string(s.records_dropped));
  field("records_rejected", std::to_string(s.records_rejected));
  field("blank_lines", std::to_string(s.blank_lines));
  field("bytes_in", std::to_string(s.bytes_in));
  field("bytes_out", std::to_string(s.bytes_out));
  field("throughput_mb_per_s", fixed(mb_per_s(s), 1));
  field("stopped_early", s.stopped ? "true" : "false");
  field("stop_reason", s.stop_reason.empty() ? "null" : quoted(s.stop_reason));
  field("thresholds", thresholds_json(s, c));
  if (c.blob_retries) field("blob_retries", std::to_string(*c.blob_retries));

  std::string inputs = "[";
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    const auto& in = s.inputs[i];
    inputs += std::string(i ? "," : "") + "\n    {\"path\": " + quoted(in.path) +
              ", \"bytes\": " + std::to_string(in.bytes) +
              ", \"records_in\": " + std::to_string(in.records_in) +
              ", \"records_out\": " + std::to_string(in.records_out) +
              ", \"records_dropped\": " + std::to_string(in.records_dropped) +
              ", \"records_rejected\": " + std::to_string(in.records_rejected) +
              ", \"blank_lines\": " + std::to_string(in.blank_lines) + "}";
  }
  field("inputs", inputs + (s.inputs.empty() ? "]" : "\n  ]"));

  if (s.profile) field("profile", profile_json(*s.profile));

  std::string errors = "[";
  for (std::size_t i = 0; i < s.error_groups.size(); ++i) {
    const auto& g = s.error_groups[i];
    std::string examples = "[";
    for (std::size_t k = 0; k < g.examples.size(); ++k) {
      examples += std::string(k ? ", " : "") + "{\"file\": " + quoted(g.examples[k].first) +
                  ", \"line\": " + std::to_string(g.examples[k].second) + "}";
    }
    errors += std::string(i ? "," : "") + "\n    {\"path\": " + quoted(g.field) +
              ", \"rule\": " + quoted(g.rule) + ", \"kind\": " + quoted(error_kind_name(g.kind)) +
              ", \"count\": " + std::to_string(g.count) +
              ", \"message\": " + quoted(g.first_reason) + ", \"examples\": " + examples + "]}";
  }
  field("errors", errors + (s.error_groups.empty() ? "]" : "\n  ]"), true);
  o += "}\n";
  return o;
}

std::string alert_text(const engine::RunStats& s, const RunContext& c) {
  std::string text = "recproc " + c.command + (c.exit_code == 0 ? " succeeded" : " failed") +
                     " (exit " + std::to_string(c.exit_code) + ")";
  if (!c.error.empty()) text += ": " + c.error;
  text += ". " + summary_line(s) + ".";
  if (!s.error_groups.empty()) {
    const auto& g = s.error_groups.front();
    text += " Most common: " + std::to_string(g.count) + "x " +
            (g.field.empty() ? std::string() : engine::pointer_to_dotted(g.field) + ": ") +
            g.first_reason;
  }
  return text;
}

std::string reject_line(const engine::RejectedRecord& r) {
  std::string text;
  bool valid = to_valid_utf8(r.text, text);
  std::string o = "{\"source\":" + quoted(*r.source) + ",\"line\":" + std::to_string(r.line) +
                  ",\"record\":" + quoted(text);
  if (!valid) o += ",\"record_utf8_repaired\":true";
  std::string reason;
  to_valid_utf8(r.error->reason, reason);
  o += ",\"errors\":[{\"path\":" + quoted(r.error->field) + ",\"message\":" + quoted(reason) +
       ",\"kind\":" + quoted(error_kind_name(r.error->kind)) +
       ",\"rule\":" + quoted(r.error->rule) + "}]}\n";
  return o;
}

std::string github_annotation(std::string_view file, std::uint64_t line, std::string_view message) {
  // https://docs.github.com/actions/reference/workflow-commands-for-github-actions:
  // data escapes % CR LF; properties also escape : and ,
  auto escape = [](std::string_view s, bool property) {
    std::string out;
    for (char ch : s) {
      switch (ch) {
        case '%':
          out += "%25";
          break;
        case '\r':
          out += "%0D";
          break;
        case '\n':
          out += "%0A";
          break;
        case ':':
          out += property ? "%3A" : ":";
          break;
        case ',':
          out += property ? "%2C" : ",";
          break;
        default:
          out.push_back(ch);
      }
    }
    return out;
  };
  return "::error file=" + escape(file, true) + ",line=" + std::to_string(line) +
         ",title=recproc::" + escape(message, false);
}

}  // namespace recproc::report
