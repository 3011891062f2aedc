#include "balance/balancer_loop.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/file_util.h"

namespace corral {
namespace {

// A cluster of 1-slot nodes whose new nodes join at once; jobs are scripted by the test.
class FakeTarget : public BalancerTarget {
 public:
  explicit FakeTarget(Clock& clock) : clock_(clock) { AddNode("master"); }

  Result<ClusterSnapshot> Nodes() override {
    if (fail_reads) return Unavailable("ssh: connection refused");
    ClusterSnapshot c;
    for (const std::string& a : nodes) {
      NodeLoad n;
      n.alias = a;
      n.is_master = a == "master";
      n.launch_time = clock_.NowSeconds();
      c.nodes.push_back(n);
    }
    c.new_node_slots = 1;
    return c;
  }
  Result<QueueSnapshot> Queue() override {
    QueueSnapshot q;
    q.now = clock_.NowSeconds();
    if (stop_on_read) *stop_on_read = true;  // a signal arriving mid-step
    // Running jobs fill hosts in order; the rest wait.
    int running = 0;
    for (const std::string& a : nodes) {
      HostInfo h{.name = a, .slots = 1, .used_slots = running < jobs ? 1 : 0};
      q.hosts.push_back(h);
      if (running < jobs) {
        JobInfo j;
        j.id = std::to_string(running + 1);
        j.state = JobState::kRunning;
        j.hosts = {a};
        j.submit_time = submitted;
        q.jobs.push_back(j);
        ++running;
      }
    }
    for (int i = running; i < jobs; ++i) {
      JobInfo j;
      j.id = std::to_string(i + 1);
      j.state = JobState::kPending;
      j.submit_time = submitted;
      q.jobs.push_back(j);
    }
    return q;
  }
  Status Add(int n, const std::string&) override {
    adds.push_back(n);
    if (fail_adds) return Unavailable("launch refused");
    for (int i = 0; i < n; ++i, ++next) {
      AddNode((next < 10 ? "node00" : "node0") + std::to_string(next));
    }
    return Status::Ok();
  }
  Status Remove(const std::vector<std::string>& aliases) override {
    for (const std::string& a : aliases) {
      removed.push_back(a);
      nodes.erase(std::remove(nodes.begin(), nodes.end(), a), nodes.end());
    }
    return Status::Ok();
  }
  Result<std::vector<FinishedJob>> FinishedJobs(double since) override {
    if (!accounting) return BalancerTarget::FinishedJobs(since);
    finished_since.push_back(since);
    return finished;
  }
  void AddNode(const std::string& a) { nodes.push_back(a); }

  Clock& clock_;
  std::vector<std::string> nodes;
  int next = 1;
  int jobs = 0;
  double submitted = 0;
  bool fail_reads = false;
  bool fail_adds = false;
  std::atomic<bool>* stop_on_read = nullptr;
  std::vector<int> adds;
  std::vector<std::string> removed;
  bool accounting = false;
  std::vector<FinishedJob> finished;
  std::vector<double> finished_since;
};

class BalancerLoopTest : public ::testing::Test {
 protected:
  BalancerLoopTest() : target_(clock_), log_(&console_) {
    policy_.interval = 10;
    policy_.max_nodes = 4;
    policy_.min_nodes = 1;
    policy_.idle_time = 60;
  }
  BalancerLoop Loop(int iterations) {
    return BalancerLoop(target_, clock_, log_,
                        {.policy = policy_,
                         .max_iterations = iterations,
                         .decisions = &decisions_,
                         .stats_csv = &stats_});
  }
  void Submit(int n) {
    target_.jobs = n;
    target_.submitted = clock_.NowSeconds();
  }
  std::vector<nlohmann::json> LogLines() {
    std::vector<nlohmann::json> out;
    std::istringstream in(decisions_.str());
    std::string line;
    while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
    return out;
  }

  FakeClock clock_;
  FakeTarget target_;
  std::ostringstream console_, decisions_, stats_;
  Logger log_;
  Policy policy_ = DefaultPolicy(PolicyKind::kCorral);
  std::atomic<bool> stop_{false};
};

TEST_F(BalancerLoopTest, GrowsWhenJobsWaitUpToMaxNodes) {
  Submit(20);
  BalancerLoop loop = Loop(3);
  ASSERT_TRUE(loop.Run(stop_).ok());
  EXPECT_EQ(target_.adds, (std::vector<int>{3}));  // 19 slots wait, capped at 4 nodes
  EXPECT_EQ(target_.nodes.size(), 4u);
}

TEST_F(BalancerLoopTest, ShrinksAfterIdleTimeToMinNodes) {
  Submit(3);
  BalancerLoop loop = Loop(0);
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_EQ(target_.nodes.size(), 3u);
  target_.jobs = 0;  // work done: every node idle from the next poll
  ASSERT_TRUE(loop.Step().ok());
  clock_.Advance(std::chrono::seconds(30));
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_TRUE(target_.removed.empty());  // idle 30 s < 60 s
  clock_.Advance(std::chrono::seconds(31));
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_EQ(target_.nodes, (std::vector<std::string>{"master"}));
  clock_.Advance(std::chrono::seconds(600));
  Result<Decision> d = loop.Step();
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->noop());  // the master is never removed
}

TEST_F(BalancerLoopTest, HonoursMinNodes) {
  policy_.min_nodes = 2;
  Submit(0);
  BalancerLoop loop = Loop(0);
  target_.AddNode("node001");
  target_.AddNode("node002");
  target_.next = 3;
  ASSERT_TRUE(loop.Step().ok());
  clock_.Advance(std::chrono::seconds(3600));
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_EQ(target_.nodes.size(), 2u);
}

TEST_F(BalancerLoopTest, EveryStepLogsOneJsonLineWithAReason) {
  Submit(2);
  BalancerLoop loop = Loop(4);
  ASSERT_TRUE(loop.Run(stop_).ok());
  std::vector<nlohmann::json> lines = LogLines();
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["action"], "add");
  EXPECT_EQ(lines[0]["add"], 1);
  EXPECT_EQ(lines[0]["policy"], "corral");
  for (const nlohmann::json& l : lines) {
    EXPECT_TRUE(l["reason"].is_string());
    EXPECT_FALSE(l["reason"].get<std::string>().empty());
  }
  EXPECT_EQ(lines[1]["action"], "none");
  std::string csv = stats_.str();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 4);
}

TEST_F(BalancerLoopTest, StatsAverageFinishedJobsOfTheWindow) {
  Submit(0);
  clock_.Advance(std::chrono::seconds(10000));
  double now = clock_.NowSeconds();
  target_.accounting = true;
  target_.finished = {
      {.id = "1", .submit_time = now - 500, .start_time = now - 400, .end_time = now - 100},
      {.id = "2", .submit_time = now - 500, .start_time = now - 300, .end_time = now - 200}};
  BalancerLoop loop(target_, clock_, log_,
                    {.policy = policy_, .stats_csv = &stats_, .stats_window = 3600});
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_EQ(target_.finished_since, (std::vector<double>{now - 3600}));
  target_.finished.clear();  // nothing finished in the window: unknown, not 0
  ASSERT_TRUE(loop.Step().ok());
  std::string t = FormatIso8601(FromEpochSeconds(now));
  EXPECT_EQ(stats_.str(), t + ",1,0,0,1,200.0,150.0,0\n" + t + ",1,0,0,1,,,0\n");
}

TEST_F(BalancerLoopTest, StatsWithoutAccountingLeaveTheAveragesEmpty) {
  Submit(1);
  BalancerLoop loop = Loop(1);
  ASSERT_TRUE(loop.Step().ok());
  EXPECT_NE(stats_.str().find(",1,1,0,1,,,0\n"), std::string::npos) << stats_.str();
  EXPECT_EQ(console_.str().find("finished jobs"), std::string::npos) << console_.str();
}

TEST_F(BalancerLoopTest, PlotIsRewrittenAfterEveryStep) {
  TempDir dir;
  std::string plot = dir.Join("plots/loadbalance.svg");
  BalancerLoop loop(target_, clock_, log_,
                    {.policy = policy_,
                     .record_timeline = true,
                     .plot_path = plot,
                     .plot_title = "cluster demo"});
  Submit(0);
  ASSERT_TRUE(loop.Step().ok());
  Result<std::string> first = ReadFile(plot);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->rfind("<svg", 0), 0u);
  EXPECT_NE(first->find("cluster demo"), std::string::npos);
  Submit(3);
  clock_.Advance(std::chrono::seconds(10));
  ASSERT_TRUE(loop.Step().ok());  // grows to 3 nodes: the picture changes
  Result<std::string> second = ReadFile(plot);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*first, *second);
  EXPECT_EQ(loop.timeline().size(), 2u);
  // Written through a temporary file and a rename: nothing else is left in the directory.
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir.Join("plots"))) {
    files.push_back(e.path().filename().string());
  }
  EXPECT_EQ(files, (std::vector<std::string>{"loadbalance.svg"}));
}

TEST_F(BalancerLoopTest, StopsBeforeTheNextStepWhenAsked) {
  stop_ = true;
  BalancerLoop loop = Loop(0);
  ASSERT_TRUE(loop.Run(stop_).ok());
  EXPECT_TRUE(decisions_.str().empty());
}

TEST_F(BalancerLoopTest, FailedReadsAreLoggedThenFatalAfterFive) {
  target_.fail_reads = true;
  BalancerLoop loop = Loop(0);
  Status st = loop.Run(stop_);
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  std::vector<nlohmann::json> lines = LogLines();
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[0]["error"], "ssh: connection refused");
  EXPECT_EQ(lines[0]["reason"], "could not read the cluster: ssh: connection refused");
}

TEST_F(BalancerLoopTest, SignalDuringAStepFinishesItThenStops) {
  Submit(2);
  target_.stop_on_read = &stop_;
  BalancerLoop loop = Loop(0);
  ASSERT_TRUE(loop.Run(stop_).ok());
  EXPECT_EQ(target_.adds, (std::vector<int>{1}));  // the step's decision was carried out
  EXPECT_EQ(LogLines().size(), 1u);
}

TEST_F(BalancerLoopTest, FailedAddIsLoggedAndDecidedAgain) {
  Submit(2);
  target_.fail_adds = true;
  BalancerLoop loop = Loop(2);
  ASSERT_TRUE(loop.Run(stop_).ok());
  EXPECT_EQ(target_.adds, (std::vector<int>{1, 1}));
  std::vector<nlohmann::json> lines = LogLines();
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["action"], "add");
  EXPECT_EQ(lines[0]["error"], "launch refused");
}

TEST(BalancerLockTest, SecondHolderIsRefusedWithTheLockName) {
  TempDir dir;
  std::string path = dir.Join("locks/demo-balancer.lock");
  Result<BalancerLock> first = BalancerLock::Acquire(path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  Result<BalancerLock> second = BalancerLock::Acquire(path);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(),
            "another corral loadbalance is running for this cluster (lock " + path + " is held)");
}

}  // namespace
}  // namespace corral
