#include "transform/line_child.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <thread>

extern char** environ;

namespace recproc::transform {
namespace {

constexpr std::size_t kStderrTailBytes = 4096;
constexpr std::size_t kReadBlock = 64 * 1024;

// A child that died makes our next write fail with EPIPE; without this the signal would end
// recproc instead of letting the step reject the records it held. The child gets the default
// back (posix_spawnattr_setsigdefault) so that `exec head` behaves as in a shell.
void ignore_sigpipe_once() {
  static std::once_flag once;
  std::call_once(once, [] { ::signal(SIGPIPE, SIG_IGN); });
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    return "was killed by signal " + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
  }
  return "ended";
}

// Waits up to `grace` for `pid` to end; returns its status, or -1 if it still runs.
int wait_for(pid_t pid, std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (true) {
    int status = 0;
    const pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // not our child any more: nothing to reap
    if (std::chrono::steady_clock::now() >= deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace

LineChild::LineChild(std::vector<std::string> argv, std::chrono::milliseconds idle_timeout)
    : argv_(std::move(argv)), idle_timeout_(idle_timeout) {}

LineChild::~LineChild() { stop(/*kill_now=*/false); }

bool LineChild::start(std::string& error) {
  ignore_sigpipe_once();
  int in[2], out[2], err[2];
  // O_CLOEXEC: a child must not inherit another child's pipe ends, or it would never see the end
  // of its own input. dup2 in the spawn clears the flag on the three ends the child keeps.
  if (::pipe2(in, O_CLOEXEC) != 0) return error = ::strerror(errno), false;
  if (::pipe2(out, O_CLOEXEC) != 0) {
    error = ::strerror(errno);
    ::close(in[0]), ::close(in[1]);
    return false;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    error = ::strerror(errno);
    ::close(in[0]), ::close(in[1]), ::close(out[0]), ::close(out[1]);
    return false;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);

  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(in[0]), ::close(out[1]), ::close(err[1]);
  if (rc != 0) {
    ::close(in[1]), ::close(out[0]), ::close(err[0]);
    error = "cannot start " + argv_[0] + ": " + ::strerror(rc);
    return false;
  }
  pid_ = pid;
  to_child_ = in[1];
  from_child_ = out[0];
  errors_from_child_ = err[0];
  set_nonblocking(to_child_);
  set_nonblocking(from_child_);
  set_nonblocking(errors_from_child_);
  ++starts_;
  return true;
}

std::string LineChild::stop(bool kill_now) {
  if (pid_ < 0) return "ended";
  close_fd(to_child_);  // end of input: a well-behaved child exits now
  int status = -1;
  if (!kill_now) {
    // Keep draining its output so that a child flushing at exit is not blocked on a full pipe.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    char sink[4096];
    while (status < 0 && std::chrono::steady_clock::now() < deadline) {
      if (from_child_ >= 0 && ::read(from_child_, sink, sizeof sink) == 0) close_fd(from_child_);
      read_stderr();
      status = wait_for(pid_, std::chrono::milliseconds(20));
    }
    if (status < 0) {
      ::kill(pid_, SIGTERM);
      status = wait_for(pid_, std::chrono::seconds(1));
    }
  }
  if (status < 0) {
    ::kill(pid_, SIGKILL);
    status = wait_for(pid_, std::chrono::seconds(5));
  }
  read_stderr();
  if (!stderr_line_.empty()) {
    stderr_line_ += '\n';
    [[maybe_unused]] auto n = ::write(2, stderr_line_.data(), stderr_line_.size());
    stderr_line_.clear();
  }
  close_fd(from_child_);
  close_fd(errors_from_child_);
  pid_ = -1;
  return status < 0 ? "could not be stopped" : describe_status(status);
}

void LineChild::keep_stderr(std::string_view bytes) {
  stderr_tail_.append(bytes);
  if (stderr_tail_.size() > 2 * kStderrTailBytes) {
    stderr_tail_.erase(0, stderr_tail_.size() - kStderrTailBytes);
  }
}

// Passes the child's stderr through in whole lines, so lines from several children do not
// interleave mid-line.
void LineChild::read_stderr() {
  if (errors_from_child_ < 0) return;
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(errors_from_child_, buf, sizeof buf);
    if (n <= 0) {
      if (n == 0) close_fd(errors_from_child_);
      return;
    }
    keep_stderr(std::string_view(buf, static_cast<std::size_t>(n)));
    stderr_line_.append(buf, static_cast<std::size_t>(n));
    const std::size_t last = stderr_line_.rfind('\n');
    if (!pass_stderr_) {
      stderr_line_.clear();
    } else if (last != std::string::npos || stderr_line_.size() >= sizeof buf) {
      const std::size_t end = last == std::string::npos ? stderr_line_.size() : last + 1;
      [[maybe_unused]] auto w = ::write(2, stderr_line_.data(), end);
      stderr_line_.erase(0, end);
    }
  }
}

std::string LineChild::stderr_tail() const {
  std::string_view tail = stderr_tail_;
  if (tail.size() > kStderrTailBytes) {
    tail.remove_prefix(tail.size() - kStderrTailBytes);
    const std::size_t nl = tail.find('\n');
    if (nl != std::string_view::npos && nl + 1 < tail.size()) tail.remove_prefix(nl + 1);
  }
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r')) tail.remove_suffix(1);
  return std::string(tail);
}

ExchangeResult LineChild::exchange(std::string_view input, std::size_t n, std::string& answers,
                                   std::vector<std::size_t>& line_ends) {
  answers.clear();
  line_ends.clear();
  ExchangeResult result;
  stderr_tail_.clear();
  if (n == 0) return result;
  if (pid_ >= 0) {
    // Answers waiting before we asked anything belong to the last batch: it was given more
    // lines than it asked for. A child that ended after its last answer is simply started again.
    char probe[1];
    const ssize_t r = ::read(from_child_, probe, 1);
    if (r > 0) {
      stop(/*kill_now=*/true);
      result.failure = ExchangeFailure::kExtraOutput;
      result.what = "wrote more lines than it was given: the line protocol needs exactly one "
                    "answer line per input line";
      return result;
    }
    if (r == 0) stop(/*kill_now=*/false);
  }
  if (pid_ < 0) {
    std::string error;
    if (!start(error)) {
      result.failure = ExchangeFailure::kStartFailed;
      result.what = error;
      return result;
    }
  }
  auto fail = [&](ExchangeFailure failure, std::string what) {
    result.failure = failure;
    result.what = std::move(what);
    result.lines = std::min(line_ends.size(), n);
    line_ends.resize(result.lines);
    return result;
  };

  std::size_t written = 0;
  auto last_progress = std::chrono::steady_clock::now();
  while (line_ends.size() < n) {
    pollfd fds[3];
    nfds_t count = 0;
    const bool writing = to_child_ >= 0 && written < input.size();
    if (writing) fds[count++] = {to_child_, POLLOUT, 0};
    fds[count++] = {from_child_, POLLIN, 0};
    if (errors_from_child_ >= 0) fds[count++] = {errors_from_child_, POLLIN, 0};
    const auto idle = std::chrono::steady_clock::now() - last_progress;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(idle_timeout_ - idle);
    if (left.count() <= 0) {
      std::string what = "gave no answer for " + std::to_string(idle_timeout_.count() / 1000) +
                         " s (" + std::to_string(line_ends.size()) + " of " + std::to_string(n) +
                         " lines; is it waiting for more input, or not flushing its output?)";
      stop(/*kill_now=*/true);
      return fail(ExchangeFailure::kTimeout, std::move(what));
    }
    const int ready = ::poll(fds, count, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (ready < 0 && errno != EINTR) {
      std::string what = std::string("poll failed: ") + ::strerror(errno);
      stop(true);
      return fail(ExchangeFailure::kExited, std::move(what));
    }
    if (ready <= 0) continue;
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) continue;
      last_progress = std::chrono::steady_clock::now();
      if (fds[i].fd == to_child_) {
        const ssize_t w = ::write(to_child_, input.data() + written, input.size() - written);
        if (w > 0) {
          written += static_cast<std::size_t>(w);
        } else if (w < 0 && errno != EAGAIN && errno != EINTR) {
          close_fd(to_child_);  // it stopped reading (EPIPE); its answers tell the rest
        }
      } else if (fds[i].fd == from_child_) {
        const std::size_t old = answers.size();
        answers.resize(old + kReadBlock);
        const ssize_t r = ::read(from_child_, answers.data() + old, kReadBlock);
        answers.resize(old + static_cast<std::size_t>(std::max<ssize_t>(r, 0)));
        if (r == 0) {
          const std::size_t got = line_ends.size();
          std::string status = stop(/*kill_now=*/false);
          return fail(ExchangeFailure::kExited, status + " after answering " +
                                                    std::to_string(got) + " of " +
                                                    std::to_string(n) + " lines");
        }
        for (std::size_t p = old; p < answers.size();) {
          const void* nl = std::memchr(answers.data() + p, '\n', answers.size() - p);
          if (!nl) break;
          p = static_cast<std::size_t>(static_cast<const char*>(nl) - answers.data()) + 1;
          line_ends.push_back(p);
        }
      } else {
        read_stderr();
      }
    }
  }
  read_stderr();
  // One line per input line: anything after the n-th answer means the lines no longer match
  // the records, so none of this batch's answers can be trusted.
  const bool extra = line_ends.size() > n || answers.size() > line_ends[n - 1];
  if (extra) {
    stop(/*kill_now=*/true);
    result.failure = ExchangeFailure::kExtraOutput;
    result.what = "wrote more lines than it was given (" + std::to_string(n) +
                  "): the line protocol needs exactly one answer line per input line";
    result.lines = 0;
    line_ends.clear();
    return result;
  }
  result.lines = n;
  return result;
}

}  // namespace recproc::transform
