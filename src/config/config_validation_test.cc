// StarCluster's offline ClusterValidator rules (spec §2.6), each with its exact message.
#include "config/config_validation.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

// Loads `text` (which defines [cluster c]) and returns template c.
ClusterTemplate TemplateOf(const std::string& text) {
  Result<Config> config = LoadConfigText(text, "t.ini", ConfigEnv{{{"HOME", "/home/u"}}, nullptr});
  EXPECT_TRUE(config.ok()) << config.status().message();
  if (!config.ok()) return ClusterTemplate{};
  return config->clusters.at("c");
}

struct RuleCase {
  const char* name;
  std::string text;
  const char* want;  // "" = valid
};

class ValidateTemplateTest : public testing::TestWithParam<RuleCase> {};

TEST_P(ValidateTemplateTest, ExactMessage) {
  const RuleCase& c = GetParam();
  Status s = ValidateTemplate(TemplateOf(c.text));
  if (std::string(c.want).empty()) {
    EXPECT_OK(s);
    return;
  }
  ASSERT_FALSE(s.ok()) << c.text;
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), c.want);
}

// [cluster c] on lines 1-2; a case adds its own lines from line 3 on.
std::string Cluster(const std::string& more, int size = 2) {
  return "[cluster c]\nCLUSTER_SIZE = " + std::to_string(size) + "\n" + more;
}

// A permission p used by cluster c; the permission's lines start at line 4.
std::string Permission(const std::string& lines) {
  return Cluster("PERMISSIONS = p\n[permission p]\n" + lines);
}

// Volumes used by cluster c in the order given; their sections start at line 4.
std::string Volumes(const std::string& names, const std::string& sections) {
  return Cluster("VOLUMES = " + names + "\n" + sections);
}

INSTANTIATE_TEST_SUITE_P(
    Rules, ValidateTemplateTest,
    testing::Values(
        RuleCase{"Valid", Cluster("MASTER_IS_EXEC_HOST = False\nSLOTS_PER_HOST = 1\n"), ""},
        RuleCase{"PublicIpsOutsideVpc", Cluster("PUBLIC_IPS = False\n"),
                 "t.ini:3: Only VPC clusters can disable public IP addresses"},
        RuleCase{"PublicIpsInVpc", Cluster("PUBLIC_IPS = False\nSUBNET_ID = subnet-1\n"), ""},
        RuleCase{"SpotBidZero", Cluster("SPOT_BID = 0\n"),
                 "t.ini:3: spot_bid must be an integer or float > 0"},
        RuleCase{"SpotBidNegative", Cluster("SPOT_BID = -0.5\n"),
                 "t.ini:3: spot_bid must be an integer or float > 0"},
        RuleCase{"SizeZero", Cluster("", 0), "t.ini:2: cluster_size must be an integer >= 1"},
        RuleCase{"SizeNegative", Cluster("", -3), "t.ini:2: cluster_size must be an integer >= 1"},
        RuleCase{"InstanceTypeCounts", Cluster("NODE_INSTANCE_TYPE = m1.large:2, m1.small\n"),
                 "t.ini:3: total number of nodes specified in node_instance_type (2) must be <= "
                 "cluster_size-1 (1)"},
        RuleCase{"InstanceTypeCountsFit", Cluster("NODE_INSTANCE_TYPE = m1.large:2, m1.small\n", 3),
                 ""},
        RuleCase{"RootUser", Cluster("CLUSTER_USER = root\n"),
                 "t.ini:3: cluster_user cannot be \"root\""},
        RuleCase{"SlotsPerHostZero", Cluster("SLOTS_PER_HOST = 0\n"),
                 "t.ini:3: slots_per_host must be an integer >= 1"},
        RuleCase{
            "SgePluginSlotsZero",
            Cluster("PLUGINS = sge\n[plugin sge]\nSETUP_CLASS = starcluster.plugins.sge.SGEPlugin\n"
                    "SLOTS_PER_HOST = 0\n"),
            "t.ini:6: slots_per_host must be an integer >= 1"},
        RuleCase{"PermissionValid",
                 Permission("FROM_PORT = 80\nTO_PORT = 81\nCIDR_IP = 10.0.0.0/8\n"), ""},
        RuleCase{"PermissionIcmpValid",
                 Permission("IP_PROTOCOL = icmp\nFROM_PORT = -1\nTO_PORT = -1\n"), ""},
        RuleCase{"PermissionIcmp", Permission("IP_PROTOCOL = icmp\nFROM_PORT = 0\nTO_PORT = 0\n"),
                 "t.ini:6: for icmp protocol from_port and to_port must be -1; port range is "
                 "invalid: from 0 to 0"},
        RuleCase{
            "PermissionNegative", Permission("IP_PROTOCOL = udp\nFROM_PORT = -5\nTO_PORT = 80\n"),
            "t.ini:6: from/to must be positive integers; port range is invalid: from -5 to 80"},
        RuleCase{"PermissionOrder", Permission("FROM_PORT = 90\nTO_PORT = 80\n"),
                 "t.ini:5: 'from_port' must be <= 'to_port'; port range is invalid: from 90 to 80"},
        RuleCase{"PermissionTooHigh", Permission("FROM_PORT = 1\nTO_PORT = 70000\n"),
                 "t.ini:5: ports must be <= 65535; port range is invalid: from 1 to 70000"},
        RuleCase{"PermissionCidrPrefix",
                 Permission("FROM_PORT = 1\nTO_PORT = 2\nCIDR_IP = 10.0.0.0/33\n"),
                 "t.ini:7: cidr_ip is invalid: 10.0.0.0/33"},
        RuleCase{"PermissionCidrOctet",
                 Permission("FROM_PORT = 1\nTO_PORT = 2\nCIDR_IP = 300.0.0.1/8\n"),
                 "t.ini:7: cidr_ip is invalid: 300.0.0.1/8"},
        RuleCase{"PermissionCidrHost",
                 Permission("FROM_PORT = 1\nTO_PORT = 2\nCIDR_IP = 1.2.3.4\n"),
                 "t.ini:7: cidr_ip is invalid: 1.2.3.4"},
        RuleCase{"VolumeValid",
                 Volumes("v",
                         "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = /data\nDEVICE = /dev/sdf\n"
                         "PARTITION = 12\n"),
                 ""},
        RuleCase{
            "VolumeDevice",
            Volumes("v", "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = /d\nDEVICE = /dev/xvdf\n"),
            "t.ini:7: invalid device specified: /dev/xvdf"},
        RuleCase{"VolumePartition",
                 Volumes("v", "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = /d\nPARTITION = 100\n"),
                 "t.ini:7: invalid partition specified: 100"},
        RuleCase{"VolumeRelativeMount",
                 Volumes("v", "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = data\n"),
                 "t.ini:6: MOUNT_PATH for volume v should start with /"},
        RuleCase{"VolumeRootMount", Volumes("v", "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = /\n"),
                 "t.ini:6: MOUNT_PATH for volume v cannot be /"},
        RuleCase{"VolumeSameMount",
                 Volumes("a, b",
                         "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /d\n"
                         "[volume b]\nVOLUME_ID = vol-2\nMOUNT_PATH = /d\n"),
                 "t.ini:9: Can't mount more than one volume on /d"},
        RuleCase{"VolumeTwoDevices",
                 Volumes("a, b",
                         "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /a\nDEVICE = /dev/sdf\n"
                         "[volume b]\nVOLUME_ID = vol-1\nMOUNT_PATH = /b\nDEVICE = /dev/sdg\n"),
                 "t.ini:11: Can't attach volume vol-1 to more than one device"},
        RuleCase{"VolumeSharedDevice",
                 Volumes("a, b",
                         "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /a\nDEVICE = /dev/sdf\n"
                         "[volume b]\nVOLUME_ID = vol-2\nMOUNT_PATH = /b\nDEVICE = /dev/sdf\n"),
                 "t.ini:11: Can't attach more than one volume on device /dev/sdf"},
        RuleCase{
            "VolumeTwiceSamePartition",
            Volumes("a, b",
                    "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /a\n"
                    "[volume b]\nVOLUME_ID = vol-1\nMOUNT_PATH = /b\n"),
            "t.ini:7: Multiple configurations for vol-1: either pick one or specify a separate "
            "partition for each configuration"},
        RuleCase{"VolumeTwiceOtherPartitions",
                 Volumes("a, b",
                         "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /a\nPARTITION = 1\n"
                         "[volume b]\nVOLUME_ID = vol-1\nMOUNT_PATH = /b\nPARTITION = 2\n"),
                 ""}),
    [](const testing::TestParamInfo<RuleCase>& info) { return std::string(info.param.name); });

TEST(ValidateTemplateTest, VpcWithoutPublicIpsIsAWarning) {
  std::vector<std::string> warnings;
  EXPECT_OK(ValidateTemplate(TemplateOf(Cluster("SUBNET_ID = subnet-1\n")), &warnings));
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "t.ini:3: without PUBLIC_IPS = True the nodes of this VPC cluster get no "
                          "public address, so corral must run inside the VPC to reach them"}));
}

TEST(ValidateDnsPrefixTest, TagMustBeAHostName) {
  ClusterTemplate t = TemplateOf(Cluster("DNS_PREFIX = True\n"));
  EXPECT_OK(ValidateDnsPrefix(t, "my-cluster.1"));
  Status s = ValidateDnsPrefix(t, "my_cluster");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.message(),
            "t.ini:3: The cluster name you chose, my_cluster, is not a valid dns name.  Since you "
            "have chosen to prepend the hostnames via the dns_prefix option, my_cluster should "
            "only have alphanumeric characters and a '-' or '.'");
  EXPECT_FALSE(ValidateDnsPrefix(t, "-lead").ok());
  EXPECT_FALSE(ValidateDnsPrefix(t, std::string(64, 'a')).ok());
  EXPECT_OK(ValidateDnsPrefix(TemplateOf(Cluster("")), "my_cluster"));  // no prefix, any tag
}

TEST(CheckUserdataScriptsTest, ScriptsMustBeFiles) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Join("ok.sh"), "#!/bin/sh\n"));
  EXPECT_OK(
      CheckUserdataScripts(TemplateOf(Cluster("USERDATA_SCRIPTS = " + dir.Join("ok.sh") + "\n"))));
  Status missing =
      CheckUserdataScripts(TemplateOf(Cluster("USERDATA_SCRIPTS = " + dir.Join("no.sh") + "\n")));
  EXPECT_EQ(missing.message(), "t.ini:3: Userdata script does not exist: " + dir.Join("no.sh"));
  Status directory =
      CheckUserdataScripts(TemplateOf(Cluster("USERDATA_SCRIPTS = " + dir.path() + "\n")));
  EXPECT_EQ(directory.message(), "t.ini:3: Userdata script is not a file: " + dir.path());
}

TEST(ValidationHelpersTest, CidrAndHostname) {
  EXPECT_TRUE(IsValidCidr("0.0.0.0/0"));
  EXPECT_TRUE(IsValidCidr("255.255.255.255/32"));
  EXPECT_FALSE(IsValidCidr("1.2.3/8"));
  EXPECT_FALSE(IsValidCidr("1.2.3.4/"));
  EXPECT_TRUE(IsValidHostname("a"));
  EXPECT_TRUE(IsValidHostname("node-1.example."));
  EXPECT_FALSE(IsValidHostname(""));
  EXPECT_FALSE(IsValidHostname("a..b"));
  EXPECT_FALSE(IsValidHostname("a-"));
}

}  // namespace
}  // namespace corral
