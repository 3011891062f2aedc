#include "cli/cluster_workflow.h"

#include <algorithm>

#include "cluster/cluster_setup.h"
#include "cluster/plugins.h"
#include "remote/counting_remote.h"
#include "remote/fan_out.h"
#include "remote/ssh_remote.h"
#include "scheduler/scheduler_factory.h"
#include "util/strings.h"

namespace corral {
namespace {

struct SetupParts {
  std::unique_ptr<Remote> remote;
  std::unique_ptr<Scheduler> scheduler;
  std::unique_ptr<PluginRunner> plugins;
  std::unique_ptr<ClusterSetup> setup;
};

Result<SetupParts> MakeSetup(CliContext& ctx, const ClusterInfo& info) {
  SetupParts p;
  p.remote = OpenRemote(ctx);
  const std::string& name = info.settings.scheduler;
  if (!info.settings.disable_queue && name != "none") {
    p.scheduler = NewScheduler(name, ctx.clock);
    if (!p.scheduler) return InvalidArgument("scheduler '" + name + "' is not available");
  }
  p.plugins = std::make_unique<PluginRunner>(*p.remote, *ctx.runner, *ctx.log);
  SetupHooks hooks;
  PluginRunner* runner = p.plugins.get();
  hooks.plugins = [runner](const std::string& hook, const ClusterInfo& c, const std::string& node) {
    return runner->RunHook(hook, c, node);
  };
  p.setup = std::make_unique<ClusterSetup>(*p.remote, *ctx.clock, *ctx.log, p.scheduler.get(), hooks);
  return p;
}

}  // namespace

std::unique_ptr<Remote> OpenRemote(CliContext& ctx) {
  SshRemoteOptions opt;
  opt.control_dir = DefaultSshControlDir(ctx.env);
  // Counted so that `-d` shows how many remote operations a command cost per node.
  Logger* log = ctx.log;
  return std::make_unique<CountingRemote>(NewSshRemote(ctx.runner, opt),
                                          [log](const RemoteOpCountsByHost& counts) {
                                            if (log) log->Debug(FormatRemoteOpCounts(counts));
                                          });
}

Result<ClusterInfo> BuildClusterInfo(ClusterSession& s, const ClusterState& cluster) {
  ClusterInfo info;
  info.tag = cluster.tag;
  info.provider = s.cloud->Name();
  info.settings = cluster.settings;
  info.shared_filesystems = s.cloud->SharesFilesystems();
  for (const Instance& n : cluster.nodes) {
    if (n.state != InstanceState::kRunning) continue;
    NodeInfo ni;
    ni.alias = n.Alias();
    ni.instance_id = n.id;
    ni.private_ip = n.private_ip;
    ni.instance_type = n.instance_type;
    ni.is_master = IsMasterAlias(ni.alias);
    ASSIGN_OR_RETURN(ni.ssh, NodeHost(s, cluster, n));
    info.nodes.push_back(std::move(ni));
  }
  return info;
}

Status SetupWholeCluster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
  if (!info.master()) return FailedPrecondition("cluster " + cluster.tag + " has no running master");
  ASSIGN_OR_RETURN(SetupParts p, MakeSetup(ctx, info));
  Status st = p.setup->SetupCluster(info);  // each node is set up as soon as it answers SSH
  p.remote->CloseConnections();
  if (!st.ok()) {
    return st.WithContext("setting up cluster " + cluster.tag +
                          " (it is running but not fully set up; fix the cause and run 'corral start -x " +
                          cluster.tag + "')");
  }
  return Status::Ok();
}

Status ShutdownCluster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
  if (!info.master()) return Status::Ok();  // nothing runs: nothing to shut down
  ASSIGN_OR_RETURN(SetupParts p, MakeSetup(ctx, info));
  Status st = p.setup->Shutdown(info);
  p.remote->CloseConnections();
  return st;
}

Status RestartCluster(CliContext& ctx, ClusterSession& s, ClusterState& cluster, bool reboot_only) {
  ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
  {
    ASSIGN_OR_RETURN(SetupParts p, MakeSetup(ctx, info));
    Status hooks = p.plugins->RunHook("on_restart", info, "");
    p.remote->CloseConnections();
    if (!hooks.ok()) ctx.log->Warn(hooks.message());
  }
  std::vector<std::string> ids;
  for (const Instance& n : cluster.nodes) ids.push_back(n.id);
  ctx.log->Info("Rebooting " + std::to_string(ids.size()) + " node(s)...");
  RETURN_IF_ERROR(s.cloud->RebootInstances(ids));
  RETURN_IF_ERROR(s.manager->Resume(cluster));
  if (reboot_only) return Status::Ok();
  return SetupWholeCluster(ctx, s, cluster);
}

Result<int> LoginMaster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  ASSIGN_OR_RETURN(const Instance* master, RunningNode(cluster, "master"));
  ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *master));
  RunOptions opt;
  opt.interactive = true;
  ProcessSpec spec{SshArgv(host, opt, "")};
  spec.inherit_stdio = true;
  ASSIGN_OR_RETURN(ProcessOutput out, ctx.runner->Run(spec));
  return out.exit_code;
}

std::map<std::string, bool> ProbeSsh(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  std::map<std::string, bool> up;
  std::unique_ptr<Remote> remote = OpenRemote(ctx);
  std::vector<const Instance*> nodes;
  for (const Instance& n : cluster.nodes) {
    up[n.Alias()] = false;
    if (n.state == InstanceState::kRunning) nodes.push_back(&n);
  }
  std::vector<char> ok(nodes.size(), 0);
  (void)FanOut(nodes.size(), 20, [&](size_t i) -> Status {
    Result<RemoteHost> h = NodeHost(s, cluster, *nodes[i]);
    if (!h.ok()) return h.status();
    RunOptions opt;
    opt.timeout = std::chrono::seconds(10);
    Result<RemoteResult> r = remote->Run(*h, "true", opt);
    ok[i] = r.ok() && r->success();
    return Status::Ok();
  });
  for (size_t i = 0; i < nodes.size(); ++i) up[nodes[i]->Alias()] = ok[i] != 0;
  remote->CloseConnections();
  return up;
}

Result<int> AddNodes(CliContext& ctx, const AddNodeFlags& f) {
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
  ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(f.tag, &s.config));
  RETURN_IF_ERROR(RunningNode(cluster, "master").status());
  std::vector<std::string> aliases = f.aliases;
  if (!aliases.empty() && f.num_nodes != 1 && static_cast<int>(aliases.size()) != f.num_nodes) {
    return InvalidArgument("-n " + std::to_string(f.num_nodes) + " does not match the " +
                           std::to_string(aliases.size()) + " aliases given with -a");
  }
  for (size_t i = 0; i < aliases.size(); ++i) {
    if (std::count(aliases.begin(), aliases.end(), aliases[i]) > 1) {
      return InvalidArgument("alias " + aliases[i] + " given twice");
    }
  }
  if (f.no_create) {
    if (aliases.empty()) return InvalidArgument("addnode -x needs the aliases of the nodes (-a)");
    for (const std::string& a : aliases) RETURN_IF_ERROR(RunningNode(cluster, a).status());
  } else {
    if (aliases.empty()) aliases = s.manager->NextWorkerAliases(cluster, f.num_nodes);
    if (f.bid > 0) ctx.log->Warn("-b is only honoured by the ec2 provider");
    RETURN_IF_ERROR(s.manager->AddNodes(cluster, aliases, f.instance_type, f.image_id).status());
  }
  if (f.create_only) {
    ctx.log->Info("Launched " + Join(aliases, ", ") + "; setup skipped (-o): 'corral addnode -x -a " +
                  Join(aliases, ",") + " " + f.tag + "' sets them up");
    return 0;
  }
  ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
  ASSIGN_OR_RETURN(SetupParts p, MakeSetup(ctx, info));
  Status st = p.setup->AddNodes(info, aliases);
  p.remote->CloseConnections();
  if (!st.ok()) {
    return st.WithContext("setting up " + Join(aliases, ", ") + " (the node(s) run but are not in the "
                          "cluster; retry with 'corral addnode -x -a " + Join(aliases, ",") + " " + f.tag + "')");
  }
  ctx.log->Info("Added " + Join(aliases, ", ") + " to cluster " + f.tag);
  return 0;
}

Result<int> RemoveNodes(CliContext& ctx, const RemoveNodeFlags& f) {
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
  ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(f.tag, &s.config));
  std::vector<std::string> aliases = f.aliases;
  if (aliases.empty()) {
    // As StarCluster: the workers with the highest aliases.
    std::vector<const Instance*> workers = cluster.workers();
    if (static_cast<int>(workers.size()) < f.num_nodes) {
      return InvalidArgument("cluster " + f.tag + " has only " + std::to_string(workers.size()) +
                             " worker(s)");
    }
    for (int i = 0; i < f.num_nodes; ++i) aliases.push_back(workers[workers.size() - 1 - i]->Alias());
  }
  std::vector<std::string> ids;
  for (const std::string& a : aliases) {
    const Instance* n = cluster.FindNode(a);
    if (!n) return NotFound("node " + a + " not found in cluster " + f.tag);
    if (IsMasterAlias(n->Alias())) return InvalidArgument("the master cannot be removed");
    ids.push_back(n->id);
  }
  if (!f.confirm && !Confirm(ctx, "Remove " + Join(aliases, ", ") + " from cluster " + f.tag)) {
    ctx.log->Info("Not removing anything");
    return 0;
  }
  ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
  {
    ASSIGN_OR_RETURN(SetupParts p, MakeSetup(ctx, info));
    std::vector<std::string> running;
    for (const std::string& a : aliases) {
      if (info.Find(a)) running.push_back(a);
    }
    Status st = p.setup->RemoveNodes(info, running, f.force);
    p.remote->CloseConnections();
    if (!st.ok()) return st;
  }
  if (f.keep_instance) {
    ctx.log->Info("Removed " + Join(aliases, ", ") + " from the cluster's services; the node(s) keep running");
    return 0;
  }
  RETURN_IF_ERROR(s.manager->RemoveNodes(cluster, ids));
  ctx.log->Info("Removed " + Join(aliases, ", ") + " from cluster " + f.tag);
  return 0;
}

}  // namespace corral
