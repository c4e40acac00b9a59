// `--pipeline job.json`: a whole job in one reviewed file. Keys mirror the long flags in
// snake_case; `steps` holds -t specs verbatim; relative paths are relative to the file; flags
// given on the command line win (issue 5).
#include "cli/pipeline_file.h"

#include <glob.h>
#include <simdjson.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <map>

#include "recproc/error.h"
#include "transform/spec_args.h"
#include "transform/spellcheck.h"

namespace recproc::cli {
namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;

class PipelineReader {
 public:
  PipelineReader(RunOptions& o, const CLI::App& cmd, std::string file)
      : o_(o), cmd_(cmd), file_(std::move(file)), base_(fs::path(file_).parent_path()) {}

  void read() {
    simdjson::dom::parser parser;
    simdjson::padded_string text;
    if (simdjson::padded_string::load(file_).get(text)) {
      throw UsageError(file_ + ": cannot read pipeline file");
    }
    element root;
    if (auto e = parser.parse(text).get(root)) {
      throw UsageError(file_ + ": invalid JSON: " + simdjson::error_message(e));
    }
    simdjson::dom::object obj;
    if (root.get_object().get(obj)) throw UsageError(file_ + ": expected a JSON object");
    const auto handlers = make_handlers();
    std::vector<std::string_view> known;
    for (const auto& [k, _] : handlers) known.push_back(k);
    for (auto [key, value] : obj) {
      auto it = handlers.find(std::string(key));
      if (it == handlers.end()) {
        std::string msg =
            file_ + ": unknown key \"" + std::string(key) + "\" at /" + std::string(key);
        std::string_view guess = transform::closest_match(key, known);
        if (!guess.empty()) msg += ", did you mean \"" + std::string(guess) + "\"?";
        throw UsageError(msg);
      }
      it->second(std::string(key), value);
    }
  }

 private:
  using Handler = std::function<void(const std::string&, element)>;

  // Command-line flags override the file: a key is applied only when its flag was not given.
  bool given(const std::string& flag) const {
    try {
      return cmd_.count(flag) > 0;
    } catch (const CLI::OptionNotFound&) {
      return false;
    }
  }

  [[noreturn]] void type_error(const std::string& key, const char* expected) const {
    throw UsageError(file_ + ": key \"" + key + "\" at /" + key + ": expected " + expected);
  }
  std::string str(const std::string& key, element v) const {
    std::string_view s;
    if (v.get_string().get(s)) type_error(key, "a string");
    return std::string(s);
  }
  std::string path(const std::string& key, element v) const {
    std::string p = str(key, v);
    if (p == "-" || p.empty() || fs::path(p).is_absolute() || p.rfind("azblob://", 0) == 0)
      return p;
    return (base_ / p).lexically_normal().string();
  }
  bool boolean(const std::string& key, element v) const {
    bool b = false;
    if (v.get_bool().get(b)) type_error(key, "true or false");
    return b;
  }
  std::uint64_t integer(const std::string& key, element v) const {
    std::uint64_t n = 0;
    if (v.get_uint64().get(n)) type_error(key, "a non-negative integer");
    return n;
  }
  std::vector<std::string> strings(const std::string& key, element v) const {
    simdjson::dom::array arr;
    if (v.get_array().get(arr)) type_error(key, "a list of strings");
    std::vector<std::string> out;
    for (element e : arr) out.push_back(str(key, e));
    return out;
  }

  std::vector<std::string> expand_inputs(const std::vector<std::string>& patterns) const {
    std::vector<std::string> out;
    for (const auto& pattern : patterns) {
      if (pattern == "-") {
        out.push_back(pattern);
        continue;
      }
      std::string full =
          fs::path(pattern).is_absolute() ? pattern : (base_ / pattern).lexically_normal().string();
      glob_t g{};
      int rc = ::glob(full.c_str(), GLOB_NOCHECK, nullptr, &g);
      if (rc == 0) {
        for (std::size_t i = 0; i < g.gl_pathc; ++i) out.emplace_back(g.gl_pathv[i]);
      }
      ::globfree(&g);
    }
    return out;
  }

  // A relative plugin path in a step is relative to the pipeline file too.
  std::string resolve_step(const std::string& spec) const {
    auto [verb, args] = transform::split_verb(spec);
    if (verb != "plugin") return spec;
    auto [lib, rest] = transform::split_verb(args);
    if (lib.empty() || fs::path(std::string(lib)).is_absolute()) return spec;
    std::string resolved = (base_ / std::string(lib)).lexically_normal().string();
    if (resolved.find('/') == std::string::npos) resolved = "./" + resolved;
    return "plugin " + resolved + (rest.empty() ? "" : " " + std::string(rest));
  }

  std::map<std::string, Handler> make_handlers() {
    std::map<std::string, Handler> h;
    auto text = [&](const char* flag, std::string* field) {
      return [this, flag, field](const std::string& k, element v) {
        if (!given(flag)) *field = str(k, v);
      };
    };
    auto file = [&](const char* flag, std::string* field) {
      return [this, flag, field](const std::string& k, element v) {
        if (!given(flag)) *field = path(k, v);
      };
    };
    auto flag = [&](const char* name, bool* field) {
      return [this, name, field](const std::string& k, element v) {
        if (!given(name)) *field = boolean(k, v);
      };
    };
    h["inputs"] = [this](const std::string& k, element v) {
      if (!given("inputs")) o_.inputs = expand_inputs(strings(k, v));
    };
    h["output"] = file("--output", &o_.output);
    h["format"] = text("--format", &o_.read.format);
    h["output_format"] = text("--output-format", &o_.output_format);
    h["delimiter"] = text("--delimiter", &o_.read.delimiter);
    h["quote"] = text("--quote", &o_.read.quote);
    h["no_header"] = flag("--no-header", &o_.read.no_header);
    h["allow_ragged"] = flag("--allow-ragged", &o_.read.allow_ragged);
    h["schema"] = file("--schema", &o_.schema);
    h["cast"] = flag("--cast", &o_.cast);
    h["on_error"] = text("--on-error", &o_.on_error);
    h["rejects"] = file("--rejects", &o_.rejects);
    h["max_rejects"] = [this](const std::string& k, element v) {
      if (!given("--max-rejects")) o_.max_rejects = integer(k, v);
    };
    h["max_reject_rate"] = [this](const std::string& k, element v) {
      double d = 0;
      if (v.get_double().get(d) || d < 0 || d > 1) type_error(k, "a number from 0 to 1");
      if (!given("--max-reject-rate")) o_.max_reject_rate = d;
    };
    h["report"] = file("--report", &o_.report);
    h["junit"] = file("--junit", &o_.junit);
    h["html"] = file("--html", &o_.html);
    h["sarif"] = file("--sarif", &o_.sarif);
    h["error_format"] = text("--error-format", &o_.error_format);
    h["max_errors"] = [this](const std::string& k, element v) {
      if (!given("--max-errors")) o_.max_errors = integer(k, v);
    };
    h["alert_webhook"] = text("--alert-webhook", &o_.alert_webhook);
    h["alert_on"] = text("--alert-on", &o_.alert_on);
    h["threads"] = [this](const std::string& k, element v) {
      if (!given("--threads")) o_.threads = static_cast<int>(integer(k, v));
    };
    h["chunk_size"] = [this](const std::string& k, element v) {
      if (given("--chunk-size")) return;
      std::uint64_t n = 0;
      o_.chunk_size = v.get_uint64().get(n) ? str(k, v) : std::to_string(n);
    };
    h["max_record_bytes"] = [this](const std::string& k, element v) {
      if (given("--max-record-bytes")) return;
      std::uint64_t n = 0;
      o_.max_record_bytes = v.get_uint64().get(n) ? str(k, v) : std::to_string(n);
    };
    h["profile"] = [this](const std::string& k, element v) {
      if (!given("--profile")) o_.profile = boolean(k, v) ? 1 : -1;
    };
    h["trace"] = [this](const std::string& k, element v) {
      if (!given("--trace")) o_.trace = integer(k, v);
    };
    h["steps"] = [this](const std::string& k, element v) {
      if (given("--transform")) return;
      o_.steps.clear();
      for (const auto& s : strings(k, v)) o_.steps.push_back(resolve_step(s));
    };
    h["upload"] = text("--upload", &o_.upload);
    h["upload_rejects"] = flag("--upload-rejects", &o_.upload_rejects);
    h["overwrite"] = flag("--overwrite", &o_.upload_flags.overwrite);
    h["skip_existing"] = flag("--skip-existing", &o_.upload_flags.skip_existing);
    h["no_create_container"] = flag("--no-create-container", &o_.upload_flags.no_create_container);
    h["ca_file"] = file("--ca-file", &o_.upload_flags.ca_file);
    h["$comment"] = [](const std::string&, element) {};
    return h;
  }

  RunOptions& o_;
  const CLI::App& cmd_;
  std::string file_;
  fs::path base_;
};

}  // namespace

void apply_pipeline_file(RunOptions& o, const CLI::App& cmd) {
  PipelineReader(o, cmd, o.pipeline).read();
  static const std::vector<std::string> kPolicies = {"fail", "skip", "quarantine"};
  if (!o.on_error.empty() &&
      std::find(kPolicies.begin(), kPolicies.end(), o.on_error) == kPolicies.end()) {
    throw UsageError(o.pipeline + ": on_error \"" + o.on_error +
                     "\": expected fail, skip or quarantine");
  }
}

}  // namespace recproc::cli
