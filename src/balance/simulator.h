// The trace simulator behind `corral simulate`: replays jobs through Decide() (the same function
// the live loop uses) and a model of the batch scheduler, and accounts for what the cluster
// would have cost and how long jobs would have waited.
//
// Model (docs/elasticity.md explains it for users):
// - The cluster starts with min_nodes nodes up (the first is the master, an exec host that is
//   never removed), launched boot_time before the first submit.
// - The scheduler is first-fit in submit order, Grid Engine's default without reservation: on
//   every change it walks the queued jobs oldest first and starts each one whose slots fit in the
//   free slots of the nodes that are up, filling the oldest nodes first (a job may span nodes,
//   as with a $fill_up parallel environment); jobs behind a job that does not fit may start.
// - The balancer polls every policy.interval seconds on a fixed grid from the first submit. A
//   poll with nothing new is skipped when Decide's next_review says the answer cannot change,
//   which gives the same result as polling every interval (a test checks that), only faster.
// - A node added at t is billed from t, boots for boot_time, then takes jobs. A removed node
//   stops being billed at once. Billing is per second with a 60 s minimum per node run, or
//   hourly (each started hour counts whole).
// Simulate is pure and deterministic.
#ifndef CORRAL_BALANCE_SIMULATOR_H_
#define CORRAL_BALANCE_SIMULATOR_H_

#include <string>
#include <vector>

#include "balance/lower_bounds.h"
#include "balance/policy.h"
#include "balance/swf_reader.h"

namespace corral {

enum class Billing { kPerSecond, kHourly };

struct SimOptions {
  Policy policy;
  int slots_per_node = 1;
  double boot_time = 97;  // mean EC2 Linux request-to-SSH time (elastic-bounds.md A8)
  Billing billing = Billing::kPerSecond;
  bool record_timeline = false;
  bool poll_every_interval = false;  // for tests: never skip polls
};

// Jobs the simulator can replay, after the filters of elastic-bounds.md: runtime <= 0 or no
// processor count dropped; jobs larger than max_nodes * slots_per_node dropped and counted.
struct Workload {
  std::vector<WorkloadJob> jobs;  // sorted by submit time
  long long dropped_invalid = 0;
  long long dropped_too_large = 0;
};
Workload WorkloadFromSwf(const SwfTrace& trace, int slots_per_node, int max_nodes);

struct TimelinePoint {
  double time = 0;
  int nodes = 0;
  int booting = 0;
  int used_slots = 0;
  int queued_slots = 0;
};

struct SimResult {
  std::string policy;
  long long jobs = 0;       // jobs that started (and finished)
  long long unstarted = 0;  // jobs still queued when nothing could change any more
  // Node-seconds: billed = busy + boot + idle + rounding.
  double billed = 0;
  double busy = 0;      // up with at least one job
  double boot = 0;      // launched, not yet usable
  double idle = 0;      // up without a job
  double rounding = 0;  // billing minimum or whole hours beyond the node's life
  double master = 0;    // the master's share of `billed`
  LowerBounds bounds;
  double wait_mean = 0, wait_median = 0, wait_p95 = 0, wait_max = 0;
  double waited_share = 0;      // jobs that waited more than 0 s
  double waited_900_share = 0;  // jobs that waited more than 900 s
  double bounded_slowdown = 0;  // mean of max(1, (w + r) / max(r, 10 s))
  long long add_decisions = 0, nodes_added = 0, remove_decisions = 0, nodes_removed = 0;
  int peak_nodes = 0;
  long long polls = 0;  // Decide() calls
  double start = 0, end = 0;
  std::vector<TimelinePoint> timeline;
};

SimResult Simulate(const std::vector<WorkloadJob>& jobs, const SimOptions& options);

}  // namespace corral

#endif  // CORRAL_BALANCE_SIMULATOR_H_
