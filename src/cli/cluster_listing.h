// `listclusters` output in StarCluster's layout, which users' scripts grep. Pure.
#ifndef CORRAL_CLI_CLUSTER_LISTING_H_
#define CORRAL_CLI_CLUSTER_LISTING_H_

#include <map>
#include <string>
#include <vector>

#include "cluster/cluster.h"

namespace corral {

// `now` is seconds since the epoch; `ssh_up` (may be null) adds "(SSH: Up|Down)" per node.
std::string FormatClusterListing(const ClusterState& cluster, const std::vector<Volume>& volumes,
                                 double now, const std::map<std::string, bool>* ssh_up);
// "D days, HH:MM:SS".
std::string FormatUptime(long long seconds);

}  // namespace corral

#endif  // CORRAL_CLI_CLUSTER_LISTING_H_
