// SPDX-License-Identifier: Apache-2.0
#include "emulate/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace mcuforge::emulate {
namespace {

struct Running {
  pid_t pid = -1;
  int out_fd = -1, err_fd = -1;
  std::chrono::steady_clock::time_point deadline;
  ProcessResult result;
};

Running start(const std::vector<std::string>& argv, const std::string& cwd, double timeout_seconds) {
  if (argv.empty()) throw std::runtime_error("run_process: empty command");
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error("run_process: pipe failed");
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("run_process: fork failed");
  if (pid == 0) {
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(127);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  Running r;
  r.pid = pid;
  r.out_fd = out_pipe[0];
  r.err_fd = err_pipe[0];
  r.deadline = std::chrono::steady_clock::now() +
               std::chrono::milliseconds(static_cast<int64_t>(timeout_seconds * 1000.0));
  return r;
}

// Reads whatever is available; returns false once both pipes are closed.
bool pump(Running& r, int wait_ms) {
  pollfd fds[2];
  int n = 0;
  if (r.out_fd >= 0) fds[n++] = {r.out_fd, POLLIN, 0};
  if (r.err_fd >= 0) fds[n++] = {r.err_fd, POLLIN, 0};
  if (n == 0) return false;
  if (poll(fds, static_cast<nfds_t>(n), wait_ms) <= 0) return true;
  for (int i = 0; i < n; ++i) {
    if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
    char buf[65536];
    const ssize_t got = read(fds[i].fd, buf, sizeof(buf));
    std::string& dst = fds[i].fd == r.out_fd ? r.result.out : r.result.err;
    if (got > 0) {
      dst.append(buf, static_cast<size_t>(got));
    } else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
      int& fd = fds[i].fd == r.out_fd ? r.out_fd : r.err_fd;
      close(fd);
      fd = -1;
    }
  }
  return true;
}

void finish(Running& r) {
  int status = 0;
  while (waitpid(r.pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    r.result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    r.result.exit_code = 128 + WTERMSIG(status);
  }
}

void step(Running& r, int wait_ms) {
  if (std::chrono::steady_clock::now() > r.deadline && !r.result.timed_out) {
    r.result.timed_out = true;
    kill(r.pid, SIGKILL);
  }
  pump(r, wait_ms);
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd, double timeout_seconds) {
  Running r = start(argv, cwd, timeout_seconds);
  while (r.out_fd >= 0 || r.err_fd >= 0) step(r, 100);
  finish(r);
  return r.result;
}

std::vector<ProcessResult> run_processes(const std::vector<std::vector<std::string>>& commands,
                                         const std::string& cwd, int jobs) {
  std::vector<ProcessResult> results(commands.size());
  std::vector<std::pair<size_t, Running>> active;
  size_t next = 0;
  while (next < commands.size() || !active.empty()) {
    while (next < commands.size() && static_cast<int>(active.size()) < std::max(jobs, 1)) {
      active.emplace_back(next, start(commands[next], cwd, 600));
      ++next;
    }
    for (auto it = active.begin(); it != active.end();) {
      step(it->second, 20);
      if (it->second.out_fd < 0 && it->second.err_fd < 0) {
        finish(it->second);
        results[it->first] = std::move(it->second.result);
        it = active.erase(it);
      } else {
        ++it;
      }
    }
  }
  return results;
}

std::string find_in_path(const std::string& program) {
  namespace fs = std::filesystem;
  if (program.find('/') != std::string::npos) return access(program.c_str(), X_OK) == 0 ? program : "";
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    const std::string dir = p.substr(start, end - start);
    if (!dir.empty()) {
      const std::string cand = (fs::path(dir) / program).string();
      if (access(cand.c_str(), X_OK) == 0) return cand;
    }
    start = end + 1;
  }
  return "";
}

}  // namespace mcuforge::emulate
