// `corral loadbalance TAG --daemon | --status | --stop`: where a detached balancer runs and how it
// is found and ended.
//
// - local provider: the nodes are namespaces that only the host can create, so the daemon is a
//   detached corral on this host (DetachBalancer), holding the same lock as a foreground one.
// - EC2: the daemon runs on the master, so it keeps running when the workstation sleeps. corral
//   copies itself to /root/.corral/bin/corral, the cluster key to /root/.corral/keys/ and a
//   minimal config to /root/.corral/config (mode 0600; AWS keys only when the master has no
//   instance role), then starts `corral loadbalance TAG --daemon` there with
//   CORRAL_ON_MASTER=1 (which makes that corral detach on the master itself). The master's lock
//   is /root/.corral/locks/TAG-balancer.lock; a foreground balancer on the workstation checks it
//   before it starts, and --daemon checks the workstation's lock.
#ifndef CORRAL_CLI_BALANCE_DAEMON_H_
#define CORRAL_CLI_BALANCE_DAEMON_H_

#include <string>
#include <vector>

#include "cli/cluster_access.h"
#include "cli/context.h"
#include "config/config.h"

namespace corral {

// The files of the balancer of one cluster on this machine.
struct BalancerFiles {
  std::string lock;       // flock held by the running balancer; holds its PID
  std::string state;      // JSON written by the running balancer: pid, paths (for --status)
  std::string output;     // a detached balancer's stdout/stderr
  std::string decisions;  // default decision log
};
BalancerFiles BalancerFilesFor(const CliContext& ctx, const std::string& tag);

// True when this corral runs on a cluster's master on behalf of a workstation (CORRAL_ON_MASTER).
bool OnMaster(const CliContext& ctx);

// The detached balancer's home on an EC2 master (root's).
inline constexpr char kMasterCorralDir[] = "/root/.corral";

// The config a balancer on the master needs for `tmpl` (from the cluster's tags): the cloud, the
// [aws info] connection settings, the key at `key_path`, the template and its plugins. AWS keys
// (and a proxy password) only when `with_credentials`. Pure.
std::string MasterBalancerConfig(const Config& config, const ClusterTemplate& tmpl,
                                 const std::string& key_path, bool with_credentials);

// Prints the state of the cluster's balancer(s): this host's, and the master's (EC2).
Result<int> ShowBalancerStatus(CliContext& ctx, const std::string& tag);
// Sends SIGTERM to the running balancer(s) and waits (up to `wait_seconds`) for each to finish
// its step and release its lock.
Result<int> StopBalancer(CliContext& ctx, const std::string& tag, double wait_seconds);
// FailedPrecondition when the cluster's master (EC2) runs a balancer; Ok otherwise or on local.
Status CheckNoMasterBalancer(CliContext& ctx, ClusterSession& s, const ClusterState& cluster);
// Deploys corral and its config to the master and starts `loadbalance TAG --daemon <args>` there.
Result<int> StartMasterBalancer(CliContext& ctx, ClusterSession& s, const ClusterState& cluster,
                                const std::vector<std::string>& args);

}  // namespace corral

#endif  // CORRAL_CLI_BALANCE_DAEMON_H_
