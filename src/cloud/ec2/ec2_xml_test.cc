#include "cloud/ec2/ec2_xml.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

std::string Sample(const std::string& file) {
  Result<std::string> r = ReadFile(SourceDir() + "/src/cloud/ec2/testdata/" + file);
  EXPECT_TRUE(r.ok()) << file;
  return r.value_or("");
}

// One <NameResponse> document out of testdata/misc.xml.
std::string Doc(const std::string& name) {
  std::string all = Sample("misc.xml");
  size_t b = all.find("<" + name + "Response");
  size_t e = all.find("</" + name + "Response>");
  EXPECT_NE(b, std::string::npos) << name;
  return all.substr(b, e + name.size() + 11 - b);
}

TEST(Ec2XmlTest, DescribeInstances) {
  std::string xml = Sample("describe_instances.xml");
  Result<std::vector<Instance>> r = ParseInstances(xml);
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 3u);
  const Instance& m = (*r)[0];
  EXPECT_EQ(m.id, "i-0598c7d356eba48d7");
  EXPECT_EQ(m.state, InstanceState::kRunning);
  EXPECT_EQ(m.instance_type, "c5.large");
  EXPECT_EQ(m.public_dns, "ec2-54-194-252-215.compute-1.amazonaws.com");
  EXPECT_EQ(m.public_ip, "54.194.252.215");
  EXPECT_EQ(m.private_ip, "10.0.0.157");
  EXPECT_EQ(m.zone, "us-east-1c");
  EXPECT_EQ(m.key_name, "mykey");
  EXPECT_EQ(m.security_groups, std::vector<std::string>{"@sc-mycluster"});
  EXPECT_EQ(m.vpc_id, "vpc-11112222");
  EXPECT_EQ(m.subnet_id, "subnet-56f5f633");
  EXPECT_EQ(m.Alias(), "master");
  EXPECT_EQ(m.tags.at("Name"), "master");
  EXPECT_EQ(m.launch_time, 1709634030);
  EXPECT_EQ(m.platform_details, "Linux/UNIX");
  EXPECT_EQ((*r)[1].spot_request_id, "sir-abc123");
  EXPECT_EQ((*r)[1].state, InstanceState::kPending);
  EXPECT_EQ((*r)[2].state, InstanceState::kStopped);
  EXPECT_EQ((*r)[2].state_reason, "Client.UserInitiatedShutdown: User initiated shutdown");
  EXPECT_EQ((*r)[2].root_device_type, "instance-store");
  EXPECT_EQ(ResponseNextToken(xml), "eyJ2IjoiMiJ9");
  EXPECT_EQ(ResponseRequestId(xml), "8f7724cf-496f-496e-8fe3-example");
}

TEST(Ec2XmlTest, RunInstancesOrderedByLaunchIndex) {
  Result<std::vector<Instance>> r = ParseInstances(Sample("run_instances.xml"));
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].id, "i-first");
  EXPECT_EQ((*r)[1].id, "i-second");
}

TEST(Ec2XmlTest, SecurityGroupsFlattenRules) {
  Result<std::vector<SecurityGroup>> r = ParseSecurityGroups(Sample("describe_security_groups.xml"));
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 1u);
  const SecurityGroup& g = (*r)[0];
  EXPECT_EQ(g.id, "sg-1a2b3c4d");
  EXPECT_EQ(g.name, "@sc-mycluster");
  EXPECT_EQ(g.description, "StarCluster-0_95_6");
  EXPECT_EQ(g.tags.at("@sc-version"), "0.95.6");
  ASSERT_EQ(g.permissions.size(), 4u);
  EXPECT_EQ(g.permissions[0], (IpPermission{"tcp", 22, 22, "0.0.0.0/0", ""}));
  EXPECT_EQ(g.permissions[1], (IpPermission{"tcp", 22, 22, "10.1.0.0/16", ""}));
  EXPECT_EQ(g.permissions[2], (IpPermission{"icmp", -1, -1, "", "sg-1a2b3c4d"}));
  EXPECT_EQ(g.permissions[3], (IpPermission{"-1", -1, -1, "192.0.2.0/24", ""}));
}

TEST(Ec2XmlTest, Volumes) {
  Result<std::vector<Volume>> r = ParseVolumes(Sample("describe_volumes.xml"));
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 1u);
  const Volume& v = (*r)[0];
  EXPECT_EQ(v.id, "vol-1234567890abcdef0");
  EXPECT_EQ(v.size_gb, 80);
  EXPECT_EQ(v.status, "in-use");
  ASSERT_EQ(v.attachments.size(), 1u);
  EXPECT_EQ(v.attachments[0].device, "/dev/sdz");
  EXPECT_EQ(v.attachments[0].state, "attached");
  EXPECT_EQ(v.tags.at("Name"), "data");
}

TEST(Ec2XmlTest, InstanceTypes) {
  Result<std::vector<InstanceTypeInfo>> r = ParseInstanceTypes(Sample("describe_instance_types.xml"));
  ASSERT_OK(r);
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].name, "c5.large");
  EXPECT_EQ((*r)[0].architectures, std::vector<std::string>{"x86_64"});
  EXPECT_EQ((*r)[0].placement_strategies.front(), "cluster");
  EXPECT_EQ((*r)[0].vcpus, 2);
  EXPECT_EQ((*r)[0].memory_mib, 4096);
  EXPECT_TRUE((*r)[0].supports_spot);
  EXPECT_FALSE((*r)[1].supports_spot);
  EXPECT_FALSE((*r)[1].current_generation);
  EXPECT_EQ((*r)[1].virtualization_types, (std::vector<std::string>{"hvm", "paravirtual"}));
}

TEST(Ec2XmlTest, SmallDocuments) {
  auto images = ParseImages(Doc("DescribeImages"));
  ASSERT_OK(images);
  EXPECT_EQ((*images)[0].architecture, "arm64");
  EXPECT_EQ((*images)[0].description, "An image & more");
  EXPECT_TRUE((*images)[0].is_public);
  EXPECT_EQ((*images)[0].owner_id, "123456789012");

  auto regions = ParseRegions(Doc("DescribeRegions"));
  ASSERT_OK(regions);
  EXPECT_EQ((*regions)[1].opt_in_status, "not-opted-in");

  auto zones = ParseZones(Doc("DescribeAvailabilityZones"));
  ASSERT_OK(zones);
  EXPECT_EQ((*zones)[1].state, "impaired");
  EXPECT_EQ((*zones)[1].messages, std::vector<std::string>{"degraded"});

  auto prices = ParseSpotPrices(Doc("DescribeSpotPriceHistory"));
  ASSERT_OK(prices);
  EXPECT_DOUBLE_EQ((*prices)[0].price, 0.0321);
  EXPECT_EQ(ResponseNextToken(Doc("DescribeSpotPriceHistory")), "");

  auto console = ParseConsoleOutput(Doc("GetConsoleOutput"));
  ASSERT_OK(console);
  EXPECT_EQ(*console, "Linux version 6.1\n");

  auto spots = ParseSpotRequests(Doc("DescribeSpotInstanceRequests"));
  ASSERT_OK(spots);
  EXPECT_EQ((*spots)[0].launch_group, "@sc-mycluster");
  EXPECT_EQ((*spots)[0].state, "active");
  EXPECT_DOUBLE_EQ((*spots)[0].price, 0.09);

  auto keys = ParseKeyPairs(Doc("DescribeKeyPairs"));
  ASSERT_OK(keys);
  EXPECT_EQ((*keys)[0].fingerprint.size(), 59u);

  auto snaps = ParseSnapshots(Doc("CreateSnapshot"));
  ASSERT_OK(snaps);
  EXPECT_EQ((*snaps)[0].size_gb, 30);
  EXPECT_EQ((*snaps)[0].status, "pending");
}

TEST(Ec2XmlTest, MalformedInputIsAnError) {
  EXPECT_EQ(ParseInstances("<DescribeInstancesResponse><reservationSet>").status().code(),
            StatusCode::kInternal);
  EXPECT_EQ(ParseGroupId("<CreateSecurityGroupResponse/>").status().code(), StatusCode::kInternal);
  EXPECT_EQ(ParseConsoleOutput("<R><output>!!!</output></R>").status().code(), StatusCode::kInternal);
  EXPECT_EQ(ResponseNextToken("garbage"), "");
}

}  // namespace
}  // namespace corral
