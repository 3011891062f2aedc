// Creating a Scheduler by its configured name (ClusterTemplate::scheduler).
#ifndef CORRAL_SCHEDULER_SCHEDULER_FACTORY_H_
#define CORRAL_SCHEDULER_SCHEDULER_FACTORY_H_

#include <memory>
#include <string>

#include "scheduler/scheduler.h"
#include "util/clock.h"

namespace corral {

// The scheduler named `name` ("sge" or "slurm"), or nullptr for a name no implementation answers to.
// `clock` paces the scheduler's waits (daemon start, drain, exit) and must outlive it; nullptr
// means real time (a SystemClock owned by the scheduler).
std::unique_ptr<Scheduler> NewScheduler(const std::string& name, Clock* clock = nullptr);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SCHEDULER_FACTORY_H_
