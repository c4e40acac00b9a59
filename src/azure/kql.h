// Building KQL text from values that come from outside (issue 7): a table name, an Azure
// resource id, a column name. Every value is validated against its grammar first and refused
// with a UsageError before any request is made; values then go into KQL string literals with
// escaping, so even a value that slipped past a grammar could not end the literal.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace recproc::azure {

/// True for a plain KQL identifier usable as a table or column name without brackets:
/// [A-Za-z_][A-Za-z0-9_]*, at most 256 characters ("Syslog", "MyApp_CL", "_ResourceId").
bool is_kql_identifier(std::string_view name);

/// True for an Azure Resource Manager id:
/// /subscriptions/<guid>[/resourceGroups/<group>][/providers/<Namespace>/<type>/<name>
/// [/<type>/<name>]...]..., keywords case-insensitive. Names are ASCII letters, digits and
/// . _ - ( ); nothing else (no quotes, backslashes, control characters, '|' or empty segments).
bool is_azure_resource_id(std::string_view id);

/// True for a GUID in its 8-4-4-4-12 hex form (workspace and subscription ids).
bool is_guid(std::string_view text);

/// A double-quoted KQL string literal with \ " and tab/newline/return escaped:
/// kql_string_literal(R"(a"b\c)") == R"("a\"b\\c")". Throws UsageError for other control
/// characters, which KQL string literals cannot carry.
std::string kql_string_literal(std::string_view value);

/// Each throws UsageError saying what is wrong with the value, quoted; the caller knows where
/// the value came from and puts that in front (cli: `--table "Sys log": not a table name ...`).
void check_table_name(std::string_view table);
void check_column_name(std::string_view column);
void check_resource_id(std::string_view id);
void check_workspace_id(std::string_view id);

/// `TABLE` or `TABLE | where COLUMN =~ "<resource id>"`, after validating all three with the
/// checks above.
std::string build_table_query(std::string_view table, std::optional<std::string_view> resource_id,
                              std::string_view resource_column = "_ResourceId");

/// The query of one half-open time window [from, to) (seconds since the epoch, UTC) of a table,
/// for windowed downloads (issue 16): the time filter first, so the service prunes by time,
/// then build_table_query's resource filter, then the rows in time order:
/// `Syslog | where TimeGenerated >= datetime(2024-05-01T00:00:00Z) and TimeGenerated <
/// datetime(2024-05-01T01:00:00Z) | sort by TimeGenerated asc`. Throws UsageError as
/// build_table_query does.
std::string build_window_query(std::string_view table, std::optional<std::string_view> resource_id,
                               std::string_view resource_column, std::int64_t from,
                               std::int64_t to);

/// `value` as a JSON string (control characters escaped; past 200 bytes cut, with "..." after
/// the closing quote), for showing an untrusted value inside an error message on one line.
std::string quote_for_message(std::string_view value);

}  // namespace recproc::azure
