// Which configuration file is read: -c, $CORRAL_CONFIG, ~/.corral/config, then StarCluster's.
#include "config/config_path.h"

#include <gtest/gtest.h>

#include <set>

namespace corral {
namespace {

ConfigPathChoice Resolve(const std::string& flag, std::map<std::string, std::string> env,
                         const std::set<std::string>& files) {
  env.emplace("HOME", "/home/u");
  return ResolveConfigPath(flag, env, [&](const std::string& p) { return files.count(p) > 0; });
}

TEST(ConfigPathTest, FlagWinsAndNeverFallsBack) {
  ConfigPathChoice c =
      Resolve("~/my.ini", {{"CORRAL_CONFIG", "/etc/c"}}, {"/etc/c", "/home/u/.starcluster/config"});
  EXPECT_EQ(c.path, "/home/u/my.ini");
  EXPECT_FALSE(c.exists);
  EXPECT_FALSE(c.starcluster);
}

TEST(ConfigPathTest, EnvironmentVariable) {
  ConfigPathChoice c = Resolve("", {{"CORRAL_CONFIG", "$HOME/c.ini"}}, {"/home/u/c.ini"});
  EXPECT_EQ(c.path, "/home/u/c.ini");
  EXPECT_TRUE(c.exists);
}

TEST(ConfigPathTest, DefaultPath) {
  ConfigPathChoice c = Resolve("", {}, {"/home/u/.corral/config", "/home/u/.starcluster/config"});
  EXPECT_EQ(c.path, "/home/u/.corral/config");
  EXPECT_TRUE(c.exists);
  EXPECT_FALSE(c.starcluster);
}

TEST(ConfigPathTest, StarClusterFallbacks) {
  ConfigPathChoice env = Resolve("", {{"STARCLUSTER_CONFIG", "/sc/config"}},
                                 {"/sc/config", "/home/u/.starcluster/config"});
  EXPECT_EQ(env.path, "/sc/config");
  EXPECT_TRUE(env.starcluster);
  EXPECT_EQ(env.corral_path, "/home/u/.corral/config");
  ConfigPathChoice home =
      Resolve("", {{"STARCLUSTER_CONFIG", "/sc/none"}}, {"/home/u/.starcluster/config"});
  EXPECT_EQ(home.path, "/home/u/.starcluster/config");
  EXPECT_TRUE(home.starcluster);
}

TEST(ConfigPathTest, NothingExists) {
  ConfigPathChoice c = Resolve("", {{"CORRAL_CONFIG", "/etc/corral.ini"}}, {});
  EXPECT_FALSE(c.exists);
  EXPECT_EQ(c.path, "/etc/corral.ini");  // where the template would be written
}

}  // namespace
}  // namespace corral
