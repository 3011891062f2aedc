// The stats CSV's "average job duration" and "average wait" columns: jobs that finished recently,
// as the scheduler's accounting reports them (Grid Engine: qacct). Pure; scheduler-independent.
#ifndef CORRAL_BALANCE_JOB_TIMES_H_
#define CORRAL_BALANCE_JOB_TIMES_H_

#include <optional>
#include <string>
#include <vector>

namespace corral {

// One finished job (or array task). Times are seconds since the epoch.
struct FinishedJob {
  std::string id;  // "42", or "42.3" for task 3 of array job 42
  double submit_time = 0;
  double start_time = 0;
  double end_time = 0;
};

struct JobTimeAverages {
  int jobs = 0;         // finished jobs averaged
  double duration = 0;  // mean of end - start, seconds
  double wait = 0;      // mean of start - submit, seconds
};

// Averages over the jobs that ended in [now - window, now]. Jobs with a missing or inconsistent
// time (0, or start before submit, or end before start) are left out. nullopt when none is left.
std::optional<JobTimeAverages> AverageJobTimes(const std::vector<FinishedJob>& jobs, double now,
                                               double window);

}  // namespace corral

#endif  // CORRAL_BALANCE_JOB_TIMES_H_
