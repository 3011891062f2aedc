#include "cli/balance_daemon.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

Config Ec2Config() {
  Config c;
  c.aws.present = true;
  c.aws.access_key_id = "AKIAEXAMPLEEXAMPLE00";
  c.aws.secret_access_key = "very/secret/key";
  c.aws.region_name = "eu-west-1";
  c.aws.proxy = "proxy.example";
  c.aws.proxy_pass = "proxy-secret";
  return c;
}

ClusterTemplate Template() {
  ClusterTemplate t;
  t.name = "small";
  t.keyname = "k";
  t.cluster_size = 4;
  t.node_image_id = "ami-1";
  t.node_instance_type = "c5.large";
  PluginSettings p;
  p.name = "pkgs";
  p.settings = {{"setup_class", "starcluster.plugins.pkginstaller.PackageInstaller"},
                {"packages", "htop"}};
  t.plugins.push_back(p);
  return t;
}

TEST(MasterBalancerConfigTest, WithAnInstanceRoleHoldsNoSecret) {
  std::string text =
      MasterBalancerConfig(Ec2Config(), Template(), "/root/.corral/keys/k.rsa", false);
  EXPECT_EQ(text.find("AKIA"), std::string::npos) << text;
  EXPECT_EQ(text.find("secret"), std::string::npos) << text;
  EXPECT_NE(text.find("[global]\nCLOUD = ec2\nDEFAULT_TEMPLATE = small\n"), std::string::npos);
  EXPECT_NE(text.find("AWS_REGION_NAME = eu-west-1\n"), std::string::npos);
  EXPECT_NE(text.find("[key k]\nKEY_LOCATION = /root/.corral/keys/k.rsa\n"), std::string::npos);
  EXPECT_NE(text.find("[cluster small]\nKEYNAME = k\nCLUSTER_SIZE = 4\n"), std::string::npos);
  EXPECT_NE(text.find("PLUGINS = pkgs\n\n[plugin pkgs]\nPACKAGES = htop\n"), std::string::npos)
      << text;
}

TEST(MasterBalancerConfigTest, WithoutARoleCarriesTheAccessKey) {
  std::string text =
      MasterBalancerConfig(Ec2Config(), Template(), "/root/.corral/keys/k.rsa", true);
  EXPECT_NE(text.find("AWS_ACCESS_KEY_ID = AKIAEXAMPLEEXAMPLE00\n"
                      "AWS_SECRET_ACCESS_KEY = very/secret/key\n"),
            std::string::npos);
  EXPECT_NE(text.find("AWS_PROXY_PASS = proxy-secret\n"), std::string::npos);
}

TEST(BalancerFilesTest, BesideTheStateDirWhenSet) {
  CliContext ctx;
  ctx.env = {{"HOME", "/home/u"}, {"CORRAL_STATE_DIR", "/srv/state"}};
  BalancerFiles f = BalancerFilesFor(ctx, "demo");
  EXPECT_EQ(f.lock, "/srv/state/locks/demo-balancer.lock");
  EXPECT_EQ(f.output, "/srv/state/logs/demo-balancer.out");
  EXPECT_EQ(f.decisions, "/home/u/.corral/logs/demo-balancer.jsonl");
  ctx.env.erase("CORRAL_STATE_DIR");
  EXPECT_EQ(BalancerFilesFor(ctx, "demo").lock, "/home/u/.corral/locks/demo-balancer.lock");
}

}  // namespace
}  // namespace corral
