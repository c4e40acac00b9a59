// `recproc upload` end to end: the real binary (RECPROC_BINARY), its exit codes 0/2/3 and its
// messages, and a canary secret that must appear in no output and no /proc/PID/cmdline.
#include <gtest/gtest.h>

#include "azure/crypto.h"
#include "azurite_support.h"

namespace recproc::azure {
namespace {

std::string last_line(const std::string& text) {
  std::string t = text;
  while (!t.empty() && t.back() == '\n') t.pop_back();
  return t.substr(t.rfind('\n') == std::string::npos ? 0 : t.rfind('\n') + 1);
}

TEST(UploadCli, NoCredentialsIsExit2) {
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  auto r = test::recproc({"upload", file, "azblob://logs/"}, {});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "recproc: error: no Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, "
            "or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN, or "
            "AZURE_STORAGE_ACCOUNT alone to sign in with Microsoft Entra ID\n");
}

TEST(UploadCli, BadUrlIsExit2) {
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  auto r = test::recproc({"upload", file, "azblob://Logs/x"},
                         {{"AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "recproc: error: \"azblob://Logs/x\": container name \"Logs\": may contain only "
            "lowercase letters, digits and '-'\n");
  auto one = test::recproc({"upload", "azblob://logs/x"}, {});
  EXPECT_EQ(one.exit_code, 2) << one.err;
}

TEST(UploadCli, PlainHttpToARemoteHostIsExit2) {
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  auto r = test::recproc({"upload", file, "azblob://logs/"},
                         {{"AZURE_STORAGE_CONNECTION_STRING",
                           "AccountName=acct;AccountKey=" + std::string(test::kDevKey) +
                               ";BlobEndpoint=http://acct.example.com"}});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_EQ(r.err,
            "recproc: error: blob endpoint \"http://acct.example.com\": plain http is accepted "
            "only for loopback addresses; use https\n");
}

TEST(UploadCli, MissingFileIsExit3) {
  auto r = test::recproc({"upload", "/nonexistent/a.ndjson", "azblob://logs/"},
                         {{"AZURE_STORAGE_CONNECTION_STRING", "UseDevelopmentStorage=true"}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_EQ(r.err,
            "recproc: error: /nonexistent/a.ndjson: cannot open: No such file or directory\n");
}

TEST(UploadCli, UploadThenExistingThenSkipThenOverwrite) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string a = dir.file("a.ndjson"), b = dir.file("b.csv");
  test::write_file(a, "{\"a\":1}\n");
  test::write_file(b, "x,y\n");
  std::string container = test::unique_container("cli");
  test::EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", test::connection_string(endpoint)}};
  std::string url = "azblob://" + container + "/night/";

  auto first = test::recproc({"upload", a, b, url}, env);
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "uploaded " + a + " to azblob://" + container +
                           "/night/a.ndjson (8 bytes)\n" + "uploaded " + b + " to azblob://" +
                           container + "/night/b.csv (4 bytes)\n");

  auto again = test::recproc({"upload", a, url}, env);
  EXPECT_EQ(again.exit_code, 3);
  EXPECT_EQ(last_line(again.err), "recproc: error: upload to container \"" + container +
                                      "\" blob \"night/a.ndjson\": 409 BlobAlreadyExists: the "
                                      "blob exists; use --overwrite or --skip-existing");

  auto skip = test::recproc({"upload", "--skip-existing", a, url}, env);
  EXPECT_EQ(skip.exit_code, 0) << skip.err;
  EXPECT_EQ(skip.out, "skipped " + a + ": azblob://" + container + "/night/a.ndjson exists\n");

  test::write_file(a, "{\"a\":2}\n");
  auto over = test::recproc({"upload", "--overwrite", "--block-size", "4", "--upload-concurrency",
                             "2", a, url + "renamed.ndjson"},
                            env);
  EXPECT_EQ(over.exit_code, 0) << over.err;
  auto back = test::read_back(endpoint, container, "night/renamed.ndjson");
  EXPECT_EQ(back.sha256, sha256_hex("{\"a\":2}\n"));

  auto both = test::recproc({"upload", "--overwrite", "--skip-existing", a, url}, env);
  EXPECT_EQ(both.exit_code, 2) << both.err;
}

TEST(UploadCli, WrongKeyIsExit3NamingContainer) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("clikey");
  auto r = test::recproc(
      {"upload", "--no-create-container", file, "azblob://" + container + "/a.ndjson"},
      {{"AZURE_STORAGE_CONNECTION_STRING",
        test::connection_string(endpoint, base64_encode("wrong key"))}});
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_TRUE(last_line(r.err).starts_with("recproc: error: upload to container \"" + container +
                                           "\" blob \"a.ndjson\": 403 "))
      << r.err;
}

// Every place a secret could leak, checked at debug log level where every request is logged.
void expect_no_secret(const test::ProcessResult& r, const std::string& secret) {
  EXPECT_EQ(r.out.find(secret), std::string::npos) << "stdout leaks the secret:\n" << r.out;
  EXPECT_EQ(r.err.find(secret), std::string::npos) << "stderr leaks the secret:\n" << r.err;
  EXPECT_EQ(r.cmdline.find(secret), std::string::npos) << "cmdline leaks the secret";
  EXPECT_EQ(r.err.find("SharedKey "), std::string::npos) << "an Authorization header was logged";
}

TEST(UploadCli, CanarySecretsNeverAppearAtDebugLevel) {
  REQUIRE_AZURITE(endpoint);
  test::TempDir dir;
  std::string file = dir.file("a.ndjson");
  test::write_file(file, "{}\n");
  std::string container = test::unique_container("canary");

  // A Shared Key canary: valid base64, wrong for the account, so the run ends in 403 / exit 3
  // after signing several requests.
  const std::string canary_text = "CANARY-7f3a9c-recproc-secret-key-material-do-not-log";
  const std::string canary_key = base64_encode(canary_text);
  auto keyed = test::recproc(
      {"-v", "upload", file, "azblob://" + container + "/a.ndjson"},
      {{"AZURE_STORAGE_CONNECTION_STRING", test::connection_string(endpoint, canary_key)},
       {"RECPROC_LOG_LEVEL", "debug"}});
  EXPECT_EQ(keyed.exit_code, 3) << keyed.err;
  EXPECT_NE(keyed.err.find("x-ms-version"), std::string::npos)
      << "debug logging was not on, so this test proves nothing:\n"
      << keyed.err;
  expect_no_secret(keyed, canary_key);
  expect_no_secret(keyed, canary_text);

  // A SAS canary: the sig= value must be redacted wherever the URL is logged.
  const std::string canary_sig = "CANARYSIG0123456789abcdefghijklmnopqrstuvwxyz%3D";
  auto sas = test::recproc(
      {"-v", "upload", file, "azblob://" + container + "/a.ndjson"},
      {{"AZURE_STORAGE_ACCOUNT", "devstoreaccount1"},
       {"AZURE_STORAGE_SAS_TOKEN", "sv=2024-11-04&ss=b&srt=sco&sp=rwc&sig=" + canary_sig},
       {"AZURE_STORAGE_BLOB_ENDPOINT", endpoint},
       {"RECPROC_LOG_LEVEL", "debug"}});
  EXPECT_EQ(sas.exit_code, 3) << sas.err;
  EXPECT_NE(sas.err.find("sig=REDACTED"), std::string::npos) << sas.err;
  expect_no_secret(sas, "CANARYSIG");
}

}  // namespace
}  // namespace recproc::azure
