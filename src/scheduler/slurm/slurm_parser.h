// Pure parsers for Slurm's queue outputs: `squeue --json` and `sinfo --json` (Slurm 22.05,
// openapi/v0.0.38; the {"set","number"} number objects of later versions are accepted too), and
// `|`-separated `squeue -o` / `sinfo -N -o` text for Slurm without --json. No I/O; every input is
// text the controller printed. Malformed input gives InvalidArgument naming what was wrong.
//
// Job ids: one array task is "J.T" (Slurm prints "J_T"), as for Grid Engine; the pending rest of
// an array is one entry "J" whose `tasks` counts its tasks ("J_[4-10%2]" -> 7).
//
// Job states: PENDING is kHeld when held (JobHeldUser, JobHeldAdmin, "launch failed requeued
// held", priority 0) or waiting for something nodes cannot give (Dependency, BeginTime); kError
// when it can never run as submitted (BadConstraints, DependencyNeverSatisfied,
// PartitionTimeLimit, PartitionConfig, InvalidAccount, InvalidQOS, PartitionDown,
// PartitionInactive); else kPending, including PartitionNodeLimit and ReqNodeNotAvail, which
// adding or resuming nodes can cure. States that hold nodes (RUNNING, CONFIGURING, COMPLETING,
// SUSPENDED, STOPPED, RESIZING, SIGNALING, STAGE_OUT) are kRunning; the rest kOther.
#ifndef CORRAL_SCHEDULER_SLURM_SLURM_PARSER_H_
#define CORRAL_SCHEDULER_SLURM_SLURM_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "scheduler/queue_snapshot.h"
#include "util/status.h"

namespace corral {

// `squeue --json` (all jobs the controller still knows, finished ones included). Hosts are the
// expanded `nodes` of jobs that are not pending; start_time is 0 unless the job got nodes.
Result<std::vector<JobInfo>> ParseSqueueJson(std::string_view json);

// `sinfo --json`: one HostInfo per node, in order of first appearance. load is cpu_load / 100
// (Slurm reports hundredths; 0 when unknown or powered down, whose last report is stale).
Result<std::vector<HostInfo>> ParseSinfoJson(std::string_view json);

// Text fallbacks. Run as
//   squeue -a -h -o '<kSqueueTextFormat>'        sinfo -a -h -N -o '<kSinfoTextFormat>'
// ideally with SLURM_TIME_FORMAT=%s so times are epoch seconds; the default ISO local times
// ("2026-11-25T04:15:21") are read at `utc_offset_seconds` east of UTC (`date +%z`).
// The parsers read any `|`-separated format of the conversions below (an optional width such as
// "%.18i" is allowed); pass the format that produced the text. Fields named elsewhere are
// ignored. A header line (the output without -h) is skipped. The free-text field (%j, %E) may
// contain '|'. squeue: %i id, %P partition, %j name, %u user, %T or %t state, %r reason, %R
// nodes or "(reason)", %N nodes, %n requested nodes, %C CPUs, %D nodes, %Q priority, %V submit,
// %S start. sinfo: %N or %n node, %T or %t state, %c CPUs, %C "alloc/idle/other/total" CPUs,
// %O load. Text states cannot show Slurm's CLOUD flag, so `cloud` stays false.
inline constexpr char kSqueueTextFormat[] = "%i|%P|%u|%T|%r|%C|%D|%Q|%N|%n|%V|%S|%j";
inline constexpr char kSinfoTextFormat[] = "%N|%T|%c|%C|%O|%E";
Result<std::vector<JobInfo>> ParseSqueueText(std::string_view text,
                                             std::string_view format = kSqueueTextFormat,
                                             int utc_offset_seconds = 0);
Result<std::vector<HostInfo>> ParseSinfoText(std::string_view text,
                                             std::string_view format = kSinfoTextFormat);

// Expands a Slurm hostlist: "node[001-003],master" -> node001 node002 node003 master. Each range
// keeps its own zero padding ("n[01-02,7]" -> n01 n02 n7); several bracket groups in one name
// multiply out. More than kMaxHostlistHosts names is an error (it bounds the memory a hostile or
// corrupt list can cost).
inline constexpr size_t kMaxHostlistHosts = 65536;
Result<std::vector<std::string>> ExpandHostlist(std::string_view hostlist);

// Maps a job state (long "PENDING" or compact "PD") and its reason to a JobState, as above.
JobState SlurmJobState(std::string_view state, std::string_view reason, bool priority_zero);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SLURM_SLURM_PARSER_H_
