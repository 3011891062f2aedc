#include "cluster/cluster.h"

#include <gtest/gtest.h>

#include "testing/fake_cloud.h"
#include "testing/test_util.h"

namespace corral {
namespace {

ClusterTemplate SmallTemplate(int size) {
  ClusterTemplate t;
  t.name = "small";
  t.cluster_size = size;
  t.node_image_id = t.master_image_id = "ami-1";
  t.node_instance_type = t.master_instance_type = "t3.small";
  t.keyname = "k";
  return t;
}

class ClusterTest : public ::testing::Test {
 protected:
  FakeCloud cloud_;
  FakeClock clock_;
  std::ostringstream log_text_;
  Logger log_{&log_text_};
  ClusterManager manager_{cloud_, clock_, log_};
};

TEST(ClusterAliasTest, NamesAndNumbers) {
  EXPECT_EQ(MasterAlias("t", false), "master");
  EXPECT_EQ(MasterAlias("t", true), "t-master");
  EXPECT_EQ(WorkerAlias("t", false, 7), "node007");
  EXPECT_EQ(WorkerAlias("t", true, 12), "t-node012");
  EXPECT_EQ(WorkerAlias("t", false, 1000), "node1000");
  EXPECT_EQ(WorkerNumber("node012"), 12);
  EXPECT_EQ(WorkerNumber("t-node1000"), 1000);
  EXPECT_EQ(WorkerNumber("master"), 0);
  EXPECT_EQ(WorkerNumber("mynode1"), 0);
  EXPECT_TRUE(IsMasterAlias("x-master"));
  EXPECT_FALSE(IsMasterAlias("node001"));
}

TEST(ClusterPlanTest, OneLaunchGroupPerTypeAndImageMasterFirst) {
  ClusterTemplate t = SmallTemplate(5);
  t.master_instance_type = "m5.large";
  t.node_type_specs = {{"c5.xlarge", "", 2}};
  std::vector<LaunchGroup> groups = PlanLaunchGroups("c", t);
  ASSERT_EQ(groups.size(), 3u);
  EXPECT_EQ(groups[0].aliases, std::vector<std::string>{"master"});
  EXPECT_EQ(groups[0].instance_type, "m5.large");
  EXPECT_EQ(groups[1].aliases, (std::vector<std::string>{"node001", "node002"}));
  EXPECT_EQ(groups[1].instance_type, "c5.xlarge");
  EXPECT_EQ(groups[2].aliases, (std::vector<std::string>{"node003", "node004"}));
}

TEST(ClusterPlanTest, SameTypeForAllIsOneRequest) {
  std::vector<LaunchGroup> groups = PlanLaunchGroups("c", SmallTemplate(4));
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].aliases.size(), 4u);
}

TEST_F(ClusterTest, CreateLaunchesTagsAndListsTheCluster) {
  ClusterTemplate t = SmallTemplate(3);
  PermissionSettings http;
  http.name = "http";
  http.from_port = http.to_port = 80;
  t.permissions.push_back(http);
  Result<ClusterState> c = manager_.Create("demo", t);
  ASSERT_OK(c);
  ASSERT_EQ(c->nodes.size(), 3u);
  EXPECT_EQ(c->nodes[0].Alias(), "master");
  EXPECT_EQ(c->nodes[2].Alias(), "node002");
  EXPECT_EQ(cloud_.calls()["RunInstances"], 1);

  Result<ClusterState> got = manager_.Get("demo", nullptr);
  ASSERT_OK(got);
  EXPECT_EQ(got->settings.cluster_size, 3);
  EXPECT_EQ(got->group.tags.at("@sc-version"), "0.95.6");
  bool has_http = false;
  for (const IpPermission& p : got->group.permissions) has_http |= p.from_port == 80;
  EXPECT_TRUE(has_http);
}

TEST_F(ClusterTest, CreateTwiceSuggestsResumeOrTerminate) {
  ASSERT_OK(manager_.Create("demo", SmallTemplate(1)));
  Result<ClusterState> again = manager_.Create("demo", SmallTemplate(1));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().message(),
            "cluster demo already exists: use 'corral start -x demo' to set it up again, or "
            "'corral terminate demo' to remove it");
}

TEST_F(ClusterTest, GetUnknownNamesActiveClusters) {
  ASSERT_OK(manager_.Create("a", SmallTemplate(1)));
  Result<ClusterState> c = manager_.Get("zz", nullptr);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "cluster zz does not exist (active clusters: a)");
}

TEST_F(ClusterTest, WaitsThroughPendingAndEventualConsistencyWithOneDescribePerRound) {
  cloud_.SetPendingPolls(3);
  cloud_.SetInvisibleDescribes(2);
  Result<ClusterState> c = manager_.Create("demo", SmallTemplate(20));
  ASSERT_OK(c);
  EXPECT_EQ(c->nodes.size(), 20u);
  for (const Instance& n : c->nodes) EXPECT_EQ(n.state, InstanceState::kRunning);
  // One filtered describe per poll for the whole cluster, however many nodes.
  EXPECT_LE(cloud_.calls()["DescribeInstances"], 8);
}

TEST_F(ClusterTest, StopResumeTerminateLeaveNothingButVolumes) {
  Result<Volume> vol = cloud_.CreateVolume(1, "fake-1a", {});
  ASSERT_OK(vol);
  ClusterTemplate t = SmallTemplate(2);
  VolumeSettings v;
  v.name = "data";
  v.volume_id = vol->id;
  v.mount_path = "/data";
  t.volumes.push_back(v);
  Result<ClusterState> c = manager_.Create("demo", t);
  ASSERT_OK(c);
  ASSERT_OK(manager_.AttachVolumes(*c));
  ASSERT_OK(manager_.AttachVolumes(*c));  // idempotent
  ASSERT_OK(manager_.Stop(*c));
  for (const Instance& n : c->nodes) EXPECT_EQ(n.state, InstanceState::kStopped);
  ASSERT_OK(manager_.Resume(*c));
  for (const Instance& n : c->nodes) EXPECT_EQ(n.state, InstanceState::kRunning);
  ASSERT_OK(manager_.Terminate(*c));
  for (const Instance& i : cloud_.AllInstances()) EXPECT_EQ(i.state, InstanceState::kTerminated);
  EXPECT_TRUE(cloud_.AllGroups().empty());
  Result<std::vector<Volume>> vols = cloud_.DescribeVolumes({});
  ASSERT_OK(vols);
  ASSERT_EQ(vols->size(), 1u);
  EXPECT_TRUE(vols->front().attachments.empty());
}

TEST_F(ClusterTest, TerminateRetriesTransientGroupDeletion) {
  Result<ClusterState> c = manager_.Create("demo", SmallTemplate(1));
  ASSERT_OK(c);
  cloud_.FailNext("DeleteSecurityGroup", FailedPrecondition("DependencyViolation"), 3);
  ASSERT_OK(manager_.Terminate(*c));
  EXPECT_EQ(cloud_.calls()["DeleteSecurityGroup"], 4);
  EXPECT_TRUE(cloud_.AllGroups().empty());
}

TEST_F(ClusterTest, AddAndRemoveNodesPickNextAliasesAndProtectMaster) {
  Result<ClusterState> c = manager_.Create("demo", SmallTemplate(2));
  ASSERT_OK(c);
  std::vector<std::string> aliases = manager_.NextWorkerAliases(*c, 2);
  EXPECT_EQ(aliases, (std::vector<std::string>{"node002", "node003"}));
  Result<std::vector<Instance>> added = manager_.AddNodes(*c, aliases, "", "");
  ASSERT_OK(added);
  EXPECT_EQ(added->size(), 2u);
  EXPECT_EQ(c->nodes.size(), 4u);
  Result<std::vector<Instance>> dup = manager_.AddNodes(*c, {"node002"}, "", "");
  EXPECT_EQ(dup.status().message(), "node node002 already exists in cluster demo");
  EXPECT_EQ(manager_.AddNodes(*c, {"master"}, "", "").status().message(),
            "alias 'master' is reserved for the master");
  Status rm_master = manager_.RemoveNodes(*c, {c->master()->id});
  EXPECT_EQ(rm_master.message(), "the master cannot be removed");
  ASSERT_OK(manager_.RemoveNodes(*c, {c->FindNode("node003")->id}));
  EXPECT_EQ(c->nodes.size(), 3u);
  EXPECT_EQ(manager_.NextWorkerAliases(*c, 1), std::vector<std::string>{"node003"});
}

TEST_F(ClusterTest, LaunchFailureIsReported) {
  cloud_.FailNext("RunInstances", ResourceExhausted("InsufficientInstanceCapacity: none left"));
  Result<ClusterState> c = manager_.Create("demo", SmallTemplate(2));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "InsufficientInstanceCapacity: none left");
  EXPECT_TRUE(cloud_.AllGroups().empty());  // nothing launched, nothing left behind
}

TEST_F(ClusterTest, TerminateLeavesRootVolumesToTheCloud) {
  Result<ClusterState> c = manager_.Create("demo", SmallTemplate(1));
  ASSERT_OK(c);
  // A volume attached to the node that the template does not name (its root disk on EC2, which
  // cannot be detached while the instance runs) is not detached by corral.
  Result<Volume> root = cloud_.CreateVolume(8, "fake-1a", {});
  ASSERT_OK(root);
  ASSERT_OK(cloud_.AttachVolume(root->id, c->master()->id, "/dev/xvda", ""));
  ASSERT_OK(manager_.Terminate(*c));
  EXPECT_EQ(cloud_.calls()["DetachVolume"], 0);
}

}  // namespace
}  // namespace corral
