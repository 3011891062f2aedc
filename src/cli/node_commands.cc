// Commands that act on nodes of a running cluster: sshmaster, sshnode, sshinstance, put, get,
// listinstances, runplugin.
#include <ctime>
#include <ostream>

#include "cli/cluster_access.h"
#include "cli/cluster_listing.h"
#include "cli/cluster_workflow.h"
#include "cli/command.h"
#include "cluster/plugins.h"
#include "remote/ssh_remote.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

struct SshFlags {
  std::string tag, node;
  std::vector<std::string> command;
  std::string user;
  bool x11 = false, agent = false, tty = false;
};

Result<int> SshTo(CliContext& ctx, ClusterSession& s, const ClusterState& cluster, const Instance& node,
                  const SshFlags& f) {
  ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, node, f.user));
  RunOptions opt;
  opt.interactive = true;
  opt.forward_x11 = f.x11;
  opt.forward_agent = f.agent;
  opt.tty = f.tty;
  ProcessSpec spec{SshArgv(host, opt, Join(f.command, " "))};
  spec.inherit_stdio = true;
  ASSIGN_OR_RETURN(ProcessOutput out, ctx.runner->Run(spec));
  return out.exit_code;
}

void AddSshFlags(CLI::App& app, SshFlags& f, bool with_tty) {
  app.add_option("-u,--user", f.user, "log in as this user (default root)");
  app.add_flag("-X,--forward-x11", f.x11, "forward X11 (ssh -Y)");
  app.add_flag("-A,--forward-agent", f.agent, "forward the SSH agent");
  if (with_tty) app.add_flag("-t,--pseudo-tty", f.tty, "force a pseudo-terminal");
}

Command SshMasterCommand() {
  Command c;
  c.name = "sshmaster";
  c.aliases = {"sm"};
  c.args = "<cluster_tag> [<command>...]";
  c.summary = "Log in to the master (or run a command there)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<SshFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster")->required();
    app.add_option("command", f->command, "command to run instead of a login shell");
    AddSshFlags(app, *f, true);
    return [f](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(f->tag, &s.config));
      ASSIGN_OR_RETURN(const Instance* m, RunningNode(cluster, MasterAlias(f->tag, cluster.settings.dns_prefix)));
      return SshTo(ctx, s, cluster, *m, *f);
    };
  };
  return c;
}

Command SshNodeCommand() {
  Command c;
  c.name = "sshnode";
  c.aliases = {"sn"};
  c.args = "<cluster_tag> <node> [<command>...]";
  c.summary = "Log in to a node (or run a command there)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<SshFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster")->required();
    app.add_option("node", f->node, "alias, instance id, IP or DNS name of the node")->required();
    app.add_option("command", f->command, "command to run instead of a login shell");
    AddSshFlags(app, *f, true);
    return [f](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(f->tag, &s.config));
      ASSIGN_OR_RETURN(const Instance* n, RunningNode(cluster, f->node));
      return SshTo(ctx, s, cluster, *n, *f);
    };
  };
  return c;
}

Command SshInstanceCommand() {
  Command c;
  c.name = "sshinstance";
  c.aliases = {"si"};
  c.args = "<instance-id or address> [<command>...]";
  c.summary = "Log in to any instance of a cluster by id or address";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<SshFlags>();
    app.add_option("instance", f->node, "instance id, IP or DNS name")->required();
    app.add_option("command", f->command, "command to run instead of a login shell");
    AddSshFlags(app, *f, false);
    return [f](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(std::vector<ClusterState> all, s.manager->List(&s.config));
      for (const ClusterState& cl : all) {
        if (!cl.FindNode(f->node)) continue;
        ASSIGN_OR_RETURN(const Instance* n, RunningNode(cl, f->node));
        return SshTo(ctx, s, cl, *n, *f);
      }
      return NotFound("instance " + f->node + " not found in any cluster");
    };
  };
  return c;
}

struct CopyFlags {
  std::string tag, node = "master", user;
  std::vector<std::string> paths;
};

Command CopyCommand(bool put) {
  Command c;
  c.name = put ? "put" : "get";
  c.args = put ? "<cluster_tag> <local_path>... <remote_path>" : "<cluster_tag> <remote_path>... <local_path>";
  c.summary = put ? "Copy files to a node (default: the master)" : "Copy files from a node (default: the master)";
  c.define = [put](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<CopyFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster")->required();
    app.add_option("paths", f->paths, put ? "local paths, then the remote destination"
                                          : "remote paths, then the local destination")->required();
    app.add_option("-u,--user", f->user, "copy as this user (default root)");
    app.add_option("-n,--node", f->node, "the node (default master)");
    return [f, put](CliContext& ctx) -> Result<int> {
      if (f->paths.size() < 2) {
        return InvalidArgument(std::string(put ? "put" : "get") + ": need at least one source and a destination");
      }
      std::vector<std::string> sources(f->paths.begin(), f->paths.end() - 1);
      const std::string& dest = f->paths.back();
      if (put) {
        for (const std::string& p : sources) {
          if (!PathExists(p)) return InvalidArgument("put: local path " + p + " does not exist");
        }
      }
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(f->tag, &s.config));
      std::string node = f->node == "master" ? MasterAlias(f->tag, cluster.settings.dns_prefix) : f->node;
      ASSIGN_OR_RETURN(const Instance* n, RunningNode(cluster, node));
      ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *n, f->user));
      std::unique_ptr<Remote> remote = OpenRemote(ctx);
      // As StarCluster: several sources need a directory as the destination.
      if (put && sources.size() > 1) {
        ASSIGN_OR_RETURN(RemoteResult r, remote->Run(host, "test -d " + ShellQuote(dest)));
        if (!r.success()) return InvalidArgument("put: " + dest + " must be a directory on " + host.alias + " to copy several files");
      }
      Status st = put ? remote->Put(host, sources, dest) : remote->Get(host, sources, dest);
      remote->CloseConnections();
      RETURN_IF_ERROR(st);
      return 0;
    };
  };
  return c;
}

Command ListInstancesCommand() {
  Command c;
  c.name = "listinstances";
  c.aliases = {"lsi"};
  c.summary = "List every instance of the provider";
  c.define = [](CLI::App& app) -> CommandRun {
    auto terminated = std::make_shared<bool>(false);
    app.add_flag("-t,--show-terminated", *terminated, "include terminated instances");
    return [terminated](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      InstanceFilter filter;
      if (*terminated) {
        filter.states = {InstanceState::kPending, InstanceState::kRunning, InstanceState::kStopping,
                         InstanceState::kStopped, InstanceState::kShuttingDown, InstanceState::kTerminated};
      }
      ASSIGN_OR_RETURN(std::vector<Instance> all, s.cloud->DescribeInstances(filter));
      double now = ctx.clock->NowSeconds();
      for (const Instance& i : all) {
        auto na = [](const std::string& v) { return v.empty() ? std::string("N/A") : v; };
        std::string tags;
        for (const auto& [k, v] : i.tags) tags += (tags.empty() ? "" : ", ") + k + "=" + v;
        *ctx.out << "id: " << i.id << "\n"
                 << "dns_name: " << na(i.public_dns) << "\n"
                 << "private_dns_name: " << na(i.private_dns) << "\n"
                 << "state: " << InstanceStateName(i.state)
                 << (i.state_reason.empty() ? "" : " (" + i.state_reason + ")") << "\n"
                 << "public_ip: " << na(i.public_ip) << "\n"
                 << "private_ip: " << na(i.private_ip) << "\n"
                 << "zone: " << na(i.zone) << "\n"
                 << "ami: " << na(i.image_id) << "\n"
                 << "type: " << na(i.instance_type) << "\n"
                 << "groups: " << na(Join(i.security_groups, ", ")) << "\n"
                 << "keypair: " << na(i.key_name) << "\n"
                 << "uptime: "
                 << (i.state == InstanceState::kRunning && i.launch_time > 0
                         ? FormatUptime(static_cast<long long>(now) - i.launch_time)
                         : std::string("N/A"))
                 << "\n"
                 << "tags: " << na(tags) << "\n\n";
      }
      *ctx.out << "Total: " << all.size() << "\n";
      return 0;
    };
  };
  return c;
}

Command RunPluginCommand() {
  Command c;
  c.name = "runplugin";
  c.aliases = {"rp"};
  c.args = "<plugin_name> <cluster_tag>";
  c.summary = "Run one plugin's 'run' hook on a running cluster";
  c.define = [](CLI::App& app) -> CommandRun {
    auto plugin = std::make_shared<std::string>();
    auto tag = std::make_shared<std::string>();
    app.add_option("plugin_name", *plugin, "a [plugin] section")->required();
    app.add_option("cluster_tag", *tag, "the cluster")->required();
    return [=](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      auto p = s.config.plugins.find(*plugin);
      if (p == s.config.plugins.end()) return InvalidArgument("plugin " + *plugin + " is not defined in " + s.config.path);
      ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(*tag, &s.config));
      for (const Instance& n : cluster.nodes) {
        if (n.state != InstanceState::kRunning) return FailedPrecondition("cluster " + *tag + " is not running");
      }
      ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
      std::unique_ptr<Remote> remote = OpenRemote(ctx);
      PluginRunner runner(*remote, *ctx.runner, *ctx.log);
      Status st = runner.RunOne(p->second, info);
      remote->CloseConnections();
      RETURN_IF_ERROR(st);
      return 0;
    };
  };
  return c;
}

}  // namespace

std::vector<Command> NodeCommands() {
  return {SshMasterCommand(), SshNodeCommand(), SshInstanceCommand(), CopyCommand(true),
          CopyCommand(false), ListInstancesCommand(), RunPluginCommand()};
}

}  // namespace corral
