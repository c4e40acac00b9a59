// Uploads through the C++ API against a real Azurite, read back with Microsoft's JavaScript
// client (issue 6). Each test uses its own container.
#include "azure/blob_upload.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "azure/blob_client.h"
#include "azurite_support.h"
#include "recproc/error.h"

namespace recproc::azure {
namespace {

using test::kDevKey;

// Captures what the library logs (info and above) for the duration of a test.
class LogCapture {
 public:
  LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    auto logger = std::make_shared<spdlog::logger>("capture", sink);
    logger->set_level(spdlog::level::info);
    spdlog::set_default_logger(logger);
  }
  ~LogCapture() { spdlog::set_default_logger(previous_); }
  std::string text() const { return stream_.str(); }

 private:
  std::ostringstream stream_;
  std::shared_ptr<spdlog::logger> previous_;
};

// Short backoffs so that fault tests stay quick; server-named delays are still honoured.
UploadOptions fast_options() {
  UploadOptions o;
  o.retry.initial_backoff = std::chrono::milliseconds(10);
  o.retry.max_backoff = std::chrono::milliseconds(100);
  return o;
}

std::string io_error(const std::function<void()>& f) {
  try {
    f();
  } catch (const IoError& e) {
    return e.what();
  }
  return "(no IoError)";
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return sha256_hex(content);
}

TEST(BlobUpload, CreatesMissingContainerAndReadsBackIdentical) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("out.ndjson");
  test::write_file(file, "{\"a\":1}\n{\"a\":2}\n");
  std::string container = test::unique_container("missing");

  auto results = upload_files({file}, "azblob://" + container + "/night/", fast_options(),
                              test::key_credentials(endpoint));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].target.blob_name, "night/out.ndjson");
  EXPECT_EQ(results[0].bytes, 16u);
  EXPECT_FALSE(results[0].skipped);

  auto back = test::read_back(endpoint, container, "night/out.ndjson");
  ASSERT_EQ(back.error, "");
  EXPECT_EQ(back.sha256, sha256_of_file(file));
  EXPECT_EQ(back.size, 16u);
  EXPECT_EQ(back.content_type, "application/x-ndjson");
  EXPECT_EQ(back.content_md5, content_md5("{\"a\":1}\n{\"a\":2}\n"));
}

TEST(BlobUpload, ExistingContainerIsUsedAsIs) {
  REQUIRE_AZURITE(endpoint);
  std::string container = test::unique_container("existing");
  BlobClient client(test::key_credentials(endpoint), {}, {});
  EXPECT_TRUE(client.create_container(container));
  // 409 ContainerAlreadyExists, as from a concurrent creator, is success.
  EXPECT_FALSE(client.create_container(container));

  test::TempDir dir;
  std::string file = dir.file("data.csv");
  test::write_file(file, "a,b\n1,2\n");
  upload_files({file}, "azblob://" + container + "/exact.csv", fast_options(),
               test::key_credentials(endpoint));
  auto back = test::read_back(endpoint, container, "exact.csv");
  EXPECT_EQ(back.sha256, sha256_of_file(file));
  EXPECT_EQ(back.content_type, "text/csv");
}

TEST(BlobUpload, NoCreateContainerFailsOnAMissingOne) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("absent");
  UploadOptions options = fast_options();
  options.create_container = false;
  EXPECT_EQ(io_error([&] {
              upload_files({file}, "azblob://" + container + "/a.ndjson", options,
                           test::key_credentials(endpoint));
            }),
            "upload to container \"" + container +
                "\" blob \"a.ndjson\": 404 ContainerNotFound: The specified container does not "
                "exist.");
}

TEST(BlobUpload, OverwriteRules) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("out.ndjson");
  std::string container = test::unique_container("overwrite");
  std::string url = "azblob://" + container + "/out.ndjson";
  auto creds = test::key_credentials(endpoint);
  test::write_file(file, "first\n");
  upload_files({file}, url, fast_options(), creds);

  test::write_file(file, "second\n");
  // A BlobExistsError, to which cli adds "; use --overwrite or --skip-existing" (UploadCli).
  try {
    upload_files({file}, url, fast_options(), creds);
    ADD_FAILURE() << "the second upload replaced the blob";
  } catch (const BlobExistsError& e) {
    EXPECT_EQ(std::string(e.what()),
              "upload to container \"" + container +
                  "\" blob \"out.ndjson\": 409 BlobAlreadyExists: the blob exists");
  }
  EXPECT_EQ(test::read_back(endpoint, container, "out.ndjson").sha256, sha256_hex("first\n"));

  UploadOptions skip = fast_options();
  skip.if_exists = IfExists::kSkip;
  auto skipped = upload_files({file}, url, skip, creds);
  EXPECT_TRUE(skipped[0].skipped);
  EXPECT_EQ(test::read_back(endpoint, container, "out.ndjson").sha256, sha256_hex("first\n"));

  UploadOptions overwrite = fast_options();
  overwrite.if_exists = IfExists::kOverwrite;
  EXPECT_FALSE(upload_files({file}, url, overwrite, creds)[0].skipped);
  EXPECT_EQ(test::read_back(endpoint, container, "out.ndjson").sha256, sha256_hex("second\n"));
}

TEST(BlobUpload, BlocksAreCommittedInOrderWithTheWholeMd5) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("blocks.bin");
  std::string sha = test::write_random_file(file, (1 << 20) + 3, 7);
  std::string container = test::unique_container("blocks");
  UploadOptions options = fast_options();
  options.block_size = 64 * 1024;  // 17 blocks, the last one 3 bytes
  options.concurrency = 3;
  upload_files({file}, "azblob://" + container + "/b/", options, test::key_credentials(endpoint));

  auto back = test::read_back(endpoint, container, "b/blocks.bin");
  ASSERT_EQ(back.error, "");
  EXPECT_EQ(back.sha256, sha);
  EXPECT_EQ(back.size, (1u << 20) + 3);
  EXPECT_EQ(back.content_type, "application/octet-stream");
  std::ifstream in(file, std::ios::binary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(back.content_md5, content_md5(content));
}

long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return std::stol(line.substr(6));
  }
  return 0;
}

TEST(BlobUpload, ThreeHundredMegabytesStreamFromDisk) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("big.ndjson");
  const std::uint64_t size = 300ull * 1024 * 1024;
  std::string sha = test::write_random_file(file, size, 300);
  std::string container = test::unique_container("big");
  UploadOptions options = fast_options();  // default 8 MiB blocks
  options.concurrency = 4;

  long before = peak_rss_kib();
  upload_files({file}, "azblob://" + container + "/big.ndjson", options,
               test::key_credentials(endpoint));
  long grown_mib = (peak_rss_kib() - before) / 1024;
#if !defined(__SANITIZE_ADDRESS__)
  // 4 blocks in flight of 8 MiB each, plus curl's buffers: far below the file's 300 MiB.
  // (ASan's quarantine keeps freed blocks around, so the bound is only checked without it.)
  EXPECT_LT(grown_mib, 128) << "peak RSS grew by " << grown_mib << " MiB";
#else
  (void)grown_mib;
#endif
  auto back = test::read_back(endpoint, container, "big.ndjson");
  ASSERT_EQ(back.error, "");
  EXPECT_EQ(back.size, size);
  EXPECT_EQ(back.sha256, sha);
  EXPECT_EQ(back.content_type, "application/x-ndjson");
}

TEST(BlobUpload, AccountSas) {
  REQUIRE_AZURITE(endpoint);
  std::string error;
  std::string sas = test::node_tool(endpoint, {"account-sas"}, &error);
  ASSERT_EQ(error, "");
  ASSERT_NE(sas.find("sig="), std::string::npos);
  StorageCredentials creds{test::kDevAccount, "", sas, endpoint, nullptr};
  test::TempDir dir;
  std::string file = dir.file("sas.jsonl");
  test::write_file(file, "{\"sas\":true}\n");
  std::string container = test::unique_container("accountsas");
  upload_files({file}, "azblob://" + container + "/", fast_options(), creds);
  auto back = test::read_back(endpoint, container, "sas.jsonl");
  EXPECT_EQ(back.sha256, sha256_of_file(file));
  EXPECT_EQ(back.content_type, "application/x-ndjson");
}

TEST(BlobUpload, ContainerSasWritesIntoAnExistingContainer) {
  REQUIRE_AZURITE(endpoint);
  std::string container = test::unique_container("containersas");
  BlobClient(test::key_credentials(endpoint), {}, {}).create_container(container);
  std::string sas = test::node_tool(endpoint, {"container-sas", container});
  StorageCredentials creds{test::kDevAccount, "", sas, endpoint, nullptr};
  test::TempDir dir;
  std::string file = dir.file("c.tsv");
  test::write_file(file, "a\tb\n");
  // The SAS cannot create containers; the 403 on Create Container is tolerated.
  upload_files({file}, "azblob://" + container + "/c.tsv", fast_options(), creds);
  auto back = test::read_back(endpoint, container, "c.tsv");
  EXPECT_EQ(back.sha256, sha256_hex("a\tb\n"));
  EXPECT_EQ(back.content_type, "text/tab-separated-values");
}

TEST(BlobUpload, WrongKeyIs403NamingContainerAndBlob) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("wrongkey");
  std::string wrong_key = base64_encode("not the key of devstoreaccount1");
  auto creds = test::key_credentials(endpoint, wrong_key);
  std::string create_error = io_error(
      [&] { upload_files({file}, "azblob://" + container + "/a.ndjson", fast_options(), creds); });
  EXPECT_TRUE(create_error.starts_with("create container \"" + container + "\": 403 "))
      << create_error;

  UploadOptions no_create = fast_options();
  no_create.create_container = false;
  std::string put_error = io_error(
      [&] { upload_files({file}, "azblob://" + container + "/a.ndjson", no_create, creds); });
  EXPECT_TRUE(
      put_error.starts_with("upload to container \"" + container + "\" blob \"a.ndjson\": 403 "))
      << put_error;
  EXPECT_EQ(put_error.find(wrong_key), std::string::npos);
}

TEST(BlobUpload, RetriesThroughFaultsAndLogsEachRetry) {
  REQUIRE_AZURITE(endpoint);
  // Create Container meets 500, 503 with Retry-After: 1, dropped connections and 503 with
  // x-ms-retry-after-ms before it gets through. Two drops: when the first one hits a reused
  // keep-alive connection, libcurl itself retries once on a fresh one.
  test::FaultProxy proxy(endpoint, "500,503,drop,drop,503ms");
  test::TempDir dir;
  std::string file = dir.file("r.ndjson");
  test::write_file(file, "{\"retry\":1}\n");
  std::string container = test::unique_container("faults");
  UploadOptions options = fast_options();
  options.retry.max_attempts = 8;
  LogCapture logs;
  upload_files({file}, "azblob://" + container + "/r.ndjson", options,
               test::key_credentials(proxy.endpoint()));
  std::string text = logs.text();
  std::string prefix = "create container \"" + container + "\": ";
  EXPECT_NE(text.find(prefix + "500 InternalError; retry 1/7 in "), std::string::npos) << text;
  EXPECT_NE(text.find(prefix + "503 ServerBusy; retry 2/7 in 1000 ms"), std::string::npos) << text;
  EXPECT_NE(text.find(": Empty reply from server; retry 3/7 in "), std::string::npos) << text;
  EXPECT_NE(text.find(prefix + "503 ServerBusy; retry "), std::string::npos) << text;
  EXPECT_NE(text.find("/7 in 50 ms"), std::string::npos) << text;
  EXPECT_EQ(test::read_back(endpoint, container, "r.ndjson").sha256, sha256_of_file(file));
}

TEST(BlobUpload, BlockRetriesKeepTheContentExact) {
  REQUIRE_AZURITE(endpoint);
  std::string container = test::unique_container("blockfaults");
  BlobClient(test::key_credentials(endpoint), {}, {}).create_container(container);
  // The first requests after Create Container (HEAD, then blocks in flight) meet the faults.
  test::FaultProxy proxy(endpoint, "ok,ok,500,drop,503ms,500");
  test::TempDir dir;
  std::string file = dir.file("blocks.csv");
  std::string sha = test::write_random_file(file, 600 * 1024, 11);
  UploadOptions options = fast_options();
  options.block_size = 128 * 1024;
  options.concurrency = 2;
  upload_files({file}, "azblob://" + container + "/blocks.csv", options,
               test::key_credentials(proxy.endpoint()));
  auto back = test::read_back(endpoint, container, "blocks.csv");
  EXPECT_EQ(back.sha256, sha);
  EXPECT_EQ(back.content_type, "text/csv");
}

TEST(BlobUpload, PersistentFaultsFailCleanlyAfterBoundedAttempts) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("f.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("giveup");
  UploadOptions options = fast_options();
  options.retry.max_attempts = 3;
  {
    test::FaultProxy proxy(endpoint, "*503ms");
    LogCapture logs;
    EXPECT_EQ(io_error([&] {
                upload_files({file}, "azblob://" + container + "/f.ndjson", options,
                             test::key_credentials(proxy.endpoint()));
              }),
              "create container \"" + container + "\": 503 ServerBusy: injected 503ms");
    EXPECT_NE(logs.text().find("retry 2/2"), std::string::npos);
    EXPECT_EQ(logs.text().find("retry 3/"), std::string::npos);
  }
  {
    test::FaultProxy proxy(endpoint, "*drop");
    std::string error = io_error([&] {
      upload_files({file}, "azblob://" + container + "/f.ndjson", options,
                   test::key_credentials(proxy.endpoint()));
    });
    EXPECT_TRUE(error.starts_with("create container \"" + container + "\": PUT 127.0.0.1:"))
        << error;
  }
  {
    // Nothing listens on the port any more: connection refused, also exit 3.
    std::string gone;
    {
      test::FaultProxy proxy(endpoint, "");
      gone = proxy.endpoint();
    }
    options.retry.max_attempts = 2;
    EXPECT_THROW(upload_files({file}, "azblob://" + container + "/f.ndjson", options,
                              test::key_credentials(gone)),
                 IoError);
  }
}

TEST(BlobUpload, HttpsVerifiesCertificatesUnlessGivenTheCa) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string cert = dir.file("cert.pem"), key = dir.file("key.pem");
  auto made = test::run_process(
      {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
       "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert},
      {});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  test::FaultProxy tls(endpoint, "", cert, key);
  std::string file = dir.file("tls.ndjson");
  test::write_file(file, "{\"tls\":true}\n");
  std::string container = test::unique_container("tls");
  std::string url = "azblob://" + container + "/tls.ndjson";
  UploadOptions options = fast_options();
  options.retry.max_attempts = 1;

  std::string error =
      io_error([&] { upload_files({file}, url, options, test::key_credentials(tls.endpoint())); });
  EXPECT_TRUE(error.starts_with("create container \"" + container + "\": PUT 127.0.0.1:")) << error;
  EXPECT_NE(error.find("certificate"), std::string::npos) << error;

  options.ca_file = cert;
  upload_files({file}, url, options, test::key_credentials(tls.endpoint()));
  EXPECT_EQ(test::read_back(endpoint, container, "tls.ndjson").sha256, sha256_of_file(file));
}

TEST(BlobUpload, PlainHttpOnlyToLoopback) {
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  StorageCredentials creds{"acct", kDevKey, "", "http://acct.blob.core.windows.net", nullptr};
  try {
    upload_files({file}, "azblob://logs/a.ndjson", fast_options(), creds);
    FAIL() << "expected UsageError";
  } catch (const UsageError& e) {
    EXPECT_STREQ(e.what(),
                 "blob endpoint \"http://acct.blob.core.windows.net\": plain http is accepted "
                 "only for loopback addresses; use https");
  }
}

TEST(BlobUpload, MissingFileIsAnIoErrorBeforeAnyRequest) {
  StorageCredentials creds{"acct", kDevKey, "", "http://127.0.0.1:9/acct", nullptr};
  EXPECT_EQ(io_error([&] {
              upload_files({"/nonexistent/x.ndjson"}, "azblob://logs/", fast_options(), creds);
            }),
            "/nonexistent/x.ndjson: cannot open: No such file or directory");
}

}  // namespace
}  // namespace recproc::azure
