#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "config/config_template.h"
#include "testing/test_util.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

std::string ScipionConfig() { return SharedDir() + "/examples/scipion-aws.config"; }

// The line of `text` that starts with `prefix`, runs of spaces collapsed to two; "" if none.
std::string LineOf(const std::string& text, const std::string& prefix) {
  for (const std::string& line : Split(text, '\n')) {
    if (StartsWith(line, prefix)) return std::regex_replace(line, std::regex("  +"), "  ");
  }
  return "";
}

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
  EXPECT_EQ(j["keyname"], nullptr);  // the local provider brings a root key per cluster
  EXPECT_EQ(j["scheduler"], "sge");
  EXPECT_EQ(j["master_is_exec_host"], true);
  EXPECT_EQ(j["slots_per_host"], nullptr);
  EXPECT_EQ(r.err, ">>> Config template written to " + path + ". Please customize this file.\n");
}

// The template as written loads and passes every offline check, and its commented-out examples
// are valid too once uncommented.
TEST(ConfigCommandTest, TemplateExamplesAreValid) {
  TempDir dir;
  std::string text = ConfigTemplate();
  std::string uncommented;
  static const std::regex kExample("# (\\[[a-z]+( [a-z0-9_-]+)?\\]|[A-Z][A-Z0-9_]* = .*)");
  for (const std::string& line : Split(text, '\n')) {
    uncommented += (std::regex_match(line, kExample) ? line.substr(2) : line) + "\n";
  }
  ASSERT_OK(WriteFileAtomic(dir.Join("examples"), uncommented));
  // The files the examples name.
  ASSERT_OK(WriteFileAtomic(dir.Join("bootstrap.sh"), "#!/bin/sh\n"));
  ASSERT_OK(MakeDirs(dir.Join(".corral")));
  ASSERT_OK(WriteFileAtomic(dir.Join(".corral/templates"), "# more templates\n"));
  ASSERT_OK(WriteFileAtomic(dir.Join(".corral/plugins"), "# more plugins\n"));
  ASSERT_OK(WriteFileAtomic(dir.Join("template"), text));
  CliHarness h;
  h.env["HOME"] = dir.path();
  h.env["AWS_ACCESS_KEY_ID"] = "AKIDTEMPLATETEST";
  EXPECT_EQ(h.Run({"-c", dir.Join("template"), "config"}).exit_code, 0);
  for (const char* name : {"smallcluster", "ec2cluster"}) {
    CliRun r = h.Run({"-c", dir.Join("examples"), "config", name, "--json"});
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err << "\n" << uncommented;
  }
  CliRun r = h.Run({"-c", dir.Join("examples"), "config", "ec2cluster", "--json"});
  EXPECT_EQ(r.err.find("AKIDTEMPLATETEST"), std::string::npos);
  EXPECT_EQ(r.out.find("AKIDTEMPLATETEST"), std::string::npos);
  EXPECT_NE(r.err.find("*** WARNING - Setting 'AWS_ACCESS_KEY_ID' from environment...\n"),
            std::string::npos);
}

TEST(ConfigCommandTest, WarningsAndSchedulerSettingsShown) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Join("config"),
                            "[plugin sge]\n"
                            "SETUP_CLASS = starcluster.plugins.sge.SGEPlugin\n"
                            "SLOTS_PER_HOST = 2\n"
                            "[permission web]\n"
                            "PROTOCOL = udp\n"
                            "FROM_PORT = 80\n"
                            "TO_PORT = 80\n"
                            "[cluster c]\n"
                            "CLUSTER_SIZE = 2\n"
                            "PLUGINS = sge\n"
                            "PERMISSIONS = web\n"
                            "MASTER_IS_EXEC_HOST = False\n"));
  CliHarness h;
  CliRun r = h.Run({"-c", dir.Join("config"), "config", "c"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string at = dir.Join("config") + ":";
  EXPECT_EQ(r.err, "*** WARNING - " + at +
                       "5: unknown setting 'PROTOCOL' in [permission web] is "
                       "ignored (did you mean 'IP_PROTOCOL'?)\n");
  EXPECT_EQ(LineOf(r.out, "MASTER_IS_EXEC_HOST = "), "MASTER_IS_EXEC_HOST = False  # " + at + "12");
  EXPECT_EQ(LineOf(r.out, "SLOTS_PER_HOST = "), "SLOTS_PER_HOST = 2  # " + at + "3");
  EXPECT_EQ(LineOf(r.out, "PLUGINS = "), "");  // the SGE plugin became scheduler settings
  EXPECT_EQ(LineOf(r.out, "SCHEDULER = "), "SCHEDULER = sge  # default");
}

TEST(ConfigCommandTest, ExitCodes) {
  TempDir dir;
  CliHarness h;
  ASSERT_OK(WriteFileAtomic(dir.Join("bad"), "[cluster c]\nCLUSTER_SIZE = 0\n"));
  CliRun invalid = h.Run({"-c", dir.Join("bad"), "config", "c"});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_EQ(invalid.err,
            "!!! ERROR - " + dir.Join("bad") + ":2: cluster_size must be an integer >= 1\n");
  EXPECT_EQ(h.Run({"-c", dir.path(), "config"}).exit_code, 2);  // a directory
  EXPECT_EQ(h.Run({"config", "--no-such-flag"}).exit_code, 2);
  // A runtime failure: the template cannot be written below a regular file.
  ASSERT_OK(WriteFileAtomic(dir.Join("file"), ""));
  CliRun io = h.Run({"-c", dir.Join("file") + "/sub/config", "config", "--write-template"});
  EXPECT_EQ(io.exit_code, 1) << io.err;
  // Refusing to overwrite is a usage error.
  CliRun exists = h.Run({"-c", dir.Join("bad"), "config", "--write-template"});
  EXPECT_EQ(exists.exit_code, 2);
  EXPECT_EQ(exists.err, "!!! ERROR - " + dir.Join("bad") + " already exists; not overwriting it\n");
  EXPECT_EQ(h.Run({"-c", ScipionConfig(), "config"}).exit_code, 0);
  CliRun url = h.Run({"-c", "https://example.com/config", "config"});
  EXPECT_EQ(url.exit_code, 2);
  EXPECT_EQ(url.err,
            "!!! ERROR - config URLs are not supported: download "
            "https://example.com/config and use the file\n");
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

TEST(ConfigCommandTest, StarClusterConfigFallbackIsAnnounced) {
  TempDir home;
  ASSERT_OK(MakeDirs(home.Join(".starcluster")));
  ASSERT_OK(WriteFileAtomic(home.Join(".starcluster/config"),
                            "[global]\nDEFAULT_TEMPLATE = c\n[cluster c]\nCLUSTER_SIZE = 1\n"));
  CliHarness h;
  h.env["HOME"] = home.path();
  CliRun r = h.Run({"config", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, ">>> Using the StarCluster config " + home.path() +
                       "/.starcluster/config (no corral config at " + home.path() +
                       "/.corral/config)\n");
  h.env["CORRAL_CONFIG"] = home.Join("mine");  // CORRAL_CONFIG is looked for first
  ASSERT_OK(WriteFileAtomic(home.Join("mine"), "[cluster m]\nCLUSTER_SIZE = 1\n"));
  CliRun mine = h.Run({"config", "m"});
  EXPECT_EQ(mine.exit_code, 0) << mine.err;
  EXPECT_EQ(mine.err, "");
}

TEST(ConfigCommandTest, NoDefaultTemplate) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Join("config"),
                            "[cluster a]\nCLUSTER_SIZE = 1\n[cluster b]\n"
                            "CLUSTER_SIZE = 1\n"));
  CliHarness h;
  CliRun r = h.Run({"-c", dir.Join("config"), "config"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - " + dir.Join("config") +
                       ": No default cluster template specified. To set the default cluster "
                       "template, set DEFAULT_TEMPLATE in the [global] section of the config to "
                       "the name of one of your cluster templates (a, b)\n");
}

}  // namespace
}  // namespace corral
