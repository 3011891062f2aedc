// What the balancer sees of the cluster's machines at one moment: one NodeLoad per node the
// cloud knows about (booting or up), merged with what the scheduler reports about its host.
//
// The live loop builds it from the cloud's instances (alias, launch time, state) and the
// scheduler's hosts (slots, used slots) plus the job list (which hosts run jobs); the simulator
// builds it from its own node model. All times are seconds since the Unix epoch, like
// QueueSnapshot's.
#ifndef CORRAL_BALANCE_CLUSTER_SNAPSHOT_H_
#define CORRAL_BALANCE_CLUSTER_SNAPSHOT_H_

#include <string>
#include <vector>

#include "scheduler/queue_snapshot.h"

namespace corral {

struct NodeLoad {
  std::string alias;          // "master", "node001"
  std::string instance_type;  // "m5.large"; informational
  bool is_master = false;     // never removed by any policy
  int slots = 0;              // slots the scheduler may use on it (0 while booting and unknown)
  int used_slots = 0;         // slots held by running jobs
  double launch_time = 0;     // when the instance was launched (billing and uptime start here)
  bool booting = false;       // launched but not yet an exec host the scheduler can use
  double ready_time = 0;      // when it became usable (0 while booting)
  double idle_since = 0;      // when used_slots last became 0; meaningful only when idle
  bool busy() const { return used_slots > 0; }
};

struct ClusterSnapshot {
  std::vector<NodeLoad> nodes;  // every node, master included, in alias order
  // Slots a node added now will have once it is up (from the template's node instance type);
  // 0 means unknown, and policies then assume the slots of the largest non-master node.
  int new_node_slots = 0;
  std::string new_node_type;  // instance type to launch; informational

  int CountBooting() const;
  // Slots of nodes that are up plus the slots booting nodes will have (their `slots`, or
  // NewNodeSlots() when still 0).
  int CapacitySlots() const;
  int UsedSlots() const;
  // new_node_slots, or the slots of the largest non-master node, or of the master, or 1.
  int NewNodeSlots() const;
};

// Fills `booting`, `slots` and `used_slots` of the cluster's nodes from a queue snapshot: a node
// the scheduler does not list is booting; a listed one has the host's slots (0 when the host is
// down or disabled) and the larger of the host's used slots and the slots of running jobs on it
// (a job spread over n hosts counts slots/n, rounded up, on each). `ready_time` and `idle_since`
// are left to the caller, who keeps the history between polls.
void MergeSchedulerHosts(const QueueSnapshot& queue, ClusterSnapshot& cluster);

}  // namespace corral

#endif  // CORRAL_BALANCE_CLUSTER_SNAPSHOT_H_
