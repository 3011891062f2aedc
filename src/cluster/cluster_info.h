// A plain-data view of a running cluster, as setup steps, plugins and schedulers need it: which
// nodes exist, how to reach them, who the cluster user is, what is shared. Built by the cluster
// layer from the Cloud's instances and the cluster's settings; consumed without touching the cloud.
#ifndef CORRAL_CLUSTER_CLUSTER_INFO_H_
#define CORRAL_CLUSTER_CLUSTER_INFO_H_

#include <string>
#include <vector>

#include "config/config.h"
#include "remote/remote.h"

namespace corral {

struct NodeInfo {
  std::string alias;        // "master", "node001" (or "<tag>-master" with DNS_PREFIX)
  std::string instance_id;
  std::string private_ip;   // the address other nodes use
  std::string instance_type;
  RemoteHost ssh;           // how corral reaches it as root
  bool is_master = false;
};

struct ClusterInfo {
  std::string tag;            // the cluster's name (security group "@sc-<tag>")
  std::string provider;       // "local" or "ec2"
  std::vector<NodeInfo> nodes;  // master first, then workers by alias
  ClusterTemplate settings;   // the template the cluster was started from (with CLI overrides)
  bool shared_filesystems = false;  // Cloud::SharesFilesystems(): no NFS needed

  const NodeInfo* master() const;
  const NodeInfo* Find(const std::string& alias) const;
  std::vector<const NodeInfo*> workers() const;
};

}  // namespace corral

#endif  // CORRAL_CLUSTER_CLUSTER_INFO_H_
