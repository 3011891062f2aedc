// TemplateForCommand: template lookup, offline checks, and the DNS prefix check with a tag.
#include "cli/config_access.h"

#include <gtest/gtest.h>

#include <sstream>

#include "config/config_loader.h"
#include "testing/test_util.h"

namespace corral {
namespace {

TEST(TemplateForCommandTest, DnsPrefixNeedsAHostNameTag) {
  Result<Config> config = LoadConfigText(
      "[global]\nDEFAULT_TEMPLATE = c\n[cluster c]\nCLUSTER_SIZE = 2\nDNS_PREFIX = True\n", "t.ini",
      ConfigEnv{});
  ASSERT_OK(config);
  std::ostringstream err;
  Logger log(&err);
  CliContext ctx;
  ctx.log = &log;
  EXPECT_OK(TemplateForCommand(ctx, *config, ""));
  EXPECT_OK(TemplateForCommand(ctx, *config, "c", "lab-1"));
  Result<ClusterTemplate> bad = TemplateForCommand(ctx, *config, "c", "lab_1");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message(),
            "t.ini:5: The cluster name you chose, lab_1, is not a valid dns name.  Since you have "
            "chosen to prepend the hostnames via the dns_prefix option, lab_1 should only have "
            "alphanumeric characters and a '-' or '.'");
}

}  // namespace
}  // namespace corral
