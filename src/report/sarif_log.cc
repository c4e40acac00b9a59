#include "report/sarif_log.h"

#include <map>

#include "engine/error_text.h"
#include "recproc/record.h"
#include "report/utf8_text.h"

namespace recproc::report {
namespace {

std::string quoted(std::string_view s) {
  std::string valid;
  to_valid_utf8(s, valid);
  std::string out = "\"";
  append_json_escaped(out, valid);
  return out + '"';
}

std::string describe_rule(const FieldError& e) {
  switch (e.kind) {
    case ErrorKind::kParse:
      return "The line is not a well-formed record";
    case ErrorKind::kCast:
      return "A value cannot be converted to the type the schema asks for";
    case ErrorKind::kMissing:
      return "A field the schema requires is missing";
    case ErrorKind::kSchema:
      return "The record fails the schema check " + e.rule;
    case ErrorKind::kTransform:
      return "The step `" + e.rule + "` rejected the record";
  }
  return e.rule;
}

std::string message_text(const FieldError& e) {
  if (e.field.empty()) return e.reason;
  return "field \"" + engine::pointer_to_dotted(e.field) + "\": " + e.reason;
}

}  // namespace

std::string sarif_uri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = path.starts_with('/') ? "file://" : "";
  for (unsigned char c : path) {
    // RFC 3986 unreserved and sub-delims, '/' and '@' stay; ':' is encoded because in the first
    // segment of a relative reference it would read as a scheme.
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("-._~!$&'()*+,;=/@").find(static_cast<char>(c)) != std::string_view::npos;
    if (keep) {
      out.push_back(static_cast<char>(c));
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void SarifLog::add(const engine::RejectedRecord& r) {
  if (results_.size() >= max_results_) {
    ++left_out_;
    return;
  }
  results_.push_back({*r.source, r.line, *r.error});
}

std::string SarifLog::json(const RunContext& ctx) const {
  // Rules in order of first appearance; results point at them by index.
  std::vector<const FieldError*> rules;
  std::map<std::string, std::size_t> rule_index;
  for (const Result& r : results_) {
    if (rule_index.emplace(r.error.rule, rules.size()).second) rules.push_back(&r.error);
  }
  std::string o = "{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n";
  o += "  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n";
  o += "      \"tool\": {\"driver\": {\"name\": \"recproc\", \"version\": \"" RECPROC_VERSION
       "\", \"semanticVersion\": \"" RECPROC_VERSION "\", \"rules\": [";
  for (std::size_t i = 0; i < rules.size(); ++i) {
    o += std::string(i ? "," : "") + "\n        {\"id\": " + quoted(rules[i]->rule) +
         ", \"shortDescription\": {\"text\": " + quoted(describe_rule(*rules[i])) +
         "}, \"defaultConfiguration\": {\"level\": \"error\"}, \"properties\": {\"kind\": " +
         quoted(error_kind_name(rules[i]->kind)) + "}}";
  }
  o += rules.empty() ? "]}},\n" : "\n      ]}},\n";

  // A data error (exit 1) is a finding, not a failed execution; I/O and usage errors are.
  o += "      \"invocations\": [{\"executionSuccessful\": " +
       std::string(ctx.exit_code <= 1 ? "true" : "false") +
       ", \"exitCode\": " + std::to_string(ctx.exit_code);
  std::vector<std::string> notes;  // toolExecutionNotifications
  auto note = [&](std::string_view level, std::string_view text) {
    notes.push_back("{\"level\": \"" + std::string(level) +
                    "\", \"message\": {\"text\": " + quoted(text) + "}}");
  };
  if (left_out_ > 0) {
    note("note", std::to_string(left_out_) +
                     " more bad records not listed: the log keeps the first " +
                     std::to_string(max_results_) + " (the rejects file has them all)");
  }
  if (!ctx.error.empty()) note("error", ctx.error);
  if (!notes.empty()) {
    o += ", \"toolExecutionNotifications\": [";
    for (std::size_t i = 0; i < notes.size(); ++i) o += (i ? ", " : "") + notes[i];
    o += "]";
  }
  o += "}],\n";

  o += "      \"results\": [";
  for (std::size_t i = 0; i < results_.size(); ++i) {
    const Result& r = results_[i];
    std::string artifact = r.file == "-" ? "{\"description\": {\"text\": \"standard input\"}}"
                                         : "{\"uri\": " + quoted(sarif_uri(r.file)) + "}";
    o += std::string(i ? "," : "") + "\n        {\"ruleId\": " + quoted(r.error.rule) +
         ", \"ruleIndex\": " + std::to_string(rule_index.at(r.error.rule)) +
         ", \"level\": \"error\", \"message\": {\"text\": " + quoted(message_text(r.error)) +
         "}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": " + artifact +
         (r.line > 0 ? ", \"region\": {\"startLine\": " + std::to_string(r.line) + "}" : "") +
         "}}]}";
  }
  o += results_.empty() ? "]\n" : "\n      ]\n";
  o += "    }\n  ]\n}\n";
  return o;
}

}  // namespace recproc::report
