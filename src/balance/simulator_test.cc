#include "balance/simulator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "testing/test_util.h"

namespace corral {
namespace {

SimOptions Options(PolicyKind kind, int slots, double boot) {
  SimOptions o;
  o.policy = DefaultPolicy(kind);
  o.slots_per_node = slots;
  o.boot_time = boot;
  return o;
}

TEST(SimulatorTest, CorralGrowsForQueuedJobsAndShrinksAfterIdleTime) {
  std::vector<WorkloadJob> jobs = {{0, 1000, 1}, {0, 1000, 1}, {0, 1000, 1}};
  SimResult r = Simulate(jobs, Options(PolicyKind::kCorral, 1, 100));
  EXPECT_EQ(r.jobs, 3);
  EXPECT_EQ(r.nodes_added, 2);
  EXPECT_EQ(r.add_decisions, 1);
  EXPECT_EQ(r.nodes_removed, 2);
  EXPECT_DOUBLE_EQ(r.wait_max, 100);  // the boot time
  EXPECT_DOUBLE_EQ(r.wait_median, 100);
  // Idle from 1100; the first poll at least 300 s later is at 1440.
  EXPECT_DOUBLE_EQ(r.end, 1440);
  EXPECT_DOUBLE_EQ(r.billed, (1440 + 100) + 2 * 1440);
  EXPECT_DOUBLE_EQ(r.busy, 3 * 1000);
  EXPECT_DOUBLE_EQ(r.boot, 3 * 100);
  EXPECT_DOUBLE_EQ(r.idle, r.billed - r.busy - r.boot);
  EXPECT_DOUBLE_EQ(r.rounding, 0);
}

TEST(SimulatorTest, StarClusterWaitsThenAddsOneNodeAtATime) {
  std::vector<WorkloadJob> jobs = {{0, 1000, 1}, {0, 1000, 1}, {0, 1000, 1}};
  SimResult r = Simulate(jobs, Options(PolicyKind::kStarCluster, 1, 100));
  EXPECT_EQ(r.jobs, 3);
  // First growth at the first poll after 900 s of waiting (960); the master frees at 1000.
  EXPECT_EQ(r.nodes_added, 1);
  EXPECT_DOUBLE_EQ(r.wait_max, 1060);
  // Idle node removed at 45 minutes past its first hour of uptime.
  EXPECT_DOUBLE_EQ(r.end, 960 + 45 * 60);
}

TEST(SimulatorTest, HourlyBillingRoundsEachNodeRunUp) {
  std::vector<WorkloadJob> jobs = {{0, 1000, 1}, {0, 1000, 1}};
  SimOptions o = Options(PolicyKind::kCorral, 1, 100);
  o.billing = Billing::kHourly;
  SimResult r = Simulate(jobs, o);
  EXPECT_DOUBLE_EQ(std::fmod(r.billed, 3600), 0);
  EXPECT_DOUBLE_EQ(r.billed, r.busy + r.boot + r.idle + r.rounding);
}

std::vector<WorkloadJob> Prefix(const std::string& trace, int slots, int max_nodes, size_t n) {
  Result<SwfTrace> t = ReadSwfFile(SharedDir() + "/traces/" + trace);
  EXPECT_TRUE(t.ok()) << t.status().message();
  if (!t.ok()) return {};
  Workload w = WorkloadFromSwf(*t, slots, max_nodes);
  w.jobs.resize(std::min(n, w.jobs.size()));
  return w.jobs;
}

// Skipping polls on Decide's next_review must not change any outcome.
TEST(SimulatorTest, SkippingQuietPollsMatchesPollingEveryInterval) {
  std::vector<WorkloadJob> jobs = Prefix("KTH-SP2-1996-2.1-cln.swf.gz", 1, 100, 1500);
  for (PolicyKind kind : {PolicyKind::kCorral, PolicyKind::kStarCluster}) {
    SimOptions o = Options(kind, 1, 97);
    o.policy.max_nodes = 100;
    SimResult fast = Simulate(jobs, o);
    o.poll_every_interval = true;
    SimResult slow = Simulate(jobs, o);
    EXPECT_LT(fast.polls, slow.polls);
    EXPECT_EQ(fast.billed, slow.billed) << PolicyName(kind);
    EXPECT_EQ(fast.wait_mean, slow.wait_mean) << PolicyName(kind);
    EXPECT_EQ(fast.nodes_added, slow.nodes_added) << PolicyName(kind);
    EXPECT_EQ(fast.end, slow.end) << PolicyName(kind);
  }
}

void ExpectCorralBeatsStarCluster(const std::vector<WorkloadJob>& jobs, int slots, int max_nodes) {
  SimOptions o = Options(PolicyKind::kCorral, slots, 97);
  o.policy.max_nodes = max_nodes;
  SimResult corral = Simulate(jobs, o);
  o.policy = DefaultPolicy(PolicyKind::kStarCluster);
  o.policy.max_nodes = max_nodes;
  SimResult sc = Simulate(jobs, o);
  EXPECT_EQ(corral.unstarted, 0);
  EXPECT_EQ(sc.unstarted, 0);
  EXPECT_LT(corral.billed, sc.billed);
  EXPECT_LT(corral.wait_p95, sc.wait_p95);
  EXPECT_GE(corral.billed, corral.bounds.lb_any);
}

TEST(SimulatorTest, CorralCostsLessAndWaitsLessOnKthPrefix) {
  ExpectCorralBeatsStarCluster(Prefix("KTH-SP2-1996-2.1-cln.swf.gz", 1, 100, 3000), 1, 100);
}

TEST(SimulatorTest, CorralCostsLessAndWaitsLessOnLanlPrefix) {
  ExpectCorralBeatsStarCluster(Prefix("LANL-CM5-1994-4.1-cln.swf.gz", 32, 64, 3000), 32, 64);
}

}  // namespace
}  // namespace corral
