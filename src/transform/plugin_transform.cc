#include "transform/plugin_transform.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <atomic>
#include <cstdio>

#include <cstring>
#include <string>
#include <vector>

#include "record/json_parser.h"
#include "recproc/error.h"
#include "recproc/plugin.h"
#include "transform/spec_args.h"

// The host side of the C ABI: a recproc_record is a Record plus scratch space for answers.
struct recproc_record {
  recproc::Record* record;
  std::string scratch;
  recproc::JsonParser* parser;
};

namespace recproc::transform {
namespace {

std::optional<FieldPath> path_of(const char* path) {
  return path ? FieldPath::try_parse(path) : std::nullopt;
}

const char* host_get_json(recproc_record* rec, const char* path, size_t* len) {
  auto p = path_of(path);
  if (!p) return nullptr;
  NodeId id = rec->record->find(*p);
  if (id == kNoNode) return nullptr;
  rec->scratch.clear();
  rec->record->write_json(rec->scratch, id);
  if (len) *len = rec->scratch.size();
  return rec->scratch.c_str();
}

const char* host_get_string(recproc_record* rec, const char* path, size_t* len) {
  auto p = path_of(path);
  if (!p) return nullptr;
  NodeId id = rec->record->find(*p);
  if (id == kNoNode || rec->record->node(id).kind != NodeKind::kString) return nullptr;
  std::string_view v = rec->record->string_value(id, rec->scratch);
  if (v.data() != rec->scratch.data()) rec->scratch.assign(v);
  if (len) *len = rec->scratch.size();
  return rec->scratch.c_str();
}

int host_set_json(recproc_record* rec, const char* path, const char* json, size_t len) {
  auto p = path_of(path);
  if (!p || !json) return 1;
  std::string error;
  NodeId v = rec->parser->parse_value(std::string_view(json, len), *rec->record, error);
  if (v == kNoNode) return 1;
  return rec->record->set(*p, v) ? 0 : 1;
}

int host_set_string(recproc_record* rec, const char* path, const char* value, size_t len) {
  auto p = path_of(path);
  if (!p || !value) return 1;
  return rec->record->set(*p, rec->record->make_string(std::string_view(value, len))) ? 0 : 1;
}

int host_remove(recproc_record* rec, const char* path) {
  auto p = path_of(path);
  return p && rec->record->remove(*p) ? 0 : 1;
}

int host_rename(recproc_record* rec, const char* path, const char* new_name) {
  auto p = path_of(path);
  return p && new_name && rec->record->rename(*p, new_name) ? 0 : 1;
}

const recproc_host_api kHostApi = {RECPROC_PLUGIN_ABI_VERSION, host_get_json, host_get_string,
                                   host_set_json,               host_set_string, host_remove,
                                   host_rename};

// Owns the dlopen handle and the plugin's shared state; destroyed after every worker.
struct LoadedPlugin {
  void* handle = nullptr;
  const recproc_plugin* api = nullptr;
  void* state = nullptr;
  std::string name;
  ~LoadedPlugin() {
    if (api && state) api->destroy(state);
    if (handle) ::dlclose(handle);
  }
};

class PluginWorker final : public TransformWorker {
 public:
  explicit PluginWorker(std::shared_ptr<const LoadedPlugin> plugin)
      : plugin_(std::move(plugin)), worker_(plugin_->api->worker_create(plugin_->state)) {
    if (!worker_) throw UsageError("plugin " + plugin_->name + ": worker_create failed");
  }
  ~PluginWorker() override {
    if (worker_ && worker_ != plugin_->state) plugin_->api->worker_destroy(worker_);
  }
  Outcome apply(Record& record) override {
    recproc_record rec{&record, std::move(scratch_), &parser_};
    char reason[512] = {0};
    recproc_verdict v = plugin_->api->apply(worker_, &rec, &kHostApi, reason, sizeof reason);
    scratch_ = std::move(rec.scratch);
    switch (v) {
      case RECPROC_KEEP: return Outcome::keep();
      case RECPROC_DROP: return Outcome::drop();
      case RECPROC_REJECT: {
        reason[sizeof reason - 1] = '\0';
        Outcome o = Outcome::reject(ErrorKind::kTransform, "",
                                    "plugin " + plugin_->name + ": " + reason);
        o.error.rule = "plugin " + plugin_->name;
        return o;
      }
    }
    return Outcome::reject(ErrorKind::kTransform, "",
                           "plugin " + plugin_->name + ": returned an unknown verdict");
  }

 private:
  std::shared_ptr<const LoadedPlugin> plugin_;
  void* worker_;
  std::string scratch_;
  JsonParser parser_;
};

class PluginTransform final : public Transform {
 public:
  PluginTransform(std::string spec, std::shared_ptr<const LoadedPlugin> plugin)
      : spec_(std::move(spec)), plugin_(std::move(plugin)) {}
  std::string_view spec() const override { return spec_; }
  std::unique_ptr<TransformWorker> make_worker() const override {
    return std::make_unique<PluginWorker>(plugin_);
  }

 private:
  std::string spec_;
  std::shared_ptr<const LoadedPlugin> plugin_;
};

std::atomic<bool> g_allow_writable{false};

// Throws when `path` (the plugin or its directory) can be written by group or others.
void refuse_if_writable(const std::string& path, const std::string& plugin, bool directory) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return;  // dlopen reports a missing file
  if (directory && (st.st_mode & S_ISVTX)) return;
  if (!(st.st_mode & (S_IWGRP | S_IWOTH))) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  throw WritablePluginError("plugin " + plugin + ": " +
                            (directory ? "its directory " + path : path) + " is writable by " +
                            ((st.st_mode & S_IWOTH) ? "others" : "its group") + " (mode " + mode +
                            "), so someone else could change the code recproc runs; chmod go-w it");
}

}  // namespace

void allow_writable_plugins(bool allow) { g_allow_writable.store(allow); }

TransformPtr make_plugin(std::string_view spec, std::string_view args) {
  auto [path_sv, rest] = split_verb(args);
  std::string path(path_sv);
  if (path.empty()) throw UsageError("plugin: expected a path to a shared library");
  // An explicit path only: a bare name would make dlopen search LD_LIBRARY_PATH and friends.
  if (path.find('/') == std::string::npos) {
    throw UsageError("plugin " + path + ": give an explicit path such as ./" + path);
  }
  if (!g_allow_writable.load()) {
    refuse_if_writable(path, path, false);
    const auto slash = path.rfind('/');
    refuse_if_writable(slash == 0 ? "/" : path.substr(0, slash), path, true);
  }
  auto plugin = std::make_shared<LoadedPlugin>();
  plugin->name = path;
  plugin->handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!plugin->handle) throw UsageError("plugin " + path + ": cannot load: " + ::dlerror());
  auto entry = reinterpret_cast<recproc_plugin_entry_fn>(::dlsym(plugin->handle, RECPROC_PLUGIN_ENTRY));
  if (!entry) {
    throw UsageError("plugin " + path + ": no " RECPROC_PLUGIN_ENTRY " symbol; is it a recproc plugin?");
  }
  plugin->api = entry();
  if (!plugin->api || plugin->api->abi_version != RECPROC_PLUGIN_ABI_VERSION) {
    throw UsageError("plugin " + path + ": built for plugin ABI " +
                     std::to_string(plugin->api ? plugin->api->abi_version : 0) +
                     ", this recproc supports " + std::to_string(RECPROC_PLUGIN_ABI_VERSION));
  }
  if (plugin->api->name && *plugin->api->name) plugin->name = plugin->api->name;

  std::vector<std::string> keys, values;
  std::string_view remaining = rest;
  while (!remaining.empty()) {
    auto [word, tail] = split_verb(remaining);
    remaining = tail;
    auto eq = word.find('=');
    if (eq == std::string_view::npos || eq == 0) {
      throw UsageError("plugin " + plugin->name + ": expected key=value, got \"" +
                       std::string(word) + "\"");
    }
    keys.emplace_back(word.substr(0, eq));
    values.emplace_back(word.substr(eq + 1));
  }
  std::vector<const char*> key_ptrs, value_ptrs;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    key_ptrs.push_back(keys[i].c_str());
    value_ptrs.push_back(values[i].c_str());
  }
  char err[512] = {0};
  plugin->state = plugin->api->create(static_cast<int>(keys.size()), key_ptrs.data(),
                                      value_ptrs.data(), err, sizeof err);
  if (!plugin->state) {
    err[sizeof err - 1] = '\0';
    throw UsageError("plugin " + plugin->name + ": " + (err[0] ? err : "create failed"));
  }
  return std::make_shared<PluginTransform>(std::string(spec), std::move(plugin));
}

}  // namespace recproc::transform
