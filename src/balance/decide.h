// Decide(): the pure scaling decision shared by the live `loadbalance` loop and `simulate`.
//
// It reads one queue snapshot, one cluster snapshot and the policy, and returns what to do now
// (add N nodes, remove these aliases, or nothing) with a one-line reason. History-dependent rules
// (StarCluster's stabilisation window) keep their memory in BalancerState, which the caller owns
// and passes back unchanged on the next call; a fresh BalancerState means "just started".
// Decide never fails: inputs it cannot use (a job larger than the whole cluster can be) are
// skipped and mentioned in the reason.
#ifndef CORRAL_BALANCE_DECIDE_H_
#define CORRAL_BALANCE_DECIDE_H_

#include <limits>
#include <string>
#include <vector>

#include "balance/cluster_snapshot.h"
#include "balance/policy.h"
#include "scheduler/queue_snapshot.h"
#include "util/clock.h"

namespace corral {

struct BalancerState {
  // When the cluster last changed (nodes added and up, or removed); -inf: never.
  double last_change = -std::numeric_limits<double>::infinity();
  // StarCluster blocks until the nodes it added are up; it then counts the change from there.
  bool awaiting_boot = false;
};

struct Decision {
  int add = 0;                      // nodes to launch
  int add_slots = 0;                // slots each new node is expected to have
  std::string add_type;             // instance type to launch (ClusterSnapshot::new_node_type)
  std::vector<std::string> remove;  // aliases to remove (never the master, never a busy node)
  std::string reason;               // one line for the log and the user

  // What the decision was based on, for the JSON log and the simulator.
  int nodes = 0;  // nodes counted (master and booting included)
  int booting = 0;
  int queued_jobs = 0;  // jobs (array tasks counted) that could run once capacity exists
  int queued_slots = 0;
  int free_slots = 0;      // capacity (booting included for corral) minus used slots
  double oldest_wait = 0;  // seconds the oldest queued job has waited
  // The earliest time (epoch seconds) at which the same inputs could give another decision, for
  // callers that may skip polls while nothing happens (the simulator). +inf: only a change in
  // the inputs can. The live loop polls every interval and may ignore it.
  double next_review = std::numeric_limits<double>::infinity();

  bool noop() const { return add == 0 && remove.empty(); }
};

Decision Decide(const QueueSnapshot& queue, const ClusterSnapshot& cluster, const Policy& policy,
                TimePoint now, BalancerState& state);

// Epoch seconds <-> TimePoint, at the clock's resolution.
double ToEpochSeconds(TimePoint t);
TimePoint FromEpochSeconds(double seconds);

}  // namespace corral

#endif  // CORRAL_BALANCE_DECIDE_H_
