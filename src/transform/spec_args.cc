#include "transform/spec_args.h"

namespace recproc::transform {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_list(std::string_view args) {
  std::vector<std::string> out;
  std::size_t start = 0;
  bool in_string = false;
  for (std::size_t i = 0; i <= args.size(); ++i) {
    if (i < args.size()) {
      char c = args[i];
      if (in_string) {
        if (c == '\\') ++i;
        else if (c == '"') in_string = false;
        continue;
      }
      if (c == '"') {
        in_string = true;
        continue;
      }
      if (c != ',') continue;
    }
    std::string_view item = trim(args.substr(start, i - start));
    if (!item.empty()) out.emplace_back(item);
    start = i + 1;
  }
  return out;
}

std::pair<std::string_view, std::string_view> split_verb(std::string_view spec) {
  spec = trim(spec);
  std::size_t sp = spec.find_first_of(" \t");
  if (sp == std::string_view::npos) return {spec, {}};
  return {spec.substr(0, sp), trim(spec.substr(sp + 1))};
}

}  // namespace recproc::transform
