// What the balancer sees of a batch queue at one moment, independent of the scheduler that
// produced it (Grid Engine's qstat/qhost, Slurm's squeue/sinfo) or of the simulator.
#ifndef CORRAL_SCHEDULER_QUEUE_SNAPSHOT_H_
#define CORRAL_SCHEDULER_QUEUE_SNAPSHOT_H_

#include <string>
#include <vector>

namespace corral {

enum class JobState {
  kPending,  // waiting to be scheduled (SGE qw, Slurm PENDING)
  kHeld,     // held by user/admin or dependency (SGE hqw, Slurm PENDING with a hold reason)
  kError,    // cannot run until fixed (SGE Eqw)
  kRunning,  // running, transferring, suspended on a host (SGE r/t/s, Slurm RUNNING/CONFIGURING)
  kOther,    // finished, deleted, unknown
};

struct JobInfo {
  std::string id;       // "42", or "42.3" for one array task
  std::string name;
  std::string owner;
  std::string raw_state;  // as the scheduler printed it ("qw", "PENDING")
  JobState state = JobState::kOther;
  int slots = 1;          // slots (cores) the job needs or holds
  int tasks = 1;          // pending array tasks this entry stands for (each with `slots`)
  int nodes = 1;          // nodes the job needs or holds (Slurm -N; `slots` are spread over them)
  std::string queue;      // queue or partition ("all.q", "main")
  std::string pe;         // parallel environment requested, if any
  std::vector<std::string> hosts;  // hosts it runs on (running jobs)
  std::string requested_host;      // a hard host request (-l hostname=..., -w), if any
  double submit_time = 0;          // seconds since the epoch
  double start_time = 0;           // seconds since the epoch; 0 when not started
};

struct HostInfo {
  std::string name;
  int slots = 0;       // total slots (cores) the scheduler may use on it
  int used_slots = 0;
  double load = 0;     // load average, if reported
  bool available = true;  // false when down, drained, disabled or unknown
  // Slurm power saving (false elsewhere). A CLOUD node is resumed and suspended by slurmctld
  // itself; powered_down covers powered down and on its way down (idle~, idle%), powering_up a
  // node being resumed for a job (mixed#): not yet running it, but capacity already committed.
  bool cloud = false;
  bool powered_down = false;
  bool powering_up = false;
};

struct QueueSnapshot {
  double now = 0;  // when the snapshot was taken (seconds since the epoch)
  std::vector<JobInfo> jobs;
  std::vector<HostInfo> hosts;
};

}  // namespace corral

#endif  // CORRAL_SCHEDULER_QUEUE_SNAPSHOT_H_
