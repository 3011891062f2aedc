#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace corral {
namespace {

TEST(CliTest, Version) {
  CliHarness h;
  CliRun r = h.Run({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("corral ") + CORRAL_VERSION + "\n");
}

TEST(CliTest, HelpListsCommands) {
  CliHarness h;
  CliRun r = h.Run({"help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("usage: corral [global options] <command>"), std::string::npos);
  EXPECT_NE(r.out.find("  help "), std::string::npos);
}

TEST(CliTest, UnknownCommandSuggests) {
  CliHarness h;
  CliRun r = h.Run({"hlep"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err,
            "!!! ERROR - invalid command 'hlep' (did you mean 'help'?); 'corral help' lists the "
            "commands\n");
}

TEST(CliTest, UnknownGlobalOption) {
  CliHarness h;
  CliRun r = h.Run({"--frobnicate", "help"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "!!! ERROR - unknown global option '--frobnicate'; 'corral help' lists them\n");
}

TEST(CliTest, CommandHelpStarClusterStyle) {
  CliHarness h;
  CliRun a = h.Run({"help", "help"});
  CliRun b = h.Run({"help", "--help"});
  EXPECT_EQ(a.exit_code, 0);
  EXPECT_EQ(b.exit_code, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_NE(a.out.find("corral help"), std::string::npos);
}

TEST(CliTest, NoCommandIsUsageError) {
  CliHarness h;
  CliRun r = h.Run({});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("usage:"), std::string::npos);
}

}  // namespace
}  // namespace corral
