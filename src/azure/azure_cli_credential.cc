#include "azure/azure_cli_credential.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <simdjson.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include "recproc/error.h"

extern char** environ;

namespace recproc::azure {
namespace {

// az starts a Python interpreter and may refresh its own token first; the SDKs allow 10 s.
constexpr int kTimeoutMs = 30'000;

std::string find_on_path(const std::string& path_var, const std::string& program) {
  if (path_var.empty()) return "";
  std::string_view rest = path_var;
  while (true) {
    auto colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + program;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
        ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    if (colon == std::string_view::npos) return "";
    rest.remove_prefix(colon + 1);
  }
}

struct Output {
  int exit_code = -1;
  bool timed_out = false;
  std::string out;
  std::string err;
};

Output run(const std::string& program, const std::vector<std::string>& args) {
  int out_pipe[2], err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0)
    throw IoError("Azure CLI: pipe: " + std::string(std::strerror(errno)));
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) {
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    throw IoError("Azure CLI: pipe: " + std::string(std::strerror(errno)));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  Output result;
  if (rc != 0) {
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    throw CredentialUnavailable(program + ": cannot start: " + std::strerror(rc));
  }
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  int open_fds = 2;
  timespec start{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  while (open_fds > 0) {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    long elapsed = (now.tv_sec - start.tv_sec) * 1000 + (now.tv_nsec - start.tv_nsec) / 1'000'000;
    if (elapsed >= kTimeoutMs) {
      result.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    int n = ::poll(fds, 2, static_cast<int>(kTimeoutMs - elapsed));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[8192];
      ssize_t got = ::read(fds[i].fd, buf, sizeof buf);
      if (got <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(got));
      }
    }
  }
  for (auto& f : fds) {
    if (f.fd >= 0) ::close(f.fd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string first_line(const std::string& text) {
  std::string_view t = text;
  while (!t.empty() && (t.front() == '\n' || t.front() == ' ')) t.remove_prefix(1);
  return std::string(t.substr(0, t.find('\n')));
}

// "2024-05-01 10:00:00.000000", local time, as older az versions write expiresOn.
std::optional<std::chrono::system_clock::time_point> parse_local_time(const std::string& s) {
  std::tm tm{};
  if (::strptime(s.c_str(), "%Y-%m-%d %H:%M:%S", &tm) == nullptr) return std::nullopt;
  tm.tm_isdst = -1;
  std::time_t t = std::mktime(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

}  // namespace

AccessToken AzureCliCredential::fetch_token(const std::string& scope) {
  std::string az = find_on_path(env_value(options_.env, "PATH"), "az");
  if (az.empty()) throw CredentialUnavailable("az is not on PATH");
  // Only the resource goes on the command line: no secret is ever an argument.
  Output r = run(az, {"account", "get-access-token", "--output", "json", "--resource",
                      scope_to_resource(scope)});
  const std::string where = "Azure CLI token (" + az + " account get-access-token)";
  if (r.timed_out)
    throw IoError(where + ": no answer within " + std::to_string(kTimeoutMs / 1000) + " s");
  if (r.exit_code != 0) {
    std::string line = first_line(r.err);
    if (r.err.find("az login") != std::string::npos) {
      throw CredentialUnavailable("not signed in (" + line + ")");
    }
    throw IoError(where + ": exit code " + std::to_string(r.exit_code) +
                  (line.empty() ? std::string() : ": " + line));
  }
  AccessToken token;
  std::optional<std::int64_t> expires_on;
  std::string expires_on_text;
  try {
    simdjson::padded_string padded(r.out);
    simdjson::ondemand::parser parser;
    auto doc = parser.iterate(padded);
    for (auto field : doc.get_object()) {
      std::string_view key = field.unescaped_key();
      simdjson::ondemand::json_type type = field.value().type();
      if (key == "accessToken" && type == simdjson::ondemand::json_type::string) {
        token.token = std::string(std::string_view(field.value().get_string()));
      } else if (key == "expires_on" && type == simdjson::ondemand::json_type::number) {
        expires_on = field.value().get_int64();
      } else if (key == "expiresOn" && type == simdjson::ondemand::json_type::string) {
        expires_on_text = std::string(std::string_view(field.value().get_string()));
      }
    }
  } catch (const simdjson::simdjson_error&) {
    wipe_secret(token.token);
  }
  wipe_secret(r.out);
  if (token.token.empty()) throw IoError(where + ": the output holds no accessToken");
  if (expires_on) {
    token.expires_on = std::chrono::system_clock::time_point(std::chrono::seconds(*expires_on));
  } else if (auto t = parse_local_time(expires_on_text)) {
    token.expires_on = *t;
  } else {
    throw IoError(where + ": the output holds neither expires_on nor a readable expiresOn");
  }
  return token;
}

}  // namespace recproc::azure
