#include "remote/ssh_remote.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <mutex>

#include "remote/ssh_errors.h"
#include "util/crypto.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

// sun_path holds 108 bytes with the NUL. ssh binds a master's socket first as
// "<ControlPath>.<16 random characters>" and renames it, so the path needs 17 more bytes than
// our name of it; our names are 16 hex digits after a slash.
constexpr size_t kMaxControlDirLength = 107 - 17 - 17;
// Keepalives every 15 s, given up after 4 missed: a master whose node vanished (terminated,
// network namespace deleted) dies within a minute instead of hanging its sessions.
constexpr const char* kServerAlive[] = {"ServerAliveInterval=15", "ServerAliveCountMax=4"};
// `ssh -O exit` talks only to the local master over its socket.
constexpr Duration kCloseTimeout = std::chrono::seconds(10);

long long WholeSeconds(Duration d) {
  return std::max<long long>(1, (d.count() + 999) / 1000);
}

// ssh expands %-tokens in file options and splits values on spaces unless quoted.
std::string ConfigValue(const std::string& value) {
  std::string v = ReplaceAll(value, "%", "%%");
  return v.find(' ') == std::string::npos ? v : "\"" + v + "\"";
}

// How scp and ssh name the host: IPv6 literals in brackets.
std::string ScpHost(const std::string& address) {
  return address.find(':') == std::string::npos ? address : "[" + address + "]";
}

// A local path scp would take for "host:path" gets a "./" prefix.
std::string ScpLocal(const std::string& path) {
  size_t colon = path.find(':');
  if (colon == std::string::npos || path[0] == '/') return path;
  size_t slash = path.find('/');
  return (slash != std::string::npos && slash < colon) ? path : "./" + path;
}

// Options shared by ssh and scp: identity, user, host key verification, timeouts, logging, and
// the control socket ("" for none).
std::vector<std::string> CommonOptions(const RemoteHost& host, bool batch, Duration connect_timeout,
                                       const std::string& control_path, Duration persist) {
  std::vector<std::string> a = {"-F", "/dev/null"};  // the same behaviour on every machine
  auto opt = [&a](const std::string& kv) {
    a.push_back("-o");
    a.push_back(kv);
  };
  opt("StrictHostKeyChecking=yes");
  opt("UserKnownHostsFile=" +
      ConfigValue(host.known_hosts_file.empty() ? "/dev/null" : host.known_hosts_file));
  opt("GlobalKnownHostsFile=/dev/null");
  if (!host.host_key_alias.empty()) opt("HostKeyAlias=" + host.host_key_alias);
  opt("UpdateHostKeys=no");
  opt(batch ? "BatchMode=yes" : "BatchMode=no");
  opt("IdentitiesOnly=yes");
  if (!host.identity_file.empty()) {
    a.push_back("-i");
    a.push_back(ReplaceAll(host.identity_file, "%", "%%"));
  }
  opt("User=" + host.user);
  opt("ConnectTimeout=" + std::to_string(WholeSeconds(connect_timeout)));
  for (const char* kv : kServerAlive) opt(kv);
  opt("LogLevel=ERROR");
  if (control_path.empty()) {
    opt("ControlMaster=no");
    opt("ControlPath=none");
  } else {
    opt("ControlMaster=auto");
    opt("ControlPath=" + ConfigValue(control_path));
    opt("ControlPersist=" + std::to_string(WholeSeconds(persist)) + "s");
  }
  return a;
}

std::vector<std::string> BuildSshArgv(const RemoteHost& host, const RunOptions& options,
                                      const std::string& command, Duration connect_timeout,
                                      const std::string& control_path, Duration persist) {
  std::vector<std::string> argv = {"ssh"};
  std::vector<std::string> common =
      CommonOptions(host, !options.interactive, connect_timeout, control_path, persist);
  argv.insert(argv.end(), common.begin(), common.end());
  argv.insert(argv.end(), {"-p", std::to_string(host.port)});
  argv.push_back(options.tty ? "-tt" : "-T");
  argv.push_back(options.forward_x11 ? "-Y" : "-x");
  argv.push_back(options.forward_agent ? "-A" : "-a");
  argv.push_back("--");  // nothing after this is an option, whatever the address or command
  argv.push_back(host.address);
  if (!command.empty()) argv.push_back(command);
  return argv;
}

// "echo hi" as a message quotes it, shortened: setup scripts can be long.
std::string QuoteCommand(const std::string& command) {
  std::string c = Trim(command);
  size_t nl = c.find('\n');
  if (nl != std::string::npos || c.size() > 60) c = c.substr(0, std::min<size_t>(nl, 60)) + "...";
  return "'" + c + "'";
}

Status CheckHost(const RemoteHost& host) {
  if (host.address.empty()) return InvalidArgument(host.alias + ": no address to connect to");
  if (host.known_hosts_file.empty()) {
    return InvalidArgument(host.alias + ": no known_hosts file to verify its host key with");
  }
  return Status::Ok();
}

// Creates `dir` 0700 if needed and checks nobody else can plant sockets in it.
Status EnsurePrivateDir(const std::string& dir) {
  if (dir.size() > kMaxControlDirLength) {
    return FailedPrecondition("ssh control socket directory '" + dir + "' is too long (at most " +
                              std::to_string(kMaxControlDirLength) + " characters)");
  }
  // Not MakeDirs for the directory itself: that would chmod an existing (maybe planted) one.
  std::string parent = dir.substr(0, dir.rfind('/'));
  if (!parent.empty() && !PathExists(parent)) RETURN_IF_ERROR(MakeDirs(parent, 0755));
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return ErrnoStatus("cannot create ssh control socket directory '" + dir + "'", errno);
  }
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) return ErrnoStatus("ssh control socket directory " + dir, errno);
  if (!S_ISDIR(st.st_mode) || st.st_uid != geteuid() || (st.st_mode & 077) != 0) {
    return FailedPrecondition("ssh control socket directory '" + dir +
                              "' is not private: it must be a directory owned by uid " +
                              std::to_string(geteuid()) + " with mode 0700");
  }
  return Status::Ok();
}

class SshRemote : public Remote {
 public:
  SshRemote(ProcessRunner* runner, const SshRemoteOptions& opts) : runner_(runner), opts_(opts) {
    if (opts_.control_dir.empty()) opts_.control_dir = DefaultSshControlDir({});
  }
  ~SshRemote() override { CloseConnections(); }

  Result<RemoteResult> Run(const RemoteHost& host, const std::string& command,
                           const RunOptions& options) override;
  Status Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
             const std::string& remote_path) override;
  Status Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
             const std::string& local_path) override;
  void CloseConnections() override;

 private:
  // The control socket for `host` ("" when not reusing connections), noted for CloseConnections.
  Result<std::string> ControlPathFor(const RemoteHost& host);
  Status Copy(const RemoteHost& host, std::vector<std::string> sources, const std::string& dest,
              const std::string& what);

  ProcessRunner* runner_;
  SshRemoteOptions opts_;
  std::mutex mu_;
  bool dir_ready_ = false;
  std::map<std::string, RemoteHost> masters_;  // control path -> a host it serves
};

Result<std::string> SshRemote::ControlPathFor(const RemoteHost& host) {
  if (!opts_.reuse_connections) return std::string();
  // Everything that decides what the connection is and how it was verified is in the name, so a
  // master is never reused for a different user, key, port or host key policy.
  std::string key = Join({host.user, host.address, std::to_string(host.port), host.host_key_alias,
                          host.known_hosts_file, host.identity_file},
                         std::string(1, '\0'));
  std::string path = opts_.control_dir + "/" + HexEncode(Sha256(key)).substr(0, 16);
  std::lock_guard<std::mutex> lock(mu_);
  if (!dir_ready_) {
    RETURN_IF_ERROR(EnsurePrivateDir(opts_.control_dir));
    dir_ready_ = true;
  }
  masters_.emplace(path, host);
  return path;
}

Result<RemoteResult> SshRemote::Run(const RemoteHost& host, const std::string& command,
                                    const RunOptions& options) {
  RETURN_IF_ERROR(CheckHost(host));
  std::string control;
  // A user's terminal session gets its own connection: closing corral's masters must not cut it.
  if (!options.interactive && !options.tty) {
    ASSIGN_OR_RETURN(control, ControlPathFor(host));
  }
  ProcessSpec spec;
  spec.argv = BuildSshArgv(host, options, command, opts_.connect_timeout, control,
                           opts_.control_persist);
  spec.stdin_data = options.stdin_data;
  spec.timeout = options.timeout;
  spec.inherit_stdio = options.interactive;
  Result<ProcessOutput> out = runner_->Run(spec);
  if (!out.ok()) return out.status().WithContext(host.alias);
  if (out->timed_out) {
    return DeadlineExceeded(host.alias + ": " + QuoteCommand(command) + " timed out after " +
                            std::to_string(WholeSeconds(*options.timeout)) + "s");
  }
  if (!options.interactive) RETURN_IF_ERROR(SshExitStatus(host, out->exit_code, out->err));
  RemoteResult r;
  r.exit_code = out->exit_code;
  r.out = std::move(out->out);
  r.err = std::move(out->err);
  return r;
}

Status SshRemote::Copy(const RemoteHost& host, std::vector<std::string> sources,
                       const std::string& dest, const std::string& what) {
  RETURN_IF_ERROR(CheckHost(host));
  ASSIGN_OR_RETURN(std::string control, ControlPathFor(host));
  ProcessSpec spec;
  spec.argv = {"scp", "-r", "-p"};
  std::vector<std::string> common =
      CommonOptions(host, true, opts_.connect_timeout, control, opts_.control_persist);
  spec.argv.insert(spec.argv.end(), common.begin(), common.end());
  spec.argv.insert(spec.argv.end(), {"-P", std::to_string(host.port), "--"});
  spec.argv.insert(spec.argv.end(), sources.begin(), sources.end());
  spec.argv.push_back(dest);
  Result<ProcessOutput> out = runner_->Run(spec);
  if (!out.ok()) return out.status().WithContext(host.alias);
  if (out->exit_code == 0 && !out->timed_out) return Status::Ok();
  RETURN_IF_ERROR(SshExitStatus(host, 255, out->err));  // scp's own exit codes vary
  std::string err = Trim(out->err);
  return Internal(host.alias + ": copying " + what + " failed" + (err.empty() ? "" : ": " + err));
}

Status SshRemote::Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
                      const std::string& remote_path) {
  std::vector<std::string> sources;
  for (const std::string& p : local_paths) sources.push_back(ScpLocal(p));
  return Copy(host, sources, ScpHost(host.address) + ":" + remote_path,
              Join(local_paths, " ") + " to " + remote_path);
}

Status SshRemote::Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
                      const std::string& local_path) {
  std::vector<std::string> sources;
  for (const std::string& p : remote_paths) sources.push_back(ScpHost(host.address) + ":" + p);
  return Copy(host, sources, ScpLocal(local_path),
              Join(remote_paths, " ") + " from the host to " + local_path);
}

void SshRemote::CloseConnections() {
  std::map<std::string, RemoteHost> masters;
  {
    std::lock_guard<std::mutex> lock(mu_);
    masters.swap(masters_);
  }
  for (const auto& [path, host] : masters) {
    if (!PathExists(path)) continue;  // never became a master, or already gone
    ProcessSpec spec;
    spec.argv = {"ssh"};
    std::vector<std::string> common =
        CommonOptions(host, true, opts_.connect_timeout, path, opts_.control_persist);
    spec.argv.insert(spec.argv.end(), common.begin(), common.end());
    spec.argv.insert(spec.argv.end(), {"-O", "exit", "--", host.address});
    spec.timeout = kCloseTimeout;
    runner_->Run(spec).status().IgnoreError();  // best effort: ControlPersist ends it anyway
  }
}

}  // namespace

std::string DefaultSshControlDir(const std::map<std::string, std::string>& env) {
  auto xdg = env.find("XDG_RUNTIME_DIR");
  if (xdg != env.end() && StartsWith(xdg->second, "/") &&
      xdg->second.size() + 11 <= kMaxControlDirLength) {
    return xdg->second + "/corral-ssh";
  }
  std::string uid = std::to_string(geteuid());
  return (geteuid() == 0 ? "/run/corral-ssh-" : "/tmp/corral-ssh-") + uid;
}

std::unique_ptr<Remote> NewSshRemote(ProcessRunner* runner, const SshRemoteOptions& opts) {
  return std::make_unique<SshRemote>(runner, opts);
}

std::vector<std::string> SshArgv(const RemoteHost& host, const RunOptions& options,
                                 const std::string& command) {
  return BuildSshArgv(host, options, command, SshRemoteOptions().connect_timeout, "", Duration(0));
}

Status WaitForSsh(Remote& remote, const RemoteHost& host, Clock& clock, Duration timeout) {
  // First retry soon (a node's sshd usually answers within a second of starting), then back off
  // to at most 5 s so a slow boot costs few attempts.
  const Duration kFirstDelay = std::chrono::milliseconds(250);
  const Duration kMaxDelay = std::chrono::seconds(5);
  const Duration kMaxAttempt = std::chrono::seconds(30);
  const TimePoint deadline = clock.Now() + timeout;
  Duration delay = kFirstDelay;
  Status last;
  for (;;) {
    Duration left = std::chrono::duration_cast<Duration>(deadline - clock.Now());
    RunOptions options;
    options.timeout = std::clamp(left, Duration(1000), kMaxAttempt);
    Result<RemoteResult> r = remote.Run(host, "true", options);
    if (r.ok() && r->exit_code == 0) return Status::Ok();
    if (r.ok()) {
      last = Unavailable("'true' exited with status " + std::to_string(r->exit_code));
    } else {
      last = r.status();
      if (!last.retryable() && last.code() != StatusCode::kDeadlineExceeded) return last;
    }
    if (clock.Now() + delay >= deadline) break;
    clock.SleepFor(delay);
    delay = std::min(delay * 2, kMaxDelay);
  }
  std::string why = last.message();
  if (StartsWith(why, host.alias + ": ")) why = why.substr(host.alias.size() + 2);
  return DeadlineExceeded(host.alias + ": no ssh connection within " +
                          std::to_string(WholeSeconds(timeout)) + "s; last error: " + why);
}

}  // namespace corral
