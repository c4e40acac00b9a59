#include "cli/blob_inputs.h"

#include <fnmatch.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "azure/blob_url.h"
#include "io/compression.h"
#include "recproc/error.h"

namespace recproc::cli {
namespace {

constexpr int kReadAttempts = 6;
constexpr std::size_t kFirstRangeBytes = 256 * 1024;

bool has_wildcard(std::string_view s) { return s.find_first_of("*?[") != std::string_view::npos; }

std::string blob_url(const std::string& container, const std::string& name) {
  return "azblob://" + container + "/" + name;
}

// Bytes [begin, end) of the blob as it was listed. A connection that drops mid-range resumes
// from the last byte received; a blob replaced since (its ETag changed) is an error, never a
// mix of two versions.
RangeBuffer fetch_range(const BlobInput& blob, const BlobAccess& access, std::uint64_t begin,
                        std::uint64_t end, const std::atomic<bool>& cancelled) {
  azure::BlobClient client(access.credentials, access.http, access.retry);
  RangeBuffer out(end - begin);
  std::chrono::milliseconds backoff{200};
  for (int attempt = 1;; ++attempt) {
    std::string failure;
    try {
      net::HttpResponse r = client.get_range(
          blob.container, blob.name, begin + out.size(), end, blob.etag, [&](std::string_view b) {
            if (cancelled.load(std::memory_order_relaxed) || out.size() + b.size() > end - begin) {
              return false;
            }
            out.append(b);
            return true;
          });
      if ((r.status == 206 || r.status == 200) && out.size() == end - begin) return out;
      if (r.status == 412) {
        throw IoError(blob.url + ": the blob changed while being read (its ETag is no longer " +
                      blob.etag + ")");
      }
      if (r.status / 100 == 2) {
        failure = "short body";
      } else if (!net::RetryPolicy::is_retryable(r.status)) {
        throw IoError(blob.url + ": read refused: " + client.describe(r));
      } else {
        failure = azure::BlobClient::describe_failure(r);
      }
    } catch (const net::TransportError& e) {
      failure = e.what();
    }
    if (cancelled.load()) throw IoError(blob.url + ": read cancelled");
    if (attempt == kReadAttempts) {
      throw IoError(blob.url + ": bytes " + std::to_string(begin) + "-" + std::to_string(end) +
                    ": still failing after " + std::to_string(attempt) + " attempts: " + failure);
    }
    spdlog::info("{}: bytes {}-{}: {}; resuming from byte {}", blob.url, begin, end, failure,
                 begin + out.size());
    access.retry.retries.add();
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds{5000});
  }
}

}  // namespace

std::vector<BlobInput> resolve_blob_inputs(const std::string& pattern, azure::BlobClient& client) {
  const azure::BlobLocation where = azure::parse_azblob_url(pattern);
  std::vector<BlobInput> out;
  const std::string& name = where.prefix;
  auto add = [&](const azure::BlobItem& item) {
    out.push_back({blob_url(where.container, item.name), where.container, item.name, item.size,
                   item.etag, item.content_md5});
  };
  if (has_wildcard(name)) {
    const std::string literal = name.substr(0, name.find_first_of("*?["));
    for (const auto& item : client.list_blobs(where.container, literal)) {
      if (::fnmatch(name.c_str(), item.name.c_str(), FNM_PATHNAME) == 0) add(item);
    }
  } else if (name.empty() || name.ends_with('/')) {
    for (const auto& item : client.list_blobs(where.container, name)) add(item);
  } else {
    // One blob: the listing of its exact name gives size and ETag in one request.
    for (const auto& item : client.list_blobs(where.container, name)) {
      if (item.name == name) add(item);
    }
  }
  if (out.empty()) {
    throw IoError(pattern + ": " +
                  (has_wildcard(name) || name.empty() || name.ends_with('/') ? "no blob matches"
                                                                             : "no such blob"));
  }
  return out;
}

BlobSource::BlobSource(BlobInput blob, std::shared_ptr<const BlobAccess> access,
                       std::uint64_t begin, std::uint64_t end)
    : blob_(std::move(blob)),
      access_(std::move(access)),
      cancelled_(std::make_shared<std::atomic<bool>>(false)),
      end_(std::min(end, blob_.size)),
      next_begin_(std::min(begin, end_)),
      consumed_(next_begin_) {
  fetch_ahead();
}

BlobSource::~BlobSource() {
  cancelled_->store(true);
  for (auto& f : in_flight_) f.wait();  // the fetches use access_ and blob_
}

void BlobSource::fetch_ahead() {
  int concurrency = access_->concurrency;
  if (concurrency <= 0) {
    concurrency = std::clamp(2 * static_cast<int>(std::thread::hardware_concurrency()), 2, 16);
  }
  // One more range ahead for each range read, each twice the size of the one before, up to the
  // configured concurrency and range size.
  const int window = std::min(concurrency, 1 + static_cast<int>(ranges_read_));
  while (static_cast<int>(in_flight_.size()) < window && next_begin_ < end_) {
    const std::size_t bytes =
        std::min(access_->range_bytes, kFirstRangeBytes << std::min(ranges_asked_, 16u));
    const std::uint64_t begin = next_begin_;
    const std::uint64_t end = std::min<std::uint64_t>(begin + bytes, end_);
    next_begin_ = end;
    ++ranges_asked_;
    in_flight_.push_back(std::async(std::launch::async, [this, begin, end] {
      return fetch_range(blob_, *access_, begin, end, *cancelled_);
    }));
  }
}

std::size_t BlobSource::read(char* buf, std::size_t n) {
  if (position_ == current_.size()) {
    if (in_flight_.empty()) return 0;
    std::future<RangeBuffer> next = std::move(in_flight_.front());
    in_flight_.pop_front();
    current_ = next.get();  // rethrows the fetch's IoError
    position_ = 0;
    ++ranges_read_;
    fetch_ahead();
  }
  const std::size_t take = std::min(n, current_.size() - position_);
  std::copy_n(current_.view().data() + position_, take, buf);
  position_ += take;
  consumed_ += take;
  return take;
}

io::OpenRange blob_range_opener(BlobInput blob, std::shared_ptr<const BlobAccess> access) {
  return
      [blob = std::move(blob), access = std::move(access)](std::uint64_t begin, std::uint64_t end) {
        return std::make_unique<BlobSource>(blob, access, begin, end);
      };
}

std::unique_ptr<io::ByteSource> open_blob_source(const BlobInput& blob,
                                                 std::shared_ptr<const BlobAccess> access) {
  return io::open_detected(std::make_unique<BlobSource>(blob, std::move(access)), blob.url);
}

}  // namespace recproc::cli
