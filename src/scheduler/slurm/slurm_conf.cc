#include "scheduler/slurm/slurm_conf.h"

#include <map>

#include "util/strings.h"

namespace corral {
namespace {

std::string Sanitize(const std::string& s, size_t max) {
  std::string out;
  for (char c : s) {
    if (out.size() >= max) break;
    out += std::isalnum(static_cast<unsigned char>(c))
               ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
               : '_';
  }
  return out;
}

// "a,b,c" for the nodes of one partition (slurmctld expands nothing; plain lists are clearest).
std::string NodeList(const std::vector<const SlurmNode*>& nodes) {
  std::vector<std::string> names;
  for (const SlurmNode* n : nodes) names.push_back(n->name);
  return Join(names, ",");
}

constexpr const char kNodeLinePrefix[] = "NodeName=";

}  // namespace

std::string PartitionNameFor(const std::string& instance_type) {
  std::string p = Sanitize(instance_type, 40);
  return p.empty() ? "nodes" : p;
}

std::string SlurmClusterName(const std::string& tag) {
  std::string n = Sanitize(tag, 40);
  return n.empty() ? "corral" : n;
}

Result<std::string> RenderSlurmConf(const SlurmClusterConfig& c) {
  if (c.master.empty() || c.master_addr.empty()) {
    return InvalidArgument("slurm.conf: the master's name and address are required");
  }
  for (const SlurmNode& n : c.nodes) {
    if (n.name.empty() || n.addr.empty() || n.cpus < 1 || n.memory_mb < 1) {
      return InvalidArgument("slurm.conf: node '" + n.name + "' needs a name, an address, CPUs and memory");
    }
  }
  std::string s =
      "# Written by corral for cluster " + c.cluster_name +
      "; rewritten when nodes join or leave. Edits are lost.\n"
      "ClusterName=" + c.cluster_name + "\n"
      "SlurmctldHost=" + c.master + "(" + c.master_addr + ")\n"
      "SlurmUser=slurm\n"
      "AuthType=auth/munge\n"
      "CredType=cred/munge\n"
      "MpiDefault=none\n"
      // Works with and without systemd and on cgroup v1 and v2 hosts (local namespace nodes
      // share the host's cgroup tree).
      "ProctrackType=proctrack/linuxproc\n"
      "TaskPlugin=task/none\n"
      "SchedulerType=sched/backfill\n"
      "SelectType=select/cons_tres\n"
      "SelectTypeParameters=CR_Core_Memory\n"
      "DefMemPerCPU=100\n"
      // A node that comes back (restart, a rebooted instance) takes jobs again.
      "ReturnToService=2\n"
      "SlurmctldPort=6817\n"
      "SlurmdPort=6818\n"
      "SlurmdTimeout=60\n"
      "MessageTimeout=10\n"
      "MinJobAge=30\n"
      "StateSaveLocation=/var/spool/slurm/ctld\n"
      "SlurmdSpoolDir=/var/spool/slurm/d\n"
      "SlurmctldPidFile=/run/slurm/slurmctld.pid\n"
      "SlurmdPidFile=/run/slurm/slurmd.pid\n"
      "SlurmctldLogFile=/var/log/slurm/slurmctld.log\n"
      "SlurmdLogFile=/var/log/slurm/slurmd.log\n"
      // srun contacts every node itself: no forwarding through nodes that may be booting.
      "TreeWidth=65533\n"
      "CommunicationParameters=NoAddrCache\n";
  if (c.accounting) {
    s += "AccountingStorageType=accounting_storage/slurmdbd\n"
         "AccountingStorageHost=" + c.master + "\n"
         "JobAcctGatherType=jobacct_gather/linux\n"
         "JobAcctGatherFrequency=30\n";
  } else {
    s += "AccountingStorageType=accounting_storage/none\n"
         "JobAcctGatherType=jobacct_gather/none\n";
  }
  s += "JobCompType=jobcomp/none\n";
  s += "SlurmctldParameters=enable_configless\n";
  std::map<std::string, std::vector<const SlurmNode*>> by_partition;
  std::vector<const SlurmNode*> all;
  for (const SlurmNode& n : c.nodes) {
    std::string part = PartitionNameFor(n.instance_type);
    s += std::string(kNodeLinePrefix) + n.name +
         " NodeAddr=" + n.addr + " CPUs=" + std::to_string(n.cpus) +
         " RealMemory=" + std::to_string(n.memory_mb) + " Feature=" + part + " State=UNKNOWN\n";
    by_partition[part].push_back(&n);
    all.push_back(&n);
  }
  if (!all.empty()) {
    s += "PartitionName=all Nodes=" + NodeList(all) + " Default=YES MaxTime=INFINITE State=UP\n";
    for (const auto& [part, nodes] : by_partition) {
      if (part == "all") continue;
      s += "PartitionName=" + part + " Nodes=" + NodeList(nodes) + " MaxTime=INFINITE State=UP\n";
    }
  }
  return s;
}

Result<std::vector<SlurmNode>> ParseSlurmConfNodes(const std::string& text) {
  std::vector<SlurmNode> nodes;
  std::vector<std::string> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!StartsWith(lines[i], kNodeLinePrefix)) continue;
    SlurmNode n;
    bool cpus = false, memory = false;
    for (const std::string& field : Split(Trim(lines[i]), ' ')) {
      size_t eq = field.find('=');
      if (eq == std::string::npos) continue;
      std::string key = field.substr(0, eq), value = field.substr(eq + 1);
      if (key == "NodeName") n.name = value;
      if (key == "NodeAddr") n.addr = value;
      if (key == "Feature") n.instance_type = value;
      if (key == "CPUs" || key == "RealMemory") {
        std::optional<long long> v = ParseInt(value);
        if (!v || *v < 1 || *v > 100000000) break;
        (key == "CPUs" ? n.cpus : n.memory_mb) = static_cast<int>(*v);
        (key == "CPUs" ? cpus : memory) = true;
      }
    }
    if (n.name.empty() || n.addr.empty() || !cpus || !memory) {
      return InvalidArgument("slurm.conf line " + std::to_string(i + 1) +
                             ": not a NodeName line corral wrote: " + Trim(lines[i]));
    }
    nodes.push_back(n);
  }
  return nodes;
}

}  // namespace corral
