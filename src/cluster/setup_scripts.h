// The shell scripts cluster setup runs on nodes, as pure functions of the cluster's description,
// so tests can read them and every run of a script converges to the same state (idempotent).
// Every value is shell-quoted.
#ifndef CORRAL_CLUSTER_SETUP_SCRIPTS_H_
#define CORRAL_CLUSTER_SETUP_SCRIPTS_H_

#include <string>
#include <vector>

#include "cluster/cluster_info.h"

namespace corral {

// Prints "<uid> <gid>" for the cluster user, run on the master: the owner of an existing
// /home/<user> (so data on a kept /home volume keeps its owner), else the user's existing ids,
// else the first free id >= 1000 above every directory in /home and every /etc/passwd entry.
std::string ClusterUserIdsScript(const std::string& user);

// Sets up one node: hostname, its own /etc/hosts lines for every node listed in `hosts` (only
// when the provider does not share /etc/hosts), the cluster user with `uid`/`gid`, scratch
// space, and (on the master, which owns the shared /home) the user's SSH key. Idempotent.
struct NodeScriptInput {
  std::string alias;
  bool is_master = false;
  std::string user;
  std::string shell;  // bash, zsh, ...
  int uid = 0;
  int gid = 0;
  bool manage_hosts = false;  // write /etc/hosts lines (providers without shared /etc/hosts)
  std::vector<std::pair<std::string, std::string>> hosts;  // ip, alias
};
std::string NodeSetupScript(const NodeScriptInput& in);

// Adds (or replaces) the /etc/hosts lines of `hosts` on an existing node: constant work per
// joining node, whatever the cluster's size. Removal drops the lines of `aliases`.
std::string AddHostsScript(const std::vector<std::pair<std::string, std::string>>& hosts);
std::string RemoveHostsScript(const std::vector<std::string>& aliases);

// A script fragment (no `exit`, so more may follow) that installs the Debian packages that are
// missing with apt-get, refreshing the package lists only when the first try fails. Nothing runs
// when every package is already installed. `debconf` (quoted "package question type value"
// lines) is preset before installing, so that packages that ask never prompt.
std::string InstallPackagesScript(const std::vector<std::string>& packages,
                                  const std::string& debconf = "");

// Parses "uid gid" as printed by ClusterUserIdsScript.
Result<std::pair<int, int>> ParseUserIds(const std::string& out);

}  // namespace corral


namespace corral {

// Providers without shared filesystems (EC2): the master exports /home and every volume path to
// the given workers over NFS; each worker mounts them. Installs the NFS packages when missing.
std::string NfsExportScript(const std::vector<std::string>& paths, const std::vector<std::string>& workers);
std::string NfsUnexportScript(const std::vector<std::string>& paths, const std::vector<std::string>& workers);
std::string NfsMountScript(const std::string& master, const std::vector<std::string>& paths);

// Root's cluster key (providers that do not set one up themselves): the master makes it once;
// InstallRootKeyScript writes the key pair (given on stdin as "<private key>\n--\n<public key>")
// into a node's /root/.ssh and authorizes it.
std::string MakeRootKeyScript();
std::string InstallRootKeyScript();

// Host keys learned from the nodes themselves, so ssh between nodes verifies them:
// appends "<alias>,<ip> <key>" lines to /etc/ssh/ssh_known_hosts (replacing older ones).
std::string AddKnownHostsScript(const std::vector<std::string>& lines);

}  // namespace corral

#endif  // CORRAL_CLUSTER_SETUP_SCRIPTS_H_
