// Plugins with StarCluster's hook contract: `run` after setup, `on_add_node`, `on_remove_node`,
// `on_restart`, `on_shutdown`; the last three (and on_remove_node) run in reverse config order.
//
// A plugin is a [plugin NAME] section:
//   SETUP_COMMAND = /path/to/executable   corral runs `executable HOOK` on this machine with a
//       JSON description of the cluster on stdin (docs/plugins.md) and CORRAL_CLUSTER_TAG set,
//       so it can act on nodes with `corral sshnode`/`put`; a non-zero exit fails the hook.
//   SETUP_CLASS = starcluster.plugins.pkginstaller.PackageInstaller  (built in: PACKAGES)
//   SETUP_CLASS = starcluster.plugins.users.CreateUsers              (built in: NUM_USERS,
//       USERNAMES, DOWNLOAD_KEYS ignored)
//   SETUP_CLASS = corral.plugins.desktop (or a [plugin desktop] section without either key):
//       the remote desktop on the master (config/desktop_settings.h, cluster/desktop_scripts.h)
//   Any other SETUP_CLASS is a Python plugin corral cannot run: reported by name, skipped.
#ifndef CORRAL_CLUSTER_PLUGINS_H_
#define CORRAL_CLUSTER_PLUGINS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "cluster/cluster_info.h"
#include "remote/remote.h"
#include "util/log.h"
#include "util/process.h"

namespace corral {

// The JSON a SETUP_COMMAND receives: {"hook", "cluster_tag", "node" (for node hooks or null),
// "master", "cluster_user", "cluster_shell", "nodes": [{alias, id, private_ip, instance_type,
// is_master}], "volumes": [{name, volume_id, mount_path}], "plugin": {name, settings}}.
nlohmann::json PluginInput(const std::string& hook, const ClusterInfo& cluster,
                           const PluginSettings& plugin, const std::string& node);

class PluginRunner {
 public:
  PluginRunner(Remote& remote, ProcessRunner& runner, Logger& log);
  // Runs `hook` of every plugin of the cluster (reverse order for teardown hooks). The first
  // failure stops the chain and names the plugin.
  Status RunHook(const std::string& hook, const ClusterInfo& cluster, const std::string& node);
  // Runs one plugin's `run` hook (runplugin).
  Status RunOne(const PluginSettings& plugin, const ClusterInfo& cluster);

 private:
  Status RunPlugin(const std::string& hook, const PluginSettings& plugin, const ClusterInfo& cluster,
                   const std::string& node);
  Status PackageInstaller(const std::string& hook, const PluginSettings& plugin,
                          const ClusterInfo& cluster, const std::string& node);
  Status CreateUsers(const std::string& hook, const PluginSettings& plugin,
                     const ClusterInfo& cluster, const std::string& node);
  Status Desktop(const std::string& hook, const PluginSettings& plugin, const ClusterInfo& cluster,
                 const std::string& node);

  Remote& remote_;
  ProcessRunner& runner_;
  Logger& log_;
};

}  // namespace corral

#endif  // CORRAL_CLUSTER_PLUGINS_H_
