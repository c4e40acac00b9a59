#include "azure/blob_url.h"

#include "recproc/error.h"

namespace recproc::azure {
namespace {

constexpr std::string_view kScheme = "azblob://";
constexpr std::size_t kMaxBlobName = 1024;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

}  // namespace

void check_container_name(std::string_view name) {
  // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
  auto fail = [&](std::string_view why) {
    throw UsageError("container name " + quoted(name) + ": " + std::string(why));
  };
  if (name.size() < 3 || name.size() > 63) fail("must be 3 to 63 characters long");
  for (char c : name) {
    if (!is_lower_alnum(c) && c != '-') {
      fail("may contain only lowercase letters, digits and '-'");
    }
  }
  if (!is_lower_alnum(name.front()) || !is_lower_alnum(name.back())) {
    fail("must start and end with a letter or digit");
  }
  if (name.find("--") != std::string_view::npos) fail("must not contain \"--\"");
}

BlobLocation parse_azblob_url(std::string_view url) {
  if (!url.starts_with(kScheme)) {
    throw UsageError(quoted(url) + ": expected azblob://CONTAINER/PREFIX");
  }
  std::string_view rest = url.substr(kScheme.size());
  auto slash = rest.find('/');
  BlobLocation location;
  location.container = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) location.prefix = std::string(rest.substr(slash + 1));
  if (location.container.empty()) {
    throw UsageError(quoted(url) + ": expected azblob://CONTAINER/PREFIX");
  }
  try {
    check_container_name(location.container);
  } catch (const UsageError& e) {
    throw UsageError(quoted(url) + ": " + e.what());
  }
  if (location.prefix.size() > kMaxBlobName) {
    throw UsageError(quoted(url) + ": a blob name is at most 1024 characters");
  }
  if (location.prefix.starts_with('/')) {
    throw UsageError(quoted(url) + ": the blob name must not start with '/'");
  }
  return location;
}

std::string blob_name_for(const BlobLocation& location, std::string_view file, bool single_file) {
  if (single_file && !location.prefix.empty() && !location.prefix.ends_with('/')) {
    return location.prefix;
  }
  auto slash = file.rfind('/');
  std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
  std::string name = location.prefix + std::string(base);
  if (base.empty() || name.size() > kMaxBlobName) {
    throw UsageError(quoted(file) + ": cannot make a blob name of at most 1024 characters from " +
                     quoted(location.prefix) + " and the file name");
  }
  return name;
}

std::string encode_blob_path(std::string_view name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    bool keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

}  // namespace recproc::azure
