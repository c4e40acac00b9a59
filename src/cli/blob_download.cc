#include "cli/blob_download.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string_view>
#include <system_error>

#include "azure/blob_url.h"
#include "azure/crypto.h"
#include "io/output_file.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

namespace fs = std::filesystem;

// Read in pieces of this size; BlobSource hands out at most one range (8 MiB) per read.
constexpr std::size_t kCopyBytes = 1 << 20;

std::string base_name(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// What the local names keep of a blob name: everything after a prefix, or after a glob's
// directory part ("raw/2026-*/x.gz" keeps "2026-11-01/x.gz"), like cp with a shell glob.
std::string::size_type kept_from(const std::string& name_pattern) {
  const auto wildcard = name_pattern.find_first_of("*?[");
  if (wildcard == std::string::npos) return name_pattern.size();
  const auto slash = name_pattern.rfind('/', wildcard);
  return slash == std::string::npos ? 0 : slash + 1;
}

// A blob name is the service's data, not ours: "a/../../x" must not write outside DIR.
void check_relative_name(const BlobInput& blob, std::string_view relative) {
  std::size_t start = 0;
  while (true) {
    const std::size_t slash = relative.find('/', start);
    const std::string_view segment = relative.substr(start, slash - start);
    if (segment.empty() || segment == "." || segment == "..") {
      throw IoError(blob.url +
                    ": the blob name has an empty, \".\" or \"..\" part; it cannot be "
                    "a local file name");
    }
    if (slash == std::string_view::npos) return;
    start = slash + 1;
  }
}

bool exists(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(path, ec));
}

std::string existing_message(const std::string& path) {
  return path + ": the file exists; use --overwrite or --skip-existing";
}

void make_parent_directories(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  if (parent.empty()) return;
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) throw IoError(parent.string() + ": cannot create directory: " + ec.message());
}

}  // namespace

std::vector<DownloadTarget> plan_downloads(const std::string& pattern,
                                           const std::vector<BlobInput>& blobs,
                                           const std::string& destination) {
  const std::string name_pattern = azure::parse_azblob_url(pattern).prefix;
  const bool one_blob = !name_pattern.empty() && !name_pattern.ends_with('/') &&
                        name_pattern.find_first_of("*?[") == std::string::npos;
  std::vector<DownloadTarget> targets;
  if (one_blob) {
    const BlobInput& blob = blobs.at(0);
    const bool into_dir = destination.ends_with('/') || fs::is_directory(destination);
    const std::string dir = destination.ends_with('/') ? destination : destination + "/";
    targets.push_back({blob, into_dir ? dir + base_name(blob.name) : destination});
    return targets;
  }
  if (exists(destination) && !fs::is_directory(destination)) {
    throw UsageError(destination + ": not a directory; " + pattern +
                     " names several blobs, which go into a directory");
  }
  const std::string dir = destination.ends_with('/') ? destination : destination + "/";
  const auto keep = kept_from(name_pattern);
  for (const BlobInput& blob : blobs) {
    if (blob.name.ends_with('/')) {
      // A folder marker (a hierarchical namespace's directory): the files create their folders.
      spdlog::debug("{}: a folder marker; skipped", blob.url);
      continue;
    }
    const std::string relative = blob.name.substr(keep);
    check_relative_name(blob, relative);
    targets.push_back({blob, dir + relative});
  }
  return targets;
}

void refuse_existing(const std::vector<DownloadTarget>& targets, azure::IfExists if_exists) {
  if (if_exists != azure::IfExists::kFail) return;
  for (const auto& t : targets) {
    if (exists(t.path)) throw IoError(existing_message(t.path));
  }
}

DownloadResult download_blob(const DownloadTarget& target, std::shared_ptr<const BlobAccess> access,
                             azure::IfExists if_exists) {
  DownloadResult result{target.blob.url, target.path, 0, false};
  if (if_exists != azure::IfExists::kOverwrite && exists(target.path)) {
    if (if_exists == azure::IfExists::kFail) throw IoError(existing_message(target.path));
    result.skipped = true;
    return result;
  }
  make_parent_directories(target.path);
  // As stored: a .gz blob stays compressed, under a .gz name or not.
  io::OutputFile out(target.path, io::OutputEncoding::kAsIs);
  BlobSource source(target.blob, std::move(access));
  const std::string& expected = target.blob.content_md5;
  // MD5 runs at about 750 MB/s, the largest CPU cost of a download: only when it is checked.
  const bool check = !expected.empty();
  azure::Md5 md5;
  std::string buffer(kCopyBytes, '\0');
  for (std::size_t n; (n = source.read(buffer.data(), buffer.size())) > 0;) {
    const std::string_view bytes(buffer.data(), n);
    if (check) md5.update(bytes);
    out.write(bytes);
  }
  if (check) {
    const std::string got = azure::base64_encode(md5.digest());
    if (got != expected) {
      throw IoError(target.blob.url + ": the bytes read have MD5 " + got +
                    ", the blob's Content-MD5 is " + expected + "; " + target.path +
                    " not written");
    }
  } else {
    spdlog::debug("{}: no Content-MD5 to check the bytes against", target.blob.url);
  }
  if (if_exists == azure::IfExists::kOverwrite) {
    out.commit();
  } else {
    out.commit_new();
  }
  result.bytes = out.bytes_written();
  return result;
}

}  // namespace recproc::cli
