#include "util/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include "util/strings.h"

extern char** environ;

namespace corral {
namespace {

// Closes a descriptor if open and marks it closed.
void CloseFd(int& fd) {
  if (fd >= 0) {
    close(fd);
    fd = -1;
  }
}

// Everything the child needs is prepared before fork(): after fork() in a threaded program only
// async-signal-safe calls are allowed, so no allocation happens in the child.
struct ExecPlan {
  std::vector<std::string> env_storage;
  std::vector<char*> argv;
  std::vector<char*> envp;
};

ExecPlan MakePlan(const ProcessSpec& spec) {
  ExecPlan plan;
  for (char** e = environ; *e; ++e) {
    std::string entry(*e);
    std::string key = entry.substr(0, entry.find('='));
    if (!spec.env.count(key)) plan.env_storage.push_back(entry);
  }
  for (const auto& [k, v] : spec.env) plan.env_storage.push_back(k + "=" + v);
  for (std::string& e : plan.env_storage) plan.envp.push_back(e.data());
  plan.envp.push_back(nullptr);
  for (const std::string& a : spec.argv) plan.argv.push_back(const_cast<char*>(a.c_str()));
  plan.argv.push_back(nullptr);
  return plan;
}

[[noreturn]] void ExecChild(const ProcessSpec& spec, const ExecPlan& plan, int in_fd, int out_fd,
                            int err_fd) {
  if (spec.new_session) setsid();
  if (in_fd >= 0) dup2(in_fd, STDIN_FILENO);
  if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
  if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
  // Restore default signal dispositions the parent may have changed (SIGPIPE, SIGINT).
  signal(SIGPIPE, SIG_DFL);
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  execvpe(plan.argv[0], plan.argv.data(), plan.envp.data());
  // 127 as a shell would; the parent reports that the program could not be started.
  const char* prefix = "exec failed: ";
  const char* reason = strerror(errno);
  ssize_t ignored = write(STDERR_FILENO, prefix, strlen(prefix));
  ignored = write(STDERR_FILENO, reason, strlen(reason));
  (void)ignored;
  _exit(127);
}

}  // namespace

Result<ProcessOutput> SystemProcessRunner::Run(const ProcessSpec& spec) {
  if (spec.argv.empty()) return InvalidArgument("empty command");
  int in_pipe[2] = {-1, -1}, out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1};
  if (!spec.inherit_stdio) {
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0 ||
        pipe2(err_pipe, O_CLOEXEC) != 0) {
      return ErrnoStatus("pipe", errno);
    }
  }
  ExecPlan plan = MakePlan(spec);
  pid_t pid = fork();
  if (pid < 0) return ErrnoStatus("fork", errno);
  if (pid == 0) ExecChild(spec, plan, in_pipe[0], out_pipe[1], err_pipe[1]);

  CloseFd(in_pipe[0]);
  CloseFd(out_pipe[1]);
  CloseFd(err_pipe[1]);
  ProcessOutput result;
  const auto start = std::chrono::steady_clock::now();
  size_t written = 0;
  if (!spec.inherit_stdio && spec.stdin_data.empty()) CloseFd(in_pipe[1]);
  if (in_pipe[1] >= 0) fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
  while (out_pipe[0] >= 0 || err_pipe[0] >= 0 || in_pipe[1] >= 0) {
    pollfd fds[3];
    int n = 0;
    if (out_pipe[0] >= 0) fds[n++] = {out_pipe[0], POLLIN, 0};
    if (err_pipe[0] >= 0) fds[n++] = {err_pipe[0], POLLIN, 0};
    if (in_pipe[1] >= 0) fds[n++] = {in_pipe[1], POLLOUT, 0};
    int wait_ms = -1;
    if (spec.timeout) {
      auto left = *spec.timeout - std::chrono::duration_cast<Duration>(
                                      std::chrono::steady_clock::now() - start);
      if (left.count() <= 0) {
        kill(pid, SIGKILL);
        result.timed_out = true;
        break;
      }
      wait_ms = static_cast<int>(left.count());
    }
    int rc = poll(fds, n, wait_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) break;
    for (int i = 0; i < n; ++i) {
      if (!fds[i].revents) continue;
      if (fds[i].fd == in_pipe[1]) {
        ssize_t w = write(in_pipe[1], spec.stdin_data.data() + written,
                          spec.stdin_data.size() - written);
        if (w > 0) written += static_cast<size_t>(w);
        if (w < 0 && errno != EAGAIN) written = spec.stdin_data.size();
        if (written >= spec.stdin_data.size()) CloseFd(in_pipe[1]);
        continue;
      }
      char buf[65536];
      ssize_t r = read(fds[i].fd, buf, sizeof(buf));
      if (r > 0) {
        (fds[i].fd == out_pipe[0] ? result.out : result.err).append(buf, static_cast<size_t>(r));
      } else if (r == 0 || errno != EINTR) {
        if (fds[i].fd == out_pipe[0]) {
          CloseFd(out_pipe[0]);
        } else {
          CloseFd(err_pipe[0]);
        }
      }
    }
  }
  CloseFd(in_pipe[1]);
  CloseFd(out_pipe[0]);
  CloseFd(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  if (result.exit_code == 127 && StartsWith(result.err, "exec failed: ")) {
    return NotFound("cannot run '" + spec.argv[0] + "': " + Trim(result.err.substr(13)));
  }
  return result;
}

std::string DescribeCommand(const std::vector<std::string>& argv) {
  std::vector<std::string> quoted;
  for (const std::string& a : argv) quoted.push_back(ShellQuote(a));
  return Join(quoted, " ");
}

Result<ProcessOutput> RunChecked(ProcessRunner& runner, const ProcessSpec& spec) {
  ASSIGN_OR_RETURN(ProcessOutput out, runner.Run(spec));
  if (out.timed_out) {
    return DeadlineExceeded("'" + DescribeCommand(spec.argv) + "' timed out");
  }
  if (out.exit_code != 0) {
    std::string err = Trim(out.err);
    return Internal("'" + DescribeCommand(spec.argv) + "' failed with exit code " +
                    std::to_string(out.exit_code) + (err.empty() ? "" : ": " + err));
  }
  return out;
}

}  // namespace corral
