// Scheduler: installing, configuring and reading a batch scheduler on a cluster, over Remote.
// Implementations: Grid Engine (sge/) and Slurm (slurm/). All methods are idempotent: re-running
// after a failure, on `start -x` or `restart`, converges to the same configured cluster.
#ifndef CORRAL_SCHEDULER_SCHEDULER_H_
#define CORRAL_SCHEDULER_SCHEDULER_H_

#include <memory>
#include <string>

#include "cluster/cluster_info.h"
#include "remote/remote.h"
#include "scheduler/queue_snapshot.h"
#include "util/status.h"

namespace corral {

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  virtual std::string Name() const = 0;  // "sge" or "slurm"

  // Installs (when the image lacks it) and configures the scheduler on every node of `cluster`:
  // the master's daemons first, then every execution host.
  virtual Status Setup(const ClusterInfo& cluster, Remote& remote) = 0;
  // Makes `node` (already listed in cluster.nodes) an execution host. Constant work on the other
  // nodes, whatever the cluster's size.
  virtual Status AddNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote) = 0;
  // Stops scheduling onto `node` and removes it. Without `force`, fails (FailedPrecondition,
  // naming the jobs) if jobs still run there; with `force`, kills them first.
  virtual Status RemoveNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote,
                            bool force) = 0;
  // Stops the scheduler's daemons cleanly (before stop/terminate).
  virtual Status Shutdown(const ClusterInfo& cluster, Remote& remote) = 0;
  // Reads jobs and hosts, for loadbalance.
  virtual Result<QueueSnapshot> Snapshot(const ClusterInfo& cluster, Remote& remote) = 0;
};

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SCHEDULER_H_
