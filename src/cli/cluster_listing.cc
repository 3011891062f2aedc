#include "cli/cluster_listing.h"

#include <cstdio>
#include <ctime>

namespace corral {

std::string FormatUptime(long long s) {
  if (s < 0) s = 0;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%lld days, %02lld:%02lld:%02lld", s / 86400, s / 3600 % 24,
                s / 60 % 60, s % 60);
  return buf;
}

std::string FormatClusterListing(const ClusterState& c, const std::vector<Volume>& volumes,
                                 double now, const std::map<std::string, bool>* ssh_up) {
  std::string header = c.tag + " (security group: " + c.group.name + ")";
  std::string dashes(header.size(), '-');
  std::string out = dashes + "\n" + header + "\n" + dashes + "\n";
  const Instance* first = c.nodes.empty() ? nullptr : &c.nodes.front();
  bool live = first && (first->state == InstanceState::kRunning || first->state == InstanceState::kPending);
  std::string launch = "N/A", uptime = "N/A";
  if (live && first->launch_time > 0) {
    std::time_t t = first->launch_time;
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
    launch = buf;
    uptime = FormatUptime(static_cast<long long>(now) - first->launch_time);
  }
  out += "Launch time: " + launch + "\n";
  out += "Uptime: " + uptime + "\n";
  if (!c.group.vpc_id.empty()) {
    out += "VPC: " + c.group.vpc_id + "\n";
    out += "Subnet: " + (first && !first->subnet_id.empty() ? first->subnet_id : std::string("N/A")) + "\n";
  }
  out += "Zone: " + (first && !first->zone.empty() ? first->zone : std::string("N/A")) + "\n";
  out += "Keypair: " + (first && !first->key_name.empty() ? first->key_name : std::string("N/A")) + "\n";
  std::string vols;
  for (const Volume& v : volumes) {
    for (const VolumeAttachment& a : v.attachments) {
      const Instance* n = c.FindNode(a.instance_id);
      if (!n) continue;
      vols += "    " + v.id + " on " + n->Alias() + ":" + a.device + " (status: " + a.state + ")\n";
    }
  }
  out += vols.empty() ? "EBS volumes: N/A\n" : "EBS volumes:\n" + vols;
  if (c.nodes.empty()) {
    out += "Cluster nodes: N/A\n";
  } else {
    out += "Cluster nodes:\n";
    for (const Instance& n : c.nodes) {
      char line[512];
      std::snprintf(line, sizeof(line), "    %7s %s %s %s", n.Alias().c_str(), InstanceStateName(n.state),
                    n.id.c_str(), n.Address().c_str());
      out += line;
      if (!n.spot_request_id.empty()) out += " (spot " + n.spot_request_id + ")";
      if (ssh_up) {
        auto it = ssh_up->find(n.Alias());
        out += std::string(" (SSH: ") + (it != ssh_up->end() && it->second ? "Up" : "Down") + ")";
      }
      out += "\n";
    }
  }
  out += "Total nodes: " + std::to_string(c.nodes.size()) + "\n\n";
  return out;
}

}  // namespace corral
