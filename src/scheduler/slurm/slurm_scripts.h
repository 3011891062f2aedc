// The shell scripts corral runs (as root, through Remote) to set up and take apart Slurm 22.05 as
// Debian 12 packages it: munge with one key per cluster, slurmctld (and slurmdbd with a MariaDB
// of its own for accounting) on the master, slurmd on every node that runs jobs, configless:
// only the master holds /etc/slurm/slurm.conf; slurmds fetch it from slurmctld and cache it in
// /run/slurm/conf, where client commands on the nodes find it too.
//
// Pure functions; every value is shell-quoted. Every script is idempotent and starts with a line
// "# corral-slurm <step>". ...Script functions return script text (run it with
// ShellScriptCommand); ...Command ones return a command ready for Remote::Run. Secrets (the munge
// key, the database password) never appear in a command line: the key travels on stdin, the
// password is made and kept on the master.
#ifndef CORRAL_SCHEDULER_SLURM_SLURM_SCRIPTS_H_
#define CORRAL_SCHEDULER_SLURM_SLURM_SCRIPTS_H_

#include <string>
#include <vector>

#include "util/status.h"

namespace corral {

// What a prepare script reports about its host.
struct SlurmNodeFacts {
  int cpus = 0;
  int memory_mb = 0;      // 95% of MemTotal: slurmd rejects a node reporting less than declared
  std::string munge_key;  // base64; only from the master's prepare script
};

// Parses the "cpus=N", "memory_mb=N", "munge_key=B64" lines a prepare script printed.
Result<SlurmNodeFacts> ParseSlurmNodeFacts(const std::string& out);

// Master, first step: installs the packages if missing, makes the directories, creates the
// cluster's munge key unless this cluster (`tag`) already has one, starts munged; with
// `accounting`, starts a MariaDB private to slurmdbd (datadir /var/spool/corral-mysql, socket
// only, no network) and slurmdbd. Prints the facts and the munge key.
std::string SlurmMasterPrepareScript(const std::string& tag, bool accounting);

// Any other node, first step: installs slurmd if missing, makes the directories, installs the
// munge key read from stdin (base64) and (re)starts munged when the key changed. Prints facts.
std::string SlurmNodePrepareScript();

// Master: writes `conf` as /etc/slurm/slurm.conf; starts slurmctld, or restarts it when the file
// changed (Slurm 22.05 reads node lists only at start; running jobs survive: their state is in
// StateSaveLocation) and then tells the slurmds the new file (scontrol reconfigure). With
// `run_slurmd`, also starts the master's slurmd.
std::string SlurmControllerScript(const std::string& conf, bool run_slurmd);

// A node other than the master: starts slurmd against the master's slurmctld unless it runs.
std::string SlurmdStartScript(const std::string& master_addr);

// Master: `sinfo -h -N -o '%N %t'` (node name and compact state, one line per node).
std::string SlurmNodeStatesCommand();

// The names in `wanted` that the sinfo output of SlurmNodeStatesCommand does not show ready:
// missing, or a state other than idle/mix/alloc/comp, or not responding ('*').
std::vector<std::string> SlurmNodesNotReady(const std::string& sinfo_out,
                                            const std::vector<std::string>& wanted);

// Master: prints /etc/slurm/slurm.conf.
std::string SlurmReadConfCommand();

// Master: prints the cluster's munge key (base64), for a node that joins.
std::string SlurmMungeKeyCommand();

// Master: drains `host` (no new jobs start there) and prints the ids of jobs still on it, one
// per line. A host Slurm does not know prints nothing.
std::string SlurmDrainCommand(const std::string& host);

// Master: cancels `job_ids`.
std::string SlurmCancelCommand(const std::vector<std::string>& job_ids);

// Master: every daemon down: slurmctld and all slurmds (scontrol shutdown), slurmdbd, MariaDB.
std::string SlurmShutdownCommand();

// Master: squeue --json and sinfo --json, separated by a kSlurmSnapshotSeparator line.
std::string SlurmSnapshotCommand();
inline constexpr const char kSlurmSnapshotSeparator[] = "--corral-slurm-snapshot--";

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SLURM_SLURM_SCRIPTS_H_
