// What the JSON and text parsers of slurm_parser.h share, so that both map Slurm's job and node
// states the same way. Not for use outside src/scheduler/slurm/.
#ifndef CORRAL_SCHEDULER_SLURM_SLURM_PARSER_INTERNAL_H_
#define CORRAL_SCHEDULER_SLURM_SLURM_PARSER_INTERNAL_H_

#include <string>
#include <string_view>
#include <vector>

#include "scheduler/queue_snapshot.h"
#include "util/status.h"

namespace corral::slurm_internal {

// Sets job.tasks from an array task spec ("4-10%2", "1,3,5-7"); the "%N" throttle is ignored.
Status SetArrayTasks(JobInfo& job, std::string_view spec);

// Sets job.state from raw_state and the reason, then keeps hosts and start_time only for jobs
// that got nodes: pending ones have neither; a job cancelled while pending has no start.
void FinishJob(JobInfo& job, std::string_view reason, bool priority_zero);

// Sets available/cloud/powered_down/powering_up from upper-case state words: base states and
// flags ("IDLE", "DRAIN", "POWERED_DOWN") in any mix of long and compact names. Call it last:
// it zeroes the stale load of a powered-down node.
void ApplyNodeState(const std::vector<std::string>& words, HostInfo& host);

// "2" -> 2, clamped to [lo, INT_MAX]; values out of int range are clamped, not rejected.
int ClampToInt(long long v, int lo);

// The first 80 characters of `text` on one line, for error messages.
std::string Excerpt(std::string_view text);

}  // namespace corral::slurm_internal

#endif  // CORRAL_SCHEDULER_SLURM_SLURM_PARSER_INTERNAL_H_
