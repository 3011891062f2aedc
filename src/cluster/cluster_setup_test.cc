#include "cluster/cluster_setup.h"

#include <gtest/gtest.h>

#include "testing/fake_remote.h"
#include "testing/test_util.h"

namespace corral {
namespace {

ClusterInfo Cluster(int n, bool shared) {
  ClusterInfo c;
  c.tag = "t";
  c.provider = shared ? "local" : "ec2";
  c.shared_filesystems = shared;
  c.settings.cluster_user = "alice";
  for (int i = 0; i < n; ++i) {
    NodeInfo node;
    node.alias = i == 0 ? "master" : "node" + std::string(i < 10 ? "00" : "0") + std::to_string(i);
    node.private_ip = "10.0.0." + std::to_string(10 + i);
    node.is_master = i == 0;
    node.ssh.alias = node.alias;
    c.nodes.push_back(node);
  }
  return c;
}

class ClusterSetupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    remote_.OnReply("master", "stat -c '%u %g'", 0, "1001 1001\n");
  }
  FakeRemote remote_;
  FakeClock clock_;
  std::ostringstream log_text_;
  Logger log_{&log_text_};
};

TEST_F(ClusterSetupTest, EveryNodeGetsOneSetupScriptAfterTheMaster) {
  ClusterInfo c = Cluster(4, /*shared=*/true);
  ClusterSetup setup(remote_, clock_, log_, nullptr);
  ASSERT_OK(setup.SetupCluster(c));
  for (const NodeInfo& n : c.nodes) {
    std::vector<std::string> cmds = remote_.CommandsOn(n.alias);
    // Every node: an SSH probe and one script; the master also answers the uid question.
    size_t expected = n.is_master ? 3 : 2;
    EXPECT_EQ(cmds.size(), expected) << n.alias;
    EXPECT_NE(cmds.back().find("useradd -o -u 1001 -g 1001"), std::string::npos) << n.alias;
  }
  // The master creates the shared home before any worker is configured.
  std::vector<FakeRemote::Call> calls = remote_.calls();
  size_t master_script = 0, first_worker = calls.size();
  for (size_t i = 0; i < calls.size(); ++i) {
    if (calls[i].host == "master" && calls[i].command.find("ssh-keygen") != std::string::npos) master_script = i;
    if (calls[i].host != "master" && calls[i].command.find("useradd") != std::string::npos) {
      first_worker = std::min(first_worker, i);
    }
  }
  EXPECT_LT(master_script, first_worker);
}

TEST_F(ClusterSetupTest, JoiningCostsExistingNodesOneOperationWhateverTheSize) {
  for (int size : {4, 32}) {
    FakeRemote remote;
    remote.OnReply("master", "stat -c '%u %g'", 0, "1001 1001\n");
    ClusterInfo c = Cluster(size, /*shared=*/false);
    ClusterSetup setup(remote, clock_, log_, nullptr);
    ASSERT_OK(setup.AddNodes(c, {c.nodes.back().alias}));
    // An existing worker learns the new node's /etc/hosts line and host key: two scripts,
    // the same at 4 and at 32 nodes.
    std::vector<std::string> on_worker = remote.CommandsOn("node001");
    EXPECT_EQ(on_worker.size(), 2u) << size;
    EXPECT_NE(on_worker[0].find(c.nodes.back().private_ip + " " + c.nodes.back().alias), std::string::npos);
  }
}

TEST_F(ClusterSetupTest, RemovalDropsTheNodeFromTheOthersOnly) {
  ClusterInfo c = Cluster(3, /*shared=*/false);
  ClusterSetup setup(remote_, clock_, log_, nullptr);
  ASSERT_OK(setup.RemoveNodes(c, {"node002"}, false));
  EXPECT_TRUE(remote_.CommandsOn("node002").empty());
  ASSERT_EQ(remote_.CommandsOn("node001").size(), 1u);
  EXPECT_NE(remote_.CommandsOn("node001")[0].find("' node002 # corral'"), std::string::npos);
}

TEST_F(ClusterSetupTest, AFailingNodeIsNamed) {
  remote_.OnReply("node002", "useradd", 1, "");
  ClusterInfo c = Cluster(3, /*shared=*/true);
  ClusterSetup setup(remote_, clock_, log_, nullptr);
  Status s = setup.SetupCluster(c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message().rfind("node002: ", 0), 0u) << s.message();
}

}  // namespace
}  // namespace corral
