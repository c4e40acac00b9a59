#include "cli/shard_manifest.h"

#include <simdjson.h>
#include <sys/stat.h>

#include <cstdio>

#include "azure/crypto.h"
#include "io/file_source.h"
#include "recproc/error.h"
#include "recproc/outcome.h"
#include "recproc/record.h"

namespace recproc::cli {
namespace {

using simdjson::dom::element;

std::string json_quoted(std::string_view s) {
  std::string out = "\"";
  append_json_escaped(out, s);
  out += '"';
  return out;
}

std::string modified_ns(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "-";
  return std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

std::string counts_json(const engine::RecordCounts& c) {
  return "{\"records_in\": " + std::to_string(c.records_in) +
         ", \"records_out\": " + std::to_string(c.records_out) +
         ", \"records_dropped\": " + std::to_string(c.records_dropped) +
         ", \"records_rejected\": " + std::to_string(c.records_rejected) +
         ", \"blank_lines\": " + std::to_string(c.blank_lines) + "}";
}

std::string state_json(const std::optional<format::QuoteState>& s) {
  return s ? json_quoted(format::quote_state_name(*s)) : "null";
}

std::string states_json(const std::optional<std::array<format::QuoteState, 3>>& states) {
  if (!states) return "null";
  return "[" + state_json((*states)[0]) + ", " + state_json((*states)[1]) + ", " +
         state_json((*states)[2]) + "]";
}

template <typename T>
std::string list_json(const std::vector<T>& items, std::string (*one)(const T&)) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + one(items[i]);
  return out + "]";
}

std::string input_json(const ShardedInput& in) {
  return "{\"path\": " + json_quoted(in.path) + ", \"size\": " + std::to_string(in.size) +
         ", \"compressed\": " + (in.compressed ? "true" : "false") +
         ", \"etag\": " + json_quoted(in.etag) + "}";
}

std::string range_json(const ManifestRange& r) {
  return "{\"input\": " + std::to_string(r.input) + ", \"whole\": " + (r.whole ? "true" : "false") +
         ", \"nominal\": [" + std::to_string(r.nominal_begin) + ", " +
         std::to_string(r.nominal_end) + "], \"preamble_end\": " + std::to_string(r.preamble_end) +
         ", \"begin\": " + std::to_string(r.begin) + ", \"end\": " + std::to_string(r.end) +
         ", \"assumed_state\": " + state_json(r.assumed) +
         ", \"end_state\": " + state_json(r.end_state) +
         ", \"end_state_for_start\": " + states_json(r.end_state_for_start) +
         ", \"lines\": " + std::to_string(r.stats.lines) +
         ", \"bytes\": " + std::to_string(r.stats.bytes) + ", \"counts\": " + counts_json(r.stats) +
         "}";
}

std::string group_json(const engine::ErrorGroup& g) {
  std::string examples = "[";
  for (std::size_t i = 0; i < g.examples.size(); ++i) {
    examples += (i ? ", [" : "[") + json_quoted(g.examples[i].first) + ", " +
                std::to_string(g.examples[i].second) + "]";
  }
  examples += "]";
  std::string per_input = "[";
  for (std::size_t i = 0; i < g.count_per_input.size(); ++i) {
    per_input += (i ? ", " : "") + std::to_string(g.count_per_input[i]);
  }
  per_input += "]";
  return "{\"field\": " + json_quoted(g.field) + ", \"rule\": " + json_quoted(g.rule) +
         ", \"kind\": " + json_quoted(error_kind_name(g.kind)) +
         ", \"count\": " + std::to_string(g.count) +
         ", \"first_reason\": " + json_quoted(g.first_reason) + ", \"examples\": " + examples +
         ", \"count_per_input\": " + per_input + "}";
}

std::string string_json(const std::string& s) { return json_quoted(s); }

std::string block_json(const azure::StagedBlock& b) {
  return "[" + json_quoted(b.id) + ", " + std::to_string(b.size) + "]";
}

// Reading: every member is required, so a manifest from another version fails loudly.
class Reader {
 public:
  explicit Reader(const std::string& path) : path_(path) {}
  [[noreturn]] void fail(std::string_view what) const {
    throw DataError(path_ + ": not a recproc shard manifest (" + std::string(what) + ")");
  }
  element at(element e, const char* key) const {
    element v;
    if (e[key].get(v)) fail(std::string("no \"") + key + "\"");
    return v;
  }
  std::uint64_t u64(element e, const char* key) const {
    std::uint64_t v = 0;
    if (at(e, key).get(v)) fail(std::string("\"") + key + "\" is not a count");
    return v;
  }
  std::string str(element e, const char* key) const {
    std::string_view v;
    if (at(e, key).get(v)) fail(std::string("\"") + key + "\" is not a string");
    return std::string(v);
  }
  bool boolean(element e, const char* key) const {
    bool v = false;
    if (at(e, key).get(v)) fail(std::string("\"") + key + "\" is not a boolean");
    return v;
  }
  simdjson::dom::array array(element e, const char* key) const {
    simdjson::dom::array v;
    if (at(e, key).get(v)) fail(std::string("\"") + key + "\" is not an array");
    return v;
  }
  // ["text", 17]: an error example (file, line) or a staged block (id, size).
  std::pair<std::string, std::uint64_t> string_and_count(element e, const char* what) const {
    simdjson::dom::array pair;
    std::string_view text;
    std::uint64_t count = 0;
    if (e.get(pair) || pair.size() != 2 || pair.at(0).get(text) || pair.at(1).get(count)) {
      fail(what);
    }
    return {std::string(text), count};
  }
  std::optional<format::QuoteState> state(element e, const char* key) const {
    element v = at(e, key);
    if (v.is_null()) return std::nullopt;
    std::string_view name;
    if (v.get(name)) fail("bad quote state");
    auto s = format::parse_quote_state(name);
    if (!s) fail("bad quote state");
    return s;
  }
  engine::RecordCounts counts(element e) const {
    engine::RecordCounts c;
    c.records_in = u64(e, "records_in");
    c.records_out = u64(e, "records_out");
    c.records_dropped = u64(e, "records_dropped");
    c.records_rejected = u64(e, "records_rejected");
    c.blank_lines = u64(e, "blank_lines");
    return c;
  }

 private:
  std::string path_;
};

ErrorKind parse_kind(std::string_view name) {
  for (ErrorKind k : {ErrorKind::kParse, ErrorKind::kCast, ErrorKind::kMissing, ErrorKind::kSchema,
                      ErrorKind::kTransform}) {
    if (error_kind_name(k) == name) return k;
  }
  return ErrorKind::kSchema;
}

}  // namespace

std::string job_fingerprint(const RunPlan& plan, const std::vector<ShardedInput>& inputs) {
  std::string text = "recproc shard job v1\n";
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    text += "input " + inputs[i].path + " " + std::to_string(inputs[i].size) + " " +
            modified_ns(inputs[i].path) + " " + std::string(plan.input_formats[i]->name());
    if (const auto& d = plan.input_dialects[i]) {
      text += std::string(" delimiter=") + d->delimiter + " quote=" + d->quote +
              " header=" + (d->header ? "1" : "0") + " ragged=" + (d->allow_ragged ? "1" : "0");
    }
    text += "\n";
  }
  if (plan.has_schema_step()) {
    struct stat st {};
    const bool ok = ::stat(plan.schema.c_str(), &st) == 0;
    text += "schema " + plan.schema + " " + (ok ? std::to_string(st.st_size) : "-") + " " +
            modified_ns(plan.schema) + (plan.cast ? " cast" : "") + "\n";
  }
  for (const auto& step : plan.steps) text += "step " + step + "\n";
  text += "output " + std::string(plan.output_format->name()) + "\n";
  text += "policy " + std::to_string(static_cast<int>(plan.policy)) + "\n";
  text += "max_record_bytes " +
          std::to_string(plan.max_record_bytes.value_or(engine::kDefaultMaxRecordBytes)) + "\n";
  text += "shards " + std::to_string(plan.shard ? plan.shard->count : 1) + "\n";
  return azure::sha256_hex(text);
}

std::string manifest_json(const ShardManifest& m) {
  std::string out = "{\n";
  out += "  \"recproc_shard_manifest\": " + std::to_string(kManifestVersion) + ",\n";
  out += "  \"shard\": " + std::to_string(m.shard) + ",\n";
  out += "  \"shards\": " + std::to_string(m.shards) + ",\n";
  out += "  \"attempt\": " + std::to_string(m.attempt) + ",\n";
  out += "  \"job\": " + json_quoted(m.job) + ",\n";
  out += "  \"inputs\": " + list_json(m.inputs, input_json) + ",\n";
  out += "  \"ranges\": " + list_json(m.ranges, range_json) + ",\n";
  out += "  \"output\": {" +
         (m.output_blob.empty() ? "\"file\": " + json_quoted(m.part)
                                : "\"blob\": " + json_quoted(m.output_blob)) +
         ", \"bytes\": " + std::to_string(m.part_bytes) +
         ", \"sha256\": " + json_quoted(m.part_sha256);
  if (!m.output_blob.empty()) out += ", \"blocks\": " + list_json(m.blocks, block_json);
  out += "},\n";
  out += "  \"rejects\": ";
  out += m.rejects.empty() ? std::string("null")
                           : "{\"file\": " + json_quoted(m.rejects) +
                                 ", \"bytes\": " + std::to_string(m.rejects_bytes) +
                                 ", \"sha256\": " + json_quoted(m.rejects_sha256) + "}";
  out += ",\n  \"counts\": " + counts_json(m.counts) + ",\n";
  out += "  \"bytes_out\": " + std::to_string(m.bytes_out) + ",\n";
  out += "  \"error_groups\": " + list_json(m.error_groups, group_json) + ",\n";
  out += "  \"stopped\": " + std::string(m.stopped ? "true" : "false") + ",\n";
  out += "  \"stop_reason\": " + json_quoted(m.stop_reason) + ",\n";
  out += "  \"exit_code\": " + std::to_string(m.exit_code) + ",\n";
  out += "  \"policy\": " + json_quoted(m.policy) + ",\n";
  out += "  \"schema\": " + json_quoted(m.schema) + ",\n";
  out += "  \"schema_sha256\": " + json_quoted(m.schema_sha256) + ",\n";
  out += "  \"steps\": " + list_json(m.steps, string_json) + ",\n";
  out += "  \"max_rejects\": " + (m.max_rejects ? std::to_string(*m.max_rejects) : "null") + ",\n";
  char rate[64] = "null";
  if (m.max_reject_rate) std::snprintf(rate, sizeof rate, "%.17g", *m.max_reject_rate);
  out += "  \"max_reject_rate\": " + std::string(rate) + "\n}\n";
  return out;
}

ShardManifest parse_manifest(const std::string& text, const std::string& path) {
  Reader r(path);
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(text).get(doc)) r.fail("not JSON");
  if (r.u64(doc, "recproc_shard_manifest") != kManifestVersion) r.fail("another version");
  ShardManifest m;
  m.shard = r.u64(doc, "shard");
  m.shards = r.u64(doc, "shards");
  m.attempt = static_cast<unsigned>(r.u64(doc, "attempt"));
  m.job = r.str(doc, "job");
  for (element e : r.array(doc, "inputs")) {
    m.inputs.push_back(ShardedInput{r.str(e, "path"), r.u64(e, "size"), r.boolean(e, "compressed"),
                                    r.str(e, "etag")});
  }
  for (element e : r.array(doc, "ranges")) {
    ManifestRange g;
    g.input = r.u64(e, "input");
    g.whole = r.boolean(e, "whole");
    simdjson::dom::array nominal = r.array(e, "nominal");
    std::uint64_t b = 0, n = 0;
    if (nominal.size() != 2 || nominal.at(0).get(b) || nominal.at(1).get(n)) r.fail("bad nominal");
    g.nominal_begin = b;
    g.nominal_end = n;
    g.preamble_end = r.u64(e, "preamble_end");
    g.begin = r.u64(e, "begin");
    g.end = r.u64(e, "end");
    g.assumed = r.state(e, "assumed_state");
    g.end_state = r.state(e, "end_state");
    if (element states = r.at(e, "end_state_for_start"); !states.is_null()) {
      simdjson::dom::array list;
      if (states.get(list) || list.size() != 3) r.fail("bad end_state_for_start");
      std::array<format::QuoteState, 3> parsed{};
      for (std::size_t i = 0; i < 3; ++i) {
        std::string_view name;
        auto s = list.at(i).get(name) ? std::nullopt : format::parse_quote_state(name);
        if (!s) r.fail("bad end_state_for_start");
        parsed[i] = *s;
      }
      g.end_state_for_start = parsed;
    }
    static_cast<engine::RecordCounts&>(g.stats) = r.counts(r.at(e, "counts"));
    g.stats.lines = r.u64(e, "lines");
    g.stats.bytes = r.u64(e, "bytes");
    if (g.input >= m.inputs.size()) r.fail("range of an unknown input");
    g.stats.path = m.inputs[g.input].path;
    m.ranges.push_back(std::move(g));
  }
  element output = r.at(doc, "output");
  if (element blob; !output["blob"].get(blob)) {
    m.output_blob = r.str(output, "blob");
    for (element b : r.array(output, "blocks")) {
      auto [id, size] = r.string_and_count(b, "bad block");
      m.blocks.push_back({std::move(id), size});
    }
  } else {
    m.part = r.str(output, "file");
  }
  m.part_bytes = r.u64(output, "bytes");
  m.part_sha256 = r.str(output, "sha256");
  element rejects = r.at(doc, "rejects");
  if (!rejects.is_null()) {
    m.rejects = r.str(rejects, "file");
    m.rejects_bytes = r.u64(rejects, "bytes");
    m.rejects_sha256 = r.str(rejects, "sha256");
  }
  m.counts = r.counts(r.at(doc, "counts"));
  m.bytes_out = r.u64(doc, "bytes_out");
  for (element e : r.array(doc, "error_groups")) {
    engine::ErrorGroup g;
    g.field = r.str(e, "field");
    g.rule = r.str(e, "rule");
    g.kind = parse_kind(r.str(e, "kind"));
    g.count = r.u64(e, "count");
    g.first_reason = r.str(e, "first_reason");
    for (element ex : r.array(e, "examples")) {
      g.examples.push_back(r.string_and_count(ex, "bad example"));
    }
    for (element c : r.array(e, "count_per_input")) {
      std::uint64_t v = 0;
      if (c.get(v)) r.fail("bad count_per_input");
      g.count_per_input.push_back(v);
    }
    if (g.count_per_input.size() != m.inputs.size()) r.fail("count_per_input of other inputs");
    m.error_groups.push_back(std::move(g));
  }
  m.stopped = r.boolean(doc, "stopped");
  m.stop_reason = r.str(doc, "stop_reason");
  m.exit_code = static_cast<int>(r.u64(doc, "exit_code"));
  m.policy = r.str(doc, "policy");
  m.schema = r.str(doc, "schema");
  m.schema_sha256 = r.str(doc, "schema_sha256");
  for (element e : r.array(doc, "steps")) {
    std::string_view step;
    if (e.get(step)) r.fail("bad steps");
    m.steps.emplace_back(step);
  }
  element max_rejects = r.at(doc, "max_rejects");
  if (!max_rejects.is_null()) {
    std::uint64_t v = 0;
    if (max_rejects.get(v)) r.fail("bad max_rejects");
    m.max_rejects = v;
  }
  element rate = r.at(doc, "max_reject_rate");
  if (!rate.is_null()) {
    double v = 0;
    if (rate.get(v)) r.fail("bad max_reject_rate");
    m.max_reject_rate = v;
  }
  return m;
}

std::pair<std::string, std::uint64_t> file_sha256(const std::string& path) {
  io::FileSource file(path);
  azure::Sha256 sha;
  std::string buf(1 << 20, '\0');
  std::uint64_t total = 0;
  while (std::size_t n = file.read(buf.data(), buf.size())) {
    sha.update(std::string_view(buf.data(), n));
    total += n;
  }
  return {azure::hex_encode(sha.digest()), total};
}

}  // namespace recproc::cli
