// StarCluster 0.95.6's SGE balancer (starcluster-spec.md §5.3-5.5), reproduced rule for rule,
// except where the original crashed or mis-read its input:
// - mixed slot counts raised "Number of slots not consistent across cluster"; here the slots of
//   the first host that is up stand for every host, which is what the original read first;
// - "is working" was a substring test of the alias in queue names; here a node is working when
//   the scheduler reports used slots on it.
// Deliberately kept: integer-division growth (qw // slots_per_host), only `qw` jobs counted,
// the oldest queued job taken as the first in list order, its wait measured modulo a day
// (timedelta.seconds), blocking while added nodes boot, and removal only at kill_after minutes
// past a whole hour of uptime.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "balance/decide_internal.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr double kDay = 86400;  // timedelta.seconds wraps here

std::string Secs(double s) { return std::to_string(static_cast<long long>(std::floor(s))) + " s"; }

std::string Nodes(int n) { return std::to_string(n) + (n == 1 ? " node" : " nodes"); }

struct QueueStats {
  int jobs = 0;
  int slots = 0;
  bool any = false;
  double oldest_submit = 0;
};

QueueStats QueuedQw(const QueueSnapshot& queue) {
  QueueStats s;
  for (const JobInfo& job : queue.jobs) {
    if (job.state != JobState::kPending) continue;  // hqw and Eqw were ignored
    if (!s.any) s.oldest_submit = job.submit_time;  // the first qw job in list order
    s.any = true;
    s.jobs += job.tasks;
    s.slots += job.slots * job.tasks;
  }
  return s;
}

// Whole minutes past the last full hour of uptime, as the original computed it.
int MinutesPastHour(const NodeLoad& node, double now) {
  long long minutes =
      static_cast<long long>(std::floor(std::max(0.0, now - node.launch_time) / 60));
  return static_cast<int>(minutes % 60);
}

// When MinutesPastHour first reaches `kill_after` from now.
double NextKillWindow(const NodeLoad& node, double now, double kill_after) {
  double up_min = std::floor(std::max(0.0, now - node.launch_time) / 60);
  double past = std::fmod(up_min, 60);
  double target = std::ceil(kill_after);
  double add = past < target ? target - past : 60 - past + target;
  return node.launch_time + (up_min + add) * 60;
}

void EvalAdd(const QueueStats& q, const ClusterSnapshot& c, const Policy& p, double now,
             BalancerState& state, Decision& d) {
  int n = d.nodes;
  if (p.max_nodes > 0 && n >= p.max_nodes) {
    d.reason = "no change: " + Nodes(n) + ", at max_nodes";
    return;
  }
  if (!q.any && n >= p.min_nodes) {
    d.reason = "no change: " + Nodes(n) + ", no queued jobs";
    return;
  }
  int total = 0;
  int per_host = 0;
  for (const NodeLoad& node : c.nodes) {
    total += node.slots;
    if (per_host == 0) per_host = node.slots;
  }
  if (total > 0 && now - state.last_change < p.stabilization_time) {
    d.next_review = state.last_change + p.stabilization_time;
    d.reason = "no change: stabilizing for " +
               Secs(state.last_change + p.stabilization_time - now) + " more";
    return;
  }
  int avail = total - c.UsedSlots();
  d.free_slots = avail;
  double waited = std::max(0.0, now - q.oldest_submit);
  if (p.wait_drops_days) waited = std::fmod(waited, kDay);
  int need = 0;
  std::string why;
  if (n < p.min_nodes) {
    need = p.min_nodes - n;
    why = "below min_nodes " + std::to_string(p.min_nodes);
  } else if (total == 0) {
    need = 1;
    why = "no slots in the cluster";
  } else if (q.slots > avail && waited > p.wait_time) {
    need = per_host > 0 ? q.slots / per_host : 1;
    why = std::to_string(q.slots) + " queued slots > " + std::to_string(avail) +
          " available, oldest job waited " + Secs(waited);
  } else if (q.slots > avail) {
    // Becomes true once the oldest job's (day-wrapped) wait passes wait_time.
    d.next_review = now + (p.wait_time - waited) + 1e-3;
    d.reason = "no change: oldest job waited " + Secs(waited) + " of " + Secs(p.wait_time);
    return;
  } else {
    d.reason = "no change: " + std::to_string(q.slots) + " queued slots fit in " +
               std::to_string(avail) + " available";
    return;
  }
  if (need == 0) {
    d.reason = "no change: " + why + ", but " + std::to_string(q.slots) + " / " +
               std::to_string(per_host) + " slots per host rounds down to 0 nodes";
    return;
  }
  if (p.add_nodes_per_iteration > 0) need = std::min(need, p.add_nodes_per_iteration);
  if (p.max_nodes > 0) need = std::min(need, p.max_nodes - (n - d.booting));
  d.add = need;
  d.add_slots = per_host > 0 ? per_host : c.NewNodeSlots();
  d.add_type = c.new_node_type;
  d.reason = "adding " + Nodes(need) + ": " + why;
  state.last_change = now;
  state.awaiting_boot = true;
}

void EvalRemove(const QueueStats& q, const ClusterSnapshot& c, const Policy& p, double now,
                BalancerState& state, Decision& d) {
  if (q.any) return;
  if (now - state.last_change < p.stabilization_time) {
    d.next_review = std::min(d.next_review, state.last_change + p.stabilization_time);
    return;
  }
  int n = d.nodes;
  if (n <= p.min_nodes) return;
  size_t max_remove = static_cast<size_t>(n - p.min_nodes);
  for (const NodeLoad& node : c.nodes) {
    if (d.remove.size() >= max_remove) break;
    if (node.is_master || node.busy()) continue;
    if (MinutesPastHour(node, now) >= p.kill_after_minutes) {
      d.remove.push_back(node.alias);
    } else {
      d.next_review = std::min(d.next_review, NextKillWindow(node, now, p.kill_after_minutes));
    }
  }
  if (d.remove.empty()) return;
  d.reason = "removing " + Join(d.remove, " ") + ": idle and at least " +
             std::to_string(static_cast<int>(p.kill_after_minutes)) + " min past an hour of uptime";
  state.last_change = now;
}

}  // namespace

Decision DecideStarCluster(const QueueSnapshot& queue, const ClusterSnapshot& cluster,
                           const Policy& policy, double now, BalancerState& state) {
  Decision d;
  d.nodes = static_cast<int>(cluster.nodes.size());
  d.booting = cluster.CountBooting();
  QueueStats q = QueuedQw(queue);
  d.queued_jobs = q.jobs;
  d.queued_slots = q.slots;
  d.oldest_wait = q.any ? std::max(0.0, now - q.oldest_submit) : 0;
  if (d.booting > 0) {
    // The original's add_nodes() blocked until the nodes were up; the loop did nothing else.
    d.reason = "waiting for all nodes to come up (" + std::to_string(d.booting) + " booting)";
    return d;
  }
  if (state.awaiting_boot) {
    state.awaiting_boot = false;
    for (const NodeLoad& node : cluster.nodes) {
      state.last_change = std::max(state.last_change, std::min(node.ready_time, now));
    }
  }
  EvalAdd(q, cluster, policy, now, state, d);
  if (d.add == 0) EvalRemove(q, cluster, policy, now, state, d);
  if (!d.noop()) d.next_review = now;
  return d;
}

}  // namespace corral
