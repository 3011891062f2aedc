// Pure parser for Grid Engine's accounting report `qacct -j` (SGE 6.2 to SoGE 8.1.x): one record
// per finished job or array task, separated by lines of '=', then a "Total System Usage" table
// (ignored). The balancer's stats CSV averages
// their wait (start - submit) and duration (end - start). No I/O.
//
// qacct prints times in the master's local zone; callers run it as `TZ=UTC qacct ...` so that
// the times parse as UTC ("Sat Dec  5 10:37:34 2026", or SoGE 8.1.9+'s
// "12/05/2026 10:37:34.123").
#ifndef CORRAL_SCHEDULER_SGE_QACCT_PARSER_H_
#define CORRAL_SCHEDULER_SGE_QACCT_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace corral {

struct QacctRecord {
  std::string id;          // "42", or "42.3" for task 3 of an array job
  double submit_time = 0;  // seconds since the epoch; 0 when qacct prints "-/-"
  double start_time = 0;
  double end_time = 0;
  int failed = 0;  // the "failed" code (0: the job ran); exit_status is not kept
};

// Records in the order printed. A record without a jobnumber or with an unreadable time is an
// error naming the record's job (or its position).
Result<std::vector<QacctRecord>> ParseQacct(std::string_view text);

// One qacct time, as UTC. "-/-" (never happened) is 0.
Result<double> ParseQacctTime(std::string_view text);

// The command (for Remote::Run on the master) printing the records of jobs that started at or
// after `since` (epoch seconds; qacct's -b selects by start time), times in UTC. Prints nothing
// while the accounting file does not exist yet (no job has finished since the cell was made).
std::string SgeQacctCommand(double since);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SGE_QACCT_PARSER_H_
