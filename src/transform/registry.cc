#include "transform/registry.h"

#include <string>

#include "recproc/error.h"
#include "transform/builtin_transforms.h"
#include "transform/child_steps.h"
#include "transform/expression_transforms.h"
#include "transform/plugin_transform.h"
#include "transform/spec_args.h"
#include "transform/spellcheck.h"

namespace recproc::transform {
namespace {

using Factory = TransformPtr (*)(std::string_view spec, std::string_view args);

struct Entry {
  std::string_view name;
  Factory factory;
};

TransformPtr make_filter(std::string_view, std::string_view args) {
  return make_filter_transform(args);
}
TransformPtr make_set(std::string_view, std::string_view args) { return make_set_transform(args); }

const Entry kEntries[] = {
    {"filter", make_filter},
    {"set", make_set},
    {"select", make_select},
    {"drop", make_drop},
    {"rename", make_rename},
    {"plugin", make_plugin},
    {"exec", make_exec},
    {"python", make_python},
};

}  // namespace

std::vector<std::string_view> transform_names() {
  std::vector<std::string_view> names;
  for (const Entry& e : kEntries) names.push_back(e.name);
  return names;
}

TransformPtr make_transform(std::string_view spec) {
  auto [verb, args] = split_verb(spec);
  spec = trim(spec);
  for (const Entry& e : kEntries) {
    if (verb == e.name) return e.factory(spec, args);
  }
  std::string message = "unknown transform \"" + std::string(verb) + "\"";
  std::string_view suggestion = closest_match(verb, transform_names());
  if (!suggestion.empty()) message += ", did you mean \"" + std::string(suggestion) + "\"?";
  std::string all;
  for (std::string_view n : transform_names()) all += (all.empty() ? "" : ", ") + std::string(n);
  message += " (transforms: " + all + ")";
  throw UsageError(message);
}

}  // namespace recproc::transform
