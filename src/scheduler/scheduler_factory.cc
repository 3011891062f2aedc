#include "scheduler/scheduler_factory.h"

#include "scheduler/sge/sge_scheduler.h"
#include "scheduler/slurm/slurm_scheduler.h"

namespace corral {

std::unique_ptr<Scheduler> NewScheduler(const std::string& name, Clock* clock) {
  if (name == "sge") return NewSgeScheduler(clock);
  if (name == "slurm") return NewSlurmScheduler(clock);
  return nullptr;
}

}  // namespace corral
