#include "scheduler/slurm/slurm_scheduler.h"

#include <algorithm>

#include "remote/fan_out.h"
#include "scheduler/scheduler_util.h"
#include "scheduler/slurm/slurm_conf.h"
#include "scheduler/slurm/slurm_parser.h"
#include "scheduler/slurm/slurm_scripts.h"
#include "util/strings.h"

namespace corral {
namespace {

// Installing the packages on a bare image dominates; a slurmctld restart takes a few seconds.
constexpr Duration kCommandTimeout(600000);
// slurmd registers within a second of starting on namespace nodes; 120 s leaves room for a busy
// machine starting dozens at once.
constexpr Duration kReadyTimeout(120000);
constexpr Duration kReadyPoll(500);
// Jobs cancelled on a leaving node end within a few seconds (SIGTERM, then KillWait 30 s).
constexpr Duration kCancelTimeout(90000);
constexpr Duration kCancelPoll(500);
constexpr size_t kMaxParallel = 32;

bool RunsJobs(const NodeInfo& n, const ClusterTemplate& settings) {
  return !n.is_master || settings.master_is_exec_host;
}

class SlurmScheduler : public Scheduler {
 public:
  explicit SlurmScheduler(Clock* clock) : clock_(clock) {
    if (clock_ == nullptr) {
      own_clock_ = std::make_unique<SystemClock>();
      clock_ = own_clock_.get();
    }
  }
  std::string Name() const override { return "slurm"; }

  Status Setup(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    ASSIGN_OR_RETURN(std::string out,
                     OnMaster(*master, remote,
                              ShellScriptCommand(SlurmMasterPrepareScript(cluster.tag, true)),
                              "preparing slurm on the master"));
    ASSIGN_OR_RETURN(SlurmNodeFacts master_facts, ParseSlurmNodeFacts(out));
    std::vector<const NodeInfo*> workers = cluster.workers();
    std::vector<SlurmNodeFacts> facts(workers.size());
    RETURN_IF_ERROR(FirstFailure(FanOut(workers.size(), kMaxParallel,
                                        [&](size_t i) -> Status {
                                          ASSIGN_OR_RETURN(facts[i],
                                                           PrepareNode(*workers[i],
                                                                       master_facts.munge_key,
                                                                       remote));
                                          return Status::Ok();
                                        }),
                                 Names(workers)));
    std::vector<SlurmNode> nodes;
    if (RunsJobs(*master, cluster.settings)) nodes.push_back(NodeFor(*master, master_facts, cluster));
    for (size_t i = 0; i < workers.size(); ++i) nodes.push_back(NodeFor(*workers[i], facts[i], cluster));
    RETURN_IF_ERROR(Configure(cluster, *master, nodes, remote));
    RETURN_IF_ERROR(FirstFailure(FanOut(workers.size(), kMaxParallel,
                                        [&](size_t i) { return StartSlurmd(*workers[i], *master, remote); }),
                                 Names(workers)));
    std::vector<std::string> names;
    for (const SlurmNode& n : nodes) names.push_back(n.name);
    return WaitReady(*master, names, remote);
  }

  Status AddNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    if (node.alias == master->alias) {
      return InvalidArgument("the master joins slurm in setup, not as an added node");
    }
    ASSIGN_OR_RETURN(std::string key, OnMaster(*master, remote, SlurmMungeKeyCommand(),
                                               "reading the munge key"));
    Result<SlurmNodeFacts> facts = PrepareNode(node, Trim(key), remote);
    if (!facts.ok()) return facts.status().WithContext(node.alias);
    ASSIGN_OR_RETURN(std::vector<SlurmNode> nodes, ConfiguredNodes(*master, remote));
    std::erase_if(nodes, [&](const SlurmNode& n) { return n.name == node.alias; });
    nodes.push_back(NodeFor(node, *facts, cluster));
    RETURN_IF_ERROR(Configure(cluster, *master, nodes, remote));
    RETURN_IF_ERROR(StartSlurmd(node, *master, remote).WithContext(node.alias));
    return WaitReady(*master, {node.alias}, remote);
  }

  Status RemoveNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote,
                    bool force) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    if (node.alias == master->alias) return FailedPrecondition("cannot remove the master from slurm");
    const std::string& host = node.alias;
    ASSIGN_OR_RETURN(std::vector<std::string> ids, Drain(*master, host, remote));
    if (!ids.empty() && !force) {
      return FailedPrecondition(host + " still runs " + (ids.size() == 1 ? "job " : "jobs ") +
                                Join(ids, ", ") +
                                "; no new jobs start there now (drained): wait for them to "
                                "finish, or force the removal to cancel them");
    }
    if (!ids.empty()) {
      RETURN_IF_ERROR(OnMaster(*master, remote, SlurmCancelCommand(ids), "cancelling jobs on " + host)
                          .status());
      RETURN_IF_ERROR(PollUntil(*clock_, kCancelTimeout, kCancelPoll,
                                "the cancelled jobs to leave " + host, [&]() -> Result<bool> {
                                  ASSIGN_OR_RETURN(std::vector<std::string> left,
                                                   Drain(*master, host, remote));
                                  return left.empty();
                                }));
    }
    // slurmd exits at once on SIGTERM; a node already gone runs nothing.
    (void)remote.Run(node.ssh, ProcessCheckCommand("slurmd", true));
    RETURN_IF_ERROR(WaitForProcessExit(*clock_, remote, node.ssh, "slurmd").WithContext(host));
    ASSIGN_OR_RETURN(std::vector<SlurmNode> nodes, ConfiguredNodes(*master, remote));
    std::erase_if(nodes, [&](const SlurmNode& n) { return n.name == host; });
    return Configure(cluster, *master, nodes, remote);
  }

  Status Shutdown(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    RETURN_IF_ERROR(OnMaster(*master, remote, SlurmShutdownCommand(), "stopping slurm").status());
    std::vector<const NodeInfo*> nodes = cluster.workers();
    RETURN_IF_ERROR(FirstFailure(FanOut(nodes.size(), kMaxParallel,
                                        [&](size_t i) {
                                          return WaitForProcessExit(*clock_, remote, nodes[i]->ssh,
                                                                    "slurmd");
                                        }),
                                 Names(nodes)));
    return WaitForProcessExit(*clock_, remote, master->ssh, "slurmctld").WithContext(master->alias);
  }

  Result<QueueSnapshot> Snapshot(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) {
      return FailedPrecondition("the cluster has no queue (DISABLE_QUEUE = True)");
    }
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    ASSIGN_OR_RETURN(std::string out,
                     OnMaster(*master, remote, SlurmSnapshotCommand(), "reading the queue"));
    Result<std::vector<std::string_view>> parts = SplitSnapshot(out, kSlurmSnapshotSeparator, 2);
    if (!parts.ok()) return parts.status().WithContext(master->alias);
    QueueSnapshot snap;
    snap.now = clock_->NowSeconds();
    ASSIGN_OR_RETURN(snap.jobs, ParseSqueueJson((*parts)[0]));
    ASSIGN_OR_RETURN(snap.hosts, ParseSinfoJson((*parts)[1]));
    return snap;
  }

 private:
  static Result<const NodeInfo*> Master(const ClusterInfo& cluster) {
    const NodeInfo* master = cluster.master();
    if (master == nullptr) return FailedPrecondition("slurm: the cluster has no master");
    return master;
  }

  static std::vector<std::string> Names(const std::vector<const NodeInfo*>& nodes) {
    std::vector<std::string> names;
    for (const NodeInfo* n : nodes) names.push_back(n->alias);
    return names;
  }

  static SlurmNode NodeFor(const NodeInfo& n, const SlurmNodeFacts& facts,
                           const ClusterInfo& cluster) {
    int cpus = cluster.settings.slots_per_host.value_or(0) > 0 ? *cluster.settings.slots_per_host
                                                                 : facts.cpus;
    return SlurmNode{.name = n.alias, .addr = n.private_ip, .cpus = cpus,
                     .memory_mb = facts.memory_mb, .instance_type = n.instance_type};
  }

  static Result<std::string> OnMaster(const NodeInfo& master, Remote& remote,
                                      const std::string& command, const std::string& what,
                                      const std::string& stdin_data = "") {
    Result<std::string> out = RunStep(remote, master.ssh, command, what, kCommandTimeout, stdin_data);
    if (!out.ok()) return out.status().WithContext(master.alias);
    return out;
  }

  static Result<SlurmNodeFacts> PrepareNode(const NodeInfo& node, const std::string& munge_key,
                                            Remote& remote) {
    ASSIGN_OR_RETURN(std::string out,
                     RunStep(remote, node.ssh, ShellScriptCommand(SlurmNodePrepareScript()),
                             "preparing slurm", kCommandTimeout, munge_key + "\n"));
    return ParseSlurmNodeFacts(out);
  }

  static Status StartSlurmd(const NodeInfo& node, const NodeInfo& master, Remote& remote) {
    return RunStep(remote, node.ssh,
                   ShellScriptCommand(SlurmdStartScript(master.private_ip)),
                   "starting slurmd", kCommandTimeout)
        .status();
  }

  static Result<std::vector<SlurmNode>> ConfiguredNodes(const NodeInfo& master, Remote& remote) {
    ASSIGN_OR_RETURN(std::string conf,
                     OnMaster(master, remote, SlurmReadConfCommand(), "reading slurm.conf"));
    Result<std::vector<SlurmNode>> nodes = ParseSlurmConfNodes(conf);
    if (!nodes.ok()) return nodes.status().WithContext(master.alias);
    return nodes;
  }

  static Status Configure(const ClusterInfo& cluster, const NodeInfo& master,
                          const std::vector<SlurmNode>& nodes, Remote& remote) {
    SlurmClusterConfig config{.cluster_name = SlurmClusterName(cluster.tag),
                              .master = master.alias,
                              .master_addr = master.private_ip,
                              .nodes = nodes};
    ASSIGN_OR_RETURN(std::string conf, RenderSlurmConf(config));
    bool master_runs_jobs = std::any_of(nodes.begin(), nodes.end(), [&](const SlurmNode& n) {
      return n.name == master.alias;
    });
    return OnMaster(master, remote,
                    ShellScriptCommand(SlurmControllerScript(conf, master_runs_jobs)),
                    "configuring slurmctld")
        .status();
  }

  static Result<std::vector<std::string>> Drain(const NodeInfo& master, const std::string& host,
                                                Remote& remote) {
    ASSIGN_OR_RETURN(std::string out,
                     OnMaster(master, remote, SlurmDrainCommand(host), "draining " + host));
    return SplitList(out, '\n');
  }

  // Polls sinfo on the master until every node in `names` is ready to run jobs.
  Status WaitReady(const NodeInfo& master, const std::vector<std::string>& names, Remote& remote) {
    std::vector<std::string> missing = names;
    Status s = PollUntil(*clock_, kReadyTimeout, kReadyPoll, "", [&]() -> Result<bool> {
      Result<RemoteResult> r = remote.Run(master.ssh, SlurmNodeStatesCommand());
      if (!r.ok()) return r.status();
      if (r->exit_code != 0) return false;  // slurmctld restarting: ask again
      missing = SlurmNodesNotReady(r->out, names);
      return missing.empty();
    });
    if (s.code() == StatusCode::kDeadlineExceeded) {
      return DeadlineExceeded("timed out after " + std::to_string(WholeSeconds(kReadyTimeout)) +
                              " s waiting for slurmd to register on " + Join(missing, ", "));
    }
    return s.WithContext(master.alias);
  }

  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
};

}  // namespace

std::unique_ptr<Scheduler> NewSlurmScheduler(Clock* clock) {
  return std::make_unique<SlurmScheduler>(clock);
}

}  // namespace corral
