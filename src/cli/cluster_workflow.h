// The command-level workflows that join the cloud side (ClusterManager) and the SSH side
// (ClusterSetup, Scheduler, plugins): full setup after start, shutdown hooks before stop and
// terminate, restart, addnode/removenode, logging in to the master.
#ifndef CORRAL_CLI_CLUSTER_WORKFLOW_H_
#define CORRAL_CLI_CLUSTER_WORKFLOW_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/cluster_access.h"
#include "cli/context.h"
#include "cluster/cluster_info.h"
#include "remote/remote.h"

namespace corral {

// The running nodes of `cluster` as setup sees them (how to reach each as root).
Result<ClusterInfo> BuildClusterInfo(ClusterSession& s, const ClusterState& cluster);
// An SSH Remote for this invocation.
std::unique_ptr<Remote> OpenRemote(CliContext& ctx);

Status SetupWholeCluster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);
// on_shutdown hooks and the scheduler's daemons; nothing to do when no node runs.
Status ShutdownCluster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);
Status RestartCluster(CliContext& ctx, ClusterSession& s, ClusterState& cluster, bool reboot_only);
// An interactive shell on the master; returns ssh's exit status.
Result<int> LoginMaster(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);
// Alias -> whether the node answers SSH now.
std::map<std::string, bool> ProbeSsh(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);

struct AddNodeFlags {
  std::string tag;
  int num_nodes = 1;
  std::vector<std::string> aliases;
  std::string image_id, instance_type, zone;
  double bid = 0;
  bool no_create = false;
  bool create_only = false;  // corral: launch only, as `start -o`
};
Result<int> AddNodes(CliContext& ctx, const AddNodeFlags& f);

struct RemoveNodeFlags {
  std::string tag;
  int num_nodes = 1;
  std::vector<std::string> aliases;
  bool keep_instance = false, force = false, confirm = false;
};
Result<int> RemoveNodes(CliContext& ctx, const RemoveNodeFlags& f);

}  // namespace corral

#endif  // CORRAL_CLI_CLUSTER_WORKFLOW_H_
