// Scaling policies: which rules Decide() applies, and their knobs. Every knob documents its
// default per policy; the CLI flags of `loadbalance` and `simulate` map onto these fields.
#ifndef CORRAL_BALANCE_POLICY_H_
#define CORRAL_BALANCE_POLICY_H_

#include <string>

#include "util/status.h"

namespace corral {

enum class PolicyKind {
  kCorral,       // demand-sized growth, non-blocking, idle-time removal (the default)
  kStarCluster,  // StarCluster 0.95.6's SGE balancer rules, minus its crashes
};

struct Policy {
  PolicyKind kind = PolicyKind::kCorral;
  // Seconds between two polls of the queue (StarCluster -i; 60 for both policies).
  double interval = 60;
  // Bounds on the number of nodes, master included (StarCluster -m/-n). max_nodes 0: no bound.
  int max_nodes = 0;
  int min_nodes = 1;
  // Nodes added per decision at most (StarCluster -a: 1; corral: 0, no limit).
  int add_nodes_per_iteration = 0;
  // Seconds the oldest queued job must have waited before the cluster grows (StarCluster -w:
  // 900; corral: 0, grow as soon as queued work does not fit).
  double wait_time = 0;
  // Seconds after the last change during which nothing is added or removed (StarCluster -s:
  // 180; corral: 0, it accounts for booting capacity instead).
  double stabilization_time = 0;
  // StarCluster -k: a node is removed only when its uptime is at least this many minutes past
  // a whole hour (45), for hourly billing.
  double kill_after_minutes = 45;
  // corral: seconds a node must have been idle before it is removed (300: per-second billing
  // makes keeping an idle node cost as much as it saves; ParallelCluster uses 600).
  double idle_time = 300;
  // corral: the cloud's billing period in seconds (0: per-second). With hourly billing (3600)
  // an idle node is removed only in the last two intervals of its paid hour, since leaving
  // earlier saves nothing.
  double billing_period = 0;
  // StarCluster measured the oldest job's wait with timedelta.seconds, which drops whole days;
  // its policy keeps that behaviour so the baseline is faithful.
  bool wait_drops_days = false;
};

// The policy of that kind with its defaults.
Policy DefaultPolicy(PolicyKind kind);
// "corral" or "starcluster" -> the default policy; anything else is InvalidArgument:
// "unknown policy 'x' (expected corral or starcluster)".
Result<Policy> PolicyByName(const std::string& name);
const char* PolicyName(PolicyKind kind);
// Checks the knobs: positive interval, 0 <= min_nodes <= max_nodes (when bounded), no negative
// times. Errors name the knob: "min_nodes (3) is greater than max_nodes (2)".
Status ValidatePolicy(const Policy& policy);

}  // namespace corral

#endif  // CORRAL_BALANCE_POLICY_H_
