#include "azure/blob_attributes.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "recproc/error.h"

namespace recproc::azure {
namespace {

// https://learn.microsoft.com/rest/api/storageservices/set-blob-tags (request body rules).
constexpr std::size_t kMaxTags = 10;

std::pair<std::string, std::string> split_pair(const std::string& item) {
  auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw UsageError("\"" + item + "\": expected NAME=VALUE");
  }
  return {item.substr(0, eq), item.substr(eq + 1)};
}

bool is_metadata_name(std::string_view name) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), word);
}

bool is_tag_text(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == ' ' || c == '+' || c == '-' ||
           c == '.' || c == '/' || c == ':' || c == '=' || c == '_';
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string percent_encode(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace

KeyValues parse_metadata(const std::vector<std::string>& items) {
  KeyValues out;
  std::set<std::string> seen;
  for (const auto& item : items) {
    auto [name, value] = split_pair(item);
    if (!is_metadata_name(name)) {
      throw UsageError("\"" + name +
                       "\": a name is a letter or '_' followed by letters, digits or '_'");
    }
    if (!seen.insert(lower(name)).second) {
      throw UsageError("\"" + name + "\": given twice (names ignore case)");
    }
    bool printable = std::all_of(value.begin(), value.end(), [](char c) {
      return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f;
    });
    if (!printable) {
      throw UsageError("\"" + name + "\": the value must be printable ASCII");
    }
    out.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

KeyValues parse_tags(const std::vector<std::string>& items) {
  if (items.size() > kMaxTags)
    throw UsageError("\"" + items[kMaxTags] + "\": a blob takes at most 10 tags");
  KeyValues out;
  std::set<std::string> seen;
  for (const auto& item : items) {
    auto [key, value] = split_pair(item);
    if (key.size() > 128 || value.size() > 256 || !is_tag_text(key) || !is_tag_text(value)) {
      throw UsageError("\"" + item +
                       "\": keys (1-128) and values (0-256) are letters, digits, space and "
                       "+ - . / : = _");
    }
    if (!seen.insert(key).second) throw UsageError("\"" + key + "\": given twice");
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string parse_tier(std::string_view text) {
  if (text.empty()) return {};
  std::string l = lower(text);
  for (const char* tier : {"Hot", "Cool", "Cold", "Archive"}) {
    if (l == lower(tier)) return tier;
  }
  throw UsageError("\"" + std::string(text) + "\": expected Hot, Cool, Cold or Archive");
}

KeyValues merge_tags(const KeyValues& defaults, const KeyValues& given) {
  KeyValues out = given;
  for (const auto& d : defaults) {
    if (out.size() >= kMaxTags) break;
    bool taken =
        std::any_of(out.begin(), out.end(), [&](const auto& g) { return g.first == d.first; });
    if (!taken) out.push_back(d);
  }
  return out;
}

std::string tags_header(const KeyValues& tags) {
  std::string out;
  for (const auto& [key, value] : tags) {
    if (!out.empty()) out += '&';
    out += percent_encode(key) + "=" + percent_encode(value);
  }
  return out;
}

}  // namespace recproc::azure
