// azblob://CONTAINER/PREFIX destinations: parsing, Azure's naming rules, and which blob each
// uploaded file becomes.
#pragma once

#include <string>
#include <string_view>

namespace recproc::azure {

/// A parsed azblob:// URL: the container and the (possibly empty) blob name prefix.
struct BlobLocation {
  std::string container;
  std::string prefix;  ///< "" for azblob://logs, "a/" for azblob://logs/a/, "a/b.ndjson" as is
};

/// Parses "azblob://CONTAINER[/PREFIX]". Throws UsageError quoting the URL when the scheme is not
/// azblob, or the container breaks Azure's rules (3-63 characters of a-z, 0-9 and '-', starting
/// and ending with a letter or digit, no "--"), or the prefix is longer than a blob name can be.
BlobLocation parse_azblob_url(std::string_view url);

/// The blob a local file becomes: PREFIX + the file's base name, or exactly PREFIX when a single
/// file is uploaded and PREFIX is not empty and does not end in '/'.
/// blob_name_for({"logs", "night/"}, "/tmp/out.ndjson", true) == "night/out.ndjson".
std::string blob_name_for(const BlobLocation& location, std::string_view file, bool single_file);

/// Percent-encodes a blob name for a URL path, keeping '/' and RFC 3986 unreserved characters.
std::string encode_blob_path(std::string_view name);

/// Throws UsageError unless `name` is a valid container name (see parse_azblob_url).
void check_container_name(std::string_view name);

}  // namespace recproc::azure
