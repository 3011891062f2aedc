#include "config/desktop_settings.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"
#include "config/config_validation.h"
#include "testing/test_util.h"

namespace corral {
namespace {

// Loads [cluster c] with PLUGINS = desktop; the [plugin desktop] section starts at line 4 and
// `lines` at line 5.
Result<Config> Load(const std::string& lines, const std::string& header = "[plugin desktop]") {
  return LoadConfigText(
      "[cluster c]\nCLUSTER_SIZE = 2\nPLUGINS = desktop\n" + header + "\n" + lines, "t.ini",
      ConfigEnv{{{"HOME", "/home/u"}}, nullptr});
}

Result<DesktopSettings> Settings(const std::string& lines) {
  Result<Config> config = Load(lines);
  if (!config.ok()) return config.status();
  return ParseDesktopSettings(config->plugins.at("desktop"));
}

TEST(DesktopSettingsTest, ASectionNamedDesktopIsTheBuiltInWithDefaults) {
  Result<Config> config = Load("");
  ASSERT_OK(config);
  const PluginSettings& p = config->clusters.at("c").plugins.at(0);
  EXPECT_TRUE(IsDesktopPlugin(p));
  Result<DesktopSettings> d = ParseDesktopSettings(p);
  ASSERT_OK(d);
  EXPECT_EQ(d->port, 443);
  EXPECT_EQ(d->width, 1280);
  EXPECT_EQ(d->height, 800);
  EXPECT_EQ(d->packages, (std::vector<std::string>{"openbox", "xterm"}));
  EXPECT_EQ(d->session, "openbox");
  EXPECT_EQ(d->terminal, "xterm");
}

TEST(DesktopSettingsTest, AnyNameWithTheSetupClass) {
  Result<Config> config = Load("SETUP_CLASS = corral.plugins.desktop\n", "[plugin gui]");
  ASSERT_FALSE(config.ok());  // PLUGINS names 'desktop', which this text does not define
  config = LoadConfigText(
      "[cluster c]\nCLUSTER_SIZE = 2\nPLUGINS = gui\n[plugin gui]\n"
      "SETUP_CLASS = corral.plugins.desktop\n",
      "t.ini", ConfigEnv{});
  ASSERT_OK(config);
  EXPECT_TRUE(IsDesktopPlugin(config->plugins.at("gui")));
}

TEST(DesktopSettingsTest, OtherSectionsStillNeedASetupClass) {
  Result<Config> config = LoadConfigText("[plugin tools]\nPACKAGES = x\n", "t.ini", ConfigEnv{});
  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.status().message(),
            "t.ini:1: missing required option setup_class in section \"plugin tools\" (or corral's "
            "SETUP_COMMAND)");
}

TEST(DesktopSettingsTest, Options) {
  Result<DesktopSettings> d = Settings(
      "PORT = 8443\nGEOMETRY = 1920x1080\nPACKAGES = xfce4, xfce4-terminal, g++\n"
      "SESSION = startxfce4\nTERMINAL =\n");
  ASSERT_OK(d);
  EXPECT_EQ(d->port, 8443);
  EXPECT_EQ(d->width, 1920);
  EXPECT_EQ(d->height, 1080);
  EXPECT_EQ(d->packages, (std::vector<std::string>{"xfce4", "xfce4-terminal", "g++"}));
  EXPECT_EQ(d->session, "startxfce4");
  EXPECT_EQ(d->terminal, "");
}

TEST(DesktopSettingsTest, BadValuesNameFileAndLine) {
  struct Case {
    std::string lines, want;
  } cases[] = {
      {"PORT = 70000\n", "t.ini:5: PORT = 70000 in [plugin desktop] is not a port (1-65535)"},
      {"PORT = https\n", "t.ini:5: PORT = https in [plugin desktop] is not a port (1-65535)"},
      {"\nGEOMETRY = 1280*800\n",
       "t.ini:6: GEOMETRY = 1280*800 in [plugin desktop] is not WIDTHxHEIGHT with sides from 200 "
       "to 8192"},
      {"GEOMETRY = 100x100\n",
       "t.ini:5: GEOMETRY = 100x100 in [plugin desktop] is not WIDTHxHEIGHT with sides from 200 to "
       "8192"},
      {"PACKAGES = openbox, x;rm\n",
       "t.ini:5: PACKAGES = openbox, x;rm in [plugin desktop] has 'x;rm', which is not a package "
       "name"},
      {"SESSION = openbox --replace\n",
       "t.ini:5: SESSION = openbox --replace in [plugin desktop] is not one command word"},
      {"PROT = 443\n",
       "t.ini:5: unknown setting 'PROT' in [plugin desktop] (did you mean 'PORT'?)"},
  };
  for (const Case& c : cases) {
    Result<DesktopSettings> d = Settings(c.lines);
    ASSERT_FALSE(d.ok()) << c.lines;
    EXPECT_EQ(d.status().message(), c.want);
  }
}

TEST(DesktopSettingsTest, TemplateValidationChecksTheDesktop) {
  Result<Config> config = Load("PORT = 0\n");
  ASSERT_OK(config);
  Status s = ValidateTemplate(config->clusters.at("c"));
  EXPECT_EQ(s.message(), "t.ini:5: PORT = 0 in [plugin desktop] is not a port (1-65535)");
}

}  // namespace
}  // namespace corral
