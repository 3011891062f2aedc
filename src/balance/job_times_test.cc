#include "balance/job_times.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(AverageJobTimesTest, MeansOverJobsEndedInTheWindow) {
  std::vector<FinishedJob> jobs = {
      {.id = "1", .submit_time = 1000, .start_time = 1010, .end_time = 1110},  // wait 10, ran 100
      {.id = "2", .submit_time = 1000, .start_time = 1030, .end_time = 1330},  // wait 30, ran 300
      {.id = "3", .submit_time = 100, .start_time = 100, .end_time = 200},     // ended too early
  };
  std::optional<JobTimeAverages> a = AverageJobTimes(jobs, 2000, 1000);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->jobs, 2);
  EXPECT_DOUBLE_EQ(a->duration, 200);
  EXPECT_DOUBLE_EQ(a->wait, 20);
}

TEST(AverageJobTimesTest, SkipsInconsistentTimesAndReportsNoneWhenEmpty) {
  std::vector<FinishedJob> jobs = {
      {.id = "1", .submit_time = 0, .start_time = 1010, .end_time = 1110},     // no submit time
      {.id = "2", .submit_time = 1000, .start_time = 990, .end_time = 1110},   // started earlier
      {.id = "3", .submit_time = 1000, .start_time = 1010, .end_time = 1005},  // ended earlier
      {.id = "4", .submit_time = 1000, .start_time = 1010, .end_time = 2500},  // ends after now
  };
  EXPECT_FALSE(AverageJobTimes(jobs, 2000, 5000).has_value());
  EXPECT_FALSE(AverageJobTimes({}, 2000, 5000).has_value());
}

}  // namespace
}  // namespace corral
