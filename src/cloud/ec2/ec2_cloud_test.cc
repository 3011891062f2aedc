#include "cloud/ec2/ec2_cloud.h"

#include <gtest/gtest.h>

#include "cloud/ec2/ec2_cloud_impl.h"
#include "testing/fake_http_client.h"
#include "testing/test_util.h"
#include "util/crypto.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

const char kNs[] = " xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";

std::string Doc(const std::string& action, const std::string& inner) {
  return "<" + action + "Response" + kNs + "><requestId>r-1</requestId>" + inner + "</" + action +
         "Response>";
}

std::string InstanceXml(const std::string& id, int index, const std::string& state,
                        const std::string& tags = "") {
  return "<item><instanceId>" + id + "</instanceId><imageId>ami-1</imageId><instanceState><code>0"
         "</code><name>" + state + "</name></instanceState><amiLaunchIndex>" +
         std::to_string(index) + "</amiLaunchIndex><instanceType>c5.large</instanceType>"
         "<ipAddress>203.0.113.7</ipAddress><groupSet><item><groupId>sg-1</groupId><groupName>"
         "@sc-demo</groupName></item></groupSet><tagSet>" + tags + "</tagSet></item>";
}

std::string TagXml(const std::string& k, const std::string& v) {
  return "<item><key>" + k + "</key><value>" + v + "</value></item>";
}

std::string ErrorXml(const std::string& code, const std::string& msg) {
  return "<Response><Errors><Error><Code>" + code + "</Code><Message>" + msg +
         "</Message></Error></Errors><RequestID>x</RequestID></Response>";
}

class Ec2CloudTest : public ::testing::Test {
 protected:
  void SetUp() override {
    http_ = std::make_shared<FakeHttpClient>();
    http_->SetHandler([this](const HttpRequest& req) { return Answer(req); });
    Ec2CloudOptions opt;
    opt.endpoint.host = "ec2.us-east-1.amazonaws.com";
    opt.credentials = StaticCredentials({"AKIDEXAMPLE", "secret", ""}, "test");
    opt.http = http_;
    opt.clock = &clock_;
    opt.log = &log_;
    opt.known_hosts_dir = dir_.Join("ec2");
    Result<std::unique_ptr<Cloud>> cloud = NewEc2Cloud(opt);
    ASSERT_OK(cloud);
    cloud_ = std::move(*cloud);
  }

  // Canned answers by action; `answers_` overrides.
  Result<HttpResponse> Answer(const HttpRequest& req) {
    std::string action = FormField(req.body, "Action");
    HttpResponse r;
    r.status = 200;
    if (answers_.count(action)) {
      r.body = answers_[action];
      if (StartsWith(r.body, "<Response>")) r.status = 400;
      return r;
    }
    if (action == "DescribeImages") {
      r.body = Doc(action, "<imagesSet><item><imageId>ami-1</imageId><architecture>x86_64"
                           "</architecture><rootDeviceType>ebs</rootDeviceType><rootDeviceName>"
                           "/dev/xvda</rootDeviceName></item></imagesSet>");
    } else if (action == "DescribeInstanceTypes") {
      r.body = Doc(action, "<instanceTypeSet><item><instanceType>c5.large</instanceType>"
                           "<processorInfo><supportedArchitectures><item>x86_64</item>"
                           "</supportedArchitectures></processorInfo></item></instanceTypeSet>");
    } else if (action == "DescribeSecurityGroups") {
      r.body = Doc(action, "<securityGroupInfo><item><groupId>sg-1</groupId><groupName>@sc-demo"
                           "</groupName></item></securityGroupInfo>");
    } else if (action == "RunInstances") {
      int n = static_cast<int>(*ParseInt(FormField(req.body, "MinCount")));
      std::string items;
      // Out of order on purpose: corral must assign aliases by launch index.
      for (int i = n - 1; i >= 0; --i) items += InstanceXml("i-" + std::to_string(i), i, "pending");
      r.body = Doc(action, "<reservationId>r-1</reservationId><instancesSet>" + items +
                               "</instancesSet>");
    } else {
      r.body = Doc(action, "<return>true</return>");
    }
    return r;
  }

  std::vector<std::string> Sent(const std::string& action) const {
    std::vector<std::string> bodies;
    for (const HttpRequest& r : http_->requests()) {
      if (FormField(r.body, "Action") == action) bodies.push_back(r.body);
    }
    return bodies;
  }

  TempDir dir_;
  FakeClock clock_;
  std::ostringstream log_text_;
  Logger log_{&log_text_};
  std::shared_ptr<FakeHttpClient> http_;
  std::map<std::string, std::string> answers_;
  std::unique_ptr<Cloud> cloud_;
};

LaunchRequest ThreeNodes() {
  LaunchRequest req;
  req.image_id = "ami-1";
  req.instance_type = "c5.large";
  req.count = 3;
  req.key_name = "mykey";
  req.security_group = "@sc-demo";
  req.zone = "us-east-1a";
  req.aliases = {"master", "node001", "node002"};
  req.tags = {{"corral:cluster", "demo"}};
  req.user_data = "#!/bin/sh\necho hi\n";
  req.client_token = "tok-1";
  return req;
}

TEST_F(Ec2CloudTest, RunInstancesIsOneCallWithTagsRootVolumeAndUserData) {
  Result<std::vector<Instance>> got = cloud_->RunInstances(ThreeNodes());
  ASSERT_OK(got);
  ASSERT_EQ(Sent("RunInstances").size(), 1u);
  const std::string body = Sent("RunInstances")[0];
  EXPECT_EQ(FormField(body, "MinCount"), "3");
  EXPECT_EQ(FormField(body, "MaxCount"), "3");
  EXPECT_EQ(FormField(body, "ClientToken"), "tok-1");
  EXPECT_EQ(FormField(body, "SecurityGroup.1"), "@sc-demo");
  EXPECT_EQ(FormField(body, "KeyName"), "mykey");
  EXPECT_EQ(FormField(body, "Placement.AvailabilityZone"), "us-east-1a");
  EXPECT_EQ(FormField(body, "UserData"), Base64Encode("#!/bin/sh\necho hi\n"));
  EXPECT_EQ(FormField(body, "BlockDeviceMapping.1.DeviceName"), "/dev/xvda");
  EXPECT_EQ(FormField(body, "BlockDeviceMapping.1.Ebs.DeleteOnTermination"), "true");
  EXPECT_EQ(FormField(body, "TagSpecification.1.ResourceType"), "instance");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.1.Key"), "corral:aliases");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.1.Value"), "master,node001,node002");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.2.Key"), "corral:cluster");
  EXPECT_EQ(FormField(body, "TagSpecification.2.ResourceType"), "volume");
  EXPECT_EQ(Sent("CreateTags").size(), 0u);
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0].id, "i-0");
  EXPECT_EQ((*got)[0].Alias(), "master");
  EXPECT_EQ((*got)[2].Alias(), "node002");
  EXPECT_EQ((*got)[2].tags.at("Name"), "node002");
}

TEST_F(Ec2CloudTest, SingleInstanceGetsAliasAndNameInTheLaunchCall) {
  LaunchRequest req = ThreeNodes();
  req.count = 1;
  req.aliases = {"node007"};
  ASSERT_OK(cloud_->RunInstances(req));
  const std::string body = Sent("RunInstances")[0];
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.1.Key"), "Name");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.1.Value"), "node007");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.2.Key"), "alias");
  EXPECT_EQ(FormField(body, "TagSpecification.1.Tag.2.Value"), "node007");
}

TEST_F(Ec2CloudTest, SubnetPutsGroupIdOnTheNetworkInterface) {
  LaunchRequest req = ThreeNodes();
  req.subnet_id = "subnet-9";
  req.public_ip = false;
  ASSERT_OK(cloud_->RunInstances(req));
  const std::string body = Sent("RunInstances")[0];
  EXPECT_EQ(FormField(body, "SecurityGroup.1"), "");
  EXPECT_EQ(FormField(body, "NetworkInterface.1.DeviceIndex"), "0");
  EXPECT_EQ(FormField(body, "NetworkInterface.1.SubnetId"), "subnet-9");
  EXPECT_EQ(FormField(body, "NetworkInterface.1.SecurityGroupId.1"), "sg-1");
  EXPECT_EQ(FormField(body, "NetworkInterface.1.AssociatePublicIpAddress"), "false");
}

TEST_F(Ec2CloudTest, UnknownInstanceTypeLaunchesNothing) {
  answers_["DescribeInstanceTypes"] =
      ErrorXml("InvalidInstanceType", "The following supplied instance types do not exist: [c9.huge]");
  LaunchRequest req = ThreeNodes();
  req.instance_type = "c9.huge";
  Result<std::vector<Instance>> got = cloud_->RunInstances(req);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(got.status().message(), "unknown instance type 'c9.huge' in region us-east-1");
  EXPECT_TRUE(Sent("RunInstances").empty());
}

TEST_F(Ec2CloudTest, ArchitectureMismatchLaunchesNothing) {
  answers_["DescribeImages"] = Doc("DescribeImages",
                                   "<imagesSet><item><imageId>ami-1</imageId><architecture>arm64"
                                   "</architecture></item></imagesSet>");
  Result<std::vector<Instance>> got = cloud_->RunInstances(ThreeNodes());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "instance type 'c5.large' (x86_64) cannot run image ami-1 (arm64)");
  EXPECT_TRUE(Sent("RunInstances").empty());
}

TEST_F(Ec2CloudTest, UnknownImageLaunchesNothing) {
  answers_["DescribeImages"] = ErrorXml("InvalidAMIID.NotFound", "The image id '[ami-1]' does not exist");
  Result<std::vector<Instance>> got = cloud_->RunInstances(ThreeNodes());
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().message(), "image 'ami-1' does not exist in region us-east-1");
  EXPECT_TRUE(Sent("RunInstances").empty());
}

TEST_F(Ec2CloudTest, LookupsAreCachedAcrossLaunchGroups) {
  ASSERT_OK(cloud_->RunInstances(ThreeNodes()));
  ASSERT_OK(cloud_->RunInstances(ThreeNodes()));
  auto counts = dynamic_cast<Ec2CloudExtras&>(*cloud_).ApiCallCounts();
  EXPECT_EQ(counts["DescribeImages"], 1);
  EXPECT_EQ(counts["DescribeInstanceTypes"], 1);
  EXPECT_EQ(counts["RunInstances"], 2);
}

TEST_F(Ec2CloudTest, DescribeInstancesIsOneFilteredCallAndResolvesAliases) {
  std::string aliases = TagXml("corral:aliases", "master,node001..node003");
  answers_["DescribeInstances"] = Doc(
      "DescribeInstances",
      "<reservationSet><item><instancesSet>" + InstanceXml("i-a", 0, "running", aliases) +
          InstanceXml("i-b", 3, "pending", aliases) +
          InstanceXml("i-c", 1, "running", aliases + TagXml("alias", "renamed")) +
          "</instancesSet></item></reservationSet>");
  InstanceFilter f;
  f.security_group = "@sc-demo";
  Result<std::vector<Instance>> got = cloud_->DescribeInstances(f);
  ASSERT_OK(got);
  ASSERT_EQ(Sent("DescribeInstances").size(), 1u);
  const std::string body = Sent("DescribeInstances")[0];
  EXPECT_EQ(FormField(body, "Filter.1.Name"), "instance.group-name");
  EXPECT_EQ(FormField(body, "Filter.1.Value.1"), "@sc-demo");
  EXPECT_EQ(FormField(body, "Filter.2.Name"), "instance-state-name");
  EXPECT_EQ(FormField(body, "Filter.2.Value.5"), "stopped");
  EXPECT_EQ(FormField(body, "MaxResults"), "1000");
  ASSERT_EQ(got->size(), 3u);
  EXPECT_EQ((*got)[0].Alias(), "master");
  EXPECT_EQ((*got)[1].Alias(), "node003");
  EXPECT_EQ((*got)[1].tags.at("Name"), "node003");
  EXPECT_EQ((*got)[2].Alias(), "renamed");
}

TEST_F(Ec2CloudTest, SecurityGroupRuleParameters) {
  IpPermission world{"tcp", 22, 22, "0.0.0.0/0", ""};
  IpPermission self{"-1", -1, -1, "", "sg-1"};
  ASSERT_OK(cloud_->AuthorizeIngress("sg-1", world));
  ASSERT_OK(cloud_->AuthorizeIngress("sg-1", self));
  std::vector<std::string> sent = Sent("AuthorizeSecurityGroupIngress");
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(FormField(sent[0], "IpPermissions.1.FromPort"), "22");
  EXPECT_EQ(FormField(sent[0], "IpPermissions.1.IpRanges.1.CidrIp"), "0.0.0.0/0");
  EXPECT_EQ(FormField(sent[1], "IpPermissions.1.IpProtocol"), "-1");
  EXPECT_EQ(FormField(sent[1], "IpPermissions.1.FromPort"), "");
  EXPECT_EQ(FormField(sent[1], "IpPermissions.1.Groups.1.GroupId"), "sg-1");
  answers_["AuthorizeSecurityGroupIngress"] =
      ErrorXml("InvalidPermission.Duplicate", "the specified rule already exists");
  EXPECT_EQ(cloud_->AuthorizeIngress("sg-1", world).code(), StatusCode::kAlreadyExists);
}

TEST_F(Ec2CloudTest, KeyImportSendsBase64Material) {
  answers_["ImportKeyPair"] = Doc("ImportKeyPair", "<keyName>k</keyName><keyFingerprint>aa:bb"
                                                   "</keyFingerprint>");
  Result<KeyPair> k = cloud_->ImportKeyPair("k", "ssh-ed25519 AAAA me");
  ASSERT_OK(k);
  EXPECT_EQ(k->fingerprint, "aa:bb");
  EXPECT_EQ(FormField(Sent("ImportKeyPair")[0], "PublicKeyMaterial"), Base64Encode("ssh-ed25519 AAAA me"));
}

TEST_F(Ec2CloudTest, VolumeCallsNameTheVolume) {
  answers_["CreateVolume"] = Doc("CreateVolume", "<volumeId>vol-1</volumeId><size>10</size>"
                                                 "<availabilityZone>us-east-1a</availabilityZone>"
                                                 "<status>creating</status>");
  Result<Volume> v = cloud_->CreateVolume(10, "us-east-1a", {{"Name", "data"}});
  ASSERT_OK(v);
  EXPECT_EQ(v->id, "vol-1");
  EXPECT_EQ(v->tags.at("Name"), "data");
  EXPECT_EQ(FormField(Sent("CreateVolume")[0], "TagSpecification.1.ResourceType"), "volume");
  ASSERT_OK(cloud_->AttachVolume("vol-1", "i-1", "/dev/sdz", "/data"));
  EXPECT_EQ(FormField(Sent("AttachVolume")[0], "Device"), "/dev/sdz");
  ASSERT_OK(cloud_->DetachVolume("vol-1"));
  ASSERT_OK(cloud_->DeleteVolume("vol-1"));
  EXPECT_EQ(FormField(Sent("DeleteVolume")[0], "VolumeId"), "vol-1");
}

TEST_F(Ec2CloudTest, SshEndpointPinsConsoleHostKeysOnce) {
  std::string console = "boot\n-----BEGIN SSH HOST KEY KEYS-----\n"
                        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample root@ip-10-0-0-1\n"
                        "-----END SSH HOST KEY KEYS-----\n";
  answers_["GetConsoleOutput"] = Doc("GetConsoleOutput", "<instanceId>i-1</instanceId><output>" +
                                                             Base64Encode(console) + "</output>");
  Instance inst;
  inst.id = "i-1";
  inst.public_ip = "203.0.113.7";
  inst.security_groups = {"@sc-demo"};
  Result<SshEndpoint> ep = cloud_->SshEndpointFor(inst);
  ASSERT_OK(ep);
  EXPECT_EQ(ep->host, "203.0.113.7");
  EXPECT_EQ(ep->host_key_alias, "i-1");
  EXPECT_EQ(ep->known_hosts_file, dir_.Join("ec2/us-east-1/demo.known_hosts"));
  EXPECT_EQ(ReadFile(ep->known_hosts_file).value_or(""),
            "i-1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample\n");
  ASSERT_OK(cloud_->SshEndpointFor(inst));
  EXPECT_EQ(Sent("GetConsoleOutput").size(), 1u);
}

TEST_F(Ec2CloudTest, SshEndpointWaitsForKeysThenGivesUp) {
  answers_["GetConsoleOutput"] = Doc("GetConsoleOutput", "<instanceId>i-1</instanceId><output/>");
  Instance inst;
  inst.id = "i-1";
  inst.private_ip = "10.0.0.1";
  Result<SshEndpoint> ep = cloud_->SshEndpointFor(inst);
  ASSERT_FALSE(ep.ok());
  EXPECT_EQ(ep.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(Sent("GetConsoleOutput").size(), 61u);  // every 10 s for 10 minutes, then once more
}

TEST(Ec2HelpersTest, AliasListsCompressRuns) {
  EXPECT_EQ(EncodeAliasList({"master"}), "master");
  EXPECT_EQ(EncodeAliasList({"master", "node001", "node002"}), "master,node001,node002");
  std::vector<std::string> many = {"master"};
  for (int i = 1; i < 200; ++i) many.push_back("node" + std::string(i < 10 ? "00" : i < 100 ? "0" : "") + std::to_string(i));
  EXPECT_EQ(EncodeAliasList(many), "master,node001..node199");
  EXPECT_EQ(DecodeAliasList("master,node001..node199"), many);
  std::vector<std::string> mixed = {"t-node009", "t-node010", "t-node011", "x", "n1", "n2"};
  EXPECT_EQ(EncodeAliasList(mixed), "t-node009..t-node011,x,n1,n2");
  EXPECT_EQ(DecodeAliasList(EncodeAliasList(mixed)), mixed);
  EXPECT_EQ(DecodeAliasList("a..b"), std::vector<std::string>{"a..b"});
}

TEST(Ec2HelpersTest, ConsoleHostKeysIgnoreNoise) {
  std::string console =
      "[   12.0] cloud-init[812]: -----BEGIN SSH HOST KEY KEYS-----\n"
      "[   12.0] cloud-init[812]: ecdsa-sha2-nistp256 AAAAE2VjZHNh root@h\n"
      "ssh-rsa not*base64 root@h\n"
      "garbage line\n"
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5 \n"
      "-----END SSH HOST KEY KEYS-----\n";
  EXPECT_EQ(ParseConsoleHostKeys(console),
            (std::vector<std::string>{"ecdsa-sha2-nistp256 AAAAE2VjZHNh",
                                      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5"}));
  EXPECT_TRUE(ParseConsoleHostKeys("-----BEGIN SSH HOST KEY KEYS-----\nssh-rsa AAAA\n").empty());
}

TEST(Ec2HelpersTest, InstanceFilterTagsAndIds) {
  InstanceFilter f;
  f.ids = {"i-1", "i-2"};
  f.states = {InstanceState::kRunning};
  f.tags = {{"alias", "master"}, {"corral:cluster", "*"}};
  QueryParams p = InstanceFilterParams(f);
  std::string body = FormEncode(p);
  EXPECT_EQ(FormField(body, "Filter.1.Name"), "instance-id");
  EXPECT_EQ(FormField(body, "Filter.1.Value.2"), "i-2");
  EXPECT_EQ(FormField(body, "Filter.2.Value.1"), "running");
  EXPECT_EQ(FormField(body, "Filter.3.Name"), "tag:alias");
  EXPECT_EQ(FormField(body, "Filter.4.Name"), "tag-key");
  EXPECT_EQ(FormField(body, "Filter.4.Value.1"), "corral:cluster");
}

TEST(Ec2HelpersTest, SpotRequestParameters) {
  LaunchRequest req = ThreeNodes();
  req.spot_bid = 0.25;
  LaunchPlan plan{"/dev/xvda", ""};
  std::string body = FormEncode(SpotRequestParams(req, plan));
  EXPECT_EQ(FormField(body, "SpotPrice"), "0.25");
  EXPECT_EQ(FormField(body, "InstanceCount"), "3");
  EXPECT_EQ(FormField(body, "LaunchGroup"), "@sc-demo");
  EXPECT_EQ(FormField(body, "AvailabilityZoneGroup"), "@sc-demo");
  EXPECT_EQ(FormField(body, "LaunchSpecification.ImageId"), "ami-1");
  EXPECT_EQ(FormField(body, "LaunchSpecification.SecurityGroup.1"), "@sc-demo");
  EXPECT_EQ(FormField(body, "LaunchSpecification.BlockDeviceMapping.1.Ebs.DeleteOnTermination"), "true");
  EXPECT_EQ(FormField(body, "TagSpecification.1.ResourceType"), "spot-instances-request");
}

}  // namespace
}  // namespace corral
