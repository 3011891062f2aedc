// Pure parsers for Grid Engine's XML outputs (SGE 8.1.x): `qstat -u '*' -xml [-f] [-r]` and
// `qhost -xml`, combined into a QueueSnapshot. No I/O; every input is text the master printed.
//
// qstat -xml prints times as local ISO times without a zone ("2026-11-25T04:25:39"); callers
// pass the master's UTC offset (from `date +%z`) to turn them into epoch seconds.
#ifndef CORRAL_SCHEDULER_SGE_QSTAT_PARSER_H_
#define CORRAL_SCHEDULER_SGE_QSTAT_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "scheduler/queue_snapshot.h"
#include "util/status.h"

namespace corral {

// One queue instance ("all.q@node001") of `qstat -f`.
struct SgeQueueInstance {
  std::string name;   // "all.q@node001"
  std::string queue;  // "all.q"
  std::string host;   // "node001"
  int slots_total = 0;
  int slots_used = 0;
  std::string state;  // "", "d", "au", "du", ...
};

struct SgeQstat {
  std::vector<JobInfo> jobs;              // running entries of one job/task merged (PE jobs)
  std::vector<SgeQueueInstance> queues;   // only with -f
};

// One host of `qhost -xml` (the pseudo-host "global" is skipped).
struct SgeHost {
  std::string name;
  int num_proc = 0;       // 0 when unknown ("-")
  double load = 0;
  bool load_known = false;  // false when qhost prints "-" (execd not reporting)
};

// Parses `qstat -xml` with or without -u '*', -f, -r. Running entries of the same job (and array
// task) on several queue instances are merged: hosts listed in order, slots summed.
Result<SgeQstat> ParseQstatXml(std::string_view xml, int utc_offset_seconds = 0);

Result<std::vector<SgeHost>> ParseQhostXml(std::string_view xml);

// Builds the snapshot: jobs from qstat, hosts from qhost's hosts and qstat -f's queue instances
// (slots summed over the host's queue instances; unavailable when no queue instance can take jobs
// or the host reports no load).
QueueSnapshot MakeSgeSnapshot(SgeQstat qstat, const std::vector<SgeHost>& hosts, double now);

// Number of tasks in an SGE task range list: "1-20:2" -> 10, "5" -> 1, "1,4-6" -> 4.
Result<int> CountArrayTasks(std::string_view spec);

// "2026-11-25T04:25:39" (local time at `utc_offset_seconds` east of UTC) -> epoch seconds.
Result<double> ParseSgeTime(std::string_view text, int utc_offset_seconds = 0);

// `date +%z` output ("+0100", "-0530") -> seconds east of UTC.
Result<int> ParseUtcOffset(std::string_view text);

// Maps qstat's job_list state attribute ("running", "pending", "zombie") and state letters
// ("qw", "hqw", "Eqw", "r", "dr", ...) to a JobState.
JobState SgeJobState(std::string_view list_state, std::string_view letters);

// True when a queue instance in `state` (qstat -f letters) accepts new jobs.
bool SgeQueueUsable(std::string_view state);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SGE_QSTAT_PARSER_H_
