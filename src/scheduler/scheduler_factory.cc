#include "scheduler/scheduler_factory.h"

#include "scheduler/sge/sge_scheduler.h"

namespace corral {

std::unique_ptr<Scheduler> NewScheduler(const std::string& name, Clock* clock) {
  if (name == "sge") return NewSgeScheduler(clock);
  return nullptr;
}

}  // namespace corral
