// Test helpers for the tests that talk to a real Azurite (started by start_azurite.sh as a ctest
// fixture), run the real recproc binary, the fault proxy and the JavaScript read-back tool.
#pragma once

#include <fcntl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "azure/connection_string.h"
#include "azure/crypto.h"
#include "python_server.h"

extern char** environ;

namespace recproc::azure::test {

// Azurite's published development account (public, not a secret).
inline constexpr const char* kDevAccount = "devstoreaccount1";
inline constexpr const char* kDevKey =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// The blob endpoint of the running Azurite: RECPROC_AZURITE_BLOB_ENDPOINT, or the one the
/// fixture wrote to $RECPROC_AZURITE_STATE/endpoint.
inline std::optional<std::string> azurite_endpoint() {
  if (const char* e = std::getenv("RECPROC_AZURITE_BLOB_ENDPOINT"); e && *e) return e;
  const char* state = std::getenv("RECPROC_AZURITE_STATE");
  if (!state) return std::nullopt;
  std::ifstream in(std::string(state) + "/endpoint");
  std::string line;
  if (!std::getline(in, line) || line.empty()) return std::nullopt;
  return line;
}

/// Skips the test when no Azurite is configured, unless RECPROC_AZURITE_REQUIRED is set (ctest
/// sets it), where a missing emulator is a failure rather than a silent skip.
#define REQUIRE_AZURITE(endpoint_var)                                                   \
  std::string endpoint_var;                                                             \
  if (auto found_ = ::recproc::azure::test::azurite_endpoint()) {                       \
    endpoint_var = *found_;                                                             \
  } else if (std::getenv("RECPROC_AZURITE_REQUIRED")) {                                 \
    FAIL() << "RECPROC_AZURITE_REQUIRED is set but no Azurite endpoint was found";      \
  } else {                                                                              \
    GTEST_SKIP() << "no Azurite: set RECPROC_AZURITE_BLOB_ENDPOINT or run under ctest"; \
  }

inline StorageCredentials key_credentials(const std::string& endpoint,
                                          const std::string& key = kDevKey) {
  return StorageCredentials{kDevAccount, key, "", endpoint, nullptr};
}

inline std::string connection_string(const std::string& endpoint,
                                     const std::string& key = kDevKey) {
  return "DefaultEndpointsProtocol=http;AccountName=" + std::string(kDevAccount) +
         ";AccountKey=" + key + ";BlobEndpoint=" + endpoint + ";";
}

/// A container name no other test (or earlier run) uses.
inline std::string unique_container(const std::string& stem) {
  static std::mt19937_64 rng{std::random_device{}()};
  std::string raw(6, '\0');
  for (char& c : raw) c = static_cast<char>(rng() & 0xff);
  return stem + "-" + hex_encode(raw);
}

class TempDir {
 public:
  TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/recproc-azure-XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline void write_file(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

/// `n` NDJSON records {"id":I,"name":"record I"}, one a line.
inline std::string numbered_records(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) {
    text += "{\"id\":" + std::to_string(i) + ",\"name\":\"record " + std::to_string(i) + "\"}\n";
  }
  return text;
}

/// Writes `size` deterministic pseudo-random bytes in 1 MiB pieces; returns their SHA-256 hex.
inline std::string write_random_file(const std::string& path, std::uint64_t size,
                                     std::uint64_t seed) {
  std::ofstream out(path, std::ios::binary);
  std::mt19937_64 rng(seed);
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::string buf(1 << 20, '\0');
  for (std::uint64_t done = 0; done < size;) {
    std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(buf.size(), size - done));
    for (std::size_t i = 0; i < n; i += 8) {
      std::uint64_t v = rng();
      std::memcpy(buf.data() + i, &v, std::min<std::size_t>(8, n - i));
    }
    out.write(buf.data(), static_cast<std::streamsize>(n));
    EVP_DigestUpdate(ctx, buf.data(), n);
    done += n;
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, md, &len);
  EVP_MD_CTX_free(ctx);
  return hex_encode(std::string_view(reinterpret_cast<char*>(md), len));
}

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::string cmdline;  ///< every /proc/PID/cmdline seen while it ran, NULs as spaces
};

/// Environment changes for a child: a value sets the variable, nullopt removes it.
using EnvChanges = std::map<std::string, std::optional<std::string>>;

inline std::vector<std::string> child_environment(const EnvChanges& changes) {
  std::vector<std::string> env;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string name = entry.substr(0, entry.find('='));
    // The tests decide which credentials a child sees.
    if (name.starts_with("AZURE_STORAGE_") || changes.count(name)) continue;
    env.push_back(entry);
  }
  for (const auto& [name, value] : changes) {
    if (value) env.push_back(name + "=" + *value);
  }
  return env;
}

/// Runs argv[0] with `argv`, capturing stdout, stderr and what /proc showed as its command line.
inline ProcessResult run_process(const std::vector<std::string>& argv, const EnvChanges& env) {
  std::vector<std::string> env_strings = child_environment(env);
  std::vector<char*> cargv, cenv;
  for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  for (const auto& e : env_strings) cenv.push_back(const_cast<char*>(e.c_str()));
  cenv.push_back(nullptr);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    int devnull = open("/dev/null", O_RDONLY);
    dup2(devnull, 0);
    execve(cargv[0], cargv.data(), cenv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  ProcessResult result;
  std::string proc = "/proc/" + std::to_string(pid) + "/cmdline";
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  while (open_fds > 0) {
    std::ifstream cmd(proc, std::ios::binary);
    std::string seen((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    for (char& c : seen) c = c == '\0' ? ' ' : c;
    if (!seen.empty()) result.cmdline += seen + "\n";
    if (poll(fds, 2, 20) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buf[65536];
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

/// The recproc binary under test: RECPROC_BINARY from the environment (ctest), else the build's.
inline std::string recproc_binary() {
  const char* b = std::getenv("RECPROC_BINARY");
  return b && *b ? b : RECPROC_BINARY;
}

/// Runs the recproc binary with `args` and the environment changes `env`.
inline ProcessResult recproc(std::vector<std::string> args, const EnvChanges& env) {
  args.insert(args.begin(), recproc_binary());
  return run_process(args, env);
}

/// A whole file's bytes; empty when it does not exist.
inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// The fault proxy (fault_proxy.py) in front of Azurite; stopped when destroyed.
class FaultProxy {
 public:
  /// With `cert` and `key` (PEM files) the proxy serves HTTPS.
  FaultProxy(const std::string& azurite_endpoint, const std::string& plan,
             const std::string& cert = "", const std::string& key = "")
      : scheme_(cert.empty() ? "http" : "https") {
    // http://127.0.0.1:PORT/devstoreaccount1
    auto host_start = azurite_endpoint.find("://") + 3;
    auto colon = azurite_endpoint.find(':', host_start);
    auto slash = azurite_endpoint.find('/', colon);
    std::string upstream_port = azurite_endpoint.substr(colon + 1, slash - colon - 1);
    account_path_ = azurite_endpoint.substr(slash);
    std::vector<std::string> args{upstream_port, plan};
    if (!cert.empty()) args.insert(args.end(), {cert, key});
    server_ = std::make_unique<testing::PythonServer>("fault_proxy.py", args);
  }
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;
  std::string endpoint() const {
    return scheme_ + "://127.0.0.1:" + std::to_string(server_->port()) + account_path_;
  }
  /// The environment that sends recproc's Blob requests through the proxy.
  EnvChanges env() const {
    return {{"AZURE_STORAGE_CONNECTION_STRING", connection_string(endpoint())}};
  }

 private:
  std::string scheme_;
  std::string account_path_;
  std::unique_ptr<testing::PythonServer> server_;
};

/// Runs recproc `args` through a fault proxy that passes the listing and holds the first read
/// after it; `while_held` runs then (it replaces the blob), and the read goes on afterwards:
/// the ETag pinned by the listing meets the new version every time (issue 15). `held` says
/// whether the proxy really held a read.
inline ProcessResult recproc_with_read_held(const std::string& azurite_endpoint,
                                            const std::vector<std::string>& args,
                                            const std::function<void()>& while_held, bool& held) {
  TempDir pause;
  FaultProxy proxy(azurite_endpoint, "ok,pause=" + pause.file(""));
  EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", connection_string(proxy.endpoint())}};
  auto run = std::async(std::launch::async, [&] { return recproc(args, env); });
  for (int i = 0; i < 3000 && !std::filesystem::exists(pause.file("held")); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  held = std::filesystem::exists(pause.file("held"));
  while_held();
  write_file(pause.file("release"), "");
  return run.get();
}

/// Names in `dir` that look like an OutputFile's temporary file (".NAME.recproc-XXXXXX").
inline std::vector<std::string> temporary_files(const std::string& dir) {
  std::vector<std::string> found;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".recproc-") != std::string::npos) found.push_back(name);
  }
  return found;
}

/// A test of the recproc binary against the Azurite that ctest started: endpoint_ and an env_
/// with its connection string; skipped without Azurite, failed when RECPROC_AZURITE_REQUIRED.
/// A derived SetUp() calls this one first and returns when IsSkipped() or HasFatalFailure().
class AzuriteCliTest : public ::testing::Test {
 protected:
  /// `container` names the fixture's own container (made unique per test), for url().
  explicit AzuriteCliTest(const std::string& container = "cli")
      : container_(unique_container(container)) {}

  void SetUp() override {
    auto found = azurite_endpoint();
    if (!found) {
      if (std::getenv("RECPROC_AZURITE_REQUIRED")) FAIL() << "no Azurite endpoint";
      GTEST_SKIP() << "no Azurite";
    }
    endpoint_ = *found;
    env_ = {{"AZURE_STORAGE_CONNECTION_STRING", connection_string(endpoint_)}};
    prepare();
  }
  /// The fixture's own setup, run only when Azurite is there.
  virtual void prepare() {}

  /// azblob://CONTAINER/NAME in the fixture's container.
  std::string url(const std::string& name) const { return "azblob://" + container_ + "/" + name; }

  std::string endpoint_;
  EnvChanges env_;
  std::string container_;
};

/// What Microsoft's own JavaScript client reads back from a blob.
struct BlobReadBack {
  std::string sha256;
  std::uint64_t size = 0;
  std::string content_type;
  std::string content_md5;
  std::string error;  ///< stderr of the tool when it failed
};

inline std::string json_string_field(const std::string& json, const std::string& name) {
  std::string key = "\"" + name + "\":";
  auto at = json.find(key);
  if (at == std::string::npos) return {};
  at += key.size();
  if (json[at] == '"') return json.substr(at + 1, json.find('"', at + 1) - at - 1);
  return json.substr(at, json.find_first_of(",}", at) - at);
}

inline std::string node_tool(const std::string& endpoint, const std::vector<std::string>& args,
                             std::string* error = nullptr) {
  std::vector<std::string> argv = {"/usr/bin/env", "node",
                                   std::string(RECPROC_SOURCE_DIR) + "/tests/azure/blob_tool.cjs"};
  argv.insert(argv.end(), args.begin(), args.end());
  EnvChanges env = {{"AZURE_STORAGE_CONNECTION_STRING", connection_string(endpoint)}};
  if (!std::getenv("NODE_PATH")) {
    env["NODE_PATH"] = std::string(RECPROC_SOURCE_DIR) + "/.tools/node_modules";
  }
  ProcessResult r = run_process(argv, env);
  if (error) *error = r.exit_code == 0 ? "" : r.err;
  std::string out = r.out;
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

inline BlobReadBack read_back(const std::string& endpoint, const std::string& container,
                              const std::string& blob) {
  BlobReadBack r;
  std::string json = node_tool(endpoint, {"props", container, blob}, &r.error);
  r.sha256 = json_string_field(json, "sha256");
  std::string size = json_string_field(json, "size");
  r.size = size.empty() ? 0 : std::stoull(size);
  r.content_type = json_string_field(json, "contentType");
  r.content_md5 = json_string_field(json, "contentMD5");
  return r;
}

}  // namespace recproc::azure::test
