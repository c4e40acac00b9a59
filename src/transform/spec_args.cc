#include "transform/spec_args.h"

#include "recproc/error.h"

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

namespace recproc::transform {

std::vector<std::string> split_words(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word)), word.clear();
      in_word = false;
      continue;
    }
    in_word = true;
    if (c == '\'') {
      const std::size_t end = line.find('\'', i + 1);
      if (end == std::string_view::npos) throw UsageError("unterminated ' in: " + std::string(line));
      word.append(line.substr(i + 1, end - i - 1));
      i = end;
    } else if (c == '"') {
      std::size_t j = i + 1;
      for (; j < line.size() && line[j] != '"'; ++j) {
        if (line[j] == '\\' && j + 1 < line.size() && (line[j + 1] == '"' || line[j + 1] == '\\')) ++j;
        word += line[j];
      }
      if (j >= line.size()) throw UsageError("unterminated \" in: " + std::string(line));
      i = j;
    } else if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
    } else {
      word += c;
    }
  }
  if (in_word) words.push_back(std::move(word));
  return words;
}

std::chrono::milliseconds parse_duration(std::string_view text, std::string_view what) {
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  const std::string_view unit = text.substr(digits);
  long long scale = 0;
  if (unit.empty() || unit == "s") scale = 1000;
  else if (unit == "ms") scale = 1;
  else if (unit == "m") scale = 60 * 1000;
  else if (unit == "h") scale = 3600 * 1000;
  if (digits == 0 || digits > 9 || scale == 0) {
    throw UsageError(std::string(what) + ": expected a duration such as 30s, 5m or 1h, got \"" +
                     std::string(text) + "\"");
  }
  return std::chrono::milliseconds(std::stoll(std::string(text.substr(0, digits))) * scale);
}

}  // namespace recproc::transform
