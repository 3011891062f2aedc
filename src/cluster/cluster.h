// ClusterManager: a cluster's cloud-side lifecycle on top of the Cloud interface: find clusters
// (security groups "@sc-<tag>"), launch their nodes in launch groups, resume, stop, terminate,
// add and remove nodes. It knows nothing about SSH or schedulers; cluster setup
// (cluster_setup.h) configures what this launches.
//
// Every wait polls the cloud through the Clock, with one filtered DescribeInstances per round for
// the whole cluster (not one call per node as StarCluster did), and has a deadline.
#ifndef CORRAL_CLUSTER_CLUSTER_H_
#define CORRAL_CLUSTER_CLUSTER_H_

#include <functional>
#include <string>
#include <vector>

#include "cloud/cloud.h"
#include "config/config.h"
#include "util/clock.h"
#include "util/log.h"
#include "util/status.h"

namespace corral {

// "@sc-<tag>", StarCluster's security group naming.
std::string ClusterGroupName(const std::string& tag);
// "master" / "node001", or "<tag>-master" / "<tag>-node001" with DNS_PREFIX.
std::string MasterAlias(const std::string& tag, bool dns_prefix);
std::string WorkerAlias(const std::string& tag, bool dns_prefix, int number);
// The worker number in an alias ("node012" -> 12), or 0 when it is not a worker alias.
int WorkerNumber(const std::string& alias);
// Whether `alias` names a master (alias "master" or ending in "-master"), as StarCluster decides.
bool IsMasterAlias(const std::string& alias);

// One launch request per (instance type, image): master first, then the NODE_INSTANCE_TYPE
// specs in order, then the remaining workers with the default type.
struct LaunchGroup {
  std::string instance_type;
  std::string image_id;
  std::vector<std::string> aliases;
};
std::vector<LaunchGroup> PlanLaunchGroups(const std::string& tag, const ClusterTemplate& tmpl);

struct ClusterState {
  std::string tag;
  SecurityGroup group;
  std::vector<Instance> nodes;  // not terminated; master first, then workers by alias
  ClusterTemplate settings;     // from the group's tags over the config's template
  // The master, or nullptr when it is gone.
  const Instance* master() const;
  // A node by alias, instance id, private/public IP or DNS name; nullptr when none matches.
  const Instance* FindNode(const std::string& id) const;
  std::vector<const Instance*> workers() const;
};

class ClusterManager {
 public:
  // All three must outlive the manager.
  ClusterManager(Cloud& cloud, Clock& clock, Logger& log);

  // Every cluster of the provider (groups "@sc-*"), sorted by tag. `config` (may be null) gives
  // the templates that stored settings are overlaid on.
  Result<std::vector<ClusterState>> List(const Config* config);
  // One cluster; NotFound "cluster X does not exist (active clusters: a, b)" when absent.
  Result<ClusterState> Get(const std::string& tag, const Config* config);

  // Creates the group (with its tags and permissions) and launches every node, then waits until
  // all are running. AlreadyExists (suggesting start -x or terminate) when the group exists.
  Result<ClusterState> Create(const std::string& tag, const ClusterTemplate& tmpl);
  // Starts every stopped node of an existing cluster and waits until all run (start -x).
  Status Resume(ClusterState& cluster);
  // Stops every node (the group, tags and nodes' disks stay).
  Status Stop(ClusterState& cluster);
  // Detaches volumes, terminates every node, waits until they are gone, then deletes the
  // placement group and the security group. Volumes are kept.
  Status Terminate(ClusterState& cluster);
  // Launches workers with the given aliases (one request per type/image) and waits until they
  // run; `instance_type`/`image_id` empty: the cluster's node type and image.
  Result<std::vector<Instance>> AddNodes(ClusterState& cluster, const std::vector<std::string>& aliases,
                                         const std::string& instance_type,
                                         const std::string& image_id);
  // Terminates the given nodes (never the master) and waits until they are gone.
  Status RemoveNodes(ClusterState& cluster, const std::vector<std::string>& instance_ids);
  // Attaches every [volume] of the settings to the master at its mount path (already attached
  // volumes are skipped).
  Status AttachVolumes(ClusterState& cluster);
  // Refreshes cluster.nodes from the cloud.
  Status Refresh(ClusterState& cluster);

  // Picks the next `n` free worker aliases (after the highest number in use).
  std::vector<std::string> NextWorkerAliases(const ClusterState& cluster, int n) const;

 private:
  Result<std::vector<Instance>> DescribeCluster(const std::string& group_name,
                                                std::vector<InstanceState> states = {});
  // Waits until every instance in `ids` is in `want` (or gone, when `want` is terminated).
  Status WaitForState(const std::string& group_name, const std::vector<std::string>& ids,
                      InstanceState want, const std::string& what);
  Status ApplyPermissions(const SecurityGroup& group, const ClusterTemplate& tmpl);
  Duration PollInterval() const;

  Cloud& cloud_;
  Clock& clock_;
  Logger& log_;
};

}  // namespace corral

#endif  // CORRAL_CLUSTER_CLUSTER_H_
