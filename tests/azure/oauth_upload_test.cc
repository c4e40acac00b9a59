// `recproc upload` with a Microsoft Entra ID bearer token (issue 15) against a real Azurite that
// this test starts itself with HTTPS (a self-signed certificate made here with openssl) and
// `--oauth basic`, which checks the token's aud, iss, nbf and exp (not its signature). The token
// comes from fake_token_server.py through the whole credential chain of the real binary.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "azure/blob_client.h"
#include "azure/blob_upload.h"
#include "azure/crypto.h"
#include "azure/entra_credential.h"
#include "azurite_support.h"
#include "child_process.h"
#include "logs_test_support.h"
#include "recproc/error.h"
#include "token_fake_server.h"

namespace recproc::azure {
namespace {

// Azurite on a free port with HTTPS and OAuth; stopped when destroyed.
class OAuthAzurite {
 public:
  OAuthAzurite(const std::string& dir, const std::string& cert, const std::string& key) {
    std::string azurite =
        std::string(RECPROC_SOURCE_DIR) + "/.tools/node_modules/.bin/azurite-blob";
    if (::access(azurite.c_str(), X_OK) != 0) return;
    std::string log = dir + "/azurite.log";
    for (int attempt = 0; attempt < 5 && endpoint_.empty(); ++attempt) {
      std::string port = std::to_string(testing::closed_port());
      process_.start([&] {
        ::setsid();
        int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        std::string location = dir + "/data";
        ::execl(azurite.c_str(), azurite.c_str(), "--blobHost", "127.0.0.1", "--blobPort",
                port.c_str(), "--location", location.c_str(), "--disableTelemetry", "--oauth",
                "basic", "--cert", cert.c_str(), "--key", key.c_str(), static_cast<char*>(nullptr));
      });
      for (int i = 0; i < 300 && !process_.exited(); ++i) {
        if (testing::read_file(log).find("successfully listens") != std::string::npos) {
          endpoint_ = "https://127.0.0.1:" + port + "/devstoreaccount1";
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      if (endpoint_.empty()) process_.stop();
    }
    log_ = testing::read_file(log);
  }
  OAuthAzurite(const OAuthAzurite&) = delete;
  OAuthAzurite& operator=(const OAuthAzurite&) = delete;
  const std::string& endpoint() const { return endpoint_; }
  const std::string& log() const { return log_; }

 private:
  testing::ChildProcess process_;
  std::string endpoint_;
  std::string log_;
};

class OAuthUploadTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    dir_ = new test::TempDir();
    cert_ = dir_->file("cert.pem");
    std::string key = dir_->file("key.pem");
    auto made = test::run_process(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert_},
        {});
    if (made.exit_code != 0) throw std::runtime_error("openssl req failed: " + made.err);
    std::filesystem::create_directories(dir_->file("azurite"));
    azurite_ = new OAuthAzurite(dir_->file("azurite"), cert_, key);
    tokens_ = new testing::FakeTokenServer();
  }
  static void TearDownTestSuite() {
    delete tokens_;
    delete azurite_;
    delete dir_;
  }
  void SetUp() override {
    if (azurite_->endpoint().empty()) {
      if (std::getenv("RECPROC_AZURITE_REQUIRED")) {
        FAIL() << "Azurite with --oauth basic did not start:\n" << azurite_->log();
      }
      GTEST_SKIP() << "no Azurite in .tools/: run scripts/install-test-tools.sh";
    }
    tokens_->control("{}");
  }

  test::EnvChanges entra_env() const {
    return {{"AZURE_STORAGE_ACCOUNT", test::kDevAccount},
            {"AZURE_STORAGE_BLOB_ENDPOINT", azurite_->endpoint()},
            {"AZURE_TENANT_ID", testing::kTenant},
            {"AZURE_CLIENT_ID", testing::kClientId},
            {"AZURE_CLIENT_SECRET", testing::kSecret},
            {"AZURE_AUTHORITY_HOST", tokens_->url()},
            {"AZURE_FEDERATED_TOKEN_FILE", std::nullopt},
            {"IDENTITY_ENDPOINT", std::nullopt},
            {"RECPROC_IMDS_ENDPOINT", "http://127.0.0.1:1"},
            {"PATH", "/nonexistent-recproc-test"},
            {"NO_PROXY", "127.0.0.1,localhost"}};
  }

  test::ProcessResult upload(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {RECPROC_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_process(argv, entra_env());
  }

  // What the blob holds, read back with the account key (Azurite's OAuth mode accepts both).
  std::optional<BlobProperties> properties(const std::string& container, const std::string& blob) {
    BlobClient client(test::key_credentials(azurite_->endpoint()),
                      net::HttpOptions{.ca_file = cert_}, net::RetryPolicy{});
    net::HttpResponse failure;
    return client.get_properties(container, blob, &failure);
  }

  static test::TempDir* dir_;
  static std::string cert_;
  static OAuthAzurite* azurite_;
  static testing::FakeTokenServer* tokens_;
};

test::TempDir* OAuthUploadTest::dir_ = nullptr;
std::string OAuthUploadTest::cert_;
OAuthAzurite* OAuthUploadTest::azurite_ = nullptr;
testing::FakeTokenServer* OAuthUploadTest::tokens_ = nullptr;

TEST_F(OAuthUploadTest, BearerTokenFromEntraUploads) {
  std::string file = dir_->file("entra.ndjson");
  test::write_file(file, "{\"signed_in\":\"entra\"}\n");
  std::string container = test::unique_container("entra");
  auto r = upload({"-v", "upload", "--auth", "entra", "--ca-file", cert_, file,
                   "azblob://" + container + "/in/"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "uploaded " + file + " to azblob://" + container + "/in/entra.ndjson (22 bytes)\n");
  EXPECT_NE(r.err.find("azure: signed in with environment (AZURE_CLIENT_SECRET)\n"),
            std::string::npos)
      << r.err;
  // JWTs start with base64url of '{"': the token is never printed, nor on any command line.
  EXPECT_EQ(r.err.find("eyJ"), std::string::npos) << r.err;
  EXPECT_EQ(r.cmdline.find(testing::kSecret), std::string::npos);
  auto props = properties(container, "in/entra.ndjson");
  ASSERT_TRUE(props.has_value());
  EXPECT_EQ(props->size, 22u);
  EXPECT_EQ(props->content_md5, content_md5("{\"signed_in\":\"entra\"}\n"));
}

TEST_F(OAuthUploadTest, AutoSignsInWithEntraWhenOnlyTheAccountIsSet) {
  std::string file = dir_->file("auto.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("auto");
  auto r = upload({"upload", "--ca-file", cert_, file, "azblob://" + container + "/auto.ndjson"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(properties(container, "auto.ndjson").has_value());
}

TEST_F(OAuthUploadTest, RunUploadSignsInWithEntra) {
  std::string in = dir_->file("run-in.ndjson");
  test::write_file(in, "{\"a\":1}\n{\"a\":2}\n");
  std::string out = dir_->file("run-out.ndjson");
  std::string container = test::unique_container("run");
  auto r = upload({"run", in, "-q", "-o", out, "--upload", "azblob://" + container + "/out.ndjson",
                   "--auth", "entra", "--ca-file", cert_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto props = properties(container, "out.ndjson");
  ASSERT_TRUE(props.has_value());
  EXPECT_EQ(props->size, std::filesystem::file_size(out));
}

TEST_F(OAuthUploadTest, RunOutputToBlobSignsInWithEntra) {
  std::string in = dir_->file("stream-in.ndjson");
  std::string text;
  for (int i = 0; i < 200; ++i) text += "{\"a\":" + std::to_string(i) + "}\n";
  test::write_file(in, text);
  std::string container = test::unique_container("stream");
  auto r = upload({"run", in, "-q", "-o", "azblob://" + container + "/out.ndjson", "--block-size",
                   "512", "--auth", "entra", "--ca-file", cert_});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err.find("eyJ"), std::string::npos) << r.err;
  auto props = properties(container, "out.ndjson");
  ASSERT_TRUE(props.has_value());
  EXPECT_EQ(props->size, text.size());
  EXPECT_EQ(props->content_md5, content_md5(text));
}

TEST_F(OAuthUploadTest, ExpiredTokenIsRefusedClearly) {
  tokens_->control(R"({"lifetime": -600})");
  std::string file = dir_->file("expired.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("expired");
  auto r = upload({"upload", "--auth", "entra", "--ca-file", cert_, file,
                   "azblob://" + container + "/x.ndjson"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err, "recproc: error: create container \"" + container +
                       "\": 403 AuthenticationFailed: Server failed to authenticate the request. "
                       "Make sure the value of the Authorization header is formed correctly "
                       "including the signature. (the token from environment "
                       "(AZURE_CLIENT_SECRET) was refused: expired, or issued for another "
                       "audience or tenant)\n");
}

TEST_F(OAuthUploadTest, WrongAudienceIsRefusedClearly) {
  tokens_->control(R"({"audience": "https://vault.azure.net"})");
  std::string file = dir_->file("audience.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("audience");
  auto r = upload({"upload", "--auth", "entra", "--ca-file", cert_, "--no-create-container", file,
                   "azblob://" + container + "/x.ndjson"});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  // The first request is a HEAD: no body, so only the status and x-ms-error-code.
  EXPECT_EQ(r.err, "recproc: error: upload to container \"" + container +
                       "\" blob \"x.ndjson\": 403 AuthenticationFailed (the token from "
                       "environment (AZURE_CLIENT_SECRET) was refused: expired, or issued for "
                       "another audience or tenant)\n");
}

TEST_F(OAuthUploadTest, EntraNeedsTheAccountName) {
  test::EnvChanges env = entra_env();
  env["AZURE_STORAGE_ACCOUNT"] = std::nullopt;
  std::string file = dir_->file("none.ndjson");
  test::write_file(file, "{}\n");
  auto r = test::run_process({RECPROC_BINARY, "upload", "--auth", "entra", file, "azblob://cont/x"},
                             env);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "recproc: error: Microsoft Entra ID sign-in: set AZURE_STORAGE_ACCOUNT to the storage account's "
            "name (and AZURE_STORAGE_BLOB_ENDPOINT for an endpoint other than "
            "https://ACCOUNT.blob.core.windows.net)\n");
}

}  // namespace
}  // namespace recproc::azure

namespace recproc::azure {
namespace {

// The fixture's Azurite behind the fault proxy, with a bearer token from the local token
// server: what the service answers an identity without the role, and an expired token.
class BearerFaultTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    tokens_ = new testing::FakeTokenServer();
  }
  static void TearDownTestSuite() {
    delete tokens_;
    tokens_ = nullptr;
  }
  static StorageCredentials bearer(const std::string& endpoint) {
    EntraCredentials c;
    c.authority_host = tokens_->url();
    c.tenant_id = testing::kTenant;
    c.client_id = testing::kClientId;
    c.client_secret = testing::kSecret;
    StorageCredentials s{test::kDevAccount, "", "", endpoint, client_secret_chain(c)};
    return s;
  }
  static UploadOptions options() {
    UploadOptions o;
    o.retry.max_attempts = 1;
    return o;
  }
  static testing::FakeTokenServer* tokens_;
};

testing::FakeTokenServer* BearerFaultTest::tokens_ = nullptr;

TEST_F(BearerFaultTest, ForbiddenNamesTheIdentityAndTheRole) {
  REQUIRE_AZURITE(endpoint);
  test::FaultProxy proxy(endpoint, "*403rbac");
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("rbac");
  std::string message = testing::error_of<IoError>([&] {
    upload_files({file}, "azblob://" + container + "/a.ndjson", options(),
                 bearer(proxy.endpoint()));
  });
  EXPECT_EQ(message, "create container \"" + container +
                         "\": 403 AuthorizationPermissionMismatch: This request is not "
                         "authorized to perform this operation using this permission. (signed "
                         "in with client secret; that identity probably lacks the \"Storage "
                         "Blob Data Contributor\" role, or \"Storage Blob Data Reader\" to read, "
                         "on this storage account or container)");
}

TEST_F(BearerFaultTest, UnauthorizedFetchesOneNewToken) {
  REQUIRE_AZURITE(endpoint);
  test::FaultProxy proxy(endpoint, "*401");
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  StorageCredentials creds = bearer(proxy.endpoint());
  std::string message = testing::error_of<IoError>([&] {
    upload_files({file}, "azblob://" + test::unique_container("expired") + "/a.ndjson", options(),
                 creds);
  });
  EXPECT_EQ(creds.bearer->fetches(), 2) << "one new token after the first 401";
  EXPECT_NE(message.find(": 401 InvalidAuthenticationInfo: injected 401 (the token from client "
                         "secret was refused: expired, or issued for another audience or "
                         "tenant)"),
            std::string::npos)
      << message;
}

}  // namespace
}  // namespace recproc::azure
