// Remote: run commands on and copy files to/from cluster nodes. The real implementation is
// SshRemote (system OpenSSH with connection reuse); tests use a recording fake; --dry-run prints.
//
// Host keys are always verified: a RemoteHost carries the known_hosts file (pinned keys or the
// provider's @cert-authority line) and never disables StrictHostKeyChecking.
#ifndef CORRAL_REMOTE_REMOTE_H_
#define CORRAL_REMOTE_REMOTE_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace corral {

struct RemoteHost {
  std::string alias;             // node name, for messages ("node001")
  std::string address;           // IP or DNS name to connect to
  int port = 22;
  std::string user = "root";
  std::string identity_file;     // private key
  std::string known_hosts_file;  // see above
  std::string host_key_alias;    // name checked against the host key/certificate
};

struct RemoteResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  bool success() const { return exit_code == 0; }
};

struct RunOptions {
  std::string stdin_data;
  std::optional<Duration> timeout;
  bool tty = false;           // allocate a terminal (interactive use)
  bool forward_x11 = false;   // ssh -Y
  bool forward_agent = false; // ssh -A
  bool interactive = false;   // attach our stdin/stdout/stderr (sshmaster without capture)
};

class Remote {
 public:
  virtual ~Remote() = default;
  // Runs `command` through the login user's shell on `host`. A non-zero exit status is reported in
  // the result, not as an error; errors mean the command could not be run (unreachable, auth).
  virtual Result<RemoteResult> Run(const RemoteHost& host, const std::string& command,
                                   const RunOptions& options = {}) = 0;
  // Copies local files/directories to `remote_path` on the host (recursive).
  virtual Status Put(const RemoteHost& host, const std::vector<std::string>& local_paths,
                     const std::string& remote_path) = 0;
  // Copies remote files/directories (globs allowed) to `local_path` (recursive).
  virtual Status Get(const RemoteHost& host, const std::vector<std::string>& remote_paths,
                     const std::string& local_path) = 0;
  // Releases connections kept open for reuse (SshRemote's control masters), so nothing lingers
  // after a command ends; later calls reconnect. Default: nothing to release.
  virtual void CloseConnections() {}
};

// Runs `command` and turns a non-zero exit into an error naming the host and stderr.
Result<RemoteResult> RunChecked(Remote& remote, const RemoteHost& host, const std::string& command,
                                const RunOptions& options = {});

}  // namespace corral

#endif  // CORRAL_REMOTE_REMOTE_H_
