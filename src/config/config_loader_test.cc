// Loading: sections, types, defaults, EXTENDS, references, NODE_INSTANCE_TYPE, INCLUDE, AWS_*
// environment overrides, warnings, and every load-time error with its exact text.
#include "config/config_loader.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"
#include "util/file_util.h"

namespace corral {
namespace {

// Appended to a case to make its templates EC2 ones; it comes last so line numbers hold.
constexpr const char* kAws =
    "[aws info]\nAWS_ACCESS_KEY_ID = AKIDEXAMPLE\nAWS_SECRET_ACCESS_KEY = s3cr3t\n";

ConfigEnv Env(std::map<std::string, std::string> vars = {},
              std::map<std::string, std::string> files = {}) {
  vars.emplace("HOME", "/home/u");
  ConfigEnv env;
  env.vars = std::move(vars);
  env.read_file = [files](const std::string& path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return NotFound(path + " does not exist");
    return it->second;
  };
  return env;
}

Result<Config> Load(const std::string& text, const ConfigEnv& env = Env()) {
  return LoadConfigText(text, "t.ini", env);
}

struct ErrorCase {
  const char* name;
  std::string text;
  const char* want;
};

class ConfigLoadErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigLoadErrorTest, ExactMessage) {
  const ErrorCase& c = GetParam();
  Result<Config> config = Load(c.text);
  ASSERT_FALSE(config.ok()) << c.text;
  EXPECT_EQ(config.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(config.status().message(), c.want);
}

std::string Ec2(const std::string& text) { return text + kAws; }

INSTANTIATE_TEST_SUITE_P(
    Rules, ConfigLoadErrorTest,
    testing::Values(
        // Types.
        ErrorCase{
            "IntType", "[cluster c]\nCLUSTER_SIZE = two\n",
            "t.ini:2: Expected integer value for setting cluster_size in section [cluster c]"},
        ErrorCase{
            "BoolType", "[cluster c]\nCLUSTER_SIZE = 1\nDNS_PREFIX = maybe\n",
            "t.ini:3: Expected True/False value for setting dns_prefix in section [cluster c]"},
        ErrorCase{"FloatType", "[cluster c]\nCLUSTER_SIZE = 1\nSPOT_BID = cheap\n",
                  "t.ini:3: Expected float value for setting spot_bid in section [cluster c]"},
        ErrorCase{
            "GlobalIntType", "[global]\nREFRESH_INTERVAL = 1m\n",
            "t.ini:2: Expected integer value for setting refresh_interval in section [global]"},
        ErrorCase{
            "PermissionPortType", "[permission p]\nFROM_PORT = http\nTO_PORT = 80\n",
            "t.ini:2: Expected integer value for setting from_port in section [permission p]"},
        ErrorCase{"VolumePartitionType",
                  "[volume v]\nVOLUME_ID = vol-1\nMOUNT_PATH = /d\nPARTITION = one\n",
                  "t.ini:4: Expected integer value for setting partition in section [volume v]"},
        ErrorCase{
            "AwsBoolType", Ec2("[global]\n") + "AWS_IS_SECURE = sure\n",
            "t.ini:5: Expected True/False value for setting aws_is_secure in section [aws info]"},
        ErrorCase{"MasterIsExecHostType",
                  "[cluster c]\nCLUSTER_SIZE = 1\nMASTER_IS_EXEC_HOST = often\n",
                  "t.ini:3: Expected True/False value for setting master_is_exec_host in section "
                  "[cluster c]"},
        ErrorCase{
            "SlotsPerHostType", "[cluster c]\nCLUSTER_SIZE = 1\nSLOTS_PER_HOST = all\n",
            "t.ini:3: Expected integer value for setting slots_per_host in section [cluster c]"},
        // Allowed values.
        ErrorCase{
            "Shell", "[cluster c]\nCLUSTER_SIZE = 1\nCLUSTER_SHELL = fish\n",
            "t.ini:3: \"cluster_shell\" setting in section \"cluster c\" must be one of: bash, "
            "zsh, csh, ksh, tcsh"},
        ErrorCase{
            "Protocol", "[permission p]\nIP_PROTOCOL = sctp\nFROM_PORT = 1\nTO_PORT = 2\n",
            "t.ini:2: \"ip_protocol\" setting in section \"permission p\" must be one of: tcp, "
            "udp, icmp"},
        ErrorCase{
            "Scheduler", "[cluster c]\nCLUSTER_SIZE = 1\nSCHEDULER = pbs\n",
            "t.ini:3: \"scheduler\" setting in section \"cluster c\" must be one of: sge, slurm"},
        ErrorCase{"Cloud", "[global]\nCLOUD = gce\n",
                  "t.ini:2: \"cloud\" setting in section \"global\" must be one of: ec2, local"},
        // Required options.
        ErrorCase{"Ec2NeedsKeyname",
                  Ec2("[cluster c]\nCLUSTER_SIZE = 1\nNODE_IMAGE_ID = ami-1\nNODE_INSTANCE_TYPE = "
                      "t2.micro\n"),
                  "t.ini:1: missing required option keyname in section \"cluster c\""},
        ErrorCase{"NeedsClusterSize", "[cluster c]\nCLUSTER_USER = me\n",
                  "t.ini:1: missing required option cluster_size in section \"cluster c\""},
        ErrorCase{
            "Ec2NeedsImage",
            Ec2("[key k]\nKEY_LOCATION = ~/k.rsa\n[cluster c]\nKEYNAME = k\nCLUSTER_SIZE = 1\n"
                "NODE_INSTANCE_TYPE = t2.micro\n"),
            "t.ini:3: missing required option node_image_id in section \"cluster c\""},
        ErrorCase{
            "Ec2NeedsInstanceType",
            Ec2("[key k]\nKEY_LOCATION = ~/k.rsa\n[cluster c]\nKEYNAME = k\nCLUSTER_SIZE = 1\n"
                "NODE_IMAGE_ID = ami-1\n"),
            "t.ini:3: missing required option node_instance_type in section \"cluster c\""},
        ErrorCase{"KeyLocation", "[key k]\n",
                  "t.ini:1: missing required option key_location in section \"key k\""},
        ErrorCase{"EmptyKeyLocation", "[key k]\nKEY_LOCATION =\n",
                  "t.ini:2: missing required option key_location in section \"key k\""},
        ErrorCase{"VolumeId", "[volume v]\nMOUNT_PATH = /d\n",
                  "t.ini:1: missing required option volume_id in section \"volume v\""},
        ErrorCase{"MountPath", "[vol v]\nVOLUME_ID = vol-1\n",
                  "t.ini:1: missing required option mount_path in section \"vol v\""},
        ErrorCase{"ToPort", "[permission p]\nFROM_PORT = 80\n",
                  "t.ini:1: missing required option to_port in section \"permission p\""},
        ErrorCase{
            "SetupClass", "[plugin p]\nFOO = 1\n",
            "t.ini:1: missing required option setup_class in section \"plugin p\" (or corral's "
            "SETUP_COMMAND)"},
        ErrorCase{"AwsSecret", "[aws info]\nAWS_ACCESS_KEY_ID = a\n",
                  "t.ini:1: missing required option aws_secret_access_key in section \"aws info\""},
        ErrorCase{"SectionName", "[cluster]\nCLUSTER_SIZE = 1\n",
                  "t.ini:1: section [cluster] needs a name, as in [cluster <name>]"},
        // References.
        ErrorCase{"UndefinedKey", "[cluster c]\nCLUSTER_SIZE = 1\nKEYNAME = nokey\n",
                  "t.ini:3: keypair 'nokey' not defined in config"},
        ErrorCase{"UndefinedVolume", "[cluster c]\nCLUSTER_SIZE = 1\nVOLUMES = data\n",
                  "t.ini:3: volume 'data' not defined in config"},
        ErrorCase{"UndefinedPlugin", "[cluster c]\nCLUSTER_SIZE = 1\nPLUGINS = tools\n",
                  "t.ini:3: plugin 'tools' not defined in config"},
        ErrorCase{"UndefinedPermission",
                  "[permission http]\nFROM_PORT = 80\nTO_PORT = 80\n[cluster c]\nCLUSTER_SIZE = 1\n"
                  "PERMISSIONS = http, htps\n",
                  "t.ini:6: permission 'htps' not defined in config"},
        // EXTENDS.
        ErrorCase{"MissingParent", "[cluster c]\nCLUSTER_SIZE = 1\nEXTENDS = base\n",
                  "t.ini:3: c can't extend non-existent section base"},
        ErrorCase{
            "Cycle", "[cluster a]\nEXTENDS = b\n[cluster b]\nEXTENDS = a\n",
            "t.ini:4: Cyclical dependency between sections b, a. Check your EXTENDS settings."},
        ErrorCase{"SelfCycle", "[cluster a]\nEXTENDS = a\n",
                  "t.ini:2: Cyclical dependency between sections a. Check your EXTENDS settings."},
        // NODE_INSTANCE_TYPE = type[:ami][:count], ..., type
        ErrorCase{"InstanceTypeDefault",
                  "[cluster c]\nCLUSTER_SIZE = 1\nNODE_INSTANCE_TYPE = Big One\n",
                  "t.ini:3: invalid node_instance_type specified: 'Big One'"},
        ErrorCase{
            "InstanceTypeTooManyParts",
            "[cluster c]\nCLUSTER_SIZE = 9\nNODE_INSTANCE_TYPE = m1.large:ami-1:2:3, m1.small\n",
            "t.ini:3: invalid node_instance_type item specified: m1.large:ami-1:2:3"},
        ErrorCase{"InstanceTypeItem",
                  "[cluster c]\nCLUSTER_SIZE = 9\nNODE_INSTANCE_TYPE = m1/large:2, m1.small\n",
                  "t.ini:3: invalid type specified (m1/large) in node_instance_type item: "
                  "'m1/large:2'"},
        ErrorCase{
            "InstanceTypeZeroCount",
            "[cluster c]\nCLUSTER_SIZE = 9\nNODE_INSTANCE_TYPE = m1.large:ami-1:0, m1.small\n",
            "t.ini:3: number of instances (0) of type 'm1.large' must be an integer >= 1"},
        ErrorCase{
            "InstanceTypeBadCount",
            "[cluster c]\nCLUSTER_SIZE = 9\nNODE_INSTANCE_TYPE = m1.large:ami-1:two, m1.small\n",
            "t.ini:3: number of instances (two) of type 'm1.large' must be an integer >= 1"},
        ErrorCase{"MasterInstanceType",
                  "[cluster c]\nCLUSTER_SIZE = 1\nMASTER_INSTANCE_TYPE = M1 Large\n",
                  "t.ini:3: invalid master_instance_type specified: 'M1 Large'"},
        // INCLUDE.
        ErrorCase{"IncludeMissing", "[global]\nINCLUDE = more.ini\n",
                  "t.ini:2: include more.ini not found"},
        // StarCluster's SGE plugin as corral's scheduler settings.
        ErrorCase{"SgePluginBool",
                  "[plugin sge]\nSETUP_CLASS = "
                  "starcluster.plugins.sge.SGEPlugin\nMASTER_IS_EXEC_HOST = nah\n"
                  "[cluster c]\nCLUSTER_SIZE = 1\nPLUGINS = sge\n",
                  "t.ini:3: Expected True/False value for setting master_is_exec_host in section "
                  "[plugin sge]"},
        ErrorCase{
            "SgePluginSlots",
            "[plugin sge]\nSETUP_CLASS = starcluster.plugins.sge.SGEPlugin\nSLOTS_PER_HOST = 2.5\n"
            "[cluster c]\nCLUSTER_SIZE = 1\nPLUGINS = sge\n",
            "t.ini:3: Expected integer value for setting slots_per_host in section [plugin sge]"},
        ErrorCase{"SgePluginWithSlurm",
                  "[plugin sge]\nSETUP_CLASS = starcluster.plugins.sge.SGEPlugin\n"
                  "[cluster c]\nCLUSTER_SIZE = 1\nPLUGINS = sge\nSCHEDULER = slurm\n",
                  "t.ini:6: SCHEDULER = slurm conflicts with plugin 'sge' "
                  "(starcluster.plugins.sge.SGEPlugin), which sets up Grid Engine"},
        // Interpolation errors name the line of the value.
        ErrorCase{
            "Interpolation", "[cluster c]\nCLUSTER_SIZE = %(size)s\n",
            "t.ini:2: Bad value substitution: key 'size' is not defined (section [cluster c], "
            "option cluster_size)"}),
    [](const testing::TestParamInfo<ErrorCase>& info) { return std::string(info.param.name); });

TEST(ConfigLoaderTest, LocalTemplateDefaults) {
  Result<Config> config = Load("[cluster c]\nCLUSTER_SIZE = 3\n");
  ASSERT_OK(config);
  const ClusterTemplate& t = config->clusters.at("c");
  EXPECT_EQ(t.cloud, "local");
  EXPECT_EQ(t.keyname, "");  // the local provider brings its own root key
  EXPECT_EQ(t.cluster_size, 3);
  EXPECT_EQ(t.node_image_id, "host");
  EXPECT_EQ(t.node_instance_type, "local");
  EXPECT_EQ(t.master_image_id, "host");
  EXPECT_EQ(t.master_instance_type, "local");
  EXPECT_EQ(t.cluster_user, "sgeadmin");
  EXPECT_EQ(t.cluster_shell, "bash");
  EXPECT_EQ(t.scheduler, "sge");
  EXPECT_TRUE(t.master_is_exec_host);
  EXPECT_FALSE(t.slots_per_host.has_value());
  EXPECT_FALSE(t.dns_prefix);
  EXPECT_FALSE(t.public_ips.has_value());
  EXPECT_EQ(config->global.refresh_interval, 30);
  EXPECT_TRUE(config->warnings.empty());
}

TEST(ConfigLoaderTest, CloudChoice) {
  Result<Config> ec2 =
      Load(Ec2("[key k]\nKEY_LOCATION = ~/k.rsa\n[cluster c]\nKEYNAME = k\nCLUSTER_SIZE = "
               "1\nNODE_IMAGE_ID = ami-1\n"
               "NODE_INSTANCE_TYPE = t2.micro\n[cluster l]\nCLUSTER_SIZE = 1\nCLOUD = local\n"));
  ASSERT_OK(ec2);
  EXPECT_EQ(ec2->clusters.at("c").cloud, "ec2");
  EXPECT_EQ(ec2->clusters.at("l").cloud, "local");
  EXPECT_EQ(ec2->clusters.at("c").key.location, "/home/u/k.rsa");
  Result<Config> global = Load(Ec2("[global]\nCLOUD = local\n[cluster c]\nCLUSTER_SIZE = 1\n"));
  ASSERT_OK(global);
  EXPECT_EQ(global->clusters.at("c").cloud, "local");
}

TEST(ConfigLoaderTest, ExtendsMergesRootFirstAndKeepsLocations) {
  Result<Config> config = Load(
      "[cluster base]\n"        // 1
      "CLUSTER_SIZE = 2\n"      // 2
      "CLUSTER_USER = alice\n"  // 3
      "DNS_PREFIX = True\n"     // 4
      "[cluster mid]\n"         // 5
      "EXTENDS = base\n"        // 6
      "CLUSTER_SIZE = 4\n"      // 7
      "[cluster top]\n"         // 8
      "EXTENDS = mid\n"         // 9
      "CLUSTER_USER = bob\n");  // 10
  ASSERT_OK(config);
  const ClusterTemplate& top = config->clusters.at("top");
  EXPECT_EQ(top.extends, "mid");
  EXPECT_EQ(top.cluster_size, 4);
  EXPECT_EQ(top.cluster_user, "bob");
  EXPECT_TRUE(top.dns_prefix);
  EXPECT_EQ(top.locations.at("CLUSTER_SIZE").ToString(), "t.ini:7");
  EXPECT_EQ(top.locations.at("DNS_PREFIX").ToString(), "t.ini:4");
  EXPECT_EQ(top.locations.at("CLUSTER_USER").ToString(), "t.ini:10");
  EXPECT_EQ(top.section.ToString(), "t.ini:8");
  EXPECT_EQ(config->clusters.at("base").cluster_size, 2);
}

TEST(ConfigLoaderTest, NodeInstanceTypeGrammar) {
  Result<Config> config = Load(
      "[cluster c]\nCLUSTER_SIZE = 6\n"
      "NODE_INSTANCE_TYPE = c1.xlarge:2, m1.large:ami-123:1, m1.medium:ami-9, m1.small\n"
      "NODE_IMAGE_ID = ami-0\n");
  ASSERT_OK(config);
  const ClusterTemplate& t = config->clusters.at("c");
  EXPECT_EQ(t.node_instance_type, "m1.small");
  EXPECT_EQ(t.master_instance_type, "m1.small");
  EXPECT_EQ(t.master_image_id, "ami-0");
  ASSERT_EQ(t.node_type_specs.size(), 3u);
  EXPECT_EQ(t.node_type_specs[0].instance_type, "c1.xlarge");
  EXPECT_EQ(t.node_type_specs[0].image_id, "");
  EXPECT_EQ(t.node_type_specs[0].count, 2);
  EXPECT_EQ(t.node_type_specs[1].instance_type, "m1.large");
  EXPECT_EQ(t.node_type_specs[1].image_id, "ami-123");
  EXPECT_EQ(t.node_type_specs[1].count, 1);
  EXPECT_EQ(t.node_type_specs[2].image_id, "ami-9");
  EXPECT_EQ(t.node_type_specs[2].count, 1);
}

TEST(ConfigLoaderTest, ReferencesResolvedInOrder) {
  Result<Config> config = Load(
      "[key k]\nKEY_LOCATION = $KEYS/k.rsa\n"
      "[volume a]\nVOLUME_ID = vol-a\nMOUNT_PATH = /a\n"
      "[vol b]\nVOLUME_ID = vol-b\nMOUNT_PATH = /b\nDEVICE = /dev/sdz\n"
      "[volume c]\nVOLUME_ID = vol-c\nMOUNT_PATH = /c\n"
      "[permission http]\nFROM_PORT = 80\nTO_PORT = 80\n"
      "[plugin tools]\nSETUP_CLASS = starcluster.plugins.pkginstaller.PackageInstaller\n"
      "PACKAGES = htop, %(x)s\n"
      "[cluster c]\nCLUSTER_SIZE = 1\nKEYNAME = k\nVOLUMES = c, b, a\nPERMISSIONS = http\n"
      "PLUGINS = tools\n",
      Env({{"KEYS", "/keys"}}));
  ASSERT_OK(config);
  const ClusterTemplate& t = config->clusters.at("c");
  EXPECT_EQ(t.key.location, "/keys/k.rsa");
  ASSERT_EQ(t.volumes.size(), 3u);
  // Volumes without DEVICE get /dev/sdz, /dev/sdy, ... skipping devices that are taken.
  EXPECT_EQ(t.volumes[0].name, "c");
  EXPECT_EQ(t.volumes[0].device, "/dev/sdy");
  EXPECT_EQ(t.volumes[1].device, "/dev/sdz");
  EXPECT_EQ(t.volumes[2].device, "/dev/sdx");
  ASSERT_EQ(t.permissions.size(), 1u);
  EXPECT_EQ(t.permissions[0].ip_protocol, "tcp");
  EXPECT_EQ(t.permissions[0].cidr_ip, "0.0.0.0/0");
  ASSERT_EQ(t.plugins.size(), 1u);
  // Every key is kept, as written (StarCluster passed plugin values on uninterpolated).
  EXPECT_EQ(t.plugins[0].settings.at("packages"), "htop, %(x)s");
  EXPECT_EQ(t.plugins[0].settings.at("setup_class"),
            "starcluster.plugins.pkginstaller.PackageInstaller");
  EXPECT_EQ(t.plugins[0].locations.at("packages").ToString(), "t.ini:18");
}

TEST(ConfigLoaderTest, SameVolumeIdKeepsItsDevice) {
  Result<Config> config = Load(
      "[volume a]\nVOLUME_ID = vol-1\nMOUNT_PATH = /a\nPARTITION = 1\n"
      "[volume b]\nVOLUME_ID = vol-1\nMOUNT_PATH = /b\nPARTITION = 2\n"
      "[cluster c]\nCLUSTER_SIZE = 1\nVOLUMES = a, b\n");
  ASSERT_OK(config);
  const ClusterTemplate& t = config->clusters.at("c");
  EXPECT_EQ(t.volumes[0].device, "/dev/sdz");
  EXPECT_EQ(t.volumes[1].device, "/dev/sdz");
}

TEST(ConfigLoaderTest, SchedulerSettings) {
  Result<Config> config = Load(
      "[cluster c]\nCLUSTER_SIZE = 2\nMASTER_IS_EXEC_HOST = no\nSLOTS_PER_HOST = 4\n"
      "[cluster s]\nCLUSTER_SIZE = 2\nSCHEDULER = slurm\n"
      "[cluster n]\nCLUSTER_SIZE = 2\nSCHEDULER = slurm\nDISABLE_QUEUE = True\n");
  ASSERT_OK(config);
  const ClusterTemplate& c = config->clusters.at("c");
  EXPECT_FALSE(c.master_is_exec_host);
  EXPECT_EQ(c.slots_per_host, 4);
  EXPECT_EQ(c.locations.at("SLOTS_PER_HOST").ToString(), "t.ini:4");
  EXPECT_EQ(config->clusters.at("s").scheduler, "slurm");
  EXPECT_EQ(config->clusters.at("n").scheduler, "none");
}

// StarCluster configured Grid Engine with DISABLE_QUEUE = True and its SGE plugin in PLUGINS.
TEST(ConfigLoaderTest, StarClusterSgePluginBecomesSchedulerSettings) {
  Result<Config> config = Load(
      "[plugin sge]\n"                                     // 1
      "SETUP_CLASS = starcluster.plugins.sge.SGEPlugin\n"  // 2
      "MASTER_IS_EXEC_HOST = False\n"                      // 3
      "SLOTS_PER_HOST = 2\n"                               // 4
      "[plugin tools]\n"                                   // 5
      "SETUP_COMMAND = /bin/true\n"                        // 6
      "[cluster c]\n"                                      // 7
      "CLUSTER_SIZE = 2\n"                                 // 8
      "DISABLE_QUEUE = True\n"                             // 9
      "PLUGINS = sge, tools\n"                             // 10
      "[cluster d]\n"                                      // 11
      "EXTENDS = c\n"                                      // 12
      "SLOTS_PER_HOST = 8\n");                             // 13
  ASSERT_OK(config);
  const ClusterTemplate& c = config->clusters.at("c");
  EXPECT_EQ(c.scheduler, "sge");
  EXPECT_EQ(c.scheduler_plugin, "sge");
  EXPECT_FALSE(c.master_is_exec_host);
  EXPECT_EQ(c.slots_per_host, 2);
  EXPECT_EQ(c.locations.at("MASTER_IS_EXEC_HOST").ToString(), "t.ini:3");
  EXPECT_EQ(c.locations.at("SLOTS_PER_HOST").ToString(), "t.ini:4");
  ASSERT_EQ(c.plugins.size(), 1u);  // corral sets up Grid Engine itself
  EXPECT_EQ(c.plugins[0].name, "tools");
  const ClusterTemplate& d = config->clusters.at("d");  // a cluster setting wins
  EXPECT_EQ(d.slots_per_host, 8);
  EXPECT_EQ(d.locations.at("SLOTS_PER_HOST").ToString(), "t.ini:13");
  EXPECT_FALSE(d.master_is_exec_host);
}

TEST(ConfigLoaderTest, IncludeAppendsFilesWithTheirOwnLines) {
  ConfigEnv env =
      Env({}, {{"/etc/more.ini", "# more\n[cluster inc]\nCLUSTER_SIZE = 5\n"},
               {"/home/u/perm.ini", "[permission ssh2]\nFROM_PORT = 2222\nTO_PORT = 2222\n"}});
  Result<Config> config =
      Load("[global]\nINCLUDE = /etc/more.ini, ~/perm.ini\nDEFAULT_TEMPLATE = inc\n", env);
  ASSERT_OK(config);
  EXPECT_EQ(config->global.include,
            (std::vector<std::string>{"/etc/more.ini", "/home/u/perm.ini"}));
  const ClusterTemplate* t = config->FindTemplate("");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->cluster_size, 5);
  EXPECT_EQ(t->locations.at("CLUSTER_SIZE").ToString(), "/etc/more.ini:3");
  EXPECT_EQ(config->permissions.at("ssh2").from_port, 2222);
}

TEST(ConfigLoaderTest, RelativeIncludeFoundBesideTheMainFile) {
  ConfigEnv env = Env({}, {{"/cfg/extra.ini", "[cluster x]\nCLUSTER_SIZE = 1\n"}});
  Result<Config> config = LoadConfigText("[global]\nINCLUDE = extra.ini\n", "/cfg/config", env);
  ASSERT_OK(config);
  EXPECT_EQ(config->clusters.count("x"), 1u);
}

TEST(ConfigLoaderTest, AwsEnvironmentOverridesAndWarnsWithoutValues) {
  ConfigEnv env =
      Env({{"AWS_SECRET_ACCESS_KEY", "envsecretvalue"}, {"aws_region_name", "eu-west-1"}});
  Result<Config> config = Load(kAws, env);
  ASSERT_OK(config);
  EXPECT_EQ(config->aws.access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(config->aws.secret_access_key, "envsecretvalue");
  EXPECT_EQ(config->aws.region_name, "eu-west-1");
  EXPECT_EQ(config->warnings,
            (std::vector<std::string>{"Setting 'AWS_SECRET_ACCESS_KEY' from environment...",
                                      "Setting 'AWS_REGION_NAME' from environment..."}));
}

TEST(ConfigLoaderTest, AwsCredentialsOnlyInEnvironment) {
  ConfigEnv env = Env({{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "s"}});
  Result<Config> config = Load("[aws info]\nAWS_REGION_NAME = us-west-2\n", env);
  ASSERT_OK(config);
  EXPECT_EQ(config->aws.access_key_id, "AKID");
  EXPECT_TRUE(config->aws.present);
}

TEST(ConfigLoaderTest, AwsEnvironmentTypeError) {
  Result<Config> config = Load(kAws, Env({{"AWS_PORT", "eighty"}}));
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "environment variable AWS_PORT: expected integer value for setting aws_port");
  EXPECT_EQ(config.status().message().find("eighty"), std::string::npos);
}

TEST(ConfigLoaderTest, UnknownKeysAndSectionsWarnWithSuggestions) {
  Result<Config> config = Load(
      "[permission web]\n"         // 1
      "PROTOCOL = udp\n"           // 2
      "FROM_PORT = 80\n"           // 3
      "TO_PORT = 80\n"             // 4
      "[cluster c]\n"              // 5
      "CLUSTER_SIZ = 2\n"          // 6
      "CLUSTER_SIZE = 2\n"         // 7
      "FAVOURITE_COLOUR = blue\n"  // 8
      "[volumes data]\n"           // 9
      "VOLUME_ID = vol-1\n"        // 10
      "MOUNT_PATH = /data\n"       // 11
      "[clusterr x y]\n"           // 12
      "CLUSTER_SIZE = 1\n"         // 13
      "[server s]\n"               // 14
      "a = 1\n");                  // 15
  ASSERT_OK(config);
  EXPECT_EQ(config->warnings,
            (std::vector<std::string>{
                "t.ini:9: [volumes data] is read as [volume data]",
                "t.ini:12: [clusterr x y] is read as [cluster x] (names cannot contain spaces)",
                "t.ini:14: unknown section [server s]; ignored",
                "t.ini:2: unknown setting 'PROTOCOL' in [permission web] is ignored (did you "
                "mean 'IP_PROTOCOL'?)",
                "t.ini:6: unknown setting 'CLUSTER_SIZ' in [cluster c] is ignored (did you mean "
                "'CLUSTER_SIZE'?)",
                "t.ini:8: unknown setting 'FAVOURITE_COLOUR' in [cluster c] is ignored"}));
  EXPECT_EQ(config->permissions.at("web").ip_protocol, "tcp");  // what StarCluster did too
  EXPECT_EQ(config->volumes.count("data"), 1u);
  EXPECT_EQ(config->clusters.count("x"), 1u);
}

TEST(ConfigLoaderTest, CrLfFileLoads) {
  Result<Config> config = Load(
      "[global]\r\nDEFAULT_TEMPLATE = c\r\n\r\n[cluster c]\r\nCLUSTER_SIZE = 2 # two\r\n"
      "DNS_PREFIX = True\r\n");
  ASSERT_OK(config);
  EXPECT_EQ(config->global.default_template, "c");
  EXPECT_EQ(config->clusters.at("c").cluster_size, 2);
  EXPECT_TRUE(config->clusters.at("c").dns_prefix);
}

TEST(ConfigLoaderTest, HugeNumbersDoNotWrapAround) {
  Result<Config> config = Load(
      "[permission p]\nFROM_PORT = 4294967376\nTO_PORT = 4294967376\n"
      "[cluster c]\nCLUSTER_SIZE = 4294967298\nPERMISSIONS = p\n");
  ASSERT_OK(config);
  EXPECT_EQ(config->permissions.at("p").from_port, 2147483647);
  EXPECT_EQ(config->clusters.at("c").cluster_size, 2147483647);
}

TEST(ConfigLoaderTest, LoadConfigFileNotFound) {
  Result<Config> config = LoadConfig("/nonexistent/corral/config", Env());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(config.status().message(), "config file /nonexistent/corral/config does not exist");
}

TEST(ConfigLoaderTest, LoadConfigDirectory) {
  TempDir dir;
  Result<Config> config = LoadConfig(dir.path(), Env());
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "config " + dir.path() + " exists but is not a regular file");
}

TEST(ConfigLoaderTest, UrlsAreNotFetched) {
  TempDir dir;
  ASSERT_OK(WriteFileAtomic(dir.Join("config"), "[global]\nINCLUDE = https://example.com/c\n"));
  Result<Config> config = LoadConfig(dir.Join("config"), ConfigEnv{});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(
      config.status().message(),
      dir.Join("config") +
          ":2: config URLs are not supported: download https://example.com/c and use the file");
  Result<Config> main = LoadConfig("http://example.com/config", ConfigEnv{});
  EXPECT_EQ(main.status().code(), StatusCode::kInvalidArgument);
}

TEST(ConfigLoaderTest, ScipionExample) {
  Result<Config> config = LoadConfig(SharedDir() + "/examples/scipion-aws.config", Env());
  ASSERT_OK(config);
  const ClusterTemplate* t = config->FindTemplate("");
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->name, "scipioncluster");
  EXPECT_EQ(t->cloud, "ec2");
  EXPECT_EQ(t->cluster_size, 2);
  EXPECT_EQ(t->node_instance_type, "t2.medium");
  EXPECT_EQ(t->node_image_id, "ami-811e79f8");
  EXPECT_TRUE(t->dns_prefix);
  EXPECT_EQ(t->key.location, "/home/u/scipion-key.rsa");
  ASSERT_EQ(t->permissions.size(), 2u);
  EXPECT_EQ(t->permissions[1].from_port, 443);
  EXPECT_TRUE(config->global.enable_experimental);
  EXPECT_TRUE(config->warnings.empty());
}

}  // namespace
}  // namespace corral
