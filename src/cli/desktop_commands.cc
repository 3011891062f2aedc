#include "cli/desktop_commands.h"

#include <ostream>

#include "cli/cluster_workflow.h"
#include "cli/command.h"
#include "cluster/desktop_scripts.h"

namespace corral {

const PluginSettings* DesktopPluginOf(const ClusterTemplate& t) {
  for (const PluginSettings& p : t.plugins) {
    if (IsDesktopPlugin(p)) return &p;
  }
  return nullptr;
}

Status PrintDesktopAccess(CliContext& ctx, ClusterSession& s, const ClusterState& cluster) {
  const PluginSettings* plugin = DesktopPluginOf(cluster.settings);
  if (!plugin) {
    return FailedPrecondition("cluster " + cluster.tag +
                              " has no desktop plugin (see the desktop "
                              "section of docs/plugins.md)");
  }
  ASSIGN_OR_RETURN(DesktopSettings d, ParseDesktopSettings(*plugin));
  ASSIGN_OR_RETURN(const Instance* master, RunningNode(cluster, "master"));
  ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *master));
  std::unique_ptr<Remote> remote = OpenRemote(ctx);
  Result<RemoteResult> r = remote->Run(host, DesktopInfoScript());
  remote->CloseConnections();
  RETURN_IF_ERROR(r.status());
  std::string rerun = "'corral runplugin " + plugin->name + " " + cluster.tag + "'";
  if (r->exit_code == kDesktopNotSetUp) {
    return FailedPrecondition("the desktop of cluster " + cluster.tag +
                              " is not set up yet: " + rerun + " sets it up");
  }
  if (!r->success()) return Internal("reading the desktop's settings on the master: " + r->err);
  ASSIGN_OR_RETURN(DesktopAccess a, ParseDesktopInfo(r->out));
  ctx.log->AddSecret(a.password);
  *ctx.out << "Remote desktop of cluster " << cluster.tag << " (user "
           << cluster.settings.cluster_user << "):\n"
           << "  URL:          " << DesktopUrl(host.address, d.port) << "\n"
           << "  password:     " << a.password << "\n"
           << "  certificate:  SHA-256 " << a.fingerprint << "\n"
           << "  The certificate is the cluster's own: accept it in the browser when the\n"
           << "  fingerprint it shows matches this one.\n";
  if (!a.running) ctx.log->Warn("the desktop does not run now: " + rerun + " starts it");
  if (s.cloud->Name() == "ec2") {
    std::string advice = DesktopPortAdvice(cluster.settings, cluster.tag, d.port);
    if (!advice.empty()) ctx.log->Warn(advice);
  }
  return Status::Ok();
}

namespace {

Command DesktopCommand() {
  Command c;
  c.name = "desktop";
  c.args = "<cluster_tag>";
  c.summary = "Show how to reach the master's remote desktop (URL, password, fingerprint)";
  c.description =
      "For clusters with the desktop plugin (docs/plugins.md): prints the noVNC URL at the "
      "master's\n"
      "address, the VNC password and the SHA-256 fingerprint of the cluster's certificate.";
  c.define = [](CLI::App& app) -> CommandRun {
    auto tag = std::make_shared<std::string>();
    app.add_option("cluster_tag", *tag, "the cluster")->required();
    return [=](CliContext& ctx) -> Result<int> {
      ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
      ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(*tag, &s.config));
      RETURN_IF_ERROR(PrintDesktopAccess(ctx, s, cluster));
      return 0;
    };
  };
  return c;
}

}  // namespace

std::vector<Command> DesktopCommands() { return {DesktopCommand()}; }

}  // namespace corral
