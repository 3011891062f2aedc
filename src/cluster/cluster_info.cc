#include "cluster/cluster_info.h"

namespace corral {

const NodeInfo* ClusterInfo::master() const {
  for (const NodeInfo& n : nodes) {
    if (n.is_master) return &n;
  }
  return nullptr;
}

const NodeInfo* ClusterInfo::Find(const std::string& alias) const {
  for (const NodeInfo& n : nodes) {
    if (n.alias == alias) return &n;
  }
  return nullptr;
}

std::vector<const NodeInfo*> ClusterInfo::workers() const {
  std::vector<const NodeInfo*> out;
  for (const NodeInfo& n : nodes) {
    if (!n.is_master) out.push_back(&n);
  }
  return out;
}

}  // namespace corral
