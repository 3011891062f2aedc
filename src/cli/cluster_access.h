// What cluster commands share: the loaded config, the provider, a ClusterManager on it, how to
// reach a node over SSH, and StarCluster's y/n confirmation.
#ifndef CORRAL_CLI_CLUSTER_ACCESS_H_
#define CORRAL_CLI_CLUSTER_ACCESS_H_

#include <memory>
#include <string>

#include "cli/context.h"
#include "cloud/cloud.h"
#include "cluster/cluster.h"
#include "config/config.h"
#include "remote/remote.h"
#include "util/status.h"

namespace corral {

struct ClusterSession {
  Config config;
  std::unique_ptr<Cloud> cloud;
  std::unique_ptr<ClusterManager> manager;
};

// Loads the config and opens provider `cloud_name` (empty: DefaultCloudName of the config).
Result<ClusterSession> OpenSession(CliContext& ctx, const std::string& cloud_name = "");

// How to reach `node` of `cluster` as `user` (root when empty): the provider's endpoint and
// pinned host keys, and the private key of the cluster's key pair ([key KEYNAME] KEY_LOCATION;
// on the local provider the cluster's own root key when the config has no such section).
Result<RemoteHost> NodeHost(ClusterSession& s, const ClusterState& cluster, const Instance& node,
                            const std::string& user = "");

// A running node or a clear error: "node X of cluster T is stopped: resume it with ...".
Result<const Instance*> RunningNode(const ClusterState& cluster, const std::string& id);

// Asks "<question> (y/n)? " on ctx.out and reads a line; true only for y, Y or yes.
bool Confirm(CliContext& ctx, const std::string& question);

// Makes sure the template's key pair exists in the provider and its private key at KEY_LOCATION:
// on the local provider a missing pair is created (private key written with mode 0600) or
// imported from an existing key file; elsewhere a missing pair or file is an error.
Status EnsureKeyPair(CliContext& ctx, Cloud& cloud, const ClusterTemplate& tmpl);

}  // namespace corral

#endif  // CORRAL_CLI_CLUSTER_ACCESS_H_
