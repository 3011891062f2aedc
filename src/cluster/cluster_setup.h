// ClusterSetup: configures launched nodes over SSH into a batch cluster, as StarCluster's
// DefaultClusterSetup and SGE plugin did, but with constant work per node joining or leaving:
//   1. each node as soon as it answers SSH (not after the slowest): hostname, name resolution
//      (one line per node in /etc/hosts, added or removed in place: O(1) on existing nodes),
//      the cluster user with the uid of an existing /home/<user>, root's and the user's
//      passwordless SSH (one cluster key, host keys verified through the provider's pinned keys),
//      scratch space;
//   2. shared /home and [volume]s (the provider's own shared mounts on `local`; NFS from the
//      master elsewhere);
//   3. the scheduler (Scheduler::Setup), then plugins (plugins.h) in config order.
// Every step is idempotent: re-running on `start -x`, `restart` or after a failure converges.
#ifndef CORRAL_CLUSTER_CLUSTER_SETUP_H_
#define CORRAL_CLUSTER_CLUSTER_SETUP_H_

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "cluster/cluster_info.h"
#include "remote/remote.h"
#include "scheduler/scheduler.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/status.h"

namespace corral {

struct SetupHooks {
  // Runs the plugins' hook `hook` ("run", "on_add_node", ...) for `node` (empty for cluster-wide
  // hooks). May be empty.
  std::function<Status(const std::string& hook, const ClusterInfo&, const std::string& node)> plugins;
};

// Runs `script` as root on every node of `nodes`, at most `max_parallel` at once; the first
// failure names its node.
Status RunOnNodes(Remote& remote, const std::vector<const NodeInfo*>& nodes, const std::string& script,
                  size_t max_parallel = 10);

// The nodes of `cluster` that are not in `except`.
std::vector<const NodeInfo*> OtherNodes(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& except);

class ClusterSetup {
 public:
  // `scheduler` may be null (DISABLE_QUEUE). All pointers/references must outlive this object.
  ClusterSetup(Remote& remote, Clock& clock, Logger& log, Scheduler* scheduler, SetupHooks hooks = {});

  // Full setup of every node of `cluster`.
  Status SetupCluster(const ClusterInfo& cluster);
  // Configures the nodes `aliases` (already in cluster.nodes) and joins them to the scheduler.
  Status AddNodes(const ClusterInfo& cluster, const std::vector<std::string>& aliases);
  // Takes `aliases` out of the scheduler (draining first unless `force`), then out of name
  // resolution on the remaining nodes. `cluster` still lists them.
  Status RemoveNodes(const ClusterInfo& cluster, const std::vector<std::string>& aliases, bool force);
  // on_shutdown hooks, then the scheduler's daemons (before stop/terminate). Best effort.
  Status Shutdown(const ClusterInfo& cluster);

 private:
  Status SetupNodes(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& nodes);
  Status SetupNode(const ClusterInfo& cluster, const NodeInfo& node, const std::string& uid_gid);
  Result<std::string> ClusterUserIds(const ClusterInfo& cluster);
  Status ShareFilesystems(const ClusterInfo& cluster, const std::vector<const NodeInfo*>& nodes);

  Remote& remote_;
  Clock& clock_;
  Logger& log_;
  Scheduler* scheduler_;
  SetupHooks hooks_;
  std::mutex host_keys_mu_;
  std::map<std::string, std::string> host_keys_;  // alias -> known_hosts line (no shared /etc)
};

}  // namespace corral

#endif  // CORRAL_CLUSTER_CLUSTER_SETUP_H_
