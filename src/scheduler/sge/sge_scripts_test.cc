#include "scheduler/sge/sge_scripts.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/process.h"
#include "util/strings.h"

namespace corral {
namespace {

bool Has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

void ExpectParses(const std::string& script) { ExpectParsesAsShell(script); }

TEST(SgeScriptsTest, EveryScriptParses) {
  std::vector<SgeExecHost> hosts = {{"master", 2}, {"node001", 4}};
  for (const std::string& script :
       {SgeMasterStartScript("master"),
        SgeMasterConfigureScript({.master = "master", .cluster_user = "sgeuser"}),
        SgeMasterConfigureScript({.master = "master", .cluster_user = ""}),
        SgeExecPrepareScript("master"), SgeRegisterExecHostsScript(hosts),
        SgeRegisterExecHostsScript({}), SgeExecdStartScript(), SgeRemoveExecHostScript("node001")}) {
    ExpectParses(script);
  }
  // Commands are "/bin/sh -c '<script>'": the outer shell must parse them too.
  for (const std::string& command :
       {ShellScriptCommand(SgeMasterStartScript("master")), SgeQmasterReadyCommand(),
        SgeQhostCommand(""), SgeQhostCommand("node001"), SgeDrainCommand("node001"),
        SgeForceDeleteCommand({"12", "13.4"}), SgeKillExecdCommand("node001"),
        ProcessCheckCommand("sge_execd", true), SgeKillAllExecdsCommand(),
        SgeKillQmasterCommand(), SgeSnapshotCommand()}) {
    ExpectParses(command);
  }
}

TEST(SgeScriptsTest, ShellCommandRunsTheScriptVerbatim) {
  SystemProcessRunner runner;
  Result<ProcessOutput> out = runner.Run(
      {.argv = {"/bin/sh", "-c", ShellScriptCommand("printf '%s\\n' \"it's\" $((1+1))")}});
  ASSERT_OK(out);
  EXPECT_EQ(out->out, "it's\n2\n");
}

TEST(SgeScriptsTest, ValuesAreQuoted) {
  std::string conf = SgeMasterConfigureScript({.master = "m$(x)", .cluster_user = "o'brien"});
  EXPECT_TRUE(Has(conf, "qconf -am 'o'\\''brien'"));
  EXPECT_TRUE(Has(conf, "qconf -ao 'o'\\''brien'"));
  EXPECT_TRUE(Has(conf, "qconf -as 'm$(x)'"));
  EXPECT_TRUE(Has(SgeMasterStartScript("m;x"), "printf '%s\\n' 'm;x' > \"$c/act_qmaster\""));
  EXPECT_TRUE(Has(SgeRemoveExecHostScript("n x"), "qconf -de 'n x'"));
}

TEST(SgeScriptsTest, MasterStartKeepsAnExistingSpool) {
  std::string s = SgeMasterStartScript("master");
  // init_cluster only runs when corral's marker is missing; qmaster only starts when not running.
  size_t guard = s.find("if [ ! -f \"$sp/corral-spool\" ]");
  size_t init = s.find("init_cluster");
  size_t mark = s.find("touch \"$sp/corral-spool\"");
  ASSERT_NE(guard, std::string::npos);
  EXPECT_LT(guard, init);
  EXPECT_LT(init, mark);
  EXPECT_TRUE(Has(s, "pgrep -x sge_qmaster >/dev/null || sge_qmaster\n"));
  EXPECT_TRUE(EndsWith(s, "nproc\n"));
}

TEST(SgeScriptsTest, MasterConfigurationHasShortTimersQueueAndEnvironments) {
  std::string s = SgeMasterConfigureScript({.master = "master", .cluster_user = "sgeuser"});
  for (const char* needle :
       {"load_report_time 00:00:05", "max_unheard 00:00:30", "flush_time=00:00:01",
        "schedule_interval 0:0:1", "flush_submit_sec 1", "flush_finish_sec 1",
        "'pe_name smp'", "'allocation_rule $pe_slots'", "'pe_name orte'",
        "'allocation_rule $fill_up'", "'pe_name mpi'", "'allocation_rule $round_robin'",
        "'slots 9999'", "pe_list smp orte mpi", "shell /bin/bash", "hostlist @allhosts",
        "load_thresholds NONE", "group_name @allhosts", "qconf -am sgeuser",
        "qconf -ao sgeuser", "qconf -as master"}) {
    EXPECT_TRUE(Has(s, needle)) << needle;
  }
  // The global configuration file must be named "global" (qconf -Mconf takes the name from it).
  EXPECT_TRUE(Has(s, "qconf -Mconf \"$t/global\""));
}

TEST(SgeScriptsTest, RegistrationIsOneBatch) {
  std::string s = SgeRegisterExecHostsScript({{"master", 2}, {"node001", 4}, {"node002", 4}});
  EXPECT_TRUE(Has(s, "exists_ok qconf -as master,node001,node002"));
  EXPECT_TRUE(Has(s, "for h in master node001 node002; do"));
  EXPECT_TRUE(Has(s, "qconf -aattr queue slots '[master=2],[node001=4],[node002=4]' all.q"));
  size_t hosts = 0;
  for (size_t p = s.find("qconf -Ae"); p != std::string::npos; p = s.find("qconf -Ae", p + 1)) {
    ++hosts;
  }
  EXPECT_EQ(hosts, 3u);
}

TEST(SgeScriptsTest, RemovalDeletesEveryTraceOfTheHost) {
  std::string s = SgeRemoveExecHostScript("node002");
  std::vector<std::string> order = {
      "qconf -purge queue slots all.q@node002", "qconf -dattr hostgroup hostlist node002",
      "qconf -de node002", "qconf -ds node002", "qconf -dh node002"};
  size_t last = 0;
  for (const std::string& step : order) {
    size_t at = s.find(step);
    ASSERT_NE(at, std::string::npos) << step;
    EXPECT_GE(at, last) << step;
    last = at;
  }
}

}  // namespace
}  // namespace corral

namespace corral {
namespace {

TEST(SgeScriptsTest, ImagesWithoutGridEngineInstallItUnprompted) {
  std::string master = SgeMasterStartScript("master");
  EXPECT_TRUE(Has(master, "if ! dpkg -s gridengine-master gridengine-client gridengine-exec"));
  EXPECT_TRUE(Has(master, "apt-get install -y -qq --no-install-recommends gridengine-master "
                          "gridengine-client gridengine-exec"));
  EXPECT_TRUE(Has(master, "debconf-set-selections"));
  // The install comes before anything that needs the packages (the sgeadmin account, init_cluster).
  EXPECT_LT(master.find("apt-get install"), master.find("init_cluster"));
  std::string exec = SgeExecPrepareScript("master");
  EXPECT_TRUE(Has(exec, "if ! dpkg -s gridengine-exec gridengine-client"));
  EXPECT_LT(exec.find("apt-get install"), exec.find("chown sgeadmin"));
}

}  // namespace
}  // namespace corral
