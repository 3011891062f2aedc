#include <nlohmann/json.hpp>
#include <sys/stat.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

std::string ScipionConfig() { return SharedDir() + "/examples/scipion-aws.config"; }

TEST(ConfigCommandTest, ScipionAcceptance) {
  CliHarness h;
  CliRun r = h.Run({"-c", ScipionConfig(), "config", "scipioncluster", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["name"], "scipioncluster");
  EXPECT_EQ(j["cluster_size"], 2);
  EXPECT_EQ(j["node_instance_type"], "t2.medium");
  EXPECT_EQ(j["node_image_id"], "ami-811e79f8");
  EXPECT_EQ(j["dns_prefix"], true);
  EXPECT_EQ(j["cloud"], "ec2");
  ASSERT_EQ(j["permissions"].size(), 2u);
  EXPECT_EQ(j["permissions"][0],
            nlohmann::json::parse(R"({"name":"http","ip_protocol":"tcp","from_port":80,
                                  "to_port":80,"cidr_ip":"0.0.0.0/0"})"));
  EXPECT_EQ(j["permissions"][1]["name"], "https");
  EXPECT_EQ(j["permissions"][1]["from_port"], 443);
  EXPECT_EQ(j["permissions"][1]["to_port"], 443);
  EXPECT_EQ(j["aws"]["aws_secret_access_key"], "****");
  EXPECT_EQ(r.out.find("XXXXXXXXXXXXXXXXXXXXXX"), std::string::npos);  // the secret itself
}

TEST(ConfigCommandTest, DefaultTemplateAndTextOutput) {
  CliHarness h;
  CliRun r = h.Run({"-c", ScipionConfig(), "config"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("[cluster scipioncluster]"), std::string::npos);
  EXPECT_NE(r.out.find("CLUSTER_SIZE = 2"), std::string::npos);
  EXPECT_NE(r.out.find("scipion-aws.config:33\n"), std::string::npos);
}

TEST(ConfigCommandTest, UnknownTemplateSuggests) {
  CliHarness h;
  CliRun r = h.Run({"-c", ScipionConfig(), "config", "scipioncluste"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - " + ScipionConfig() +
                       ": cluster template scipioncluste does not exist (did you mean "
                       "'scipioncluster'?)\n");
}

TEST(ConfigCommandTest, MissingConfigWithoutTerminal) {
  TempDir home;
  CliHarness h;
  h.env["HOME"] = home.path();
  CliRun r = h.Run({"config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - config file " + home.path() +
                       "/.corral/config does not exist; run 'corral config --write-template' to "
                       "write a template there, or pass -c FILE\n");
}

TEST(ConfigCommandTest, MissingConfigOnTerminalWritesTemplateAndGoesOn) {
  TempDir home;
  CliHarness h;
  h.env["HOME"] = home.path();
  h.terminal = true;
  h.stdin_data = "2\n";
  CliRun r = h.Run({"config", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string path = home.path() + "/.corral/config";
  EXPECT_NE(r.out.find("[2] Write config template to " + path), std::string::npos);
  struct stat st;
  ASSERT_EQ(stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  nlohmann::json j = nlohmann::json::parse(r.out.substr(r.out.find('{')));
  EXPECT_EQ(j["name"], "smallcluster");
  EXPECT_EQ(j["cloud"], "local");
  EXPECT_EQ(j["cluster_size"], 3);
  EXPECT_EQ(j["cluster_user"], "sgeadmin");
  EXPECT_EQ(j["node_image_id"], "host");
  EXPECT_EQ(j["node_instance_type"], "local");
  EXPECT_EQ(j["key_location"], home.path() + "/.corral/corralkey.rsa");
}

TEST(ConfigCommandTest, MissingConfigOnTerminalShowOrQuit) {
  TempDir home;
  CliHarness h;
  h.env["HOME"] = home.path();
  h.terminal = true;
  h.stdin_data = "1\n";
  CliRun shown = h.Run({"config"});
  EXPECT_EQ(shown.exit_code, 2);
  EXPECT_NE(shown.out.find("[cluster smallcluster]"), std::string::npos);
  h.stdin_data = "q\n";
  CliRun quit = h.Run({"config"});
  EXPECT_EQ(quit.exit_code, 2);
  EXPECT_EQ(quit.out.find("[cluster smallcluster]"), std::string::npos);
  EXPECT_FALSE(PathExists(home.path() + "/.corral/config"));
}

}  // namespace
}  // namespace corral
