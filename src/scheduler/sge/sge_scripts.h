// The shell scripts corral runs (as root, through Remote) to set up and take apart Son of Grid
// Engine 8.1.9 as Debian 12 packages it: SGE_ROOT=/var/lib/gridengine, SGE_CELL=default, the
// /usr/bin and /usr/sbin wrappers, BerkeleyDB spooling under /var/spool/gridengine. Pure
// functions: every value is shell-quoted, so the text can be unit-tested and run as is with
// `/bin/sh -c`. docs/schedulers.md explains the configuration they produce.
//
// Every script is idempotent: re-running it on a configured host converges ("already exists"
// counts as success). Each starts with a line "# corral-sge <step>" naming its step. Functions
// named ...Script return script text (run it with ShellScriptCommand); ...Command ones return a
// command ready for Remote::Run.
#ifndef CORRAL_SCHEDULER_SGE_SGE_SCRIPTS_H_
#define CORRAL_SCHEDULER_SGE_SGE_SCRIPTS_H_

#include <string>
#include <vector>

#include "scheduler/scheduler_util.h"

namespace corral {

// An execution host and the slots all.q offers on it.
struct SgeExecHost {
  std::string name;
  int slots = 1;
};

// What the master's configuration depends on.
struct SgeMasterSettings {
  std::string master;        // the master's alias (its hostname)
  std::string cluster_user;  // made an SGE manager and operator; may be empty
};

// Master, first step: writes the cell's common files, initialises the BerkeleyDB spool unless
// corral already did (a spool left by the distribution's package is replaced), starts
// sge_qmaster unless it runs. A restarted node keeps its spool: qmaster starts from it with
// every host, queue and job it knew. Prints the master's core count (`nproc`) last.
std::string SgeMasterStartScript(const std::string& master);

// Answers (exit 0) once sge_qmaster accepts requests.
std::string SgeQmasterReadyCommand();

// Master, second step (qmaster answering): global and scheduler configuration with short
// timers, @allhosts, the smp/orte/mpi parallel environments, all.q, the cluster user as
// manager and operator, the master as a submit host.
std::string SgeMasterConfigureScript(const SgeMasterSettings& settings);

// Any execution host, before it is registered: writes the cell's common files (nodes do not
// share /var/lib/gridengine) and the execd spool directory. Prints the host's `nproc`.
std::string SgeExecPrepareScript(const std::string& master);

// Master: registers `hosts` in one batch: exec host, submit host, member of @allhosts, its
// slots in all.q. Hosts registered before are updated (slots) or left as they are.
std::string SgeRegisterExecHostsScript(const std::vector<SgeExecHost>& hosts);

// Execution host, once registered: starts sge_execd unless it runs.
std::string SgeExecdStartScript();

// Master: the qhost view used to see execds reporting; `host` empty = every host.
std::string SgeQhostCommand(const std::string& host);

// Master: disables all.q@host (no new jobs start there) and prints `qstat -u '*' -xml -s rs -g t`:
// every running or suspended task, one entry per host a parallel job uses.
std::string SgeDrainCommand(const std::string& host);

// Master: `qdel -f` the jobs (ids as qstat prints them, "12" or "12.3").
std::string SgeForceDeleteCommand(const std::vector<std::string>& job_ids);

// Master: tells the execd on `host` to exit (no error when none runs there).
std::string SgeKillExecdCommand(const std::string& host);

// Master: deletes `host` (its execd stopped): slots entry, @allhosts membership, exec, submit
// and admin host entries. Entries already gone count as success.
std::string SgeRemoveExecHostScript(const std::string& host);

// Master: asks every execd to exit, then qmaster (no error when they do not run).
std::string SgeKillAllExecdsCommand();
std::string SgeKillQmasterCommand();

// Master: `date +%z`, qstat -u '*' -xml -f -r and qhost -xml, separated by kSgeSnapshotSeparator
// lines.
std::string SgeSnapshotCommand();
inline constexpr const char kSgeSnapshotSeparator[] = "--corral-sge-snapshot--";

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SGE_SGE_SCRIPTS_H_
