#include "cloud/ec2/aws_credentials.h"

#include <gtest/gtest.h>

#include "testing/fake_http_client.h"
#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

struct CredentialsTest : testing::Test {
  TempDir home{"corral-creds"};
  FakeClock clock;
  FakeHttpClient http;
  CredentialInputs in;
  CredentialsTest() {
    in.home = home.path();
    in.clock = &clock;
    in.env["AWS_EC2_METADATA_DISABLED"] = "true";
  }
  void WriteAws(const std::string& name, const std::string& text) {
    ASSERT_OK(MakeDirs(home.Join(".aws")));
    ASSERT_OK(WriteFileAtomic(home.Join(".aws/" + name), text));
  }
  AwsCredentials Resolve(std::string* source = nullptr) {
    Result<std::unique_ptr<CredentialProvider>> p = ResolveCredentials(in);
    EXPECT_TRUE(p.ok()) << p.status().message();
    if (!p.ok()) return {};
    if (source) *source = (*p)->Source();
    return (*p)->Get().value_or({});
  }
};

TEST_F(CredentialsTest, AwsInfoComesFirst) {
  in.aws.access_key_id = "AKCONFIG";
  in.aws.secret_access_key = "secret-config";
  in.env["AWS_ACCESS_KEY_ID"] = "AKENV";
  in.env["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  in.env["AWS_SESSION_TOKEN"] = "token-env";
  std::string source;
  AwsCredentials c = Resolve(&source);
  EXPECT_EQ(c.access_key_id, "AKCONFIG");
  EXPECT_EQ(c.session_token, "");  // a token from elsewhere would not match these keys
  EXPECT_EQ(source, "[aws info]");
}

TEST_F(CredentialsTest, AwsInfoKeysOverriddenFromEnvironmentTakeTheToken) {
  in.aws.access_key_id = "AKENV";
  in.aws.secret_access_key = "secret-env";
  in.aws.from_environment = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"};
  in.env["AWS_SESSION_TOKEN"] = "token-env";
  EXPECT_EQ(Resolve().session_token, "token-env");
}

TEST_F(CredentialsTest, EnvironmentBeforeProfiles) {
  WriteAws("credentials", "[default]\naws_access_key_id = AKFILE\naws_secret_access_key = s\n");
  in.env["AWS_ACCESS_KEY_ID"] = "AKENV";
  in.env["AWS_SECRET_ACCESS_KEY"] = "secret-env";
  in.env["AWS_SESSION_TOKEN"] = "token-env";
  AwsCredentials c = Resolve();
  EXPECT_EQ(c.access_key_id, "AKENV");
  EXPECT_EQ(c.session_token, "token-env");
}

TEST_F(CredentialsTest, NamedProfileFromCredentialsThenConfigFile) {
  WriteAws("credentials",
           "# comment\n[default]\naws_access_key_id=AKDEF\naws_secret_access_key=sdef\n\n"
           "[dev]\n  AWS_ACCESS_KEY_ID = AKDEV \naws_secret_access_key = sdev\n"
           "aws_session_token = tdev\n");
  WriteAws("config", "[profile ops]\naws_access_key_id = AKOPS\naws_secret_access_key = sops\n");
  in.env["AWS_PROFILE"] = "dev";
  std::string source;
  AwsCredentials c = Resolve(&source);
  EXPECT_EQ(c.access_key_id, "AKDEV");
  EXPECT_EQ(c.secret_access_key, "sdev");
  EXPECT_EQ(c.session_token, "tdev");
  EXPECT_EQ(source, "profile 'dev' in " + home.Join(".aws/credentials"));
  in.env["AWS_PROFILE"] = "ops";
  EXPECT_EQ(Resolve().access_key_id, "AKOPS");
}

TEST_F(CredentialsTest, InstanceRoleThroughImdsV2) {
  in.env.erase("AWS_EC2_METADATA_DISABLED");
  in.env["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = "http://127.0.0.1:9/";
  in.http = &http;
  int fetches = 0;
  http.SetHandler([&](const HttpRequest& r) -> Result<HttpResponse> {
    HttpResponse resp;
    resp.status = 200;
    std::map<std::string, std::string> h(r.headers.begin(), r.headers.end());
    if (r.url == "http://127.0.0.1:9/latest/api/token") {
      EXPECT_EQ(r.method, "PUT");
      EXPECT_EQ(h["X-aws-ec2-metadata-token-ttl-seconds"], "21600");
      resp.body = "imds-token";
    } else if (h["X-aws-ec2-metadata-token"] != "imds-token") {
      resp.status = 401;
    } else if (r.url == "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/") {
      resp.body = "web-role\n";
    } else if (r.url == "http://127.0.0.1:9/latest/meta-data/iam/security-credentials/web-role") {
      ++fetches;
      resp.body = R"({"Code":"Success","AccessKeyId":"ASIAROLE)" + std::to_string(fetches) +
                  R"(","SecretAccessKey":"rs","Token":"rt","Expiration":"2023-11-14T23:13:20Z"})";
    } else {
      resp.status = 404;
    }
    return resp;
  });
  // FakeClock starts at 2023-11-14T22:13:20Z: the role credentials are good for an hour.
  Result<std::unique_ptr<CredentialProvider>> p = ResolveCredentials(in);
  ASSERT_OK(p);
  EXPECT_EQ((*p)->Source(), "instance role 'web-role'");
  EXPECT_EQ((*p)->Get()->access_key_id, "ASIAROLE1");
  EXPECT_EQ((*p)->Get()->session_token, "rt");
  clock.Advance(std::chrono::minutes(30));
  EXPECT_EQ((*p)->Get()->access_key_id, "ASIAROLE1");
  clock.Advance(std::chrono::minutes(26));  // within five minutes of expiry: refreshed
  EXPECT_EQ((*p)->Get()->access_key_id, "ASIAROLE2");
}

TEST_F(CredentialsTest, NothingFoundNamesEveryPlace) {
  Result<std::unique_ptr<CredentialProvider>> p = ResolveCredentials(in);
  EXPECT_EQ(p.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(p.status().message().find("[aws info]"), std::string::npos);
  EXPECT_NE(p.status().message().find("~/.aws/credentials"), std::string::npos);
  EXPECT_NE(p.status().message().find("IAM role"), std::string::npos);
}

TEST_F(CredentialsTest, UnreachableImdsEndsTheChain) {
  in.env.erase("AWS_EC2_METADATA_DISABLED");
  in.http = &http;
  http.SetHandler([](const HttpRequest&) -> Result<HttpResponse> {
    return Unavailable("connect timeout").Retryable();
  });
  EXPECT_EQ(ResolveCredentials(in).status().code(), StatusCode::kUnauthenticated);
  ASSERT_EQ(http.requests().size(), 1u);
  EXPECT_EQ(http.requests()[0].url, "http://169.254.169.254/latest/api/token");
  EXPECT_EQ(http.requests()[0].timeout, std::chrono::seconds(1));
}

}  // namespace
}  // namespace corral
