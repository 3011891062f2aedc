#include "cluster/plugins.h"

#include <algorithm>

#include "cluster/cluster_setup.h"
#include "cluster/desktop_scripts.h"
#include "cluster/setup_scripts.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr const char kPackageInstaller[] = "starcluster.plugins.pkginstaller.PackageInstaller";
constexpr const char kCreateUsers[] = "starcluster.plugins.users.CreateUsers";

bool IsTeardown(const std::string& hook) {
  return hook == "on_remove_node" || hook == "on_shutdown" || hook == "on_restart";
}

std::string Setting(const PluginSettings& p, const std::string& key) {
  auto it = p.settings.find(key);
  return it == p.settings.end() ? "" : it->second;
}

// The nodes a hook acts on: the given node for node hooks, every node otherwise.
std::vector<const NodeInfo*> Targets(const ClusterInfo& c, const std::string& node) {
  std::vector<const NodeInfo*> out;
  for (const NodeInfo& n : c.nodes) {
    if (node.empty() || n.alias == node) out.push_back(&n);
  }
  return out;
}

}  // namespace

nlohmann::json PluginInput(const std::string& hook, const ClusterInfo& c, const PluginSettings& p,
                           const std::string& node) {
  nlohmann::json nodes = nlohmann::json::array();
  for (const NodeInfo& n : c.nodes) {
    nodes.push_back({{"alias", n.alias}, {"id", n.instance_id}, {"private_ip", n.private_ip},
                     {"instance_type", n.instance_type}, {"is_master", n.is_master}});
  }
  nlohmann::json volumes = nlohmann::json::array();
  for (const VolumeSettings& v : c.settings.volumes) {
    volumes.push_back({{"name", v.name}, {"volume_id", v.volume_id}, {"mount_path", v.mount_path}});
  }
  const NodeInfo* master = c.master();
  return {{"hook", hook},
          {"cluster_tag", c.tag},
          {"provider", c.provider},
          {"node", node.empty() ? nlohmann::json(nullptr) : nlohmann::json(node)},
          {"master", master ? nlohmann::json(master->alias) : nlohmann::json(nullptr)},
          {"cluster_user", c.settings.cluster_user},
          {"cluster_shell", c.settings.cluster_shell},
          {"nodes", nodes},
          {"volumes", volumes},
          {"plugin", {{"name", p.name}, {"settings", p.settings}}}};
}

PluginRunner::PluginRunner(Remote& remote, ProcessRunner& runner, Logger& log)
    : remote_(remote), runner_(runner), log_(log) {}

Status PluginRunner::RunHook(const std::string& hook, const ClusterInfo& cluster, const std::string& node) {
  std::vector<PluginSettings> plugins = cluster.settings.plugins;
  if (IsTeardown(hook)) std::reverse(plugins.begin(), plugins.end());
  for (const PluginSettings& p : plugins) RETURN_IF_ERROR(RunPlugin(hook, p, cluster, node));
  return Status::Ok();
}

Status PluginRunner::RunOne(const PluginSettings& plugin, const ClusterInfo& cluster) {
  return RunPlugin("run", plugin, cluster, "");
}

Status PluginRunner::RunPlugin(const std::string& hook, const PluginSettings& p, const ClusterInfo& c,
                               const std::string& node) {
  Status s;
  if (!p.setup_command.empty()) {
    log_.Info("Running plugin " + p.name + " (" + hook + (node.empty() ? "" : " " + node) + ")...");
    ProcessSpec spec{{p.setup_command, hook}};
    spec.stdin_data = PluginInput(hook, c, p, node).dump(2);
    spec.env["CORRAL_CLUSTER_TAG"] = c.tag;
    spec.env["CORRAL_PLUGIN"] = p.name;
    Result<ProcessOutput> out = runner_.Run(spec);
    if (!out.ok()) {
      s = out.status();
    } else {
      for (const std::string& line : Split(Trim(out->out), '\n')) {
        if (!line.empty()) log_.Info(p.name + ": " + line);
      }
      if (!out->success()) {
        std::string err = Trim(out->err);
        s = Internal("exited with status " + std::to_string(out->exit_code) + (err.empty() ? "" : ": " + err));
      }
    }
  } else if (p.setup_class == kPackageInstaller) {
    s = PackageInstaller(hook, p, c, node);
  } else if (p.setup_class == kCreateUsers) {
    s = CreateUsers(hook, p, c, node);
  } else if (IsDesktopPlugin(p)) {
    s = Desktop(hook, p, c, node);
  } else {
    if (hook == "run") {
      log_.Warn("plugin " + p.name + " (SETUP_CLASS " + p.setup_class +
                ") is a StarCluster Python plugin that corral cannot run: skipped");
    }
    return Status::Ok();
  }
  return s.WithContext("plugin " + p.name + " (" + hook + ")");
}

Status PluginRunner::PackageInstaller(const std::string& hook, const PluginSettings& p,
                                      const ClusterInfo& c, const std::string& node) {
  if (hook != "run" && hook != "on_add_node") return Status::Ok();
  std::vector<std::string> pkgs = SplitList(Setting(p, "packages"));
  if (pkgs.empty()) return Status::Ok();
  log_.Info("Installing " + Join(pkgs, " ") + " on " + (node.empty() ? "every node" : node) + "...");
  std::string script = "set -e\n" + InstallPackagesScript(pkgs);
  return RunOnNodes(remote_, Targets(c, node), script);
}

Status PluginRunner::CreateUsers(const std::string& hook, const PluginSettings& p,
                                 const ClusterInfo& c, const std::string& node) {
  if (hook != "run" && hook != "on_add_node") return Status::Ok();
  std::vector<std::string> names = SplitList(Setting(p, "usernames"));
  std::optional<long long> num = ParseInt(Setting(p, "num_users"));
  if (names.empty() && num) {
    for (long long i = 1; i <= *num; ++i) names.push_back("user" + std::string(i < 10 ? "00" : i < 100 ? "0" : "") + std::to_string(i));
  }
  if (names.empty()) return Status::Ok();
  // Users get fixed uids from 2000 up in list order, the same on every node.
  std::string script = "set -e\nexport PATH=/usr/sbin:/usr/bin:/sbin:/bin\n";
  for (size_t i = 0; i < names.size(); ++i) {
    std::string u = ShellQuote(names[i]);
    std::string id = std::to_string(2000 + i);
    script += "getent group " + u + " >/dev/null || groupadd -o -g " + id + " " + u + "\n" +
              "id -u " + u + " >/dev/null 2>&1 || useradd -o -u " + id + " -g " + id +
              " -s /bin/bash -d /home/" + names[i] + " -M " + u + "\n" +
              "usermod -p '*' " + u + " 2>/dev/null || true\n";
  }
  log_.Info("Creating " + std::to_string(names.size()) + " user(s) on " + (node.empty() ? "every node" : node) + "...");
  RETURN_IF_ERROR(RunOnNodes(remote_, Targets(c, node), script));
  if (!node.empty()) return Status::Ok();
  // Homes and keys once, on the master (the home directories are shared).
  const NodeInfo* m = c.master();
  if (!m) return Status::Ok();
  std::string homes = "set -e\n";
  for (const std::string& n : names) {
    std::string h = ShellQuote("/home/" + n);
    homes += "if [ ! -f " + h + "/.ssh/id_rsa ]; then install -d -m 700 " + h + "/.ssh; "
             "ssh-keygen -q -t rsa -b 3072 -N '' -f " + h + "/.ssh/id_rsa; "
             "cp " + h + "/.ssh/id_rsa.pub " + h + "/.ssh/authorized_keys; chown -R " +
             ShellQuote(n) + ": " + h + "; fi\n";
  }
  return RunChecked(remote_, m->ssh, homes).status();
}

Status PluginRunner::Desktop(const std::string& hook, const PluginSettings& p, const ClusterInfo& c,
                             const std::string& node) {
  const NodeInfo* m = c.master();
  if (!m || !node.empty()) return Status::Ok();  // it lives on the master alone
  if (hook == "on_shutdown" || hook == "on_restart") {
    log_.Info("Stopping the remote desktop on " + m->alias + "...");
    return RunChecked(remote_, m->ssh, DesktopStopScript()).status();
  }
  if (hook != "run") return Status::Ok();
  ASSIGN_OR_RETURN(DesktopSettings d, ParseDesktopSettings(p));
  log_.Info("Starting the remote desktop on " + m->alias + "...");
  std::string script = DesktopStartScript(d, c.settings.cluster_user, c.tag);
  RETURN_IF_ERROR(RunChecked(remote_, m->ssh, script).status());
  if (c.provider == "ec2") {
    std::string advice = DesktopPortAdvice(c.settings, c.tag, d.port);
    if (!advice.empty()) log_.Warn(advice);
  }
  return Status::Ok();
}

}  // namespace corral
