// Grid Engine (Son of Grid Engine 8.1.9 as packaged by Debian) as corral's default scheduler:
// qmaster on the master, execd on every execution host, all.q/@allhosts and the orte/smp/mpi
// parallel environments. Every command runs through Remote as root; see docs/schedulers.md.
#ifndef CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_
#define CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_

#include <memory>

#include "scheduler/scheduler.h"
#include "util/clock.h"

namespace corral {

// A Grid Engine scheduler; `clock` (nullptr: real time) paces its waits and must outlive it.
std::unique_ptr<Scheduler> NewSgeScheduler(Clock* clock);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SGE_SGE_SCHEDULER_H_
