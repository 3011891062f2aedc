// Root-only test of the Grid Engine scheduler on real namespace nodes of the local provider
// (skipped without root, the node init binary or Grid Engine): setup on 3 nodes, a job pinned to
// node002 submitted by a normal user, setup again and after a stop/start of every node, a 4th node
// added and removed, shutdown. The fixture
// terminates every node it launched, even when the test fails.
#include <unistd.h>

#include <gtest/gtest.h>

#include "cloud/local/local_cloud.h"
#include "cloud/local/node_process.h"
#include "remote/ssh_remote.h"
#include "scheduler/sge/sge_scheduler.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr const char kUser[] = "sgetest";
constexpr int kUid = 2345;  // the same on every node; above min_uid

class SgeSchedulerRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> status = ReadFile("/proc/self/status");
    if (!status.ok() || !HasLocalProviderCaps(*status)) GTEST_SKIP() << "needs root";
    if (!PathExists("/usr/lib/gridengine/sge_qmaster")) GTEST_SKIP() << "needs gridengine";
    Result<std::string> init = FindNodeInit();
    if (!init.ok()) GTEST_SKIP() << init.status().message();
    state_ = std::make_unique<TempDir>("corral-sgetest");
    LocalCloudOptions opt;
    opt.state_dir = state_->path();
    opt.runner = &runner_;
    opt.clock = &clock_;
    opt.log = &log_;
    opt.node_init_path = *init;
    Result<std::unique_ptr<Cloud>> c = NewLocalCloud(opt);
    ASSERT_OK(c);
    cloud_ = std::move(c).value();
    SshRemoteOptions ssh;
    ssh.control_dir = state_->Join("ssh");
    remote_ = NewSshRemote(&runner_, ssh);
    group_ = "@sc-sgetest" + std::to_string(getpid());
    ASSERT_OK(cloud_->CreateSecurityGroup(group_, "sge root test", ""));
    cluster_.tag = group_.substr(4);
    cluster_.provider = "local";
    cluster_.settings.cluster_user = kUser;
  }

  void TearDown() override {
    if (remote_) remote_->CloseConnections();
    if (!cloud_) return;
    Result<std::vector<Instance>> all = cloud_->DescribeInstances({});
    if (all.ok() && !all->empty()) {
      std::vector<std::string> ids;
      for (const Instance& i : *all) ids.push_back(i.id);
      EXPECT_OK(cloud_->TerminateInstances(ids));
    }
    Result<std::vector<SecurityGroup>> groups = cloud_->DescribeSecurityGroups("");
    if (groups.ok()) {
      for (const SecurityGroup& g : *groups) EXPECT_OK(cloud_->DeleteSecurityGroup(g.id));
    }
  }

  // Launches `aliases`, adds them to cluster_ and creates the test user on each.
  void Launch(const std::vector<std::string>& aliases) {
    LaunchRequest req;
    req.count = static_cast<int>(aliases.size());
    req.aliases = aliases;
    req.security_group = group_;
    Result<std::vector<Instance>> r = cloud_->RunInstances(req);
    ASSERT_OK(r);
    auto& extras = dynamic_cast<LocalCloudExtras&>(*cloud_);
    for (size_t i = 0; i < r->size(); ++i) {
      const Instance& inst = (*r)[i];
      Result<SshEndpoint> ep = cloud_->SshEndpointFor(inst);
      Result<std::string> key = extras.ClusterRootKeyPath(inst.id);
      ASSERT_OK(ep);
      ASSERT_OK(key);
      NodeInfo n;
      n.alias = aliases[i];
      n.instance_id = inst.id;
      n.private_ip = inst.private_ip;
      n.is_master = n.alias == "master";
      n.ssh = {.alias = n.alias, .address = ep->host, .port = ep->port, .user = "root",
               .identity_file = *key, .known_hosts_file = ep->known_hosts_file,
               .host_key_alias = ep->host_key_alias};
      cluster_.nodes.push_back(n);
      std::string uid = std::to_string(kUid);
      Run(n, "groupadd -g " + uid + " " + kUser + " && useradd -u " + uid + " -g " + uid +
                 " -M -s /bin/bash " + kUser + " && mkdir -p /home/" + kUser + " && chown " +
                 uid + ":" + uid + " /home/" + kUser);
    }
  }

  std::string Run(const NodeInfo& node, const std::string& command) {
    Result<RemoteResult> r = RunChecked(*remote_, node.ssh, command);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->out : "";
  }

  // Submits `hostname` as the test user, pinned to `host`, output to ~/`file`; returns the job id.
  std::string Submit(const NodeInfo& master, const std::string& host, const std::string& file) {
    return Trim(Run(master, std::string("cd /home/") + kUser + " && runuser -u " + kUser +
                                " -- qsub -terse -b y -l hostname=" + host + " -j y -o " + file +
                                " hostname"));
  }

  // The trimmed content of ~/`file` of the test user once it is not empty (at most 90 s).
  std::string WaitForOutput(const NodeInfo& master, const std::string& file) {
    std::string path = std::string("/home/") + kUser + "/" + file;
    TimePoint deadline = clock_.Now() + std::chrono::seconds(90);
    while (clock_.Now() < deadline) {
      Result<RemoteResult> r = remote_->Run(master.ssh, "cat " + path + " 2>/dev/null");
      if (r.ok() && !Trim(r->out).empty()) return Trim(r->out);
      clock_.SleepFor(std::chrono::milliseconds(500));
    }
    return "";
  }

  // Available exec hosts in a snapshot, by name.
  std::vector<std::string> AvailableHosts() {
    Result<QueueSnapshot> snap = sge_->Snapshot(cluster_, *remote_);
    EXPECT_TRUE(snap.ok()) << snap.status().message();
    std::vector<std::string> names;
    if (!snap.ok()) return names;
    for (const HostInfo& h : snap->hosts) {
      if (h.available) names.push_back(h.name);
    }
    return names;
  }

  SystemProcessRunner runner_;
  SystemClock clock_;
  std::ostringstream log_text_;
  Logger log_{&log_text_, LogLevel::kDebug};
  std::unique_ptr<TempDir> state_;
  std::unique_ptr<Cloud> cloud_;
  std::unique_ptr<Remote> remote_;
  std::unique_ptr<Scheduler> sge_ = NewSgeScheduler(&clock_);
  std::string group_;
  ClusterInfo cluster_;
};

TEST_F(SgeSchedulerRootTest, JobsRunWhereAskedAndNodesJoinAndLeave) {
  ASSERT_NO_FATAL_FAILURE(Launch({"master", "node001", "node002"}));
  ASSERT_OK(sge_->Setup(cluster_, *remote_));
  EXPECT_EQ(AvailableHosts(), (std::vector<std::string>{"master", "node001", "node002"}));

  // A normal user's job pinned to node002 writes its output into the shared /home.
  NodeInfo master = cluster_.nodes[0];  // a copy: Launch grows cluster_.nodes
  EXPECT_EQ(Submit(master, "node002", "where.out"), "1");
  EXPECT_EQ(WaitForOutput(master, "where.out"), "node002");

  // Setup again converges without disturbing anything.
  ASSERT_OK(sge_->Setup(cluster_, *remote_));

  // After a stop/start of every node (daemons gone, spools kept) Setup brings the same cluster
  // back from the qmaster's spool.
  std::vector<std::string> ids;
  for (const NodeInfo& n : cluster_.nodes) ids.push_back(n.instance_id);
  remote_->CloseConnections();
  ASSERT_OK(cloud_->StopInstances(ids));
  ASSERT_OK(cloud_->StartInstances(ids));
  ASSERT_OK(sge_->Setup(cluster_, *remote_));
  EXPECT_EQ(AvailableHosts(), (std::vector<std::string>{"master", "node001", "node002"}));
  // The job number usually goes on from the spool, but qmaster saves its counter only when it
  // exits cleanly, which a loaded machine's stop may not give it time for: any id will do.
  EXPECT_FALSE(Submit(master, "node001", "after.out").empty());
  EXPECT_EQ(WaitForOutput(master, "after.out"), "node001");

  ASSERT_NO_FATAL_FAILURE(Launch({"node003"}));
  ASSERT_OK(sge_->AddNode(cluster_, cluster_.nodes[3], *remote_));
  EXPECT_EQ(AvailableHosts(),
            (std::vector<std::string>{"master", "node001", "node002", "node003"}));

  ASSERT_OK(sge_->RemoveNode(cluster_, cluster_.nodes[3], *remote_, /*force=*/false));
  EXPECT_EQ(AvailableHosts(), (std::vector<std::string>{"master", "node001", "node002"}));
  EXPECT_EQ(Trim(Run(cluster_.nodes[3], "pgrep -x sge_execd || echo none")), "none");
  EXPECT_EQ(Run(master, "qconf -sel"), "master\nnode001\nnode002\n");

  ASSERT_OK(sge_->Shutdown(cluster_, *remote_));
  ASSERT_OK(sge_->Shutdown(cluster_, *remote_));
  for (const NodeInfo& n : cluster_.nodes) {
    EXPECT_EQ(Trim(Run(n, "pgrep -x 'sge_(execd|qmaster)' || echo none")), "none") << n.alias;
  }
}

}  // namespace
}  // namespace corral
