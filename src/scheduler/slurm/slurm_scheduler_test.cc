#include "scheduler/slurm/slurm_scheduler.h"

#include <gtest/gtest.h>

#include <set>

#include "scheduler/slurm/slurm_conf.h"
#include "testing/fake_remote.h"
#include "testing/test_util.h"
#include "util/strings.h"

namespace corral {
namespace {

ClusterInfo MakeCluster(int workers) {
  ClusterInfo c;
  c.tag = "demo";
  c.provider = "local";
  c.settings.cluster_user = "sgeuser";
  for (int i = 0; i <= workers; ++i) {
    NodeInfo n;
    std::string num = std::to_string(i);
    n.alias = i == 0 ? "master" : "node" + std::string(3 - num.size(), '0') + num;
    n.is_master = i == 0;
    n.private_ip = "10.0.0." + std::to_string(10 + i);
    n.instance_type = "m5.large";
    n.ssh.alias = n.alias;
    n.ssh.address = n.private_ip;
    c.nodes.push_back(n);
  }
  return c;
}

// Healthy nodes: 2 CPUs, 1900 MB, sinfo answers `states` (every node idle); `conf` is what the
// master's slurm.conf holds (the controller script's text is remembered).
struct FakeSlurm {
  FakeRemote remote;
  FakeClock clock;
  std::string conf;
  std::vector<std::string> jobs_on_node;  // what a drain reports
  std::string states;

  FakeSlurm() {
    remote.OnReply("master", "corral-slurm master-prepare", 0,
                   "cpus=2\nmemory_mb=1900\nmunge_key=S0VZ\n");
    remote.OnReply("*", "corral-slurm node-prepare", 0, "cpus=2\nmemory_mb=1900\n");
    remote.On("master", "corral-slurm controller", [this](const RemoteHost&, const std::string& c) {
      size_t a = c.find("ClusterName=");
      size_t b = c.find("CORRAL_EOF", a);
      conf = c.substr(a, b - a);
      RemoteResult r;
      r.exit_code = 0;
      return Result<RemoteResult>(r);
    });
    remote.On("master", "corral-slurm read-conf", [this](const RemoteHost&, const std::string&) {
      RemoteResult r;
      r.exit_code = 0;
      r.out = conf;
      return Result<RemoteResult>(r);
    });
    remote.OnReply("master", "corral-slurm munge-key", 0, "S0VZ\n");
    remote.On("master", "corral-slurm drain", [this](const RemoteHost&, const std::string&) {
      RemoteResult r;
      r.exit_code = 0;
      r.out = Join(jobs_on_node, "\n");
      return Result<RemoteResult>(r);
    });
    for (int i = 0; i < 40; ++i) {
      std::string num = std::to_string(i);
      states += (i == 0 ? "master" : "node" + std::string(3 - num.size(), '0') + num) + " idle\n";
    }
    remote.On("master", "corral-slurm node-states", [this](const RemoteHost&, const std::string&) {
      RemoteResult r;
      r.exit_code = 0;
      r.out = states;
      return Result<RemoteResult>(r);
    });
    remote.OnReply("*", "corral check", 0, "stopped\n");
  }

  int CountOn(const std::string& host, const std::string& step) const {
    int n = 0;
    for (const std::string& c : remote.CommandsOn(host)) n += c.find(step) != std::string::npos;
    return n;
  }
};

TEST(SlurmSchedulerTest, SetupWritesEveryNodeAndSendsTheKeyOnStdin) {
  ClusterInfo cluster = MakeCluster(2);
  FakeSlurm fake;
  std::unique_ptr<Scheduler> slurm = NewSlurmScheduler(&fake.clock);
  ASSERT_OK(slurm->Setup(cluster, fake.remote));
  Result<std::vector<SlurmNode>> nodes = ParseSlurmConfNodes(fake.conf);
  ASSERT_OK(nodes);
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[0].name, "master");
  EXPECT_EQ((*nodes)[2].addr, "10.0.0.12");
  EXPECT_EQ((*nodes)[2].memory_mb, 1900);
  for (const FakeRemote::Call& call : fake.remote.calls()) {
    EXPECT_EQ(call.command.find("S0VZ"), std::string::npos) << "key in a command line";
    if (call.command.find("node-prepare") != std::string::npos) {
      EXPECT_EQ(call.stdin_data, "S0VZ\n");
    }
  }
  for (const char* node : {"node001", "node002"}) {
    EXPECT_EQ(fake.CountOn(node, "corral-slurm node-prepare"), 1);
    EXPECT_EQ(fake.CountOn(node, "corral-slurm slurmd-start"), 1);
  }
  EXPECT_NE(fake.conf.find("PartitionName=m5_large Nodes=master,node001,node002"),
            std::string::npos);
}

TEST(SlurmSchedulerTest, MasterThatRunsNoJobsIsNoNode) {
  ClusterInfo cluster = MakeCluster(1);
  cluster.settings.master_is_exec_host = false;
  FakeSlurm fake;
  ASSERT_OK(NewSlurmScheduler(&fake.clock)->Setup(cluster, fake.remote));
  EXPECT_EQ(fake.conf.find("NodeName=master"), std::string::npos);
  EXPECT_NE(fake.conf.find("NodeName=node001"), std::string::npos);
}

// Joining touches only the master and the new node, whatever the cluster's size.
TEST(SlurmSchedulerTest, AddNodeIsConstantWork) {
  for (int size : {3, 30}) {
    ClusterInfo cluster = MakeCluster(size);
    FakeSlurm fake;
    std::unique_ptr<Scheduler> slurm = NewSlurmScheduler(&fake.clock);
    ASSERT_OK(slurm->Setup(cluster, fake.remote));
    size_t before = fake.remote.calls().size();
    ClusterInfo bigger = MakeCluster(size + 1);
    ASSERT_OK(slurm->AddNode(bigger, bigger.nodes.back(), fake.remote));
    std::vector<FakeRemote::Call> calls = fake.remote.calls();
    std::set<std::string> hosts;
    for (size_t i = before; i < calls.size(); ++i) hosts.insert(calls[i].host);
    EXPECT_EQ(hosts, (std::set<std::string>{"master", bigger.nodes.back().alias}));
    EXPECT_EQ(calls.size() - before, 6u) << "size " << size;
    EXPECT_EQ(ParseSlurmConfNodes(fake.conf)->size(), static_cast<size_t>(size + 2));
  }
}

TEST(SlurmSchedulerTest, RemoveNodeRefusesRunningJobsUnlessForced) {
  ClusterInfo cluster = MakeCluster(2);
  FakeSlurm fake;
  std::unique_ptr<Scheduler> slurm = NewSlurmScheduler(&fake.clock);
  ASSERT_OK(slurm->Setup(cluster, fake.remote));
  fake.jobs_on_node = {"7", "9"};
  Status refused = slurm->RemoveNode(cluster, cluster.nodes[2], fake.remote, false);
  EXPECT_EQ(refused.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(refused.message().find("node002 still runs jobs 7, 9"), std::string::npos);
  EXPECT_NE(fake.conf.find("NodeName=node002"), std::string::npos);  // still configured
  fake.remote.On("master", "corral-slurm cancel", [&](const RemoteHost&, const std::string&) {
    fake.jobs_on_node.clear();
    RemoteResult ok;
    ok.exit_code = 0;
    return Result<RemoteResult>(ok);
  });
  ASSERT_OK(slurm->RemoveNode(cluster, cluster.nodes[2], fake.remote, true));
  EXPECT_EQ(fake.conf.find("NodeName=node002"), std::string::npos);
  EXPECT_NE(fake.conf.find("PartitionName=all Nodes=master,node001 "), std::string::npos);
}

TEST(SlurmSchedulerTest, NodeThatNeverRegistersTimesOutNamingIt) {
  ClusterInfo cluster = MakeCluster(2);
  FakeSlurm fake;
  fake.states = "master idle\nnode001 idle\nnode002 unk*\n";
  Status s = NewSlurmScheduler(&fake.clock)->Setup(cluster, fake.remote);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_NE(s.message().find("slurmd to register on node002"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace corral
