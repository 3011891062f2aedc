#include "util/process.h"

#include <gtest/gtest.h>

#include "testing/test_util.h"

namespace corral {
namespace {

TEST(ProcessTest, CapturesOutputAndExitCode) {
  SystemProcessRunner runner;
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "cat; echo err >&2; exit 3"};
  spec.stdin_data = "hello";
  spec.env["CORRAL_X"] = "1";
  auto r = runner.Run(spec);
  ASSERT_OK(r);
  EXPECT_EQ(r->exit_code, 3);
  EXPECT_EQ(r->out, "hello");
  EXPECT_EQ(r->err, "err\n");
}

TEST(ProcessTest, PassesEnvironment) {
  SystemProcessRunner runner;
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "printf %s \"$CORRAL_X\""};
  spec.env["CORRAL_X"] = "value";
  auto r = runner.Run(spec);
  ASSERT_OK(r);
  EXPECT_EQ(r->out, "value");
}

TEST(ProcessTest, MissingProgramIsNotFound) {
  SystemProcessRunner runner;
  auto r = runner.Run({.argv = {"corral-no-such-program"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

TEST(ProcessTest, TimeoutKills) {
  SystemProcessRunner runner;
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  spec.timeout = Duration(100);
  auto r = runner.Run(spec);
  ASSERT_OK(r);
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(r->success());
}

TEST(ProcessTest, RunCheckedNamesCommand) {
  SystemProcessRunner runner;
  auto r = RunChecked(runner, {.argv = {"sh", "-c", "echo bad thing >&2; exit 4"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "'sh -c 'echo bad thing >&2; exit 4'' failed with exit code 4: bad thing");
}

}  // namespace
}  // namespace corral
