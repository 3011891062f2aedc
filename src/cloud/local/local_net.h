// Address and name planning for the local provider: pure functions, tested without root.
//
// Each cluster gets one /24 from a private range that overlaps no route or address of this
// machine (nor another corral cluster, whose bridge address shows up there); the bridge is .1 and
// nodes take .10 upwards. A node's MAC is derived from its IP (02:e7:<IP bytes>) so that a node
// re-created at the same address never meets a stale ARP entry. Interface names are at most 15
// characters and carry the cluster's short id, so two clusters (or state directories) never clash.
#ifndef CORRAL_CLOUD_LOCAL_LOCAL_NET_H_
#define CORRAL_CLOUD_LOCAL_LOCAL_NET_H_

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace corral {

struct Ipv4Net {
  uint32_t addr = 0;  // host byte order, network address (host bits cleared)
  int prefix = 32;
  bool operator==(const Ipv4Net&) const = default;
};

std::optional<uint32_t> ParseIpv4(std::string_view s);
std::string FormatIpv4(uint32_t ip);
// "10.0.0.0/8" or "1.2.3.4" (a /32).
std::optional<Ipv4Net> ParseCidr(std::string_view s);
std::string FormatCidr(const Ipv4Net& net);
bool Overlaps(const Ipv4Net& a, const Ipv4Net& b);
bool Contains(const Ipv4Net& net, uint32_t ip);

// Networks in use, from `ip -4 -j route show table all` (the default route is ignored: it
// overlaps everything and constrains nothing) and `ip -4 -j addr show` (each address's network).
Result<std::vector<Ipv4Net>> ParseIpRoutesJson(const std::string& json);
Result<std::vector<Ipv4Net>> ParseIpAddrJson(const std::string& json);
// Interface names from `ip -j link show`.
Result<std::vector<std::string>> ParseIpLinkNamesJson(const std::string& json);

// The first /24 of corral's candidate ranges (10.201.0.0/24 .. 10.254.255.0/24, then 172.16-31,
// then 192.168) that overlaps none of `used`.
Result<Ipv4Net> ChooseSubnet(const std::vector<Ipv4Net>& used);

// The lowest node address (.10 .. .254) of a /24 that is not in `taken`.
Result<uint32_t> ChooseNodeIp(const Ipv4Net& subnet, const std::set<uint32_t>& taken);
inline uint32_t GatewayIp(const Ipv4Net& subnet) { return subnet.addr + 1; }

// "02:e7:0a:c9:00:0a" for 10.201.0.10.
std::string MacForIp(uint32_t ip);

// Per-cluster and per-node host object names. `short_id` is 6 lower-case hex digits.
std::string BridgeName(const std::string& short_id);                // cbr-1a2b3c
std::string VethName(const std::string& short_id, uint32_t ip);     // cve-1a2b3c-10
std::string NetnsName(const std::string& short_id, uint32_t ip);    // corral-1a2b3c-10
// True when no existing interface could clash with the cluster's bridge or veths.
bool ShortIdIsFree(const std::string& short_id, const std::vector<std::string>& link_names);
// 6 hex digits from the low 24 bits of `random`.
std::string ShortIdFrom(uint32_t random);

}  // namespace corral

#endif  // CORRAL_CLOUD_LOCAL_LOCAL_NET_H_
