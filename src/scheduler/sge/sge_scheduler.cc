#include "scheduler/sge/sge_scheduler.h"

#include <algorithm>
#include <functional>
#include <tuple>

#include "remote/fan_out.h"
#include "scheduler/sge/qstat_parser.h"
#include "scheduler/scheduler_util.h"
#include "scheduler/sge/sge_scripts.h"
#include "util/strings.h"

namespace corral {
namespace {

// One remote script may register hundreds of hosts (two qconf calls each, about 0.1 s apiece on
// a busy machine).
constexpr Duration kCommandTimeout(300000);
// sge_qmaster answers 0.4-0.7 s after start on namespace nodes; BerkeleyDB recovery after an
// unclean stop and a slow EC2 instance can take far longer.
constexpr Duration kQmasterTimeout(120000);
constexpr Duration kQmasterPoll(250);
// An execd reports load within load_report_time (5 s, see the master script) of starting;
// 120 s leaves room for a busy machine starting dozens at once.
constexpr Duration kExecdReadyTimeout(120000);
constexpr Duration kExecdReadyPoll(500);
// Hosts set up at once; each is one SSH session at a time.
constexpr size_t kMaxParallel = 32;

// Orders job ids ("12", "12.3") by job number, then task number.
bool JobIdLess(const std::string& a, const std::string& b) {
  auto key = [](const std::string& id) {
    size_t dot = id.find('.');
    long long job = ParseInt(id.substr(0, dot)).value_or(0);
    long long task = dot == std::string::npos ? 0 : ParseInt(id.substr(dot + 1)).value_or(0);
    return std::make_tuple(job, task, id);
  };
  return key(a) < key(b);
}

class SgeScheduler : public Scheduler {
 public:
  explicit SgeScheduler(Clock* clock) : clock_(clock) {
    if (clock_ == nullptr) {
      own_clock_ = std::make_unique<SystemClock>();
      clock_ = own_clock_.get();
    }
  }
  std::string Name() const override { return "sge"; }

  Status Setup(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    SgeOptions options = SgeOptionsFor(cluster.settings);
    ASSIGN_OR_RETURN(int master_cores, StartMaster(cluster, *master, remote));
    return JoinExecHosts(*master, SgeExecNodes(cluster, options), options, master_cores, remote,
                         /*one_host=*/false);
  }

  Status AddNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    if (node.alias == master->alias) {
      return InvalidArgument("the master joins grid engine in setup, not as an added node");
    }
    return JoinExecHosts(*master, {&node}, SgeOptionsFor(cluster.settings), 0, remote,
                         /*one_host=*/true);
  }

  Status RemoveNode(const ClusterInfo& cluster, const NodeInfo& node, Remote& remote,
                    bool force) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    if (node.alias == master->alias) {
      return FailedPrecondition("cannot remove the master from grid engine");
    }
    const std::string& host = node.alias;
    ASSIGN_OR_RETURN(std::string xml, OnMaster(*master, remote, SgeDrainCommand(host),
                                               "disabling all.q@" + host));
    ASSIGN_OR_RETURN(SgeQstat qstat, ParseQstatXml(xml));
    std::vector<std::string> ids;
    for (const JobInfo& job : qstat.jobs) {
      if (std::find(job.hosts.begin(), job.hosts.end(), host) != job.hosts.end() &&
          std::find(ids.begin(), ids.end(), job.id) == ids.end()) {
        ids.push_back(job.id);
      }
    }
    std::sort(ids.begin(), ids.end(), JobIdLess);
    if (!ids.empty() && !force) {
      return FailedPrecondition(host + " still runs " + (ids.size() == 1 ? "job " : "jobs ") +
                                Join(ids, ", ") +
                                "; no new jobs start there now: wait for them to finish, or "
                                "force the removal to kill them");
    }
    if (!ids.empty()) {
      RETURN_IF_ERROR(
          OnMaster(*master, remote, SgeForceDeleteCommand(ids), "deleting jobs on " + host)
              .status());
    }
    RETURN_IF_ERROR(OnMaster(*master, remote, SgeKillExecdCommand(host), "stopping sge_execd on " +
                             host).status());
    RETURN_IF_ERROR(WaitForExit(node.ssh, "sge_execd", remote).WithContext(host));
    return OnMaster(*master, remote, ShellScriptCommand(SgeRemoveExecHostScript(host)),
                    "removing " + host)
        .status();
  }

  Status Shutdown(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) return Status::Ok();
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    RETURN_IF_ERROR(
        OnMaster(*master, remote, SgeKillAllExecdsCommand(), "stopping execds").status());
    std::vector<const NodeInfo*> nodes = SgeExecNodes(cluster, SgeOptionsFor(cluster.settings));
    std::vector<std::string> names;
    for (const NodeInfo* n : nodes) names.push_back(n->alias);
    RETURN_IF_ERROR(FirstFailure(FanOut(nodes.size(), kMaxParallel,
                                        [&](size_t i) {
                                          return WaitForExit(nodes[i]->ssh, "sge_execd", remote);
                                        }),
                                 names));
    RETURN_IF_ERROR(
        OnMaster(*master, remote, SgeKillQmasterCommand(), "stopping sge_qmaster").status());
    return WaitForExit(master->ssh, "sge_qmaster", remote).WithContext(master->alias);
  }

  Result<QueueSnapshot> Snapshot(const ClusterInfo& cluster, Remote& remote) override {
    if (cluster.settings.disable_queue) {
      return FailedPrecondition("the cluster has no queue (DISABLE_QUEUE = True)");
    }
    ASSIGN_OR_RETURN(const NodeInfo* master, Master(cluster));
    ASSIGN_OR_RETURN(std::string out,
                     OnMaster(*master, remote, SgeSnapshotCommand(), "reading the queue"));
    Result<std::vector<std::string_view>> parts = SplitSnapshot(out, kSgeSnapshotSeparator, 3);
    if (!parts.ok()) return parts.status().WithContext(master->alias);
    ASSIGN_OR_RETURN(int offset, ParseUtcOffset(Trim((*parts)[0])));
    ASSIGN_OR_RETURN(SgeQstat qstat, ParseQstatXml((*parts)[1], offset));
    ASSIGN_OR_RETURN(std::vector<SgeHost> hosts, ParseQhostXml((*parts)[2]));
    return MakeSgeSnapshot(std::move(qstat), hosts, clock_->NowSeconds());
  }

 private:
  static Result<const NodeInfo*> Master(const ClusterInfo& cluster) {
    const NodeInfo* master = cluster.master();
    if (master == nullptr) return FailedPrecondition("grid engine: the cluster has no master");
    return master;
  }

  // Runs a step on the master; errors name the master.
  static Result<std::string> OnMaster(const NodeInfo& master, Remote& remote,
                                      const std::string& command, const std::string& what) {
    Result<std::string> out = RunStep(remote, master.ssh, command, what, kCommandTimeout);
    if (!out.ok()) return out.status().WithContext(master.alias);
    return out;
  }

  // Starts and configures qmaster; returns the master's core count.
  Result<int> StartMaster(const ClusterInfo& cluster, const NodeInfo& master, Remote& remote) {
    ASSIGN_OR_RETURN(std::string out,
                     OnMaster(master, remote, ShellScriptCommand(SgeMasterStartScript(master.alias)),
                              "starting sge_qmaster"));
    ASSIGN_OR_RETURN(int cores, ParseLastNumber(out, "nproc"));
    Status ready = PollUntil(*clock_, kQmasterTimeout, kQmasterPoll, "sge_qmaster to answer", [&] {
      Result<RemoteResult> r = remote.Run(master.ssh, SgeQmasterReadyCommand());
      if (!r.ok()) return Result<bool>(r.status());
      return Result<bool>(r->exit_code == 0);
    });
    RETURN_IF_ERROR(ready.WithContext(master.alias));
    SgeMasterSettings settings{.master = master.alias,
                               .cluster_user = cluster.settings.cluster_user};
    RETURN_IF_ERROR(OnMaster(master, remote, ShellScriptCommand(SgeMasterConfigureScript(settings)),
                             "configuring grid engine")
                        .status());
    return cores;
  }

  // Makes `nodes` execution hosts: prepares each (in parallel), registers all in one command on
  // the master, starts their execds (in parallel) and waits until each reports load.
  // `master_cores` is the master's core count when it is among `nodes`.
  Status JoinExecHosts(const NodeInfo& master, const std::vector<const NodeInfo*>& nodes,
                       const SgeOptions& options, int master_cores, Remote& remote,
                       bool one_host) {
    if (nodes.empty()) return Status::Ok();
    std::vector<std::string> names;
    for (const NodeInfo* n : nodes) names.push_back(n->alias);
    std::vector<int> cores(nodes.size(), master_cores);
    RETURN_IF_ERROR(FirstFailure(
        FanOut(nodes.size(), kMaxParallel,
               [&](size_t i) -> Status {
                 if (nodes[i]->alias == master.alias) return Status::Ok();
                 ASSIGN_OR_RETURN(std::string out,
                                  RunStep(remote, nodes[i]->ssh,
                                          ShellScriptCommand(SgeExecPrepareScript(master.alias)),
                                          "preparing the grid engine cell", kCommandTimeout));
                 ASSIGN_OR_RETURN(cores[i], ParseLastNumber(out, "nproc"));
                 return Status::Ok();
               }),
        names));
    std::vector<SgeExecHost> hosts;
    for (size_t i = 0; i < nodes.size(); ++i) {
      hosts.push_back({names[i], options.slots_per_host > 0 ? options.slots_per_host : cores[i]});
    }
    RETURN_IF_ERROR(OnMaster(master, remote, ShellScriptCommand(SgeRegisterExecHostsScript(hosts)),
                             "registering execution hosts")
                        .status());
    RETURN_IF_ERROR(FirstFailure(
        FanOut(nodes.size(), kMaxParallel,
               [&](size_t i) {
                 return RunStep(remote, nodes[i]->ssh, ShellScriptCommand(SgeExecdStartScript()),
                                "starting sge_execd", kCommandTimeout)
                     .status();
               }),
        names));
    return WaitForLoad(master, names, one_host ? names[0] : "", remote);
  }

  // Polls qhost on the master until every host in `names` reports a load value.
  Status WaitForLoad(const NodeInfo& master, const std::vector<std::string>& names,
                     const std::string& qhost_filter, Remote& remote) {
    std::vector<std::string> missing = names;
    Status s = PollUntil(*clock_, kExecdReadyTimeout, kExecdReadyPoll, "", [&]() -> Result<bool> {
      Result<RemoteResult> r = remote.Run(master.ssh, SgeQhostCommand(qhost_filter));
      if (!r.ok()) return r.status();
      if (r->exit_code != 0) return false;  // qmaster busy or restarting: ask again
      ASSIGN_OR_RETURN(std::vector<SgeHost> hosts, ParseQhostXml(r->out));
      std::vector<std::string> still;
      for (const std::string& n : names) {
        auto it = std::find_if(hosts.begin(), hosts.end(),
                               [&](const SgeHost& h) { return h.name == n; });
        if (it == hosts.end() || !it->load_known) still.push_back(n);
      }
      missing = still;
      return missing.empty();
    });
    if (s.code() == StatusCode::kDeadlineExceeded) {
      return DeadlineExceeded("timed out after " + std::to_string(WholeSeconds(kExecdReadyTimeout)) +
                              " s waiting for sge_execd to report load on " + Join(missing, ", "));
    }
    return s.WithContext(master.alias);
  }

  Status WaitForExit(const RemoteHost& host, const std::string& name, Remote& remote) {
    return WaitForProcessExit(*clock_, remote, host, name);
  }

  std::unique_ptr<SystemClock> own_clock_;
  Clock* clock_;
};

}  // namespace

SgeOptions SgeOptionsFor(const ClusterTemplate& settings) {
  return SgeOptions{settings.master_is_exec_host, settings.slots_per_host.value_or(0)};
}

std::vector<const NodeInfo*> SgeExecNodes(const ClusterInfo& cluster, const SgeOptions& options) {
  std::vector<const NodeInfo*> out;
  for (const NodeInfo& n : cluster.nodes) {
    if (!n.is_master || options.master_is_exec_host) out.push_back(&n);
  }
  return out;
}

std::unique_ptr<Scheduler> NewSgeScheduler(Clock* clock) {
  return std::make_unique<SgeScheduler>(clock);
}

}  // namespace corral
