// corral's policy: size growth by the queued work, count booting capacity, remove nodes only
// after they were idle for `idle_time` and are not needed by queued work.
//
// Growth: queued slots (every queue, pending jobs only; held and error jobs cannot run, jobs
// pinned to a host cannot use a new node) minus free slots of nodes that are up or booting,
// divided by the new node's slots, rounded up. Jobs larger than the cluster can ever grow are
// skipped. Removal: longest-idle first, never the master, never a busy or booting node, never
// below min_nodes, and only while the remaining free slots still cover the queued work.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "balance/decide_internal.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string Secs(double s) { return std::to_string(static_cast<long long>(std::floor(s))) + " s"; }

std::string Count(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

struct Demand {
  int jobs = 0;
  int slots = 0;
  int too_large = 0;  // jobs no cluster within max_nodes can run
  double oldest_submit = std::numeric_limits<double>::infinity();
};

Demand QueuedDemand(const QueueSnapshot& queue, const ClusterSnapshot& c, const Policy& p) {
  Demand d;
  long long reachable = std::numeric_limits<long long>::max();
  if (p.max_nodes > 0) {
    int missing = std::max(0, p.max_nodes - static_cast<int>(c.nodes.size()));
    reachable = static_cast<long long>(c.CapacitySlots()) +
                static_cast<long long>(missing) * c.NewNodeSlots();
  }
  for (const JobInfo& job : queue.jobs) {
    if (job.state != JobState::kPending || !job.requested_host.empty()) continue;
    if (job.slots > reachable) {
      d.too_large += job.tasks;
      continue;
    }
    d.jobs += job.tasks;
    d.slots += job.slots * job.tasks;
    d.oldest_submit = std::min(d.oldest_submit, job.submit_time);
  }
  return d;
}

// Adds nodes for the deficit; returns false when the queue is satisfied or growth is blocked.
void EvalGrow(const Demand& q, const ClusterSnapshot& c, const Policy& p, double now, Decision& d) {
  int per_node = c.NewNodeSlots();
  int deficit = q.slots - d.free_slots;
  int need = 0;
  std::string why;
  if (d.nodes < p.min_nodes) {
    need = p.min_nodes - d.nodes;
    why = "below min_nodes " + std::to_string(p.min_nodes);
  }
  if (deficit > 0) {
    double waited = now - q.oldest_submit;
    if (waited < p.wait_time) {
      d.next_review = std::min(d.next_review, q.oldest_submit + p.wait_time);
    } else {
      int for_queue = (deficit + per_node - 1) / per_node;
      if (for_queue > need) {
        need = for_queue;
        why = Count(q.slots, "queued slot", "queued slots") + " in " +
              Count(q.jobs, "job", "jobs") + ", " + std::to_string(d.free_slots) +
              " free (booting included)";
      }
    }
  }
  if (need == 0) return;
  if (p.add_nodes_per_iteration > 0) need = std::min(need, p.add_nodes_per_iteration);
  if (p.max_nodes > 0) need = std::min(need, p.max_nodes - d.nodes);
  if (need <= 0) {
    d.reason = "no change: " + why + ", but at max_nodes " + std::to_string(p.max_nodes);
    return;
  }
  d.add = need;
  d.add_slots = per_node;
  d.add_type = c.new_node_type;
  d.reason = "adding " + Count(need, "node", "nodes") + " (" + Count(per_node, "slot", "slots") +
             " each): " + why;
}

bool InLastIntervals(const NodeLoad& node, const Policy& p, double now, double& next) {
  if (p.billing_period <= 0) return true;
  double into = std::fmod(std::max(0.0, now - node.launch_time), p.billing_period);
  double window = p.billing_period - 2 * p.interval;
  if (into >= window) return true;
  next = std::min(next, now + (window - into));
  return false;
}

void EvalShrink(const Demand& q, const ClusterSnapshot& c, const Policy& p, double now,
                Decision& d) {
  std::vector<const NodeLoad*> idle;
  for (const NodeLoad& node : c.nodes) {
    if (node.is_master || node.booting || node.busy()) continue;
    if (now - node.idle_since < p.idle_time) {
      d.next_review = std::min(d.next_review, node.idle_since + p.idle_time);
      continue;
    }
    if (!InLastIntervals(node, p, now, d.next_review)) continue;
    idle.push_back(&node);
  }
  std::stable_sort(idle.begin(), idle.end(), [](const NodeLoad* a, const NodeLoad* b) {
    return a->idle_since < b->idle_since;
  });
  int surplus = d.free_slots - q.slots;
  int left = d.nodes;
  for (const NodeLoad* node : idle) {
    if (left <= p.min_nodes) break;
    if (q.slots > 0 && surplus < node->slots) continue;  // queued work still needs it
    d.remove.push_back(node->alias);
    surplus -= node->slots;
    --left;
  }
  if (d.remove.empty()) return;
  d.reason = "removing " + Join(d.remove, " ") + ": idle for at least " + Secs(p.idle_time);
}

}  // namespace

Decision DecideCorral(const QueueSnapshot& queue, const ClusterSnapshot& cluster,
                      const Policy& policy, double now, BalancerState& state) {
  Decision d;
  d.nodes = static_cast<int>(cluster.nodes.size());
  d.booting = cluster.CountBooting();
  Demand q = QueuedDemand(queue, cluster, policy);
  d.queued_jobs = q.jobs;
  d.queued_slots = q.slots;
  d.oldest_wait = q.jobs > 0 ? std::max(0.0, now - q.oldest_submit) : 0;
  d.free_slots = cluster.CapacitySlots() - cluster.UsedSlots();
  EvalGrow(q, cluster, policy, now, d);
  if (d.add == 0) EvalShrink(q, cluster, policy, now, d);
  if (!d.noop()) {
    state.last_change = now;
    d.next_review = now;
  } else if (d.reason.empty()) {
    d.reason = "no change: " + Count(d.nodes, "node", "nodes") + " (" + std::to_string(d.booting) +
               " booting), " + Count(q.slots, "queued slot", "queued slots") + ", " +
               std::to_string(d.free_slots) + " free";
  }
  if (q.too_large > 0) {
    d.reason += " (" + Count(q.too_large, "job", "jobs") + " larger than max_nodes allow skipped)";
  }
  return d;
}

}  // namespace corral
