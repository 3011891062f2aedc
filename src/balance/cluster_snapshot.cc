#include "balance/cluster_snapshot.h"

#include <algorithm>
#include <map>

namespace corral {

int ClusterSnapshot::CountBooting() const {
  int n = 0;
  for (const NodeLoad& node : nodes) n += node.booting ? 1 : 0;
  return n;
}

int ClusterSnapshot::CapacitySlots() const {
  int total = 0;
  for (const NodeLoad& node : nodes) {
    total += (node.booting && node.slots == 0) ? NewNodeSlots() : node.slots;
  }
  return total;
}

int ClusterSnapshot::UsedSlots() const {
  int total = 0;
  for (const NodeLoad& node : nodes) total += node.used_slots;
  return total;
}

int ClusterSnapshot::NewNodeSlots() const {
  if (new_node_slots > 0) return new_node_slots;
  int largest = 0;
  int master = 0;
  for (const NodeLoad& node : nodes) {
    if (node.is_master) {
      master = node.slots;
    } else {
      largest = std::max(largest, node.slots);
    }
  }
  if (largest > 0) return largest;
  return master > 0 ? master : 1;
}

void MergeSchedulerHosts(const QueueSnapshot& queue, ClusterSnapshot& cluster) {
  std::map<std::string, const HostInfo*> hosts;
  for (const HostInfo& h : queue.hosts) hosts[h.name] = &h;
  std::map<std::string, int> used;
  for (const JobInfo& job : queue.jobs) {
    if (job.state != JobState::kRunning || job.hosts.empty()) continue;
    int n = static_cast<int>(job.hosts.size());
    int share = (job.slots + n - 1) / n;
    for (const std::string& h : job.hosts) used[h] += share;
  }
  for (NodeLoad& node : cluster.nodes) {
    auto it = hosts.find(node.alias);
    if (it == hosts.end()) {
      node.booting = true;  // launched, not yet an exec host
      continue;
    }
    node.booting = false;
    node.slots = it->second->available ? it->second->slots : 0;  // down: no capacity
    auto u = used.find(node.alias);
    node.used_slots = std::max(it->second->used_slots, u == used.end() ? 0 : u->second);
  }
}

}  // namespace corral
