#include "scheduler/scheduler_util.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(SchedulerUtilTest, SplitSnapshotNeedsEveryPart) {
  Result<std::vector<std::string_view>> parts = SplitSnapshot("a\n--s--\n{}\n--s--\nb", "--s--", 3);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(*parts, (std::vector<std::string_view>{"a", "{}", "b"}));
  // A separator glued to the end of a line is no separator.
  EXPECT_FALSE(SplitSnapshot("{}--s--\n{}", "--s--", 2).ok());
  EXPECT_EQ(SplitSnapshot("a\n--s--\nb", "--s--", 3).status().message(),
            "reading the queue: unexpected output");
}

}  // namespace
}  // namespace corral
