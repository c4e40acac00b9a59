#include "report/run_report.h"

#include <cstdio>
#include <ctime>

#include "engine/error_text.h"
#include "recproc/record.h"

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

double mb_per_s(const engine::RunStats& s) {
  double secs = s.elapsed.count();
  return secs > 0 ? static_cast<double>(s.bytes_in) / 1e6 / secs : 0.0;
}

// Replaces bytes that are not valid UTF-8 with U+FFFD so the text can go into a JSON string.
bool to_valid_utf8(std::string_view in, std::string& out) {
  out.clear();
  bool valid = true;
  std::size_t i = 0;
  while (i < in.size()) {
    unsigned char c = static_cast<unsigned char>(in[i]);
    std::size_t len = c < 0x80         ? 1
                      : (c >> 5) == 6  ? 2
                      : (c >> 4) == 14 ? 3
                      : (c >> 3) == 30 ? 4
                                       : 0;
    bool ok = len > 0 && i + len <= in.size();
    for (std::size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(in[i + k]) >> 6) == 2;
    }
    if (ok && len == 2 && c < 0xC2) ok = false;  // overlong
    if (ok && len == 3) {
      unsigned char c1 = static_cast<unsigned char>(in[i + 1]);
      if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) ok = false;
    }
    if (ok && len == 4) {
      unsigned char c1 = static_cast<unsigned char>(in[i + 1]);
      if ((c == 0xF0 && c1 < 0x90) || c > 0xF4 || (c == 0xF4 && c1 >= 0x90)) ok = false;
    }
    if (!ok) {
      out += "\xEF\xBF\xBD";
      valid = false;
      ++i;
      continue;
    }
    out.append(in.substr(i, len));
    i += len;
  }
  return valid;
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
