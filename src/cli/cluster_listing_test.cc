#include "cli/cluster_listing.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(ClusterListingTest, StarClusterLayout) {
  setenv("TZ", "UTC", 1);
  tzset();
  ClusterState c;
  c.tag = "demo";
  c.group.name = "@sc-demo";
  Instance m;
  m.id = "i-1";
  m.state = InstanceState::kRunning;
  m.private_ip = "10.201.0.10";
  m.zone = "local";
  m.key_name = "corralkey";
  m.launch_time = 1700000000;
  m.tags["alias"] = "master";
  Instance w = m;
  w.id = "i-2";
  w.private_ip = "10.201.0.11";
  w.tags["alias"] = "node001";
  c.nodes = {m, w};
  Volume v;
  v.id = "vol-1";
  v.attachments.push_back({"i-1", "/dev/sdz", "attached"});
  std::map<std::string, bool> ssh{{"master", true}, {"node001", false}};
  std::string out = FormatClusterListing(c, {v}, 1700000000 + 90061, &ssh);
  EXPECT_EQ(out,
            "-------------------------------\n"
            "demo (security group: @sc-demo)\n"
            "-------------------------------\n"
            "Launch time: 2023-11-14 22:13:20\n"
            "Uptime: 1 days, 01:01:01\n"
            "Zone: local\n"
            "Keypair: corralkey\n"
            "EBS volumes:\n"
            "    vol-1 on master:/dev/sdz (status: attached)\n"
            "Cluster nodes:\n"
            "     master running i-1 10.201.0.10 (SSH: Up)\n"
            "    node001 running i-2 10.201.0.11 (SSH: Down)\n"
            "Total nodes: 2\n\n");
}

TEST(ClusterListingTest, StoppedClusterHasNoUptime) {
  ClusterState c;
  c.tag = "x";
  c.group.name = "@sc-x";
  std::string out = FormatClusterListing(c, {}, 0, nullptr);
  EXPECT_NE(out.find("Launch time: N/A\nUptime: N/A\n"), std::string::npos);
  EXPECT_NE(out.find("Cluster nodes: N/A\nTotal nodes: 0\n"), std::string::npos);
}

}  // namespace
}  // namespace corral
