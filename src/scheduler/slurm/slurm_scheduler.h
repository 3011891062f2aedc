// Slurm 22.05 (as Debian 12 packages it) as corral's second scheduler (SCHEDULER = slurm):
// slurmctld, slurmdbd and a private MariaDB on the master, slurmd on every node that runs jobs
// (the master too unless MASTER_IS_EXEC_HOST = False), munge with one key per cluster, configless
// slurm.conf. See slurm_scripts.h and docs/schedulers.md.
//
// Remote operations: Setup costs the master three commands plus polls and each worker two;
// AddNode costs the new node two and the master three plus polls; RemoveNode the leaving node
// one plus polls and the master three, whatever the cluster's size. Membership changes restart
// slurmctld (Slurm 22.05 reads node lists only at start); running jobs are unaffected.
#ifndef CORRAL_SCHEDULER_SLURM_SLURM_SCHEDULER_H_
#define CORRAL_SCHEDULER_SLURM_SLURM_SCHEDULER_H_

#include <memory>

#include "scheduler/scheduler.h"
#include "util/clock.h"

namespace corral {

// A Slurm scheduler; `clock` (nullptr: real time) paces its waits and must outlive it.
std::unique_ptr<Scheduler> NewSlurmScheduler(Clock* clock);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SLURM_SLURM_SCHEDULER_H_
