// Cost lower bounds of elastic-cluster schedules (shared/reference/elastic-bounds.md §2):
// LB_any holds for every policy whatever waits it causes; LB_0 is the least cost of serving every
// job with zero wait (an oracle pre-booting nodes, cores pooled across nodes). Both are in
// node-seconds, for nodes of `slots_per_node` slots and a billed boot time of `boot_time`.
#ifndef CORRAL_BALANCE_LOWER_BOUNDS_H_
#define CORRAL_BALANCE_LOWER_BOUNDS_H_

#include <vector>

namespace corral {

struct WorkloadJob {
  double submit = 0;   // seconds
  double runtime = 0;  // seconds, > 0
  int slots = 1;       // > 0
};

struct LowerBounds {
  double work_node_seconds = 0;  // W / C
  double lb_any = 0;
  double lb_0 = 0;
  int peak_nodes = 0;  // max n(t) under zero wait
  double horizon = 0;  // last zero-wait end minus first submit
};

// `always_on` nodes (the master, min_nodes) run over the whole horizon: LB_any becomes
// max(W/C, always_on * T) + ceil(p_max/C) * B, and LB_0's first `always_on` layers are one run
// each. Jobs must have runtime > 0 and slots > 0.
LowerBounds ComputeLowerBounds(const std::vector<WorkloadJob>& jobs, int slots_per_node,
                               double boot_time, int always_on);

}  // namespace corral

#endif  // CORRAL_BALANCE_LOWER_BOUNDS_H_
