// The JSON Schema "format" keyword: the string formats recproc checks (RFC 3339 dates and
// times, RFC 5321 e-mail addresses, IP addresses and UUIDs). Each checker takes the decoded string and allocates nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace recproc::schema {

enum class Format : std::uint8_t { kNone, kDateTime, kDate, kTime, kEmail, kIpv4, kIpv6, kUuid };

/// The checked format named `name` ("date-time", ...), or nullopt when recproc has no checker.
std::optional<Format> format_from_name(std::string_view name);
std::string_view format_name(Format format);

/// True when `s` is a valid instance of `format` (kNone accepts everything).
bool check_format(Format format, std::string_view s);

bool is_date_time(std::string_view s);  ///< RFC 3339 date-time, leap seconds at 23:59:60 UTC
bool is_date(std::string_view s);       ///< RFC 3339 full-date
bool is_time(std::string_view s);       ///< RFC 3339 full-time (offset required)
bool is_email(std::string_view s);      ///< RFC 5321 Mailbox: dot-atom or quoted local part
bool is_ipv4(std::string_view s);       ///< dotted quad, no leading zeros
bool is_ipv6(std::string_view s);       ///< RFC 4291 text form, no zone or prefix
bool is_uuid(std::string_view s);       ///< 8-4-4-4-12 hex digits, any case

}  // namespace recproc::schema
