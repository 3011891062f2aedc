// SshRemote: the Remote implementation on the system OpenSSH client (ssh(1), scp(1)), run through
// the ProcessRunner seam. See docs/remote.md for why OpenSSH and how host keys are verified.
//
// Every connection verifies the host key: StrictHostKeyChecking=yes against the host's own
// known_hosts file only (the provider's `@cert-authority` line or keys learned at launch), never
// the user's or the system's. Nothing in this file can turn that off.
//
// Connections are reused: the first Run on a host starts an OpenSSH control master (a private
// socket per host under a 0700 directory); later Run/Put/Get on that host ride on it, so a setup
// step costs one round trip, not a TCP + key exchange + authentication. CloseConnections() (also
// called by the destructor) stops the masters with `ssh -O exit`, so a corral command leaves none
// behind.
#ifndef CORRAL_REMOTE_SSH_REMOTE_H_
#define CORRAL_REMOTE_SSH_REMOTE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "remote/remote.h"
#include "util/clock.h"
#include "util/process.h"
#include "util/status.h"

namespace corral {

struct SshRemoteOptions {
  // Directory for control sockets; created 0700 if missing, refused if another user owns it or
  // others can write to it. Empty: DefaultSshControlDir of the process environment.
  std::string control_dir;
  // Reuse one connection per host (ControlMaster). Off: every call opens its own connection.
  bool reuse_connections = true;
  // How long an idle master outlives its last session if CloseConnections is never called (a
  // crashed corral): short, so nothing lingers, but longer than the gaps between setup steps.
  Duration control_persist = std::chrono::minutes(3);
  // TCP connect + SSH banner timeout per attempt (ssh's ConnectTimeout, whole seconds).
  Duration connect_timeout = std::chrono::seconds(10);
};

// Where control sockets go by default: $XDG_RUNTIME_DIR/corral-ssh when set (and short enough for
// the 108-byte socket path limit), else /run/corral-ssh-<uid> for root, else
// /tmp/corral-ssh-<uid>. `env` is the environment to read (a CliContext's env).
std::string DefaultSshControlDir(const std::map<std::string, std::string>& env);

// The SSH Remote. `runner` must outlive it. Thread-safe: Run/Put/Get may be called from many
// threads at once (FanOut), for the same or different hosts.
//
// Errors: a connection or authentication failure (ssh exits 255 and says why) is Unavailable and
// retryable, naming the host alias and ssh's message; a host key that does not verify is
// Unauthenticated and not retryable; a timeout is DeadlineExceeded. A remote command's own
// non-zero exit status is a RemoteResult, not an error.
std::unique_ptr<Remote> NewSshRemote(ProcessRunner* runner, const SshRemoteOptions& opts = {});

// The argv of an ssh(1) call running `command` (empty: a login shell) on `host` with `options`'s
// flags (tty -tt, forward_x11 -Y, forward_agent -A), the same host key verification as SshRemote,
// and its own connection (no control master, so a user's session never depends on corral's).
// BatchMode is off only when options.interactive is set (a user at a terminal may answer a
// prompt). For `sshmaster`/`sshnode`, which run it with inherited stdio.
std::vector<std::string> SshArgv(const RemoteHost& host, const RunOptions& options,
                                 const std::string& command);

// Polls `true` on `host` until it succeeds or `timeout` passes, waiting through `clock` with a
// short capped backoff between attempts. Stops at once on an error that retrying cannot fix (host
// key not verified). DeadlineExceeded names the host and the last error.
Status WaitForSsh(Remote& remote, const RemoteHost& host, Clock& clock, Duration timeout);

}  // namespace corral

#endif  // CORRAL_REMOTE_SSH_REMOTE_H_
