// What a blob says about its bytes, from its name: Content-Type and Content-Encoding, so that a
// browser, `az storage blob download` or a Data Factory copy knows what it fetched (issue 15).
//
//   content_headers_for("night/out.ndjson.gz") == {"application/x-ndjson", "gzip"}
#pragma once

#include <string>
#include <string_view>

namespace recproc::azure {

struct ContentHeaders {
  std::string type;      ///< x-ms-blob-content-type
  std::string encoding;  ///< x-ms-blob-content-encoding; empty for none
};

/// .ndjson/.jsonl application/x-ndjson, .csv text/csv, .tsv text/tab-separated-values, .json
/// application/json, else application/octet-stream; a trailing .gz / .zst adds Content-Encoding
/// gzip / zstd to the type of the name before it. A compressed file whose inner name says
/// nothing ("logs.tar.gz") is itself the content: application/gzip or application/zstd, with no
/// Content-Encoding, so that HTTP clients do not decompress it on the way.
ContentHeaders content_headers_for(std::string_view name);

/// The Content-Type alone (content_headers_for(name).type).
std::string content_type_for(std::string_view name);

}  // namespace recproc::azure
