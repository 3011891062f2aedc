// BalancerLoop: the live `loadbalance` loop. Every policy interval it reads the cluster's nodes
// (from the cloud) and the queue (from the scheduler) through a BalancerTarget, merges them with
// MergeSchedulerHosts, calls the same Decide() the simulator uses, carries the decision out
// through the target, and writes one JSON object per line to the decision log (no-ops included,
// with their reason).
//
// The loop keeps the history Decide needs between polls: when each node became usable
// (ready_time) and since when it has been idle (idle_since; a node first seen idle counts from
// that poll, so a restarted balancer never removes a node before a full idle time).
//
// Actuation is synchronous: Add() returns once the new nodes are exec hosts (launch, SSH,
// scheduler join), so a step that grows the cluster lasts one boot. Nothing else waits on it:
// the next poll starts one interval after the step ends, and the corral policy counts nodes that
// are launched but not yet exec hosts as booting capacity, so it never adds twice for the same
// demand.
//
// Failures: a failed read (cloud or scheduler) is logged as a JSON line with "error" and retried
// next interval; after 5 failed reads in a row Run() returns the last error (StarCluster's
// retry count). A failed Add/Remove is logged and the loop goes on: the next poll decides again
// from what actually exists.
#ifndef CORRAL_BALANCE_BALANCER_LOOP_H_
#define CORRAL_BALANCE_BALANCER_LOOP_H_

#include <atomic>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "balance/cluster_snapshot.h"
#include "balance/decide.h"
#include "balance/job_times.h"
#include "balance/policy.h"
#include "balance/simulator.h"
#include "scheduler/queue_snapshot.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/status.h"

namespace corral {

// The cluster as the loop sees and changes it. The CLI implements it with the cloud, the
// scheduler and the addnode/removenode workflows; tests with a fake.
class BalancerTarget {
 public:
  virtual ~BalancerTarget() = default;
  // Every node the cloud runs (or is starting) for the cluster: alias, instance_type, is_master,
  // launch_time; the rest is filled from the queue. new_node_slots/new_node_type when known.
  virtual Result<ClusterSnapshot> Nodes() = 0;
  virtual Result<QueueSnapshot> Queue() = 0;
  // Launches `n` workers of `instance_type` (empty: the cluster's) and joins them.
  virtual Status Add(int n, const std::string& instance_type) = 0;
  // Drains and removes these workers (never the master).
  virtual Status Remove(const std::vector<std::string>& aliases) = 0;
  // Jobs that started at or after `since` (epoch seconds) and have finished, from the scheduler's
  // accounting, for the stats CSV's averages. Unimplemented (the default) when the scheduler has
  // no accounting corral reads; the averages are then left empty.
  virtual Result<std::vector<FinishedJob>> FinishedJobs(double since);
};

struct BalancerLoopOptions {
  Policy policy;
  int max_iterations = 0;             // steps before Run() returns; 0: until stopped
  std::ostream* decisions = nullptr;  // JSON lines, one per step; null: none
  std::ostream* stats_csv = nullptr;  // StarCluster's stats CSV rows; null: none
  // The CSV's average job duration and wait are over the jobs that started in the last
  // `stats_window` seconds and have ended (StarCluster's -l look-back, 3 hours).
  double stats_window = 3 * 3600;
  bool record_timeline = false;  // keep TimelinePoints for plots
  // When set (with record_timeline), the plot of the timeline so far is rewritten atomically
  // (temp file + rename) after every step, so it can be watched while the balancer runs.
  std::string plot_path;
  std::string plot_title;
};

class BalancerLoop {
 public:
  // `target`, `clock` and `log` must outlive the loop.
  BalancerLoop(BalancerTarget& target, Clock& clock, Logger& log, BalancerLoopOptions options);

  // One poll: read, decide, act, log. Returns the decision taken, or the read error.
  Result<Decision> Step();
  // Steps, then waits one interval, until max_iterations steps were taken or `stop` becomes true
  // (checked between steps and every second of the wait; a step in progress is finished first).
  // Returns Ok when stopped or done; the read error after 5 failed reads in a row.
  Status Run(const std::atomic<bool>& stop);

  const std::vector<TimelinePoint>& timeline() const { return timeline_; }

 private:
  void UpdateHistory(ClusterSnapshot& cluster, double now);
  void WriteLog(double now, const Decision* d, const std::string& action_error,
                const std::string& read_error);
  void WriteStats(double now, const QueueSnapshot& q, const ClusterSnapshot& c);
  std::string JobAveragesColumns(double now);
  void WritePlot();

  BalancerTarget& target_;
  Clock& clock_;
  Logger& log_;
  BalancerLoopOptions o_;
  BalancerState state_;
  std::map<std::string, double> ready_;       // alias -> when first seen as an exec host
  std::map<std::string, double> idle_since_;  // alias -> since when idle (absent: busy)
  std::vector<TimelinePoint> timeline_;
};

// An exclusive, non-blocking flock(2) on `path` (created, with its directory, if missing), held
// until destruction. A second holder fails with FailedPrecondition:
// "another corral loadbalance is running for this cluster (lock <path> is held)".
class BalancerLock {
 public:
  static Result<BalancerLock> Acquire(const std::string& path);
  BalancerLock(BalancerLock&& other) noexcept;
  BalancerLock& operator=(BalancerLock&&) = delete;
  BalancerLock(const BalancerLock&) = delete;
  ~BalancerLock();

 private:
  explicit BalancerLock(int fd) : fd_(fd) {}
  int fd_ = -1;
};

}  // namespace corral

#endif  // CORRAL_BALANCE_BALANCER_LOOP_H_
