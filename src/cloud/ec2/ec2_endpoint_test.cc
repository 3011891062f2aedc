#include "cloud/ec2/ec2_endpoint.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

TEST(Ec2EndpointTest, DefaultsToUsEast1) {
  Result<Ec2Endpoint> e = ResolveEc2Endpoint({});
  ASSERT_OK(e);
  EXPECT_EQ(e->region, "us-east-1");
  EXPECT_EQ(e->Url(), "https://ec2.us-east-1.amazonaws.com/");
  EXPECT_TRUE(e->verify_tls);
}

TEST(Ec2EndpointTest, RegionPrecedence) {
  EndpointInputs in;
  in.env = {{"AWS_DEFAULT_REGION", "eu-west-1"}};
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "eu-west-1");
  in.env["AWS_REGION"] = "eu-central-1";
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "eu-central-1");
  in.aws.region_name = "ap-south-1";
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "ap-south-1");
  in.region_flag = "us-west-2";
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "us-west-2");
  EXPECT_EQ(ResolveEc2Endpoint(in)->host, "ec2.us-west-2.amazonaws.com");
  in.region_flag = "cn-north-1";
  EXPECT_EQ(ResolveEc2Endpoint(in)->host, "ec2.cn-north-1.amazonaws.com.cn");
}

TEST(Ec2EndpointTest, ProfileRegionFromAwsConfig) {
  TempDir home;
  ASSERT_OK(MakeDirs(home.Join(".aws")));
  ASSERT_OK(WriteFileAtomic(home.Join(".aws/config"), "[default]\nregion = sa-east-1\n[profile x]\nregion=ca-central-1\n"));
  EndpointInputs in;
  in.home = home.path();
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "sa-east-1");
  in.env["AWS_PROFILE"] = "x";
  EXPECT_EQ(ResolveEc2Endpoint(in)->region, "ca-central-1");
}

TEST(Ec2EndpointTest, StarClusterAwsInfoSettings) {
  EndpointInputs in;
  in.aws.region_name = "eucalyptus";
  in.aws.region_host = "cloud.example.org";
  in.aws.port = 8773;
  in.aws.is_secure = false;
  in.aws.ec2_path = "/services/Eucalyptus";
  in.aws.validate_certs = false;
  Result<Ec2Endpoint> e = ResolveEc2Endpoint(in);
  ASSERT_OK(e);
  EXPECT_EQ(e->Url(), "http://cloud.example.org:8773/services/Eucalyptus");
  EXPECT_EQ(e->HostHeader(), "cloud.example.org:8773");
  EXPECT_EQ(e->region, "eucalyptus");
  EXPECT_FALSE(e->verify_tls);
  // -r another region: that region's standard host, not the configured one.
  in.region_flag = "us-east-2";
  EXPECT_EQ(ResolveEc2Endpoint(in)->host, "ec2.us-east-2.amazonaws.com");
}

TEST(Ec2EndpointTest, ExplicitEndpointUrlWins) {
  EndpointInputs in;
  in.aws.region_host = "ignored.example.org";
  in.env = {{"AWS_ENDPOINT_URL", "http://127.0.0.1:4000"}, {"AWS_REGION", "us-east-2"}};
  EXPECT_EQ(ResolveEc2Endpoint(in)->Url(), "http://127.0.0.1:4000/");
  in.env["AWS_ENDPOINT_URL_EC2"] = "https://localhost:8443/ec2/";
  Result<Ec2Endpoint> e = ResolveEc2Endpoint(in);
  ASSERT_OK(e);
  EXPECT_EQ(e->Url(), "https://localhost:8443/ec2/");
  EXPECT_EQ(e->region, "us-east-2");
  in.env["AWS_ENDPOINT_URL_EC2"] = "localhost:8443";
  EXPECT_EQ(ResolveEc2Endpoint(in).status().message(),
            "endpoint URL 'localhost:8443' must look like https://host[:port][/path]");
  in.env["AWS_ENDPOINT_URL_EC2"] = "http://h:99999";
  EXPECT_EQ(ResolveEc2Endpoint(in).status().message(), "endpoint URL 'http://h:99999': bad port");
}

TEST(Ec2EndpointTest, DefaultPortsAreLeftOutOfTheHostHeader) {
  Ec2Endpoint e;
  e.host = "h";
  e.port = 443;
  EXPECT_EQ(e.HostHeader(), "h");
  e.scheme = "http";
  EXPECT_EQ(e.HostHeader(), "h:443");
}

}  // namespace
}  // namespace corral
