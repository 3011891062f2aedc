// Host-side network objects of local clusters, made with ip(8) through the ProcessRunner: one
// bridge per cluster, and per node a network namespace with a veth pair (eth0 inside, attached to
// the bridge outside). Every error names the object it was about.
#ifndef CORRAL_CLOUD_LOCAL_HOST_NETWORK_H_
#define CORRAL_CLOUD_LOCAL_HOST_NETWORK_H_

#include <string>
#include <vector>

#include "cloud/local/local_net.h"
#include "util/log.h"
#include "util/process.h"
#include "util/status.h"

namespace corral {

// Routes and addresses of this machine (IPv4), for ChooseSubnet.
Result<std::vector<Ipv4Net>> HostNetworksInUse(ProcessRunner& runner);
Result<std::vector<std::string>> HostLinkNames(ProcessRunner& runner);

bool LinkExists(const std::string& name);   // in the host's network namespace
bool NetnsExists(const std::string& name);  // /run/netns/<name>

// Creates the bridge with the subnet's .1 address, up. When bridge netfilter is on
// (net.bridge.bridge-nf-call-iptables = 1, as on Docker hosts with a FORWARD DROP policy) and
// iptables exists, also inserts an ACCEPT rule for traffic within the bridge.
Status CreateBridge(ProcessRunner& runner, Logger& log, const std::string& bridge,
                    const Ipv4Net& subnet);
// Deletes the bridge and its ACCEPT rule; a missing bridge is not an error.
Status DeleteBridge(ProcessRunner& runner, const std::string& bridge);

struct NodeNetwork {
  std::string netns;
  std::string veth;    // host side; the node side is eth0
  std::string bridge;
  std::string mac;
  std::string ip;      // dotted quad
  int prefix = 24;
};
// Creates the namespace, the veth pair, addresses and links; flushes any stale ARP entry for the
// address on the bridge. No default route: nothing leaves the cluster's subnet.
Status CreateNodeNetwork(ProcessRunner& runner, const NodeNetwork& net);
// Deletes the veth pair and the namespace; missing ones are not an error.
Status DeleteNodeNetwork(ProcessRunner& runner, const NodeNetwork& net);

// True when something on `ip`:`port` accepts a TCP connection and greets with "SSH-" within
// about half a second (the node's sshd is up). Direct socket calls; only for cluster addresses.
bool SshdAnswers(const std::string& ip, int port = 22);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_HOST_NETWORK_H_
