#include "azure/blob_content_headers.h"

#include <cctype>

namespace recproc::azure {
namespace {

std::string lower_extension(std::string_view name) {
  auto dot = name.rfind('.');
  auto slash = name.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext(name.substr(dot + 1));
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::string type_of_extension(const std::string& ext) {
  if (ext == "ndjson" || ext == "jsonl") return "application/x-ndjson";
  if (ext == "csv") return "text/csv";
  if (ext == "tsv") return "text/tab-separated-values";
  if (ext == "json") return "application/json";
  return {};
}

}  // namespace

ContentHeaders content_headers_for(std::string_view name) {
  std::string ext = lower_extension(name);
  if (ext == "gz" || ext == "zst") {
    std::string inner = type_of_extension(lower_extension(name.substr(0, name.rfind('.'))));
    if (inner.empty()) return {ext == "gz" ? "application/gzip" : "application/zstd", ""};
    return {inner, ext == "gz" ? "gzip" : "zstd"};
  }
  std::string type = type_of_extension(ext);
  return {type.empty() ? "application/octet-stream" : type, ""};
}

std::string content_type_for(std::string_view name) { return content_headers_for(name).type; }

}  // namespace recproc::azure
