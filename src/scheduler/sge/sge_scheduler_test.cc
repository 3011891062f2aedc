#include "scheduler/sge/sge_scheduler.h"

#include <gtest/gtest.h>

#include <atomic>

#include "scheduler/sge/sge_scripts.h"
#include "testing/fake_remote.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string Captured(const std::string& name) {
  Result<std::string> text = ReadFile(SourceDir() + "/src/scheduler/sge/testdata/" + name);
  EXPECT_TRUE(text.ok()) << text.status().message();
  return text.value_or("");
}

std::string WorkerName(int i) {
  std::string n = std::to_string(i);
  return "node" + std::string(3 - std::min<size_t>(3, n.size()), '0') + n;
}

// A master and `workers` nodes named as corral names them.
ClusterInfo MakeCluster(int workers) {
  ClusterInfo c;
  c.tag = "demo";
  c.provider = "local";
  c.settings.cluster_user = "sgeuser";
  for (int i = 0; i <= workers; ++i) {
    NodeInfo n;
    n.alias = i == 0 ? "master" : WorkerName(i);
    n.is_master = i == 0;
    n.private_ip = "10.0.0." + std::to_string(10 + i);
    n.ssh.alias = n.alias;
    n.ssh.address = n.private_ip;
    c.nodes.push_back(n);
  }
  return c;
}

// qhost -xml listing `names`, each with a load value, or "-" for those in `silent`.
std::string QhostXml(const std::vector<std::string>& names,
                     const std::vector<std::string>& silent = {}) {
  std::string xml = "<?xml version='1.0'?>\n<qhost>\n <host name='global'>\n"
                    "   <hostvalue name='load_avg'>-</hostvalue>\n </host>\n";
  for (const std::string& n : names) {
    bool quiet = std::find(silent.begin(), silent.end(), n) != silent.end();
    xml += " <host name='" + n + "'>\n   <hostvalue name='num_proc'>4</hostvalue>\n" +
           "   <hostvalue name='load_avg'>" + (quiet ? "-" : "0.25") + "</hostvalue>\n </host>\n";
  }
  return xml + "</qhost>\n";
}

// A FakeRemote that answers like healthy nodes with 4 cores each: qmaster answers at once and
// every execd reports load as soon as it is asked.
void ScriptHealthyCluster(FakeRemote& remote, const ClusterInfo& cluster) {
  std::vector<std::string> names;
  for (const NodeInfo& n : cluster.nodes) names.push_back(n.alias);
  remote.OnReply("*", "nproc", 0, "4\n");
  remote.OnReply("master", "corral-sge qhost", 0, QhostXml(names));
  remote.OnReply("*", "corral check", 0, "stopped\n");
}

// How `snippet` of a script appears in the command ShellScriptCommand made of it.
std::string Q(const std::string& snippet) { return ReplaceAll(snippet, "'", "'\\''"); }

constexpr const char kNoJobs[] =
    "<?xml version='1.0'?>\n<job_info>\n  <queue_info>\n  </queue_info>\n  <job_info>\n"
    "  </job_info>\n</job_info>\n";

size_t CountContaining(const std::vector<std::string>& commands, const std::string& needle) {
  return std::count_if(commands.begin(), commands.end(), [&](const std::string& c) {
    return c.find(needle) != std::string::npos;
  });
}

class SgeSchedulerTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  FakeRemote remote_;
  std::unique_ptr<Scheduler> sge_ = NewSgeScheduler(&clock_);
};

TEST_F(SgeSchedulerTest, SetupConfiguresTheMasterThenEveryExecHost) {
  ClusterInfo cluster = MakeCluster(3);
  ScriptHealthyCluster(remote_, cluster);
  ASSERT_OK(sge_->Setup(cluster, remote_));

  std::vector<std::string> m = remote_.CommandsOn("master");
  ASSERT_GE(m.size(), 5u);
  EXPECT_NE(m[0].find("corral-sge master-start"), std::string::npos);
  EXPECT_NE(m[1].find("corral-sge qmaster-ready"), std::string::npos);
  EXPECT_NE(m[2].find("corral-sge master-configure"), std::string::npos);
  // All four exec hosts (the master is one) are registered in one command, with their cores.
  EXPECT_EQ(CountContaining(m, "corral-sge register"), 1u);
  std::string reg = m[3];
  EXPECT_NE(reg.find("corral-sge register"), std::string::npos);
  EXPECT_NE(reg.find("[master=4],[node001=4],[node002=4],[node003=4]"), std::string::npos);
  EXPECT_EQ(CountContaining(m, "corral-sge execd-start"), 1u);
  // The master is set up and every host registered before the first execd starts.
  std::vector<FakeRemote::Call> calls = remote_.calls();
  auto first = [&](const std::string& needle) {
    return std::find_if(calls.begin(), calls.end(), [&](const FakeRemote::Call& c) {
             return c.command.find(needle) != std::string::npos;
           }) - calls.begin();
  };
  EXPECT_LT(first("corral-sge master-configure"), first("corral-sge exec-prepare"));
  EXPECT_LT(first("corral-sge register"), first("corral-sge execd-start"));
  for (const std::string w : {"node001", "node002", "node003"}) {
    std::vector<std::string> c = remote_.CommandsOn(w);
    ASSERT_EQ(c.size(), 2u) << w;  // remote operations per worker
    EXPECT_NE(c[0].find("corral-sge exec-prepare"), std::string::npos);
    EXPECT_NE(c[0].find("act_qmaster"), std::string::npos);
    EXPECT_NE(c[1].find("corral-sge execd-start"), std::string::npos);
  }
}

TEST_F(SgeSchedulerTest, SetupWithoutQueueDoesNothing) {
  ClusterInfo cluster = MakeCluster(2);
  cluster.settings.disable_queue = true;
  ASSERT_OK(sge_->Setup(cluster, remote_));
  EXPECT_TRUE(remote_.calls().empty());
}

TEST_F(SgeSchedulerTest, SetupGivesUpWhenQmasterNeverAnswers) {
  ClusterInfo cluster = MakeCluster(1);
  ScriptHealthyCluster(remote_, cluster);
  remote_.OnReply("master", "corral-sge qmaster-ready", 1, "");
  Status s = sge_->Setup(cluster, remote_);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(s.message(), "master: timed out after 120 s waiting for sge_qmaster to answer");
  EXPECT_TRUE(remote_.CommandsOn("node001").empty());
}

TEST_F(SgeSchedulerTest, SetupNamesExecHostsThatNeverReport) {
  ClusterInfo cluster = MakeCluster(3);
  remote_.OnReply("master", "corral-sge qhost", 0,
                  QhostXml({"master", "node001", "node002", "node003"}, {"node002", "node003"}));
  ScriptHealthyCluster(remote_, cluster);
  Status s = sge_->Setup(cluster, remote_);
  EXPECT_EQ(s.code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(s.message(),
            "timed out after 120 s waiting for sge_execd to report load on node002, node003");
}

TEST_F(SgeSchedulerTest, SetupReportsTheFailingNode) {
  ClusterInfo cluster = MakeCluster(2);
  remote_.OnReply("node002", "corral-sge execd-start", 1, "");
  ScriptHealthyCluster(remote_, cluster);
  Status s = sge_->Setup(cluster, remote_);
  EXPECT_EQ(s.message(), "node002: starting sge_execd failed (exit 1)");
}

TEST(SgeExecNodesTest, MasterIsAnExecHostUnlessTold) {
  ClusterInfo cluster = MakeCluster(2);
  EXPECT_EQ(SgeExecNodes(cluster, SgeOptionsFor(cluster.settings)).size(), 3u);
  SgeOptions no_master;
  no_master.master_is_exec_host = false;
  std::vector<const NodeInfo*> nodes = SgeExecNodes(cluster, no_master);
  ASSERT_EQ(nodes.size(), 2u);
  EXPECT_EQ(nodes[0]->alias, "node001");
}

// Adds the last node of a cluster of `workers` workers; returns the commands per host.
std::map<std::string, std::vector<std::string>> AddLastNode(int workers) {
  FakeClock clock;
  FakeRemote remote;
  ClusterInfo cluster = MakeCluster(workers);
  ScriptHealthyCluster(remote, cluster);
  std::unique_ptr<Scheduler> sge = NewSgeScheduler(&clock);
  EXPECT_OK(sge->AddNode(cluster, cluster.nodes.back(), remote));
  std::map<std::string, std::vector<std::string>> by_host;
  for (const FakeRemote::Call& c : remote.calls()) by_host[c.host].push_back(c.command);
  return by_host;
}

TEST(SgeAddNodeTest, CostsTheSameOnTwoAndThirtyTwoNodes) {
  auto small = AddLastNode(2);
  auto large = AddLastNode(32);
  // Only the master and the new node are touched, as many times at both sizes.
  ASSERT_EQ(small.size(), 2u);
  ASSERT_EQ(large.size(), 2u);
  EXPECT_EQ(small["master"].size(), large["master"].size());
  EXPECT_EQ(small["node002"].size(), large["node032"].size());
  EXPECT_EQ(large["node032"].size(), 2u);
  // The master registers the node with its cores and waits for it alone.
  EXPECT_EQ(CountContaining(large["master"], "[node032=4]"), 1u);
  EXPECT_EQ(CountContaining(large["master"], "qhost -xml -h node032"), 1u);
  EXPECT_EQ(CountContaining(large["master"], "node031"), 0u);
}

TEST_F(SgeSchedulerTest, AddNodeRefusesTheMaster) {
  ClusterInfo cluster = MakeCluster(1);
  EXPECT_EQ(sge_->AddNode(cluster, cluster.nodes[0], remote_).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(SgeSchedulerTest, RemoveNodeRefusesWhileJobsRunThere) {
  ClusterInfo cluster = MakeCluster(2);
  ScriptHealthyCluster(remote_, cluster);
  // Job 2 has only one slave task on node002: the -g t view shows it.
  remote_.OnReply("master", "corral-sge drain", 0, Captured("qstat-rs-g-t-orte.xml"));
  Status s = sge_->RemoveNode(cluster, cluster.nodes[2], remote_, /*force=*/false);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(),
            "node002 still runs job 2; no new jobs start there now: wait for them to finish, or "
            "force the removal to kill them");
  std::vector<std::string> m = remote_.CommandsOn("master");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].find("qmod -d all.q@node002"), std::string::npos);
  EXPECT_TRUE(remote_.CommandsOn("node002").empty());
}

TEST_F(SgeSchedulerTest, RemoveNodeNamesEveryJob) {
  ClusterInfo cluster = MakeCluster(2);
  ScriptHealthyCluster(remote_, cluster);
  std::string xml = Captured("qstat-rs-g-t-orte.xml");
  std::string other = xml.substr(xml.find("    <job_list"), xml.find("</job_list>") + 12 -
                                                                  xml.find("    <job_list"));
  other = ReplaceAll(ReplaceAll(other, ">2<", ">17<"), "all.q@master", "all.q@node002");
  xml.insert(xml.find("    <job_list"), other);  // qstat lists job 17 first
  remote_.OnReply("master", "corral-sge drain", 0, xml);
  Status s = sge_->RemoveNode(cluster, cluster.nodes[2], remote_, false);
  EXPECT_EQ(s.message(),
            "node002 still runs jobs 2, 17; no new jobs start there now: wait for them to finish, "
            "or force the removal to kill them");
}

TEST_F(SgeSchedulerTest, RemoveNodeWithForceKillsTheJobsThenRemovesTheHost) {
  ClusterInfo cluster = MakeCluster(2);
  ScriptHealthyCluster(remote_, cluster);
  remote_.OnReply("master", "corral-sge drain", 0, Captured("qstat-rs-g-t-orte.xml"));
  ASSERT_OK(sge_->RemoveNode(cluster, cluster.nodes[2], remote_, /*force=*/true));
  std::vector<std::string> m = remote_.CommandsOn("master");
  ASSERT_EQ(m.size(), 4u);
  EXPECT_NE(m[1].find("qdel -f 2"), std::string::npos);
  EXPECT_NE(m[2].find("qconf -ke node002"), std::string::npos);
  EXPECT_NE(m[3].find("qconf -de node002"), std::string::npos);
  // The execd's exit was checked on the node itself, before the host was deleted.
  EXPECT_EQ(CountContaining(remote_.CommandsOn("node002"), "pgrep -x sge_execd"), 1u);
  EXPECT_TRUE(remote_.CommandsOn("node001").empty());
}

TEST_F(SgeSchedulerTest, RemoveIdleNodeDeletesNoJob) {
  ClusterInfo cluster = MakeCluster(3);
  ScriptHealthyCluster(remote_, cluster);
  // Job 2 runs on master, node001 and node002, not on node003.
  remote_.OnReply("master", "corral-sge drain", 0, Captured("qstat-rs-g-t-orte.xml"));
  ASSERT_OK(sge_->RemoveNode(cluster, cluster.nodes[3], remote_, false));
  EXPECT_EQ(CountContaining(remote_.CommandsOn("master"), "qdel"), 0u);
  EXPECT_EQ(CountContaining(remote_.CommandsOn("master"), "qconf -dh node003"), 1u);
}

TEST_F(SgeSchedulerTest, RemoveNodeTerminatesAnExecdThatIgnoresTheQmaster) {
  ClusterInfo cluster = MakeCluster(1);
  remote_.OnReply("master", "corral-sge drain", 0, kNoJobs);
  remote_.OnReply("node001", "pkill -TERM", 0, "stopped\n");
  remote_.OnReply("node001", "corral check", 0, "running\n");
  ASSERT_OK(sge_->RemoveNode(cluster, cluster.nodes[1], remote_, false));
  EXPECT_EQ(CountContaining(remote_.CommandsOn("node001"), "pkill -TERM"), 1u);
}

TEST_F(SgeSchedulerTest, RemoveNodeGivesUpOnAnExecdThatNeverExits) {
  ClusterInfo cluster = MakeCluster(1);
  remote_.OnReply("master", "corral-sge drain", 0, kNoJobs);
  remote_.OnReply("node001", "corral check", 0, "running\n");
  Status s = sge_->RemoveNode(cluster, cluster.nodes[1], remote_, false);
  EXPECT_EQ(s.message(), "node001: timed out after 60 s waiting for sge_execd to exit");
  EXPECT_EQ(CountContaining(remote_.CommandsOn("master"), "qconf -de"), 0u);
}

TEST_F(SgeSchedulerTest, ShutdownStopsExecdsThenQmasterAndIsIdempotent) {
  ClusterInfo cluster = MakeCluster(2);
  ScriptHealthyCluster(remote_, cluster);
  ASSERT_OK(sge_->Shutdown(cluster, remote_));
  ASSERT_OK(sge_->Shutdown(cluster, remote_));
  std::vector<std::string> m = remote_.CommandsOn("master");
  EXPECT_EQ(CountContaining(m, "qconf -ke all"), 2u);
  EXPECT_EQ(CountContaining(m, "qconf -km"), 2u);
  EXPECT_EQ(CountContaining(remote_.CommandsOn("node002"), "pgrep -x sge_execd"), 2u);
}

TEST_F(SgeSchedulerTest, ShutdownSkipsUnreachableNodes) {
  ClusterInfo cluster = MakeCluster(2);
  remote_.On("node001", "", [](const RemoteHost&, const std::string&) -> Result<RemoteResult> {
    return Unavailable("node001: connection refused");
  });
  ScriptHealthyCluster(remote_, cluster);
  EXPECT_OK(sge_->Shutdown(cluster, remote_));
}

TEST_F(SgeSchedulerTest, SnapshotParsesQstatAndQhost) {
  ClusterInfo cluster = MakeCluster(2);
  std::string sep = std::string(kSgeSnapshotSeparator) + "\n";
  remote_.OnReply("master", "corral-sge snapshot", 0,
                  "+0000\n" + sep + Captured("qstat-f-r-mixed.xml") + "\n" + sep +
                      Captured("qhost-3.xml"));
  Result<QueueSnapshot> snap = sge_->Snapshot(cluster, remote_);
  ASSERT_OK(snap);
  EXPECT_EQ(snap->now, clock_.NowSeconds());
  EXPECT_EQ(snap->jobs.size(), 10u);
  ASSERT_EQ(snap->hosts.size(), 3u);
  EXPECT_EQ(snap->hosts[2].name, "node002");
  EXPECT_EQ(snap->hosts[2].slots, 3);
  std::vector<std::string> m = remote_.CommandsOn("master");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].find(Q("qstat -u '*' -xml -f -r")), std::string::npos);
}

TEST_F(SgeSchedulerTest, SnapshotFailsWhenQmasterIsDown) {
  ClusterInfo cluster = MakeCluster(1);
  remote_.OnReply("master", "corral-sge snapshot", 1, "");
  Result<QueueSnapshot> snap = sge_->Snapshot(cluster, remote_);
  EXPECT_EQ(snap.status().message(), "master: reading the queue failed (exit 1)");
}

}  // namespace
}  // namespace corral
