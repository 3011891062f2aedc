#include "scheduler/scheduler_factory.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(SchedulerFactoryTest, SgeByName) {
  std::unique_ptr<Scheduler> s = NewScheduler("sge");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->Name(), "sge");
}

TEST(SchedulerFactoryTest, SlurmByName) {
  std::unique_ptr<Scheduler> s = NewScheduler("slurm");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->Name(), "slurm");
}

TEST(SchedulerFactoryTest, UnknownNameIsNull) {
  EXPECT_EQ(NewScheduler("pbs"), nullptr);
  EXPECT_EQ(NewScheduler(""), nullptr);
}

}  // namespace
}  // namespace corral
