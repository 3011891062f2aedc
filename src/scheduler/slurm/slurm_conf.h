// slurm.conf as corral writes it for a cluster (Slurm 22.05, as Debian 12 packages it): one
// NodeName line per node with the CPUs and memory the node reported, a default partition "all"
// plus one partition per instance type, configless operation (slurmds and clients on the nodes
// fetch the file from slurmctld, so only the master holds it) and accounting through slurmdbd.
// Pure functions; docs/schedulers.md explains every choice.
#ifndef CORRAL_SCHEDULER_SLURM_SLURM_CONF_H_
#define CORRAL_SCHEDULER_SLURM_SLURM_CONF_H_

#include <string>
#include <vector>

#include "util/status.h"

namespace corral {

struct SlurmNode {
  std::string name;           // NodeName: the node's alias (its hostname)
  std::string addr;           // NodeAddr: its private IP
  int cpus = 1;
  int memory_mb = 1;          // RealMemory
  std::string instance_type;  // gives its partition (PartitionNameFor)
};

struct SlurmClusterConfig {
  std::string cluster_name;  // ClusterName (lower-case letters, digits, '_')
  std::string master;        // SlurmctldHost
  std::string master_addr;
  std::vector<SlurmNode> nodes;  // static nodes, then CLOUD nodes; the master if it runs jobs
  bool accounting = true;        // slurmdbd on the master (sacct)
};

// The partition of nodes of `instance_type`: its letters and digits, '.' and '-' as '_'
// ("m5.large" -> "m5_large"); "nodes" when empty.
std::string PartitionNameFor(const std::string& instance_type);

// ClusterName for a cluster tag: lower-case, '_' for anything else, at most 40 characters.
std::string SlurmClusterName(const std::string& tag);

// The file's text; fails (InvalidArgument) on a node without a name or CPUs/memory < 1.
Result<std::string> RenderSlurmConf(const SlurmClusterConfig& config);

// Reads back the NodeName lines of a file RenderSlurmConf wrote (so that adding or removing one
// node rewrites the file without asking every other node again). Lines of other origins are
// ignored; a NodeName line that is not ours is an error naming its line number.
Result<std::vector<SlurmNode>> ParseSlurmConfNodes(const std::string& text);

}  // namespace corral

#endif  // CORRAL_SCHEDULER_SLURM_SLURM_CONF_H_
