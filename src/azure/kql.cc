#include "azure/kql.h"

#include <array>
#include <cctype>
#include <vector>

#include "recproc/record.h"
#include "azure/logs_timespan.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

constexpr std::size_t kMaxIdentifier = 256;
// ARM caps resource ids well below this; the cap keeps messages and queries bounded.
constexpr std::size_t kMaxResourceId = 2048;

bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (true) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) return out;
    path.remove_prefix(slash + 1);
  }
}

// Resource group and resource names. Azure also allows some non-ASCII letters in group names;
// we accept the ASCII subset, which covers every name the portal generates by default.
bool is_resource_name(std::string_view s) {
  if (s.empty() || s.size() > 260) return false;
  bool only_dots = true;
  for (char c : s) {
    if (!(is_alnum(c) || c == '.' || c == '_' || c == '-' || c == '(' || c == ')')) return false;
    if (c != '.') only_dots = false;
  }
  return !only_dots;
}

// "Microsoft.Compute", "Microsoft.OperationalInsights": dotted alphanumeric words.
bool is_provider_namespace(std::string_view s) {
  if (s.empty() || s.size() > 128 || s.front() == '.' || s.back() == '.') return false;
  bool has_dot = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.') {
      if (s[i - 1] == '.') return false;
      has_dot = true;
    } else if (!is_alnum(s[i])) {
      return false;
    }
  }
  return has_dot;
}

// "virtualMachines", "flexibleServers": a resource type segment.
bool is_resource_type(std::string_view s) {
  if (s.empty() || s.size() > 128 || !is_alpha(s.front())) return false;
  for (char c : s) {
    if (!is_alnum(c)) return false;
  }
  return true;
}

}  // namespace

bool is_kql_identifier(std::string_view name) {
  if (name.empty() || name.size() > kMaxIdentifier) return false;
  if (!(is_alpha(name.front()) || name.front() == '_')) return false;
  for (char c : name) {
    if (!(is_alnum(c) || c == '_')) return false;
  }
  return true;
}

bool is_guid(std::string_view text) {
  static constexpr std::array<std::size_t, 5> kGroups = {8, 4, 4, 4, 12};
  std::size_t pos = 0;
  for (std::size_t g = 0; g < kGroups.size(); ++g) {
    if (g > 0) {
      if (pos >= text.size() || text[pos] != '-') return false;
      ++pos;
    }
    for (std::size_t i = 0; i < kGroups[g]; ++i, ++pos) {
      if (pos >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[pos]))) {
        return false;
      }
    }
  }
  return pos == text.size();
}

bool is_azure_resource_id(std::string_view id) {
  if (id.size() < 2 || id.size() > kMaxResourceId || id.front() != '/') return false;
  auto seg = split_segments(id.substr(1));
  // /subscriptions/<guid>
  if (seg.size() < 2 || !iequals(seg[0], "subscriptions") || !is_guid(seg[1])) return false;
  std::size_t i = 2;
  // [/resourceGroups/<group>]; a group name may not end in '.'.
  if (i < seg.size() && iequals(seg[i], "resourceGroups")) {
    if (i + 1 >= seg.size() || !is_resource_name(seg[i + 1]) || seg[i + 1].back() == '.') {
      return false;
    }
    i += 2;
  }
  // (/providers/<Namespace>/<type>/<name>(/<type>/<name>)*)*; a nested "providers" segment
  // starts an extension resource.
  while (i < seg.size()) {
    if (seg.size() - i < 4 || !iequals(seg[i], "providers") || !is_provider_namespace(seg[i + 1]) ||
        !is_resource_type(seg[i + 2]) || !is_resource_name(seg[i + 3])) {
      return false;
    }
    i += 4;
    // (/<type>/<name>)*: child resources, until the next extension "providers".
    while (i < seg.size() && !iequals(seg[i], "providers")) {
      if (seg.size() - i < 2 || !is_resource_type(seg[i]) || !is_resource_name(seg[i + 1])) {
        return false;
      }
      i += 2;
    }
  }
  return true;
}

std::string kql_string_literal(std::string_view value) {
  // KQL's double-quoted literal escapes \\, \" and \t \n \r as JSON does; other control
  // characters have no KQL escape, so they are refused rather than encoded.
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
      throw UsageError("value " + quote_for_message(value) +
                       " holds a control character that a KQL string literal cannot carry");
    }
  }
  std::string out;
  append_json_string(out, value);
  return out;
}

void check_table_name(std::string_view table) {
  if (!is_kql_identifier(table)) {
    throw UsageError(quote_for_message(table) +
                     ": not a table name (letters, digits and '_', starting with a letter or '_')");
  }
}

void check_column_name(std::string_view column) {
  if (!is_kql_identifier(column)) {
    throw UsageError(quote_for_message(column) +
                     ": not a column name (letters, digits and '_', starting with a letter or '_')");
  }
}

void check_resource_id(std::string_view id) {
  if (!is_azure_resource_id(id)) {
    throw UsageError(quote_for_message(id) +
                     ": not an Azure resource id (/subscriptions/<guid>/resourceGroups/<group>/"
                     "providers/<Namespace>/<type>/<name>)");
  }
}

void check_workspace_id(std::string_view id) {
  if (!is_guid(id)) {
    throw UsageError(quote_for_message(id) +
                     ": not a workspace id (a GUID such as 00000000-0000-0000-0000-000000000000)");
  }
}

std::string build_table_query(std::string_view table, std::optional<std::string_view> resource_id,
                              std::string_view resource_column) {
  check_table_name(table);
  std::string query(table);
  if (!resource_id) return query;
  check_column_name(resource_column);
  check_resource_id(*resource_id);
  // =~ because ARM ids are case-insensitive and tables store them in different cases.
  query += " | where ";
  query += resource_column;
  query += " =~ ";
  query += kql_string_literal(*resource_id);
  return query;
}

std::string build_window_query(std::string_view table, std::optional<std::string_view> resource_id,
                               std::string_view resource_column, std::int64_t from,
                               std::int64_t to) {
  RECPROC_ASSERT(from < to);
  std::string filtered = build_table_query(table, resource_id, resource_column);
  // Half-open: a row stamped exactly at a window's end belongs to the next window only.
  std::string query(table);
  query += " | where TimeGenerated >= datetime(" + format_utc_seconds(from) +
           ") and TimeGenerated < datetime(" + format_utc_seconds(to) + ")";
  query += filtered.substr(table.size());
  query += " | sort by TimeGenerated asc";
  return query;
}

std::string quote_for_message(std::string_view value) {
  constexpr std::size_t kMaxShown = 200;
  std::string out;
  append_json_string(out, value.substr(0, kMaxShown));
  if (value.size() > kMaxShown) out += "...";
  return out;
}

}  // namespace recproc::azure
