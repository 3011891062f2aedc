// Cluster lifecycle commands: start, stop, terminate, restart, listclusters, addnode, removenode.
// Flags and messages follow StarCluster 0.95.6 (see docs/commands.md).
#include <algorithm>
#include <ctime>
#include <ostream>

#include "cli/cluster_access.h"
#include "cli/command.h"
#include "cli/config_access.h"
#include "cli/cluster_workflow.h"
#include "cli/cluster_listing.h"
#include "cli/desktop_commands.h"
#include "util/strings.h"

namespace corral {
namespace {

struct StartFlags {
  std::string tag;
  bool no_create = false, create_only = false, validate_only = false, skip_validation = false;
  bool login_master = false, disable_queue = false, enable_queue = false;
  bool dns_prefix = false, no_dns_prefix = false;
  std::string template_name, cluster_user, cluster_shell, keyname, key_location, zone;
  std::string master_image, node_image, master_type, node_type, subnet, description;
  std::vector<std::string> userdata;
  int cluster_size = 0, refresh_interval = 0;
  double bid = 0;
};

void ApplyOverrides(const StartFlags& f, const Config& config, ClusterTemplate& t) {
  if (f.cluster_size > 0) t.cluster_size = f.cluster_size;
  if (!f.cluster_user.empty()) t.cluster_user = f.cluster_user;
  if (!f.cluster_shell.empty()) t.cluster_shell = f.cluster_shell;
  if (!f.master_image.empty()) t.master_image_id = f.master_image;
  if (!f.node_image.empty()) t.node_image_id = f.node_image;
  if (!f.master_type.empty()) t.master_instance_type = f.master_type;
  if (!f.node_type.empty()) t.node_instance_type = f.node_type;
  if (!f.zone.empty()) t.availability_zone = f.zone;
  if (!f.subnet.empty()) t.subnet_id = f.subnet;
  if (f.bid > 0) t.spot_bid = f.bid;
  if (f.dns_prefix) t.dns_prefix = true;
  if (f.no_dns_prefix) t.dns_prefix = false;
  if (f.disable_queue) t.disable_queue = true, t.scheduler = "none";
  if (f.enable_queue && t.scheduler == "none") t.disable_queue = false, t.scheduler = "sge";
  for (const std::string& u : f.userdata) t.userdata_scripts.push_back(u);
  if (!f.keyname.empty()) {
    t.keyname = f.keyname;
    auto k = config.keys.find(f.keyname);
    if (k != config.keys.end()) t.key = k->second;
  }
  if (!f.key_location.empty()) t.key.location = f.key_location;
}

Result<int> RunStart(CliContext& ctx, const StartFlags& f) {
  if (f.no_create && !f.template_name.empty()) {
    ctx.log->Warn("-c is ignored with -x: the cluster keeps the settings it was started with");
  }
  ASSIGN_OR_RETURN(Config config, LoadConfigForCommand(ctx));
  TimePoint began = ctx.clock->Now();
  ClusterTemplate tmpl;
  if (!f.no_create) {
    if (f.skip_validation) ctx.log->Warn("SKIPPING VALIDATION - USE AT YOUR OWN RISK");
    ASSIGN_OR_RETURN(tmpl, TemplateForCommand(ctx, config, f.template_name, f.tag));
    ApplyOverrides(f, config, tmpl);
    if (f.validate_only) {
      ctx.log->Info("Cluster template " + tmpl.name + " is valid");
      return 0;
    }
  }
  std::string cloud_name = f.no_create ? "" : tmpl.cloud;
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx, cloud_name));
  ClusterState cluster;
  if (f.no_create) {
    ASSIGN_OR_RETURN(cluster, s.manager->Get(f.tag, &s.config));
    ApplyOverrides(f, s.config, cluster.settings);
    if (f.validate_only) {
      ctx.log->Info("Cluster " + f.tag + " exists; nothing to validate");
      return 0;
    }
    RETURN_IF_ERROR(s.manager->Resume(cluster));
  } else {
    RETURN_IF_ERROR(EnsureKeyPair(ctx, *s.cloud, tmpl));
    ASSIGN_OR_RETURN(cluster, s.manager->Create(f.tag, tmpl));
  }
  RETURN_IF_ERROR(s.manager->AttachVolumes(cluster));
  if (!f.create_only) RETURN_IF_ERROR(SetupWholeCluster(ctx, s, cluster));
  double minutes = std::chrono::duration<double>(ctx.clock->Now() - began).count() / 60.0;
  char took[64];
  std::snprintf(took, sizeof(took), "%.2f", minutes);
  ctx.log->Info(std::string("Starting cluster took ") + took + " mins");
  *ctx.out << "The cluster " << f.tag << " is now "
           << (f.create_only ? "launched (setup skipped with -o)" : "ready to use") << ".\n"
           << "  corral sshmaster " << f.tag << "      log in to the master\n"
           << "  corral listclusters " << f.tag << "   show its nodes\n"
           << "  corral stop " << f.tag << "           stop it; 'corral start -x " << f.tag
           << "' resumes it\n"
           << "  corral terminate " << f.tag << "      remove it\n";
  if (!f.create_only && DesktopPluginOf(cluster.settings)) {
    RETURN_IF_ERROR(PrintDesktopAccess(ctx, s, cluster));
  }
  if (f.login_master) return LoginMaster(ctx, s, cluster);
  return 0;
}

Command StartCommand() {
  Command c;
  c.name = "start";
  c.args = "<cluster_tag>";
  c.summary = "Start a new cluster, or resume a stopped one with -x";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<StartFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster's name")->required();
    app.add_flag("-x,--no-create", f->no_create, "use the cluster's existing (stopped) nodes");
    app.add_flag("-o,--create-only", f->create_only, "only launch the nodes; skip all setup");
    app.add_flag("-v,--validate-only", f->validate_only, "only validate the template");
    app.add_flag("-V,--skip-validation", f->skip_validation, "accepted for compatibility");
    app.add_flag("-l,--login-master", f->login_master, "log in to the master afterwards");
    app.add_flag("-q,--disable-queue", f->disable_queue, "do not set up a batch scheduler");
    app.add_flag("-Q,--enable-queue", f->enable_queue, "set up the batch scheduler");
    app.add_option("-c,--cluster-template", f->template_name, "template (default: DEFAULT_TEMPLATE)");
    app.add_option("-r,--refresh-interval", f->refresh_interval, "seconds between polls")
        ->check(CLI::PositiveNumber);
    app.add_option("-b,--bid", f->bid, "spot bid for the workers, USD per hour")
        ->check(CLI::PositiveNumber);
    app.add_option("-d,--description", f->description, "a description (not kept)");
    app.add_option("-s,--cluster-size", f->cluster_size, "number of nodes, master included")
        ->check(CLI::PositiveNumber);
    app.add_option("-u,--cluster-user", f->cluster_user, "the cluster user");
    app.add_option("-S,--cluster-shell", f->cluster_shell, "the cluster user's shell")
        ->check(CLI::IsMember({"bash", "zsh", "csh", "ksh", "tcsh"}));
    app.add_option("-m,--master-image-id", f->master_image, "image of the master");
    app.add_option("-n,--node-image-id", f->node_image, "image of the workers");
    app.add_option("-I,--master-instance-type", f->master_type, "instance type of the master");
    app.add_option("-i,--node-instance-type", f->node_type, "instance type of the workers");
    app.add_option("-a,--availability-zone", f->zone, "availability zone");
    app.add_option("-k,--keyname", f->keyname, "key pair name");
    app.add_option("-K,--key-location", f->key_location, "private key file");
    app.add_option("-U,--userdata-script", f->userdata, "user data script (repeatable)");
    app.add_flag("-P,--dns-prefix", f->dns_prefix, "prefix host names with the tag");
    app.add_flag("-p,--no-dns-prefix", f->no_dns_prefix, "do not prefix host names");
    app.add_option("-N,--subnet-id", f->subnet, "VPC subnet");
    return [f](CliContext& ctx) { return RunStart(ctx, *f); };
  };
  return c;
}

// Runs `fn` on each named cluster, after an optional confirmation.
Result<int> ForEachCluster(CliContext& ctx, const std::vector<std::string>& tags, bool confirmed,
                           const std::string& verb,
                           const std::function<Status(ClusterSession&, ClusterState&)>& fn) {
  ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
  for (const std::string& tag : tags) {
    ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag, &s.config));
    if (!confirmed && !Confirm(ctx, verb + " cluster " + tag)) {
      ctx.log->Info("Cluster " + tag + " left as it is");
      continue;
    }
    RETURN_IF_ERROR(fn(s, cluster));
  }
  return 0;
}

Command StopCommand() {
  Command c;
  c.name = "stop";
  c.args = "<cluster_tag>...";
  c.summary = "Stop a running cluster's nodes (keep their disks; 'start -x' resumes)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto tags = std::make_shared<std::vector<std::string>>();
    auto confirm = std::make_shared<bool>(false);
    auto unstoppable = std::make_shared<bool>(false);
    auto force = std::make_shared<bool>(false);
    app.add_option("cluster_tag", *tags, "clusters to stop")->required();
    app.add_flag("-c,--confirm", *confirm, "do not ask for confirmation");
    app.add_flag("-t,--terminate-unstoppable", *unstoppable, "terminate nodes that cannot stop");
    app.add_flag("-f,--force", *force, "stop even if shutdown hooks fail");
    return [=](CliContext& ctx) -> Result<int> {
      return ForEachCluster(ctx, *tags, *confirm, "Stop", [&](ClusterSession& s, ClusterState& c) {
        Status hooks = ShutdownCluster(ctx, s, c);
        if (!hooks.ok() && !*force) return hooks;
        RETURN_IF_ERROR(s.manager->Stop(c));
        ctx.log->Info("Cluster " + c.tag + " stopped: 'corral start -x " + c.tag +
                      "' resumes it, 'corral terminate " + c.tag + "' removes it");
        return Status::Ok();
      });
    };
  };
  return c;
}

Command TerminateCommand() {
  Command c;
  c.name = "terminate";
  c.args = "<cluster_tag>...";
  c.summary = "Terminate a cluster: remove its nodes and security group (volumes stay)";
  c.define = [](CLI::App& app) -> CommandRun {
    auto tags = std::make_shared<std::vector<std::string>>();
    auto confirm = std::make_shared<bool>(false);
    auto force = std::make_shared<bool>(false);
    app.add_option("cluster_tag", *tags, "clusters to terminate")->required();
    app.add_flag("-c,--confirm", *confirm, "do not ask for confirmation");
    app.add_flag("-f,--force", *force, "terminate even if shutdown hooks fail");
    return [=](CliContext& ctx) -> Result<int> {
      return ForEachCluster(ctx, *tags, *confirm, "Terminate", [&](ClusterSession& s, ClusterState& c) {
        Status hooks = ShutdownCluster(ctx, s, c);
        if (!hooks.ok() && !*force) {
          return hooks.WithContext("shutdown hooks failed (use -f to terminate anyway)");
        }
        if (!hooks.ok()) ctx.log->Warn(hooks.message());
        RETURN_IF_ERROR(s.manager->Terminate(c));
        ctx.log->Info("Cluster " + c.tag + " terminated");
        return Status::Ok();
      });
    };
  };
  return c;
}

Command RestartCommand() {
  Command c;
  c.name = "restart";
  c.aliases = {"reboot"};
  c.args = "<cluster_tag>...";
  c.summary = "Reboot a cluster's nodes and set it up again";
  c.define = [](CLI::App& app) -> CommandRun {
    auto tags = std::make_shared<std::vector<std::string>>();
    auto reboot_only = std::make_shared<bool>(false);
    app.add_option("cluster_tag", *tags, "clusters to restart")->required();
    app.add_flag("-o,--reboot-only", *reboot_only, "only reboot; skip the setup");
    return [=](CliContext& ctx) -> Result<int> {
      return ForEachCluster(ctx, *tags, true, "Restart", [&](ClusterSession& s, ClusterState& c) {
        return RestartCluster(ctx, s, c, *reboot_only);
      });
    };
  };
  return c;
}

Command ListClustersCommand() {
  Command c;
  c.name = "listclusters";
  c.aliases = {"lc"};
  c.args = "[<cluster_tag>...]";
  c.summary = "List clusters and their nodes";
  c.define = [](CLI::App& app) -> CommandRun {
    auto tags = std::make_shared<std::vector<std::string>>();
    auto ssh_status = std::make_shared<bool>(false);
    app.add_option("cluster_tag", *tags, "clusters to show (default: all)");
    app.add_flag("-s,--show-ssh-status", *ssh_status, "check whether each node answers SSH");
    return [=](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(std::vector<ClusterState> all, s.manager->List(&s.config));
      if (!tags->empty()) {
        for (const std::string& t : *tags) {
          if (std::none_of(all.begin(), all.end(), [&](const ClusterState& x) { return x.tag == t; })) {
            RETURN_IF_ERROR(s.manager->Get(t, &s.config).status());
          }
        }
        all.erase(std::remove_if(all.begin(), all.end(), [&](const ClusterState& x) {
                    return std::find(tags->begin(), tags->end(), x.tag) == tags->end();
                  }), all.end());
      }
      if (all.empty()) {
        ctx.log->Info("No clusters found...");
        return 0;
      }
      ASSIGN_OR_RETURN(std::vector<Volume> volumes, s.cloud->DescribeVolumes({}));
      for (const ClusterState& cl : all) {
        std::map<std::string, bool> ssh_up;
        if (*ssh_status) ssh_up = ProbeSsh(ctx, s, cl);
        *ctx.out << FormatClusterListing(cl, volumes, ctx.clock->NowSeconds(),
                                         *ssh_status ? &ssh_up : nullptr);
      }
      return 0;
    };
  };
  return c;
}

Command AddNodeCommand() {
  Command c;
  c.name = "addnode";
  c.aliases = {"an"};
  c.args = "<cluster_tag>";
  c.summary = "Add worker nodes to a running cluster";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<AddNodeFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster")->required();
    app.add_option("-n,--num-nodes", f->num_nodes, "how many nodes to add (default 1)")
        ->check(CLI::PositiveNumber);
    app.add_option("-a,--alias", f->aliases, "aliases of the new nodes (repeatable, comma-separated)")
        ->delimiter(',');
    app.add_option("-i,--image-id", f->image_id, "image of the new nodes");
    app.add_option("-I,--instance-type", f->instance_type, "instance type of the new nodes");
    app.add_option("-z,--availability-zone", f->zone, "availability zone");
    app.add_option("-b,--bid", f->bid, "spot bid")->check(CLI::PositiveNumber);
    app.add_flag("-x,--no-create", f->no_create, "set up existing nodes again (needs -a)");
    app.add_flag("-o,--create-only", f->create_only, "only launch the nodes; skip their setup (as start -o)");
    return [f](CliContext& ctx) { return AddNodes(ctx, *f); };
  };
  return c;
}

Command RemoveNodeCommand() {
  Command c;
  c.name = "removenode";
  c.aliases = {"rn"};
  c.args = "<cluster_tag> [<node>...]";
  c.summary = "Remove worker nodes from a running cluster";
  c.define = [](CLI::App& app) -> CommandRun {
    auto f = std::make_shared<RemoveNodeFlags>();
    app.add_option("cluster_tag", f->tag, "the cluster")->required();
    app.add_option("node", f->aliases, "nodes to remove (deprecated: use -a)");
    app.add_option("-n,--num-nodes", f->num_nodes, "how many nodes to remove (default 1)")
        ->check(CLI::PositiveNumber);
    app.add_option("-a,--alias", f->aliases, "aliases of the nodes to remove")->delimiter(',');
    app.add_flag("-k,--keep-instance", f->keep_instance, "remove from the cluster but keep the node");
    app.add_flag("-f,--force", f->force, "remove even with running jobs (they are killed) or failing hooks");
    app.add_flag("-c,--confirm", f->confirm, "do not ask for confirmation");
    return [f](CliContext& ctx) { return RemoveNodes(ctx, *f); };
  };
  return c;
}

}  // namespace

std::vector<Command> ClusterCommands() {
  return {StartCommand(),       StopCommand(),    TerminateCommand(), RestartCommand(),
          ListClustersCommand(), AddNodeCommand(), RemoveNodeCommand()};
}

}  // namespace corral
