#include "cloud/local/node_process.h"

#include <dirent.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// The new mount API (Linux 5.2); glibc 2.36 has wrappers, but its <sys/mount.h> clashes with
// kernel headers on some systems, so call the system calls directly.
#ifndef SYS_open_tree
#define SYS_open_tree 428
#endif
#ifndef SYS_move_mount
#define SYS_move_mount 429
#endif
constexpr unsigned kOpenTreeClone = 1;        // OPEN_TREE_CLONE
constexpr unsigned kMoveMountEmptyPath = 4;   // MOVE_MOUNT_F_EMPTY_PATH

// Polling interval while waiting for a process to appear or go: short, because a node's init
// appears within milliseconds and exits within tens of milliseconds of SIGTERM.
constexpr Duration kPoll(20);

std::string ReadSmall(const std::string& path) {
  Result<std::string> r = ReadFile(path);
  return r.ok() ? *r : "";
}

}  // namespace

Result<ProcStat> ParseProcStat(const std::string& text) {
  size_t close = text.rfind(')');
  if (close == std::string::npos) return Internal("malformed /proc stat line");
  std::vector<std::string> f;
  for (const std::string& p : Split(Trim(text.substr(close + 1)), ' ')) {
    if (!p.empty()) f.push_back(p);
  }
  // After the name: state(3) ppid(4) ... starttime(22), i.e. index 0 and 1 and 19 here.
  if (f.size() < 20 || f[0].size() != 1) return Internal("malformed /proc stat line");
  ProcStat st;
  st.state = f[0][0];
  st.ppid = ParseInt(f[1]).value_or(0);
  st.start_ticks = ParseInt(f[19]).value_or(0);
  return st;
}

Result<ProcStat> ReadProcStat(long long pid) {
  if (pid <= 0) return NotFound("no process");
  Result<std::string> text = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  if (!text.ok()) return NotFound("process " + std::to_string(pid) + " does not exist");
  return ParseProcStat(*text);
}

std::string CurrentBootId() { return Trim(ReadSmall("/proc/sys/kernel/random/boot_id")); }

bool ProcessIsAlive(long long pid, long long start_ticks) {
  Result<ProcStat> st = ReadProcStat(pid);
  return st.ok() && st->state != 'Z' && st->state != 'X' && st->start_ticks == start_ticks;
}

Result<long long> WaitForNodeInit(long long launcher_pid, Clock& clock, Duration timeout) {
  const std::string children = "/proc/" + std::to_string(launcher_pid) + "/task/" +
                               std::to_string(launcher_pid) + "/children";
  TimePoint deadline = clock.Now() + timeout;
  for (;;) {
    std::string text = Trim(ReadSmall(children));
    if (!text.empty()) {
      std::optional<long long> pid = ParseInt(Split(text, ' ')[0]);
      if (pid) return *pid;
    }
    Result<ProcStat> st = ReadProcStat(launcher_pid);
    if (!st.ok() || st->state == 'Z') {
      return Internal("the node launcher (PID " + std::to_string(launcher_pid) +
                      ") exited before starting the node's init");
    }
    if (clock.Now() >= deadline) {
      return DeadlineExceeded("the node's init did not appear under launcher PID " +
                              std::to_string(launcher_pid));
    }
    clock.SleepFor(kPoll);
  }
}

Status StopNodeInits(const std::vector<NodeInit>& inits, Clock& clock, Duration grace) {
  auto alive = [&]() {
    std::vector<NodeInit> out;
    for (const NodeInit& n : inits) {
      if (ProcessIsAlive(n.pid, n.start_ticks)) out.push_back(n);
    }
    return out;
  };
  std::vector<NodeInit> left = alive();
  for (const NodeInit& n : left) kill(static_cast<pid_t>(n.pid), SIGTERM);
  TimePoint deadline = clock.Now() + grace;
  while (!(left = alive()).empty() && clock.Now() < deadline) clock.SleepFor(kPoll);
  for (const NodeInit& n : left) kill(static_cast<pid_t>(n.pid), SIGKILL);
  // Killing a PID namespace's init makes the kernel kill the rest; that takes milliseconds, but
  // a process in uninterruptible sleep can delay it.
  deadline = clock.Now() + Duration(5000);
  while (!(left = alive()).empty()) {
    if (clock.Now() >= deadline) {
      return DeadlineExceeded("PID " + std::to_string(left.front().pid) + " survived SIGKILL");
    }
    clock.SleepFor(kPoll);
  }
  return Status::Ok();
}

Result<long long> NodePssKiB(long long pid1) {
  char buf[256];
  std::string ns_path = "/proc/" + std::to_string(pid1) + "/ns/pid";
  ssize_t n = readlink(ns_path.c_str(), buf, sizeof(buf) - 1);
  if (n <= 0) return NotFound("process " + std::to_string(pid1) + " does not exist");
  std::string want(buf, static_cast<size_t>(n));
  DIR* dir = opendir("/proc");
  if (!dir) return ErrnoStatus("cannot list /proc", errno);
  long long total = 0;
  while (dirent* e = readdir(dir)) {
    if (!ParseInt(e->d_name)) continue;
    std::string base = std::string("/proc/") + e->d_name;
    n = readlink((base + "/ns/pid").c_str(), buf, sizeof(buf) - 1);
    if (n <= 0 || std::string(buf, static_cast<size_t>(n)) != want) continue;
    for (const std::string& line : Split(ReadSmall(base + "/smaps_rollup"), '\n')) {
      if (!StartsWith(line, "Pss:")) continue;
      std::string kib = Trim(line.substr(4));
      if (EndsWith(kib, "kB")) kib = Trim(kib.substr(0, kib.size() - 2));
      total += ParseInt(kib).value_or(0);
    }
  }
  closedir(dir);
  return total;
}

Status BindIntoNode(long long pid1, const std::string& source, const std::string& target) {
  // Everything the child needs is prepared here: after fork() only async-signal-safe calls.
  const std::string ns_path = "/proc/" + std::to_string(pid1) + "/ns/mnt";
  std::vector<std::string> prefixes;
  for (size_t i = 1; i <= target.size(); ++i) {
    if (i == target.size() || target[i] == '/') prefixes.push_back(target.substr(0, i));
  }
  int err_pipe[2];
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return ErrnoStatus("pipe", errno);
  pid_t child = fork();
  if (child < 0) return ErrnoStatus("fork", errno);
  if (child == 0) {
    int step = 1;
    int tree = static_cast<int>(syscall(SYS_open_tree, AT_FDCWD, source.c_str(),
                                        kOpenTreeClone | O_CLOEXEC));
    int ns = tree < 0 ? -1 : (step = 2, open(ns_path.c_str(), O_RDONLY | O_CLOEXEC));
    bool ok = ns >= 0 && (step = 3, setns(ns, CLONE_NEWNS) == 0);
    if (ok) {
      step = 4;
      for (const std::string& p : prefixes) mkdir(p.c_str(), 0755);
      ok = syscall(SYS_move_mount, tree, "", AT_FDCWD, target.c_str(), kMoveMountEmptyPath) == 0;
    }
    if (ok) _exit(0);
    int report[2] = {step, errno};
    ssize_t ignored = write(err_pipe[1], report, sizeof(report));
    (void)ignored;
    _exit(1);
  }
  close(err_pipe[1]);
  int report[2] = {0, 0};
  ssize_t got = read(err_pipe[0], report, sizeof(report));
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  static const char* const kSteps[] = {"", "open_tree", "open mount namespace", "setns",
                                       "move_mount"};
  int step = got == sizeof(report) && report[0] >= 1 && report[0] <= 4 ? report[0] : 0;
  return ErrnoStatus(std::string("cannot mount ") + source + " at " + target + " (" +
                         (step ? kSteps[step] : "child failed") + ")",
                     step ? report[1] : EIO);
}

bool HasLocalProviderCaps(const std::string& status_text) {
  for (const std::string& line : Split(status_text, '\n')) {
    if (!StartsWith(line, "CapEff:")) continue;
    unsigned long long caps = std::strtoull(Trim(line.substr(7)).c_str(), nullptr, 16);
    constexpr int kCapNetAdmin = 12, kCapSysAdmin = 21;
    return (caps >> kCapNetAdmin & 1) && (caps >> kCapSysAdmin & 1);
  }
  return false;
}

}  // namespace corral
