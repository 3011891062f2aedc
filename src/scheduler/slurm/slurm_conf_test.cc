#include "scheduler/slurm/slurm_conf.h"

#include <gtest/gtest.h>

#include "util/strings.h"

namespace corral {
namespace {

SlurmClusterConfig ThreeNodes() {
  SlurmClusterConfig c{.cluster_name = "demo", .master = "master", .master_addr = "10.0.0.10"};
  c.nodes = {{"master", "10.0.0.10", 2, 1900, "m5.large"},
             {"node001", "10.0.0.11", 2, 1900, "m5.large"},
             {"node002", "10.0.0.12", 8, 30000, "c5.2xlarge"}};
  return c;
}

bool HasLine(const std::string& text, const std::string& line) {
  for (const std::string& l : Split(text, '\n')) {
    if (l == line) return true;
  }
  return false;
}

TEST(SlurmConfTest, NodesPartitionsAndConfiglessAccounting) {
  Result<std::string> conf = RenderSlurmConf(ThreeNodes());
  ASSERT_TRUE(conf.ok()) << conf.status().message();
  for (const char* line :
       {"ClusterName=demo", "SlurmctldHost=master(10.0.0.10)",
        "NodeName=master NodeAddr=10.0.0.10 CPUs=2 RealMemory=1900 Feature=m5_large State=UNKNOWN",
        "NodeName=node002 NodeAddr=10.0.0.12 CPUs=8 RealMemory=30000 Feature=c5_2xlarge "
        "State=UNKNOWN",
        "PartitionName=all Nodes=master,node001,node002 Default=YES MaxTime=INFINITE State=UP",
        "PartitionName=m5_large Nodes=master,node001 MaxTime=INFINITE State=UP",
        "PartitionName=c5_2xlarge Nodes=node002 MaxTime=INFINITE State=UP",
        "SlurmctldParameters=enable_configless",
        "AccountingStorageType=accounting_storage/slurmdbd", "AccountingStorageHost=master"}) {
    EXPECT_TRUE(HasLine(*conf, line)) << line << "\nin:\n" << *conf;
  }
}

TEST(SlurmConfTest, WithoutAccountingNoSlurmdbd) {
  SlurmClusterConfig c = ThreeNodes();
  c.accounting = false;
  Result<std::string> conf = RenderSlurmConf(c);
  ASSERT_TRUE(conf.ok());
  EXPECT_TRUE(HasLine(*conf, "AccountingStorageType=accounting_storage/none"));
  EXPECT_EQ(conf->find("slurmdbd"), std::string::npos);
}

TEST(SlurmConfTest, RoundTripOfNodeLines) {
  SlurmClusterConfig c = ThreeNodes();
  Result<std::string> conf = RenderSlurmConf(c);
  ASSERT_TRUE(conf.ok());
  Result<std::vector<SlurmNode>> nodes = ParseSlurmConfNodes(*conf);
  ASSERT_TRUE(nodes.ok()) << nodes.status().message();
  ASSERT_EQ(nodes->size(), 3u);
  EXPECT_EQ((*nodes)[2].name, "node002");
  EXPECT_EQ((*nodes)[2].addr, "10.0.0.12");
  EXPECT_EQ((*nodes)[2].cpus, 8);
  EXPECT_EQ((*nodes)[2].memory_mb, 30000);
  EXPECT_EQ((*nodes)[2].instance_type, "c5_2xlarge");
  // Rendering what was read gives the same file: AddNode/RemoveNode change only their node.
  c.nodes = *nodes;
  EXPECT_EQ(RenderSlurmConf(c).value_or(""), *conf);
}

TEST(SlurmConfTest, ForeignNodeLineNamesItsLine) {
  Result<std::vector<SlurmNode>> nodes =
      ParseSlurmConfNodes("ClusterName=x\nNodeName=n[1-4] CPUs=2\n");
  ASSERT_FALSE(nodes.ok());
  EXPECT_EQ(nodes.status().message(),
            "slurm.conf line 2: not a NodeName line corral wrote: NodeName=n[1-4] CPUs=2");
}

TEST(SlurmConfTest, BadInputIsRefused) {
  SlurmClusterConfig c = ThreeNodes();
  c.nodes[1].cpus = 0;
  EXPECT_FALSE(RenderSlurmConf(c).ok());
  c = ThreeNodes();
  c.master_addr = "";
  EXPECT_FALSE(RenderSlurmConf(c).ok());
}

TEST(SlurmConfTest, Names) {
  EXPECT_EQ(PartitionNameFor("m5.large"), "m5_large");
  EXPECT_EQ(PartitionNameFor(""), "nodes");
  EXPECT_EQ(SlurmClusterName("My-Cluster"), "my_cluster");
  EXPECT_EQ(SlurmClusterName(""), "corral");
}

}  // namespace
}  // namespace corral
