#include "balance/balancer_daemon.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "util/file_util.h"

namespace corral {
namespace {

Status Errno(const std::string& what) { return Internal(what + ": " + std::strerror(errno)); }

}  // namespace

long long ParseFlockHolder(std::string_view proc_locks, unsigned major, unsigned minor,
                           unsigned long long inode) {
  std::istringstream in{std::string(proc_locks)};
  std::string line;
  while (std::getline(in, line)) {
    // "N: FLOCK ADVISORY WRITE PID MAJ:MIN:INODE START END"; "N: -> ..." lines are waiters.
    std::istringstream f(line);
    std::string n, kind, mode, access, pid, file;
    if (!(f >> n >> kind >> mode >> access >> pid >> file) || kind != "FLOCK") continue;
    unsigned maj = 0, min = 0;
    unsigned long long ino = 0;
    if (std::sscanf(file.c_str(), "%x:%x:%llu", &maj, &min, &ino) != 3) continue;
    if (maj == major && min == minor && ino == inode) return std::atoll(pid.c_str());
  }
  return 0;
}

Result<long long> BalancerLockHolder(const std::string& lock_path) {
  struct stat st;
  if (stat(lock_path.c_str(), &st) != 0) {
    if (errno == ENOENT) return 0LL;
    return Errno("cannot stat " + lock_path);
  }
  ASSIGN_OR_RETURN(std::string locks, ReadFile("/proc/locks"));
  return ParseFlockHolder(locks, major(st.st_dev), minor(st.st_dev), st.st_ino);
}

Result<Detached> DetachBalancer(const std::string& output_path) {
  int out = open(output_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out < 0) return Errno("cannot write " + output_path);
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) {
    close(out);
    return Errno("pipe");
  }
  pid_t child = fork();
  if (child < 0) return Errno("fork");
  if (child == 0) {
    // First child: new session, then fork again so the daemon is no session leader and can
    // never regain a controlling terminal; this child exits at once and is reaped below.
    close(report[0]);
    if (setsid() < 0 || fork() != 0) _exit(0);
    int null = open("/dev/null", O_RDONLY);
    if (null >= 0) dup2(null, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    close(out);
    // The umask is kept: the daemon writes node files and configs that others must read.
    return Detached{.in_daemon = true, .report_fd = report[1]};
  }
  close(out);
  close(report[1]);
  waitpid(child, nullptr, 0);
  // The daemon writes "<pid>\n" then, on failure, its error message; EOF ends the report.
  std::string text;
  char buf[512];
  ssize_t n;
  while ((n = read(report[0], buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) text.append(buf, static_cast<size_t>(n));
  }
  close(report[0]);
  size_t nl = text.find('\n');
  if (nl == std::string::npos) {
    return Internal("the detached balancer exited before it started; see " + output_path);
  }
  long long pid = std::atoll(text.substr(0, nl).c_str());
  std::string error = text.substr(nl + 1);
  if (error.rfind("ok", 0) == 0) return Detached{.pid = pid};
  if (error.empty()) error = "the detached balancer exited before it started; see " + output_path;
  return FailedPrecondition(error);
}

void ReportStarted(int& report_fd, const Status& status) {
  if (report_fd < 0) return;
  std::string text = std::to_string(getpid()) + "\n" + (status.ok() ? "ok" : status.message());
  (void)!write(report_fd, text.data(), text.size());
  close(report_fd);
  report_fd = -1;
}

}  // namespace corral
