// Root-only tests of LocalCloud that really launch namespace nodes (skipped without root).
// Each test uses its own temporary state directory and group names, and the fixture terminates
// everything it launched even when the test fails, then checks that nothing was left behind.
#include <unistd.h>

#include <gtest/gtest.h>

#include "cloud/local/host_network.h"
#include "cloud/local/local_cloud.h"
#include "cloud/local/node_process.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

class LocalCloudRootTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::string> status = ReadFile("/proc/self/status");
    if (!status.ok() || !HasLocalProviderCaps(*status)) GTEST_SKIP() << "needs root";
    Result<std::string> init = FindNodeInit();
    if (!init.ok()) GTEST_SKIP() << init.status().message();
    state_ = std::make_unique<TempDir>("corral-lctest");
    cloud_ = Open(state_->path());
    ASSERT_NE(cloud_, nullptr);
  }

  void TearDown() override {
    if (!cloud_) return;
    for (auto& c : {cloud_.get(), second_.get()}) {
      if (c) CleanUp(*c);
    }
    // Nothing of ours may remain on the host: no netns or link with our short ids, no process.
    for (const std::string& name : created_links_) {
      EXPECT_FALSE(LinkExists(name)) << name;
    }
    for (const std::string& ns : created_netns_) {
      EXPECT_FALSE(NetnsExists(ns)) << ns;
    }
    for (long long pid : pids_) {
      Result<ProcStat> st = ReadProcStat(pid);
      EXPECT_TRUE(!st.ok() || st->state == 'Z') << "node init " << pid << " still runs";
    }
  }

  std::unique_ptr<Cloud> Open(const std::string& dir) {
    LocalCloudOptions opt;
    opt.state_dir = dir;
    opt.runner = &runner_;
    opt.clock = &clock_;
    opt.log = &log_;
    opt.node_init_path = *FindNodeInit();
    Result<std::unique_ptr<Cloud>> c = NewLocalCloud(opt);
    EXPECT_TRUE(c.ok()) << c.status().message();
    return c.ok() ? std::move(c).value() : nullptr;
  }

  static void CleanUp(Cloud& c) {
    Result<std::vector<Instance>> all = c.DescribeInstances({});
    if (all.ok() && !all->empty()) {
      std::vector<std::string> ids;
      for (const Instance& i : *all) ids.push_back(i.id);
      EXPECT_OK(c.TerminateInstances(ids));
    }
    Result<std::vector<Volume>> vols = c.DescribeVolumes({});
    if (vols.ok()) {
      for (const Volume& v : *vols) EXPECT_OK(c.DeleteVolume(v.id));
    }
    Result<std::vector<SecurityGroup>> groups = c.DescribeSecurityGroups("");
    if (groups.ok()) {
      for (const SecurityGroup& g : *groups) EXPECT_OK(c.DeleteSecurityGroup(g.id));
    }
  }

  // Launches `aliases` into a new group and remembers the host objects to check at the end.
  std::vector<Instance> Launch(Cloud& c, const std::string& group,
                               const std::vector<std::string>& aliases) {
    Result<std::vector<SecurityGroup>> existing = c.DescribeSecurityGroups(group);
    if (existing.ok() && existing->empty()) EXPECT_OK(c.CreateSecurityGroup(group, "test", ""));
    LaunchRequest req;
    req.count = static_cast<int>(aliases.size());
    req.aliases = aliases;
    req.security_group = group;
    req.tags["test"] = "yes";
    std::set<std::string> before = CorralLinks();
    Result<std::vector<Instance>> r = c.RunInstances(req);
    EXPECT_TRUE(r.ok()) << r.status().message();
    if (!r.ok()) return {};
    Remember(c, *r, before);
    return *r;
  }

  // Bridges and veths on the host (other clusters' too: tests may run beside real clusters).
  std::set<std::string> CorralLinks() {
    std::set<std::string> out;
    Result<std::vector<std::string>> links = HostLinkNames(runner_);
    if (!links.ok()) return out;
    for (const std::string& l : *links) {
      if (StartsWith(l, "cbr-") || StartsWith(l, "cve-")) out.insert(l);
    }
    return out;
  }

  // Remembers the node inits and the links that appeared since `before`: only ours.
  void Remember(Cloud& c, const std::vector<Instance>& instances, const std::set<std::string>& before) {
    auto* extras = dynamic_cast<LocalCloudExtras*>(&c);
    for (const Instance& i : instances) {
      Result<long long> pid = extras->NodeInitPid(i.id);
      if (pid.ok() && *pid > 0) pids_.push_back(*pid);
    }
    for (const std::string& l : CorralLinks()) {
      if (!before.count(l)) created_links_.insert(l);
    }
  }

  // Runs `command` as root on the instance over SSH with strict host-key checking.
  ProcessOutput Ssh(Cloud& c, const Instance& i, const std::string& command) {
    Result<SshEndpoint> ep = c.SshEndpointFor(i);
    Result<std::string> key = dynamic_cast<LocalCloudExtras&>(c).ClusterRootKeyPath(i.id);
    EXPECT_TRUE(ep.ok() && key.ok());
    ProcessSpec spec;
    spec.argv = {"ssh", "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                 "-o", "StrictHostKeyChecking=yes", "-o", "UserKnownHostsFile=" + ep->known_hosts_file,
                 "-o", "GlobalKnownHostsFile=/dev/null", "-o", "HostKeyAlias=" + ep->host_key_alias,
                 "-i", *key, "root@" + ep->host, command};
    spec.timeout = Duration(60000);
    Result<ProcessOutput> out = runner_.Run(spec);
    EXPECT_TRUE(out.ok());
    return out.ok() ? *out : ProcessOutput{};
  }

  std::string Group(const std::string& stem) {
    return "@sc-lct" + std::to_string(getpid()) + "-" + stem;
  }

  SystemProcessRunner runner_;
  SystemClock clock_;
  std::ostringstream log_text_;
  Logger log_{&log_text_, LogLevel::kDebug};
  std::unique_ptr<TempDir> state_;
  std::unique_ptr<Cloud> cloud_;
  std::unique_ptr<Cloud> second_;
  std::set<std::string> created_links_;
  std::set<std::string> created_netns_;
  std::vector<long long> pids_;
};

TEST_F(LocalCloudRootTest, NodesHaveNamesAddressesAndSshByName) {
  std::vector<Instance> nodes = Launch(*cloud_, Group("a"), {"master", "node001", "node002"});
  ASSERT_EQ(nodes.size(), 3u);
  for (const Instance& n : nodes) {
    EXPECT_EQ(n.state, InstanceState::kRunning);
    ProcessOutput out = Ssh(*cloud_, n, "hostname; cat /etc/hostname; ip -4 -o addr show eth0");
    ASSERT_EQ(out.exit_code, 0) << out.err;
    std::vector<std::string> lines = Split(Trim(out.out), '\n');
    ASSERT_GE(lines.size(), 3u) << out.out;
    EXPECT_EQ(lines[0], n.Alias());
    EXPECT_EQ(lines[1], n.Alias());
    EXPECT_NE(lines[2].find(" " + n.private_ip + "/24 "), std::string::npos) << lines[2];
  }
  // node001 reaches node002 by name with host-key checking from the node's own ssh config.
  ProcessOutput hop = Ssh(*cloud_, nodes[1], "ssh node002 hostname; ip route");
  EXPECT_EQ(hop.exit_code, 0) << hop.err;
  EXPECT_EQ(Split(hop.out, '\n')[0], "node002");
  EXPECT_EQ(hop.out.find("default"), std::string::npos) << "nodes must have no default route";
  // A user made later by useradd logs in with their own key (shared /home, private /etc).
  ProcessOutput user = Ssh(*cloud_, nodes[0],
                           "useradd -m -s /bin/sh sgeuser && mkdir -p ~sgeuser/.ssh && "
                           "cp /root/.ssh/authorized_keys ~sgeuser/.ssh/ && "
                           "chown -R sgeuser: ~sgeuser/.ssh && ssh node001 getent passwd sgeuser;"
                           "echo rc=$?");
  EXPECT_NE(user.out.find("rc=2"), std::string::npos) << "useradd leaked to node001: " << user.out;
  ProcessOutput as_user = Ssh(*cloud_, nodes[0], "ssh sgeuser@master whoami");
  EXPECT_EQ(Trim(as_user.out), "sgeuser") << as_user.err;
}

}  // namespace
}  // namespace corral
