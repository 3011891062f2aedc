// LocalCloud: the `local` provider. Each instance is a node made of Linux namespaces on this
// machine (network namespace on a per-cluster bridge, its own hostname, mount, IPC and PID
// namespaces with corral-node-init as PID 1, its own sshd with a host key certified by the
// cluster's SSH CA). Nodes run the host's installed software. See docs/local-provider.md for
// what is private to a node and what a cluster shares.
//
// A cluster is a security group: instances launched into the same group share a bridge, a /24,
// /home, /etc/hosts and an SSH host CA. State lives in SQLite under `state_dir`; two corral
// processes may use the same state directory at once. Nodes keep running after corral exits.
// Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN). Thread-safe.
#ifndef CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_H_
#define CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_H_

#include <memory>
#include <string>

#include "cloud/cloud.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/process.h"
#include "util/status.h"

namespace corral {

// The default state directory when $CORRAL_STATE_DIR is unset.
inline constexpr const char kDefaultLocalStateDir[] = "/var/lib/corral/local";

struct LocalCloudOptions {
  // Absolute path; created if missing. The caller picks it: $CORRAL_STATE_DIR or
  // kDefaultLocalStateDir.
  std::string state_dir;
  ProcessRunner* runner = nullptr;  // ip, nsenter, unshare, ssh-keygen, sshd, umount
  Clock* clock = nullptr;
  Logger* log = nullptr;
  // Path of the corral-node-init binary (FindNodeInit() finds the one built beside corral).
  std::string node_init_path;
  // Skip the root check (unit tests that only exercise state, never nodes).
  bool skip_privilege_check = false;
};

// Opens (creating) the state directory and database. PermissionDenied without CAP_SYS_ADMIN and
// CAP_NET_ADMIN; InvalidArgument for a bad state directory or a missing node-init binary.
Result<std::unique_ptr<Cloud>> NewLocalCloud(const LocalCloudOptions& options);

// corral-node-init in the directory of the running executable (/proc/self/exe), where CMake
// builds it; NotFound (saying where it looked) when it is not there.
Result<std::string> FindNodeInit();

// Extra operations of the local provider, for tests and benchmarks (downcast the Cloud).
class LocalCloudExtras {
 public:
  virtual ~LocalCloudExtras() = default;
  // Host PID of the node's init, or 0 when the node is not running.
  virtual Result<long long> NodeInitPid(const std::string& instance_id) = 0;
  // The private key of the cluster's root key pair (root on every node accepts it).
  virtual Result<std::string> ClusterRootKeyPath(const std::string& instance_id) = 0;
};

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_LOCAL_CLOUD_H_
