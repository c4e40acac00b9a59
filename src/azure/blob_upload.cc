#include "azure/blob_upload.h"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "azure/blob_client.h"
#include "azure/blob_content_headers.h"
#include "azure/blob_url.h"
#include "azure/block_id.h"
#include "azure/crypto.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

constexpr std::size_t kMaxBlocks = 50'000;  // per blob, service limit
constexpr std::size_t kHashBuffer = 1024 * 1024;

class InputFile {
 public:
  explicit InputFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) fail("cannot open");
    struct stat st {};
    if (::fstat(fd_, &st) != 0) fail("cannot stat");
    if (!S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw IoError(path_ + ": not a regular file");
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    char id[160];
    std::snprintf(
        id, sizeof id, "%llu:%llu:%llu:%lld.%09ld", static_cast<unsigned long long>(st.st_dev),
        static_cast<unsigned long long>(st.st_ino), static_cast<unsigned long long>(size_),
        static_cast<long long>(st.st_mtim.tv_sec), static_cast<long>(st.st_mtim.tv_nsec));
    stat_identity_ = id;
  }
  ~InputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  std::uint64_t size() const { return size_; }

  /// 16 hex digits naming this file's content as it is now (device, inode, size, mtime) and
  /// the block size: what resumable block ids are made of.
  std::string identity(std::size_t block_size) const {
    return sha256_hex(stat_identity_ + ":" + std::to_string(block_size)).substr(0, 16);
  }

  /// Reads exactly `length` bytes at `offset` (pread: safe from several threads at once).
  std::string read(std::uint64_t offset, std::size_t length) const {
    std::string out(length, '\0');
    std::size_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, out.data() + done, length - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) fail("cannot read");
      if (n == 0) throw IoError(path_ + ": file shrank while it was being uploaded");
      done += static_cast<std::size_t>(n);
    }
    return out;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    int err = errno;
    throw IoError(path_ + ": " + what + ": " + std::strerror(err));
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::string stat_identity_;
};

std::string blob_label(const UploadTarget& t) {
  return "upload to container \"" + t.container + "\" blob \"" + t.blob_name + "\"";
}

[[noreturn]] void fail_response(const UploadTarget& t, const BlobClient& client,
                                const net::HttpResponse& response) {
  throw IoError(blob_label(t) + ": " + client.describe(response));
}

std::string whole_file_md5(const InputFile& file) {
  Md5 md5;
  for (std::uint64_t offset = 0; offset < file.size(); offset += kHashBuffer) {
    md5.update(file.read(offset, static_cast<std::size_t>(
                                     std::min<std::uint64_t>(kHashBuffer, file.size() - offset))));
  }
  return base64_encode(md5.digest());
}

// Block ids are derived from the file's identity (device, inode, size, modification time), the
// block size and the block's offset, so an interrupted upload of the same unchanged file finds
// its staged blocks again on the next run (issue 15); a changed file gets new ids. Every id of a
// blob has the same length, as the service requires.
std::string resumable_block_id(const std::string& identity, std::uint64_t offset) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(offset));
  return base64_encode("recproc-" + identity + "-" + hex);
}

class FileUpload {
 public:
  FileUpload(const std::string& file, UploadTarget target, const UploadOptions& options,
             const StorageCredentials& credentials, BlobClient& client)
      : file_(file),
        input_(file),
        target_(std::move(target)),
        options_(options),
        credentials_(credentials),
        client_(client) {}

  UploadResult run() {
    UploadResult result{file_, target_, input_.size(), false};
    if (options_.if_exists != IfExists::kOverwrite && blob_exists(client_, credentials_, target_)) {
      if (options_.if_exists == IfExists::kSkip) {
        spdlog::debug("{}: skipped, the blob exists", blob_label(target_));
        result.skipped = true;
        return result;
      }
      throw BlobExistsError(already_exists());
    }
    BlobWriteOptions write;
    ContentHeaders headers = content_headers_for(file_);
    write.content_type = headers.type;
    write.content_encoding = headers.encoding;
    write.attributes = options_.attributes;
    write.if_none_match = options_.if_exists != IfExists::kOverwrite;
    net::HttpResponse response =
        input_.size() <= options_.block_size ? put_whole(write) : put_blocks(write);
    if (response.status == 201) {
      verify_committed(client_, target_, input_.size(), write.content_md5);
      spdlog::debug("uploaded {} to container \"{}\" blob \"{}\" ({} bytes)", file_,
                    target_.container, target_.blob_name, input_.size());
      return result;
    }
    if (response.status == 409 && response.header("x-ms-error-code") == "BlobAlreadyExists") {
      // The blob appeared since the HEAD: another writer, or our own earlier attempt whose
      // response was lost on the way back. Only the second is success.
      if (response.attempts > 1 && matches_existing(write.content_md5)) return result;
      if (options_.if_exists == IfExists::kSkip) {
        result.skipped = true;
        return result;
      }
      throw BlobExistsError(already_exists());
    }
    fail_response(target_, client_, response);
  }

 private:
  std::string already_exists() const {
    return blob_label(target_) + ": 409 BlobAlreadyExists: the blob exists";
  }

  bool matches_existing(const std::string& md5) {
    net::HttpResponse ignored;
    auto properties = client_.get_properties(target_.container, target_.blob_name, &ignored);
    return properties && properties->size == input_.size() && properties->content_md5 == md5;
  }

  net::HttpResponse put_whole(BlobWriteOptions& write) {
    std::string body = input_.read(0, static_cast<std::size_t>(input_.size()));
    write.content_md5 = content_md5(body);
    try {
      return client_.put_blob(target_.container, target_.blob_name, std::move(body), write);
    } catch (const net::TransportError& e) {
      throw IoError(blob_label(target_) + ": " + e.what());
    }
  }

  // The blocks an earlier, interrupted upload of this file already staged (same id, same size).
  std::set<std::string> staged_blocks(std::size_t block) {
    std::set<std::string> staged;
    std::vector<StagedBlock> blocks;
    try {
      blocks = client_.uncommitted_blocks(target_.container, target_.blob_name);
    } catch (const IoError& e) {
      // A write-only SAS may not read the block list: then everything is staged again.
      if (!credentials_.uses_sas()) throw;
      spdlog::debug("{}; staging every block", e.what());
    }
    for (const auto& b : blocks) {
      if (b.size == block) staged.insert(b.id);
    }
    return staged;
  }

  // Blocks are staged by `concurrency` workers, each with its own connection, while this thread
  // hashes the whole file for x-ms-blob-content-md5: memory stays at concurrency x block_size.
  net::HttpResponse put_blocks(BlobWriteOptions& write) {
    const std::uint64_t size = input_.size();
    const std::size_t block = upload_block_size(size, options_.block_size);
    const std::size_t count = static_cast<std::size_t>((size + block - 1) / block);
    const std::string identity = input_.identity(block);
    std::vector<std::string> ids(count);
    for (std::size_t i = 0; i < count; ++i) {
      ids[i] = resumable_block_id(identity, static_cast<std::uint64_t>(i) * block);
    }
    // Only the last block may be shorter; it is always sent again (it is small, and its size
    // alone would not tell a complete one from a cut-off one).
    std::set<std::string> staged = staged_blocks(block);
    std::vector<std::size_t> missing;
    for (std::size_t i = 0; i < count; ++i) {
      if (i + 1 == count || !staged.count(ids[i])) missing.push_back(i);
    }
    if (missing.size() < count) {
      spdlog::info("{}: resuming: {} of {} blocks already staged", blob_label(target_),
                   count - missing.size(), count);
    }

    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::exception_ptr error;
    std::mutex error_mutex;
    auto worker = [&] {
      try {
        BlobClient client(credentials_, options_.http(),
                          options_.retry);
        for (std::size_t k = next++; k < missing.size() && !failed; k = next++) {
          std::size_t i = missing[k];
          std::uint64_t offset = static_cast<std::uint64_t>(i) * block;
          std::string body = input_.read(
              offset, static_cast<std::size_t>(std::min<std::uint64_t>(block, size - offset)));
          net::HttpResponse response;
          try {
            response =
                client.put_block(target_.container, target_.blob_name, ids[i], std::move(body));
          } catch (const net::TransportError& e) {
            throw IoError(blob_label(target_) + ": " + e.what());
          }
          if (response.status != 201) fail_response(target_, client, response);
        }
      } catch (...) {
        std::lock_guard lock(error_mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    };
    std::vector<std::thread> workers;
    std::size_t threads =
        std::min<std::size_t>(static_cast<std::size_t>(options_.concurrency), missing.size());
    for (std::size_t t = 0; t < threads; ++t) workers.emplace_back(worker);
    try {
      write.content_md5 = whole_file_md5(input_);
    } catch (...) {
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
    for (auto& w : workers) w.join();
    if (error) std::rethrow_exception(error);

    spdlog::debug("{}: committing {} blocks", blob_label(target_), count);
    try {
      return client_.put_block_list(target_.container, target_.blob_name, ids, write);
    } catch (const net::TransportError& e) {
      throw IoError(blob_label(target_) + ": " + e.what());
    }
  }

  std::string file_;
  InputFile input_;
  UploadTarget target_;
  const UploadOptions& options_;
  const StorageCredentials& credentials_;
  BlobClient& client_;
};

void check_options(const UploadOptions& options) {
  if (options.block_size < 1 || options.block_size > kMaxBlockSize) {
    throw UsageError("block size " + std::to_string(options.block_size) +
                     ": must be between 1 byte and 4000 MiB");
  }
  if (options.concurrency < 1 || options.concurrency > 64) {
    throw UsageError("upload concurrency " + std::to_string(options.concurrency) +
                     ": must be between 1 and 64");
  }
  if (options.retry.max_attempts < 1) {
    throw UsageError("the retry policy needs at least one attempt");
  }
}

}  // namespace

std::vector<UploadTarget> plan_uploads(const std::vector<std::string>& files,
                                       std::string_view azblob_url) {
  BlobLocation location = parse_azblob_url(azblob_url);
  if (files.empty()) throw UsageError("nothing to upload: no files given");
  std::vector<UploadTarget> targets;
  std::set<std::string> names;
  for (const auto& file : files) {
    UploadTarget t{location.container, blob_name_for(location, file, files.size() == 1)};
    if (!names.insert(t.blob_name).second) {
      throw UsageError("\"" + file + "\": another file is also uploaded to blob \"" + t.blob_name +
                       "\"");
    }
    targets.push_back(std::move(t));
  }
  return targets;
}

StorageCredentials credentials_for(const UploadOptions& options) {
  CredentialOptions credential;
  credential.ca_file = options.ca_file;
  return storage_credentials(options.auth, credential);
}

std::vector<UploadResult> upload_files(const std::vector<std::string>& files,
                                       std::string_view azblob_url, const UploadOptions& options) {
  // Everything that can be checked without the network is checked before credentials are read,
  // so a typo in the URL is reported as such.
  check_options(options);
  plan_uploads(files, azblob_url);
  return upload_files(files, azblob_url, options, credentials_for(options));
}

std::vector<UploadResult> upload_files(const std::vector<std::string>& files,
                                       std::string_view azblob_url, const UploadOptions& options,
                                       const StorageCredentials& credentials) {
  return upload_planned(files, plan_uploads(files, azblob_url), options, credentials);
}

std::vector<UploadResult> upload_planned(const std::vector<std::string>& files,
                                         const std::vector<UploadTarget>& targets,
                                         const UploadOptions& options) {
  check_options(options);
  return upload_planned(files, targets, options, credentials_for(options));
}

std::vector<UploadResult> upload_planned(const std::vector<std::string>& files,
                                         const std::vector<UploadTarget>& targets,
                                         const UploadOptions& options,
                                         const StorageCredentials& credentials) {
  check_options(options);
  RECPROC_ASSERT(files.size() == targets.size());
  if (files.empty()) return {};
  for (const auto& t : targets) {
    check_container_name(t.container);
    if (t.blob_name.empty() || t.blob_name.size() > 1024) {
      throw UsageError("blob name \"" + t.blob_name + "\": must be 1 to 1024 characters long");
    }
  }
  // Open every file first: a missing second file must not leave the first one uploaded alone.
  for (const auto& file : files) InputFile probe(file);

  BlobClient client(credentials, options.http(), options.retry);
  std::set<std::string> containers;
  if (options.create_container) {
    for (const auto& t : targets) containers.insert(t.container);
  }
  for (const auto& container : containers) ensure_container(client, credentials, container);
  std::vector<UploadResult> results;
  for (std::size_t i = 0; i < files.size(); ++i) {
    results.push_back(FileUpload(files[i], targets[i], options, credentials, client).run());
  }
  return results;
}

std::size_t upload_block_size(std::uint64_t size, std::size_t wanted) {
  const std::uint64_t least = (size + kMaxBlocks - 1) / kMaxBlocks;
  if (wanted >= least) return wanted;
  constexpr std::uint64_t kMiB = 1024 * 1024;
  std::uint64_t grown = (least + kMiB - 1) / kMiB * kMiB;
  if (grown > kMaxBlockSize) {
    throw UsageError(std::to_string(size) +
                     " bytes: more than a blob can hold (50,000 blocks of "
                     "4000 MiB)");
  }
  return static_cast<std::size_t>(grown);
}

void ensure_container(BlobClient& client, const StorageCredentials& credentials,
                      const std::string& container) {
  try {
    client.create_container(container);
  } catch (const IoError&) {
    // A container-scoped SAS cannot create containers (403), yet may write blobs into one
    // that exists; the upload itself then says whether it does.
    if (!credentials.uses_sas()) throw;
    spdlog::info("cannot create container \"{}\" with this SAS; assuming it exists", container);
  }
}

namespace {

// The target's properties, or nullopt with `failure` saying why; a transport failure is an
// IoError naming the target and `doing`.
std::optional<BlobProperties> target_properties(BlobClient& client, const UploadTarget& target,
                                                std::string_view doing,
                                                net::HttpResponse& failure) {
  try {
    return client.get_properties(target.container, target.blob_name, &failure);
  } catch (const net::TransportError& e) {
    throw IoError(blob_label(target) + ": " + std::string(doing) + e.what());
  }
}

}  // namespace

bool blob_exists(BlobClient& client, const StorageCredentials& credentials,
                 const UploadTarget& target) {
  net::HttpResponse failure;
  const auto properties = target_properties(client, target, "", failure);
  if (failure.status == 401 || (failure.status == 403 && !credentials.uses_sas())) {
    fail_response(target, client, failure);
  }
  return properties.has_value();
}

void verify_committed(BlobClient& client, const UploadTarget& target, std::uint64_t size,
                      const std::string& md5) {
  net::HttpResponse failure;
  const auto p = target_properties(client, target, "checking the committed blob: ", failure);
  if (!p) {
    spdlog::debug("{}: cannot read the committed blob's properties ({}); not checked",
                  blob_label(target), failure.status);
    return;
  }
  if (p->size != size || p->content_md5 != md5) {
    throw IoError(blob_label(target) + ": the committed blob has " + std::to_string(p->size) +
                  " bytes and Content-MD5 \"" + p->content_md5 + "\", expected " +
                  std::to_string(size) + " bytes and \"" + md5 + "\"");
  }
}

}  // namespace recproc::azure
