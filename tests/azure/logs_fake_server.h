// Test helpers for issue 7: starts tests/azure/fake_log_analytics.py on a free 127.0.0.1 port
// , reads what it recorded, and runs the real recproc binary against it.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "python_server.h"

namespace recproc::azure::testing {

// Workspace ids that select the fake server's behaviour (MODES in fake_log_analytics.py).
inline constexpr const char* kWsNormal = "00000000-0000-0000-0000-000000000001";
inline constexpr const char* kWsEmpty = "00000000-0000-0000-0000-000000000002";
inline constexpr const char* kWsPartial = "00000000-0000-0000-0000-000000000003";
inline constexpr const char* kWsThrottle = "00000000-0000-0000-0000-000000000004";
inline constexpr const char* kWsExpired = "00000000-0000-0000-0000-000000000005";
inline constexpr const char* kWsMalformed = "00000000-0000-0000-0000-000000000006";
inline constexpr const char* kWsBadQuery = "00000000-0000-0000-0000-000000000007";
inline constexpr const char* kWsUnauthorized = "00000000-0000-0000-0000-000000000008";
inline constexpr const char* kWsServerError = "00000000-0000-0000-0000-000000000009";
inline constexpr const char* kWsLarge = "00000000-0000-0000-0000-00000000000a";
inline constexpr const char* kWsWindowed = "00000000-0000-0000-0000-00000000000b";

inline constexpr const char* kTenant = "recproc-test-tenant";
inline constexpr const char* kClientId = "recproc-test-client";
// A canary: characters that need form encoding, and a string no output may ever contain.
inline constexpr const char* kSecret = "CANARY-9f3c+s3cr3t/=&%41";

inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  for (std::string line; std::getline(ss, line);) out.push_back(line);
  return out;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "recproc-logs-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

class FakeLogAnalytics {
 public:
  /// `env`: FAKE_* settings of fake_log_analytics.py (the windowed table, the Activity Log).
  explicit FakeLogAnalytics(const std::map<std::string, std::string>& env = {}) {
    // libcurl honours proxy variables; the fake server is local, keep it that way.
    ::setenv("NO_PROXY", "127.0.0.1,localhost", 1);
    ::setenv("no_proxy", "127.0.0.1,localhost", 1);
    record_ = dir_.path() / "requests.jsonl";
    std::map<std::string, std::string> server_env{
        {"FAKE_TENANT_ID", kTenant}, {"FAKE_CLIENT_ID", kClientId}, {"FAKE_CLIENT_SECRET", kSecret}};
    for (const auto& [k, v] : env) server_env[k] = v;
    server_ = std::make_unique<PythonServer>("fake_log_analytics.py",
                                             std::vector<std::string>{"--record", record_.string()},
                                             server_env);
  }

  FakeLogAnalytics(const FakeLogAnalytics&) = delete;
  FakeLogAnalytics& operator=(const FakeLogAnalytics&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  /// One JSON object per request received, in order.
  std::vector<std::string> requests() const {
    return std::filesystem::exists(record_) ? lines_of(read_file(record_))
                                            : std::vector<std::string>{};
  }
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TempDir dir_;
  std::filesystem::path record_;
  std::unique_ptr<PythonServer> server_;  // after dir_: stopped before the directory goes
};

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  std::vector<std::string> cmdlines;  ///< /proc/PID/cmdline of recproc and its children, sampled
};

/// The recproc binary under test: $RECPROC_BINARY, else the build's, else empty.
inline std::string recproc_binary() {
  if (const char* env = std::getenv("RECPROC_BINARY"); env != nullptr && *env != '\0') return env;
#ifdef RECPROC_BINARY
  if (std::filesystem::exists(RECPROC_BINARY)) return RECPROC_BINARY;
#endif
  return "";
}

inline std::string proc_cmdline(pid_t pid) {
  std::string text = read_file("/proc/" + std::to_string(pid) + "/cmdline");
  for (auto& c : text) {
    if (c == '\0') c = ' ';
  }
  return text;
}

// recproc and every process it started, from /proc/PID/task/*/children.
inline void collect_cmdlines(pid_t pid, std::vector<std::string>& out, int depth = 0) {
  out.push_back(proc_cmdline(pid));
  if (depth > 4) return;
  std::error_code ec;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::stringstream children(read_file(task.path() / "children"));
    for (pid_t child; children >> child;) collect_cmdlines(child, out, depth + 1);
  }
}

/// Runs recproc with `args` and `env` added to this process's environment, capturing stdout and
/// stderr, sampling the command lines of its process tree while it runs.
inline RunResult run_recproc(const std::vector<std::string>& args,
                             const std::map<std::string, std::string>& env,
                             const std::filesystem::path& dir) {
  RunResult result;
  auto out_path = dir / "stdout.txt";
  auto err_path = dir / "stderr.txt";
  std::string binary = recproc_binary();
  pid_t pid = ::fork();
  if (pid == 0) {
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(out, 1);
    ::dup2(err, 2);
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> argv;
    argv.push_back(binary.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (true) {
    pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    collect_cmdlines(pid, result.cmdlines);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  return result;
}

}  // namespace recproc::azure::testing
