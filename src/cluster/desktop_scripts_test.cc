#include "cluster/desktop_scripts.h"

#include <gtest/gtest.h>

#include "cluster/plugins.h"
#include "testing/fake_remote.h"
#include "testing/test_util.h"

namespace corral {
namespace {

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(DesktopScriptsTest, StartScriptInstallsAndStartsTheStackAsTheUser) {
  DesktopSettings d;
  d.port = 8443;
  d.packages = {"xfce4"};
  d.session = "startxfce4";
  std::string s = DesktopStartScript(d, "alice", "lab");
  EXPECT_TRUE(Has(s, "dpkg -s xvfb xauth x11vnc novnc websockify openssl iproute2 xfce4"));
  EXPECT_TRUE(Has(s, "u=alice port=8443 geometry=1280x800 session=startxfce4 terminal=xterm"));
  EXPECT_TRUE(Has(s, "cn='corral desktop lab'"));
  // VNC on loopback only, with the password from the 0600 file; noVNC over TLS only.
  EXPECT_TRUE(Has(s, "-localhost -rfbport 5901"));
  EXPECT_TRUE(Has(s, "-passwdfile \"$s/password\""));
  EXPECT_TRUE(Has(s, "websockify --ssl-only"));
  EXPECT_TRUE(Has(s, "chmod 600 \"$s/key.pem\" \"$s/password\""));
  // The certificate and the password are made once; a desktop running as wanted is left alone.
  EXPECT_TRUE(Has(s, "if [ ! -s \"$s/password\" ]"));
  EXPECT_TRUE(Has(s, "echo \"the desktop already runs\""));
  // The packages are in place before anything starts.
  EXPECT_LT(s.find("apt-get install"), s.find("launch xvfb"));
}

TEST(DesktopScriptsTest, StopAndInfoScripts) {
  EXPECT_TRUE(Has(DesktopStopScript(), "\nstop_desktop\n"));
  EXPECT_TRUE(
      Has(DesktopInfoScript(), "openssl x509 -in \"$s/cert.pem\" -noout -fingerprint -sha256"));
  EXPECT_TRUE(Has(DesktopInfoScript(), "|| exit 3"));
}

TEST(DesktopScriptsTest, ParseDesktopInfo) {
  std::string fp =
      "D1:CC:B6:1F:F0:B5:36:00:18:C9:B0:AC:10:E4:82:EC:13:3C:D0:2B:0A:51:EF:52:75:52:38:4D:69:CC:"
      "49:58";
  Result<DesktopAccess> a = ParseDesktopInfo("eTULoHgm\nsha256 Fingerprint=" + fp + "\nrunning\n");
  ASSERT_OK(a);
  EXPECT_EQ(a->password, "eTULoHgm");
  EXPECT_EQ(a->fingerprint, fp);
  EXPECT_TRUE(a->running);
  // OpenSSL 1.1 wrote "SHA256 Fingerprint=".
  a = ParseDesktopInfo("pw\nSHA256 Fingerprint=AB:CD\nstopped\n");
  ASSERT_OK(a);
  EXPECT_FALSE(a->running);
  EXPECT_FALSE(ParseDesktopInfo("pw\n").ok());
  EXPECT_FALSE(ParseDesktopInfo("\nFingerprint=AB\nrunning\n").ok());
}

TEST(DesktopScriptsTest, Url) {
  EXPECT_EQ(DesktopUrl("10.0.0.5", 443), "https://10.0.0.5/vnc.html");
  EXPECT_EQ(DesktopUrl("ec2-1-2-3-4.compute.amazonaws.com", 8443),
            "https://ec2-1-2-3-4.compute.amazonaws.com:8443/vnc.html");
}

TEST(DesktopScriptsTest, PortAdviceOnlyWhenNoTcpPermissionCoversThePort) {
  ClusterTemplate t;
  t.name = "gui";
  t.permissions = {
      PermissionSettings{.name = "ssh", .from_port = 22, .to_port = 22},
      PermissionSettings{.name = "dns", .ip_protocol = "udp", .from_port = 1, .to_port = 1000}};
  EXPECT_EQ(DesktopPortAdvice(t, "lab", 443),
            "port 443 of the master is not open, so browsers cannot reach the desktop: add\n"
            "  [permission desktop]\n"
            "  IP_PROTOCOL = tcp\n"
            "  FROM_PORT = 443\n"
            "  TO_PORT = 443\n"
            "  CIDR_IP = 0.0.0.0/0   ; better: your own address, e.g. 203.0.113.7/32\n"
            "and 'PERMISSIONS = desktop' to [cluster gui] for new clusters (permissions are "
            "applied when a cluster's security group is created); for this one, allow TCP 443 in "
            "security group @sc-lab");
  t.permissions.push_back(PermissionSettings{.name = "web", .from_port = 80, .to_port = 443});
  EXPECT_EQ(DesktopPortAdvice(t, "lab", 443), "");
}

ClusterInfo Cluster(const std::string& provider) {
  ClusterInfo c;
  c.tag = "lab";
  c.provider = provider;
  c.settings.name = "gui";
  c.settings.cluster_user = "alice";
  for (const char* alias : {"master", "node001"}) {
    NodeInfo n;
    n.alias = alias;
    n.is_master = n.alias == "master";
    n.ssh.alias = alias;
    c.nodes.push_back(n);
  }
  PluginSettings p;
  p.name = "desktop";
  p.setup_class = kDesktopPluginClass;
  c.settings.plugins.push_back(p);
  return c;
}

class DesktopPluginTest : public ::testing::Test {
 protected:
  FakeRemote remote_;
  FakeProcessRunner runner_;
  std::ostringstream log_text_;
  Logger log_{&log_text_};
  PluginRunner plugins_{remote_, runner_, log_};
};

TEST_F(DesktopPluginTest, RunsOnTheMasterOnly) {
  ClusterInfo c = Cluster("local");
  ASSERT_OK(plugins_.RunHook("run", c, ""));
  ASSERT_EQ(remote_.CommandsOn("master").size(), 1u);
  EXPECT_TRUE(Has(remote_.CommandsOn("master")[0], "launch xvfb"));
  ASSERT_OK(plugins_.RunHook("on_add_node", c, "node001"));
  ASSERT_OK(plugins_.RunHook("on_remove_node", c, "node001"));
  EXPECT_TRUE(remote_.CommandsOn("node001").empty());
  EXPECT_EQ(remote_.CommandsOn("master").size(), 1u);
  EXPECT_FALSE(Has(log_text_.str(), "WARNING"));
}

TEST_F(DesktopPluginTest, ShutdownAndRestartStopIt) {
  ClusterInfo c = Cluster("local");
  ASSERT_OK(plugins_.RunHook("on_shutdown", c, ""));
  ASSERT_OK(plugins_.RunHook("on_restart", c, ""));
  std::vector<std::string> cmds = remote_.CommandsOn("master");
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0], DesktopStopScript());
  EXPECT_EQ(cmds[1], DesktopStopScript());
}

TEST_F(DesktopPluginTest, Ec2WithoutAnOpenPortSaysWhatToAdd) {
  ClusterInfo c = Cluster("ec2");
  ASSERT_OK(plugins_.RunHook("run", c, ""));
  EXPECT_TRUE(Has(log_text_.str(), "port 443 of the master is not open"));
}

TEST_F(DesktopPluginTest, AFailingStartNamesThePlugin) {
  ClusterInfo c = Cluster("local");
  remote_.OnReply("master", "launch xvfb", 1, "");
  Status s = plugins_.RunHook("run", c, "");
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(Has(s.message(), "plugin desktop (run)")) << s.message();
}

}  // namespace
}  // namespace corral
