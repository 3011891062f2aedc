#include "scheduler/slurm/slurm_scripts.h"

#include <gtest/gtest.h>

#include "scheduler/scheduler_util.h"
#include "testing/test_util.h"

namespace corral {
namespace {

TEST(SlurmScriptsTest, FactsFromPrepareOutput) {
  Result<SlurmNodeFacts> f = ParseSlurmNodeFacts("noise\ncpus=4\nmemory_mb=15000\nmunge_key=QUJD\n");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->cpus, 4);
  EXPECT_EQ(f->memory_mb, 15000);
  EXPECT_EQ(f->munge_key, "QUJD");
  EXPECT_FALSE(ParseSlurmNodeFacts("cpus=4\n").ok());
  EXPECT_FALSE(ParseSlurmNodeFacts("cpus=x\nmemory_mb=1\n").ok());
}

TEST(SlurmScriptsTest, NodesNotReady) {
  std::string sinfo =
      "master idle\nnode001 mix\nnode002 idle*\nnode003 unk\nnode004 alloc\nnode005 idle~\n";
  EXPECT_EQ(SlurmNodesNotReady(sinfo, {"master", "node001", "node002", "node003", "node004",
                                       "node005", "node006"}),
            (std::vector<std::string>{"node002", "node003", "node005", "node006"}));
  EXPECT_TRUE(SlurmNodesNotReady(sinfo, {"master", "node004"}).empty());
}

TEST(SlurmScriptsTest, SecretsStayOffTheCommandLine) {
  // The key reaches a node on stdin; the master prints it but never receives it as an argument.
  EXPECT_NE(SlurmNodePrepareScript().find("base64 -d > /etc/munge/munge.key.new"),
            std::string::npos);
  std::string master = SlurmMasterPrepareScript("demo", true);
  EXPECT_NE(master.find("dd if=/dev/urandom of=/etc/munge/munge.key.new"), std::string::npos);
  EXPECT_NE(master.find("StoragePass=$pw"), std::string::npos);
}

// Every script is valid /bin/sh (parsed with sh -n, not run), and so is the command around it.
TEST(SlurmScriptsTest, ScriptsParseAsShell) {
  for (const std::string& command :
       {ShellScriptCommand(SlurmMasterPrepareScript("it's", true)),
        ShellScriptCommand(SlurmMasterPrepareScript("demo", false)),
        ShellScriptCommand(SlurmNodePrepareScript()),
        ShellScriptCommand(SlurmControllerScript("ClusterName=x\n", true)),
        ShellScriptCommand(SlurmdStartScript("10.0.0.10")), SlurmNodeStatesCommand(),
        SlurmReadConfCommand(), SlurmMungeKeyCommand(), SlurmDrainCommand("node001"),
        SlurmCancelCommand({"1", "2"}), SlurmShutdownCommand(), SlurmSnapshotCommand()}) {
    ExpectParsesAsShell(command);
  }
}

}  // namespace
}  // namespace corral
