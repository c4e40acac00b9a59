// What a writer attaches to a blob besides its bytes: user metadata (x-ms-meta-*), index tags
// (x-ms-tags) and the access tier (x-ms-access-tier), from `--metadata k=v`, `--tags k=v` and
// `--tier` (issue 15). Everything is checked against the service's rules before any request, so
// a bad name is exit 2, not a 400 after the run.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace recproc::azure {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

struct BlobAttributes {
  KeyValues metadata;  ///< sent as x-ms-meta-NAME: VALUE
  KeyValues tags;      ///< sent as one x-ms-tags header, URL-encoded
  std::string tier;    ///< Hot, Cool, Cold or Archive; empty leaves the account default
};

/// "k=v" strings into pairs. Metadata names follow C# identifier rules (a letter or '_', then
/// letters, digits, '_'), are unique ignoring case; values are printable ASCII (they travel as
/// HTTP header values). Throws UsageError naming the item in quotes (the caller adds its flag).
KeyValues parse_metadata(const std::vector<std::string>& items);

/// "k=v" strings into tags: at most 10, keys 1-128 and values 0-256 characters of letters,
/// digits, space and + - . / : = _, keys unique. Throws UsageError naming the item in quotes.
KeyValues parse_tags(const std::vector<std::string>& items);

/// "hot", "Cool", ... into the service's spelling ("Hot"); empty stays empty. Throws UsageError
/// naming the text in quotes.
std::string parse_tier(std::string_view text);

/// `defaults` with `given` on top (a given key replaces a default one), at most 10 in all: the
/// defaults that do not fit are dropped.
KeyValues merge_tags(const KeyValues& defaults, const KeyValues& given);

/// The x-ms-tags value: "k1=v1&k2=v2", each key and value percent-encoded.
std::string tags_header(const KeyValues& tags);

}  // namespace recproc::azure
