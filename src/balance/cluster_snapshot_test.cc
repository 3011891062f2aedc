#include "balance/cluster_snapshot.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(ClusterSnapshotTest, MergesSchedulerHostsAndRunningJobs) {
  QueueSnapshot q;
  q.hosts = {{.name = "master", .slots = 4, .used_slots = 1},
             {.name = "node001", .slots = 8, .used_slots = 0},
             {.name = "node002", .slots = 8, .available = false}};
  JobInfo mpi;
  mpi.state = JobState::kRunning;
  mpi.slots = 6;
  mpi.hosts = {"node001", "master"};
  q.jobs = {mpi};
  ClusterSnapshot c;
  for (const char* alias : {"master", "node001", "node002", "node003"}) {
    NodeLoad n;
    n.alias = alias;
    n.is_master = n.alias == "master";
    c.nodes.push_back(n);
  }
  MergeSchedulerHosts(q, c);
  EXPECT_EQ(c.nodes[0].used_slots, 3);
  EXPECT_EQ(c.nodes[1].used_slots, 3);
  EXPECT_EQ(c.nodes[1].slots, 8);
  EXPECT_FALSE(c.nodes[2].booting);
  EXPECT_EQ(c.nodes[2].slots, 0);
  EXPECT_TRUE(c.nodes[3].booting);
  EXPECT_EQ(c.CountBooting(), 1);
  EXPECT_EQ(c.NewNodeSlots(), 8);
  EXPECT_EQ(c.CapacitySlots(), 4 + 8 + 0 + 8);  // the booting node counts as a new node
  EXPECT_EQ(c.UsedSlots(), 6);
}

}  // namespace
}  // namespace corral
