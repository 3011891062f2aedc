#include "balance/decide.h"

#include <gtest/gtest.h>

#include <chrono>

#include "util/clock.h"

namespace corral {
namespace {

using std::chrono::seconds;

class DecideTest : public ::testing::Test {
 protected:
  double Now() { return ToEpochSeconds(clock_.Now()); }
  void Advance(double s) {
    clock_.Advance(std::chrono::milliseconds(static_cast<long long>(s * 1000)));
  }

  // A node that has been up since `up_for` seconds ago with `used` of `slots` slots busy.
  NodeLoad Node(const std::string& alias, int slots, int used, double up_for) {
    NodeLoad n;
    n.alias = alias;
    n.is_master = alias == "master";
    n.slots = slots;
    n.used_slots = used;
    n.launch_time = Now() - up_for;
    n.ready_time = n.launch_time + 60;
    n.idle_since = used > 0 ? 0 : n.ready_time;
    return n;
  }
  NodeLoad Booting(const std::string& alias) {
    NodeLoad n;
    n.alias = alias;
    n.launch_time = Now();
    n.booting = true;
    return n;
  }
  void Queue(int slots, double waited, JobState state = JobState::kPending, int tasks = 1) {
    JobInfo j;
    j.id = std::to_string(queue_.jobs.size() + 1);
    j.state = state;
    j.slots = slots;
    j.tasks = tasks;
    j.submit_time = Now() - waited;
    queue_.jobs.push_back(j);
  }
  Decision Run(const Policy& p) { return Decide(queue_, cluster_, p, clock_.Now(), state_); }

  FakeClock clock_;
  QueueSnapshot queue_;
  ClusterSnapshot cluster_;
  BalancerState state_;
  Policy sc_ = DefaultPolicy(PolicyKind::kStarCluster);
  Policy corral_ = DefaultPolicy(PolicyKind::kCorral);
};

TEST_F(DecideTest, OneSlotJobOnFullEightSlotNodes) {
  cluster_.nodes = {Node("master", 8, 8, 7200), Node("node001", 8, 8, 7200)};
  Queue(1, 1000);
  Decision sc = Run(sc_);
  EXPECT_EQ(sc.add, 0);
  EXPECT_EQ(sc.reason,
            "no change: 1 queued slots > 0 available, oldest job waited 1000 s, but 1 / 8 slots "
            "per host rounds down to 0 nodes");
  Decision c = Run(corral_);
  EXPECT_EQ(c.add, 1);
  EXPECT_EQ(c.add_slots, 8);
  EXPECT_EQ(c.reason,
            "adding 1 node (8 slots each): 1 queued slot in 1 job, 0 free (booting "
            "included)");
}

TEST_F(DecideTest, MixedSlotsDoNotCrashAndCorralSizesByNewNodeType) {
  // A 2-slot master and 8-slot nodes: StarCluster raised "Number of slots not consistent".
  cluster_.nodes = {Node("master", 2, 2, 7200), Node("node001", 8, 8, 7200)};
  cluster_.new_node_slots = 8;
  Queue(4, 1000, JobState::kPending, 4);  // 16 slots
  Decision sc = Run(sc_);
  EXPECT_EQ(sc.add, 1);  // 16 // 2 = 8 nodes wanted, one per iteration
  EXPECT_EQ(sc.reason, "adding 1 node: 16 queued slots > 0 available, oldest job waited 1000 s");
  Decision c = Run(corral_);
  EXPECT_EQ(c.add, 2);
  EXPECT_EQ(c.reason,
            "adding 2 nodes (8 slots each): 16 queued slots in 4 jobs, 0 free (booting "
            "included)");
}

TEST_F(DecideTest, StarClusterWaitsForTheOldestJobThenBlocksWhileBooting) {
  cluster_.nodes = {Node("master", 1, 1, 7200)};
  Queue(1, 0);
  Queue(1, 0);
  Decision d = Run(sc_);
  EXPECT_EQ(d.reason, "no change: oldest job waited 0 s of 900 s");
  EXPECT_NEAR(d.next_review, Now() + 900, 0.01);
  Advance(900);
  EXPECT_EQ(Run(sc_).add, 0);  // must be strictly longer
  Advance(60);
  d = Run(sc_);
  EXPECT_EQ(d.add, 1);
  EXPECT_EQ(d.reason, "adding 1 node: 2 queued slots > 0 available, oldest job waited 960 s");
  cluster_.nodes.push_back(Booting("node001"));
  Advance(60);
  d = Run(sc_);
  EXPECT_EQ(d.reason, "waiting for all nodes to come up (1 booting)");
  // Up at this moment, and still busy: the stabilisation window starts when it came up.
  Advance(60);
  cluster_.nodes[1] = Node("node001", 1, 1, 120);
  cluster_.nodes[1].ready_time = Now();
  d = Run(sc_);
  EXPECT_EQ(d.reason, "no change: stabilizing for 180 s more");
  Advance(180);
  d = Run(sc_);
  EXPECT_EQ(d.add, 1);
}

TEST_F(DecideTest, StarClusterDropsWholeDaysOfWait) {
  cluster_.nodes = {Node("master", 1, 1, 7200)};
  Queue(1, 86400 + 100);
  Decision d = Run(sc_);
  EXPECT_EQ(d.add, 0);
  EXPECT_EQ(d.reason, "no change: oldest job waited 100 s of 900 s");
  EXPECT_EQ(Run(corral_).add, 1);
}

TEST_F(DecideTest, StarClusterIgnoresHeldJobsAndRemovesAtKillAfter) {
  cluster_.nodes = {Node("master", 1, 0, 7200 + 46 * 60), Node("node001", 1, 0, 44 * 60),
                    Node("node002", 1, 1, 46 * 60), Node("node003", 1, 0, 3600 + 50 * 60)};
  Queue(1, 5000, JobState::kHeld);
  Queue(1, 5000, JobState::kError);
  Decision d = Run(sc_);
  EXPECT_EQ(d.remove, std::vector<std::string>({"node003"}));
  EXPECT_EQ(d.reason, "removing node003: idle and at least 45 min past an hour of uptime");
  cluster_.nodes.pop_back();
  d = Run(sc_);
  EXPECT_TRUE(d.noop());  // stabilising after the removal
  Advance(60);
  d = Run(sc_);
  EXPECT_TRUE(d.noop());  // node001 is at 45 min now, but stabilisation lasts 180 s
  Advance(120);
  d = Run(sc_);
  EXPECT_EQ(d.remove, std::vector<std::string>({"node001"}));
}

TEST_F(DecideTest, StarClusterKeepsNodesWhileJobsQueue) {
  cluster_.nodes = {Node("master", 1, 1, 7200), Node("node001", 1, 0, 50 * 60)};
  Queue(2, 10);  // a 2-slot job that does not fit on the idle node
  EXPECT_TRUE(Run(sc_).remove.empty());
}

TEST_F(DecideTest, CorralCountsBootingCapacity) {
  cluster_.nodes = {Node("master", 8, 8, 7200), Booting("node001")};
  cluster_.new_node_slots = 8;
  Queue(1, 30, JobState::kPending, 8);
  Decision d = Run(corral_);
  EXPECT_EQ(d.add, 0);
  EXPECT_EQ(d.reason, "no change: 2 nodes (1 booting), 8 queued slots, 8 free");
  Queue(4, 30);
  d = Run(corral_);
  EXPECT_EQ(d.add, 1);
}

TEST_F(DecideTest, CorralCountsEveryQueueButNotHeldOrPinnedJobs) {
  cluster_.nodes = {Node("master", 4, 4, 7200)};
  cluster_.new_node_slots = 4;
  Queue(4, 10);
  queue_.jobs.back().queue = "long.q";
  Queue(4, 10, JobState::kHeld);
  Queue(4, 10);
  queue_.jobs.back().requested_host = "master";
  Decision d = Run(corral_);
  EXPECT_EQ(d.add, 1);
  EXPECT_EQ(d.queued_slots, 4);
}

TEST_F(DecideTest, CorralHonoursMaxAndMinNodes) {
  cluster_.nodes = {Node("master", 1, 1, 7200), Node("node001", 1, 1, 7200)};
  corral_.max_nodes = 3;
  Queue(1, 10, JobState::kPending, 5);
  Decision d = Run(corral_);
  EXPECT_EQ(d.add, 1);
  corral_.max_nodes = 2;
  d = Run(corral_);
  EXPECT_EQ(d.add, 0);
  EXPECT_EQ(d.reason,
            "no change: 5 queued slots in 5 jobs, 0 free (booting included), but at max_nodes 2");
  queue_.jobs.clear();
  cluster_.nodes = {Node("master", 1, 0, 7200), Node("node001", 1, 0, 7200)};
  corral_.min_nodes = 2;
  EXPECT_TRUE(Run(corral_).noop());
  corral_.min_nodes = 3;
  corral_.max_nodes = 0;
  d = Run(corral_);
  EXPECT_EQ(d.add, 1);
  EXPECT_EQ(d.reason, "adding 1 node (1 slot each): below min_nodes 3");
}

TEST_F(DecideTest, CorralRemovesNodesIdleLongEnoughOnly) {
  cluster_.nodes = {Node("master", 2, 0, 7200), Node("node001", 2, 0, 7200),
                    Node("node002", 2, 1, 7200), Node("node003", 2, 0, 7200)};
  cluster_.nodes[1].idle_since = Now() - 299;
  cluster_.nodes[3].idle_since = Now() - 400;
  Decision d = Run(corral_);
  EXPECT_EQ(d.remove, std::vector<std::string>({"node003"}));
  EXPECT_EQ(d.reason, "removing node003: idle for at least 300 s");
  cluster_.nodes.pop_back();
  d = Run(corral_);
  EXPECT_TRUE(d.noop());
  EXPECT_NEAR(d.next_review, Now() + 1, 0.01);
  Advance(1);
  EXPECT_EQ(Run(corral_).remove, std::vector<std::string>({"node001"}));
}

TEST_F(DecideTest, CorralKeepsIdleNodesQueuedWorkNeeds) {
  // A 4-slot job waits for node002 to finish; node001's idle slots are part of its place.
  cluster_.nodes = {Node("master", 2, 2, 7200), Node("node001", 2, 0, 7200),
                    Node("node002", 2, 2, 7200)};
  cluster_.nodes[1].idle_since = Now() - 1000;
  corral_.max_nodes = 3;
  Queue(4, 100);
  Decision d = Run(corral_);
  EXPECT_TRUE(d.noop());
}

TEST_F(DecideTest, CorralUnderHourlyBillingRemovesAtTheEndOfThePaidHour) {
  corral_.billing_period = 3600;
  cluster_.nodes = {Node("master", 1, 0, 7200), Node("node001", 1, 0, 1800)};
  cluster_.nodes[1].idle_since = Now() - 1000;
  Decision d = Run(corral_);
  EXPECT_TRUE(d.noop());
  EXPECT_NEAR(d.next_review, Now() + 1800 - 120, 0.01);
  Advance(1800 - 120);
  EXPECT_EQ(Run(corral_).remove, std::vector<std::string>({"node001"}));
}

TEST_F(DecideTest, CorralSkipsJobsLargerThanTheClusterCanGrow) {
  cluster_.nodes = {Node("master", 4, 0, 7200)};
  corral_.max_nodes = 2;
  cluster_.new_node_slots = 4;
  Queue(16, 100);
  Decision d = Run(corral_);
  EXPECT_EQ(d.add, 0);
  EXPECT_EQ(d.reason,
            "no change: 1 node (0 booting), 0 queued slots, 4 free (1 job larger than max_nodes "
            "allow skipped)");
}

TEST(PolicyTest, NamesDefaultsAndValidation) {
  Result<Policy> sc = PolicyByName("starcluster");
  ASSERT_TRUE(sc.ok());
  EXPECT_EQ(sc->interval, 60);
  EXPECT_EQ(sc->wait_time, 900);
  EXPECT_EQ(sc->add_nodes_per_iteration, 1);
  EXPECT_EQ(sc->stabilization_time, 180);
  EXPECT_EQ(sc->kill_after_minutes, 45);
  Result<Policy> bad = PolicyByName("fast");
  EXPECT_EQ(bad.status().message(), "unknown policy 'fast' (expected corral or starcluster)");
  Policy p = DefaultPolicy(PolicyKind::kCorral);
  p.min_nodes = 3;
  p.max_nodes = 2;
  EXPECT_EQ(ValidatePolicy(p).message(), "min_nodes (3) is greater than max_nodes (2)");
}

}  // namespace
}  // namespace corral
