#include "transform/registry.h"

#include <algorithm>
#include <string>

#include "recproc/error.h"
#include "transform/builtin_transforms.h"
#include "transform/expression_transforms.h"
#include "transform/plugin_transform.h"
#include "transform/spec_args.h"

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
};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string_view closest_match(std::string_view word,
                               const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = 3;  // as ninja's SpellcheckString: small typos only
  for (std::string_view c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

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
