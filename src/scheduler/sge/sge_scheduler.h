// Grid Engine (Son of Grid Engine 8.1.9 as packaged by Debian) as corral's default scheduler:
// qmaster on the master, execd on every execution host, all.q/@allhosts and the orte/smp/mpi
// parallel environments. Every command runs through Remote as root; see docs/schedulers.md.
//
// Remote operations: Setup costs the master a constant number of commands plus polls, and each
// worker two (prepare, start execd). AddNode costs the new node two and the master one plus
// polls, whatever the cluster's size; all exec hosts of a Setup are registered on the master in
// one batched command. Waits (qmaster answering, execds reporting load, daemons exiting) poll
// through the Clock and end with DeadlineExceeded.
#ifndef CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_
#define CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_

#include <memory>
#include <string>
#include <vector>

#include "cluster/cluster_info.h"
#include "scheduler/scheduler.h"
#include "util/clock.h"

namespace corral {

// Settings of the Grid Engine setup that StarCluster's SGE plugin had and the template does not
// carry yet. SgeOptionsFor is the one place that reads them from the template.
struct SgeOptions {
  bool master_is_exec_host = true;  // MASTER_IS_EXEC_HOST (StarCluster default: True)
  int slots_per_host = 0;           // SLOTS_PER_HOST; 0 = each host's core count (nproc)
};
SgeOptions SgeOptionsFor(const ClusterTemplate& settings);

// The nodes that run an execd, in cluster order: every worker, and the master when
// `master_is_exec_host`.
std::vector<const NodeInfo*> SgeExecNodes(const ClusterInfo& cluster, const SgeOptions& options);

// A Grid Engine scheduler; `clock` (nullptr: real time) paces its waits and must outlive it.
std::unique_ptr<Scheduler> NewSgeScheduler(Clock* clock);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_
