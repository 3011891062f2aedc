#include "balance/job_times.h"

namespace corral {

std::optional<JobTimeAverages> AverageJobTimes(const std::vector<FinishedJob>& jobs, double now,
                                               double window) {
  JobTimeAverages a;
  double duration = 0, wait = 0;
  for (const FinishedJob& j : jobs) {
    if (j.submit_time <= 0 || j.start_time < j.submit_time || j.end_time < j.start_time) continue;
    if (j.end_time > now || j.end_time < now - window) continue;
    ++a.jobs;
    duration += j.end_time - j.start_time;
    wait += j.start_time - j.submit_time;
  }
  if (a.jobs == 0) return std::nullopt;
  a.duration = duration / a.jobs;
  a.wait = wait / a.jobs;
  return a;
}

}  // namespace corral
