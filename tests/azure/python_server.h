// A local test server written in Python (the token endpoints, Log Analytics, the fault proxy):
// started with fork/exec on a free 127.0.0.1 port that it prints as its first stdout line, and
// stopped with SIGTERM when the object goes away.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "child_process.h"

namespace recproc::azure::testing {

class PythonServer {
 public:
  /// Runs `python3 RECPROC_SOURCE_DIR/tests/azure/SCRIPT ARGS...` with `env` added to its
  /// environment. Throws when it exits or prints no port within 20 seconds.
  PythonServer(const std::string& script, const std::vector<std::string>& args,
               const std::map<std::string, std::string>& env = {})
      : script_(script) {
    std::string path = std::string(RECPROC_SOURCE_DIR) + "/tests/azure/" + script;
    std::vector<char*> argv{const_cast<char*>("python3"), path.data()};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
    process_.start([&] {
      ::dup2(out[1], 1);
      for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
      ::execvp("python3", argv.data());
    });
    ::close(out[1]);
    try {
      port_ = read_port(out[0]);
    } catch (...) {
      ::close(out[0]);
      process_.stop();
      throw;
    }
    ::close(out[0]);
  }
  PythonServer(const PythonServer&) = delete;
  PythonServer& operator=(const PythonServer&) = delete;

  int port() const { return port_; }

 private:
  // Polls with a deadline: a server that hangs before printing must not hang the test.
  int read_port(int fd) const {
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos) {
      if (std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error(script_ + " did not start");
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buf[64];
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n <= 0) throw std::runtime_error(script_ + " exited (is python3 installed?)");
      line.append(buf, static_cast<std::size_t>(n));
    }
    return std::stoi(line);
  }

  std::string script_;
  ChildProcess process_;
  int port_ = 0;
};

}  // namespace recproc::azure::testing
