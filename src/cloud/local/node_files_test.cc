#include "cloud/local/node_files.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace corral {
namespace {

TEST(NodeFilesTest, HostsFileStartsWithLocalhostOnly) {
  EXPECT_EQ(InitialHostsFile(), "127.0.0.1 localhost\n");
}

TEST(NodeFilesTest, HostsEntriesAreAddedReplacedAndRemoved) {
  std::string h = InitialHostsFile();
  h = HostsWithEntry(h, "10.201.0.10", "master");
  h = HostsWithEntry(h, "10.201.0.11", "node001");
  EXPECT_EQ(h, "127.0.0.1 localhost\n10.201.0.10 master\n10.201.0.11 node001\n");
  // Same IP again: the old line goes; same name at a new IP: likewise.
  h = HostsWithEntry(h, "10.201.0.11", "node002");
  EXPECT_EQ(h, "127.0.0.1 localhost\n10.201.0.10 master\n10.201.0.11 node002\n");
  h = HostsWithEntry(h, "10.201.0.12", "master");
  EXPECT_EQ(h, "127.0.0.1 localhost\n10.201.0.11 node002\n10.201.0.12 master\n");
  h = HostsWithoutEntry(h, "10.201.0.11");
  EXPECT_EQ(h, "127.0.0.1 localhost\n10.201.0.12 master\n");
  // Comments and lines with other IPs stay; a missing IP changes nothing.
  std::string with_comment = "# c\n127.0.0.1 localhost\n";
  EXPECT_EQ(HostsWithoutEntry(with_comment, "10.0.0.1"), with_comment);
  EXPECT_EQ(HostsWithEntry("", "10.0.0.1", "a"), "10.0.0.1 a\n");
  EXPECT_EQ(HostsWithoutEntry("10.0.0.1 a\n", "10.0.0.1"), "");
  // A name is matched as a whole field, not a prefix.
  EXPECT_EQ(HostsWithEntry("10.0.0.5 node0010\n", "10.0.0.1", "node001"),
            "10.0.0.5 node0010\n10.0.0.1 node001\n");
}

TEST(NodeFilesTest, SshdConfigListensOnNodeAddressWithCertificate) {
  std::string c = SshdConfig("10.201.0.10");
  for (const char* line :
       {"ListenAddress 10.201.0.10\n", "HostCertificate /etc/ssh/ssh_host_ed25519_key-cert.pub\n",
        "PermitRootLogin prohibit-password\n", "PasswordAuthentication no\n",
        "PidFile /run/sshd.pid\n", "Subsystem sftp /usr/lib/openssh/sftp-server\n",
        "HostKey /etc/ssh/ssh_host_ed25519_key\n"}) {
    EXPECT_NE(c.find(line), std::string::npos) << line;
  }
  EXPECT_EQ(c.find("AuthorizedKeysFile"), std::string::npos) << "users keep the default";
}

TEST(NodeFilesTest, ClientConfigPutsStrictCheckingFirst) {
  std::string c = SshClientConfig("Host *\n    StrictHostKeyChecking ask\n");
  EXPECT_LT(c.find("StrictHostKeyChecking yes"), c.find("StrictHostKeyChecking ask"));
  EXPECT_NE(c.find("GlobalKnownHostsFile /etc/ssh/ssh_known_hosts"), std::string::npos);
}

TEST(NodeFilesTest, KnownHostsTrustsTheCa) {
  EXPECT_EQ(KnownHostsFile("ssh-ed25519 AAAA ca\n"), "@cert-authority * ssh-ed25519 AAAA ca\n");
  EXPECT_NE(ResolvConf().find("options timeout:1 attempts:1\n"), std::string::npos);
  EXPECT_EQ(ResolvConf().find("nameserver"), std::string::npos);
}

TEST(NodeFilesTest, BootScriptMountsInOrderAndQuotes) {
  BootPlan plan;
  plan.hostname = "node001";
  plan.overlays.push_back({"/etc", "/s/n/etc/upper", "/s/n/etc/work"});
  plan.binds.push_back({"/s/c/hosts", "/etc/hosts"});
  plan.binds.push_back({"/s/vol's", "/data/x", true});
  std::string s = BootScript(plan);
  size_t host = s.find("hostname node001\n");
  size_t overlay = s.find("mount -t overlay corral -o "
                          "lowerdir=/etc,upperdir=/s/n/etc/upper,workdir=/s/n/etc/work /etc\n");
  size_t bind = s.find("mount --bind /s/c/hosts /etc/hosts\n");
  size_t mkdir = s.find("mkdir -p /data/x\nmount --bind '/s/vol'\\''s' /data/x\n");
  size_t tmp = s.find("mount -t tmpfs -o mode=1777 corral-tmp /tmp\n");
  size_t sshd = s.find("/usr/sbin/sshd -f /etc/ssh/sshd_config\n");
  ASSERT_NE(host, std::string::npos);
  ASSERT_NE(overlay, std::string::npos) << s;
  ASSERT_NE(bind, std::string::npos);
  ASSERT_NE(mkdir, std::string::npos) << s;
  ASSERT_NE(tmp, std::string::npos);
  ASSERT_NE(sshd, std::string::npos);
  EXPECT_LT(host, overlay);
  EXPECT_LT(overlay, bind);
  EXPECT_LT(bind, mkdir);
  EXPECT_LT(mkdir, tmp);  // sources under /tmp stay reachable until the end
  EXPECT_LT(tmp, sshd);
}

TEST(NodeFilesTest, OverlayLayersMustNotOverlap) {
  EXPECT_OK(CheckOverlayLayers({"/etc", "/var/lib/corral/n/upper", "/var/lib/corral/n/work"}));
  Status inside = CheckOverlayLayers({"/var/log", "/var/log/corral/upper", "/var/log/corral/w"});
  EXPECT_EQ(inside.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(inside.message().find("/var/log/corral/upper"), std::string::npos);
  EXPECT_FALSE(CheckOverlayLayers({"/srv/a/b", "/srv", "/x/work"}).ok());
  EXPECT_OK(CheckOverlayLayers({"/var/log", "/var/logs/upper", "/var/logs/work"}));
  EXPECT_TRUE(PathIsInside("/a/b", "/a"));
  EXPECT_TRUE(PathIsInside("/a", "/a"));
  EXPECT_FALSE(PathIsInside("/ab", "/a"));
  EXPECT_TRUE(PathIsInside("/x", "/"));
}

}  // namespace
}  // namespace corral
