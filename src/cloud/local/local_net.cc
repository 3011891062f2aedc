#include "cloud/local/local_net.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace corral {
namespace {

uint32_t MaskOf(int prefix) {
  return prefix <= 0 ? 0 : (prefix >= 32 ? 0xffffffffu : ~((1u << (32 - prefix)) - 1));
}

Result<nlohmann::json> ParseJsonArray(const std::string& text, const char* what) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array()) {
    return Internal(std::string("cannot parse the output of '") + what + "'");
  }
  return j;
}

std::string LastOctet(uint32_t ip) { return std::to_string(ip & 0xff); }

}  // namespace

std::optional<uint32_t> ParseIpv4(std::string_view s) {
  std::vector<std::string> parts = Split(s, '.');
  if (parts.size() != 4) return std::nullopt;
  uint32_t ip = 0;
  for (const std::string& p : parts) {
    if (p.empty() || p.size() > 3 || p.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    int v = std::stoi(p);
    if (v > 255) return std::nullopt;
    ip = (ip << 8) | static_cast<uint32_t>(v);
  }
  return ip;
}

std::string FormatIpv4(uint32_t ip) {
  return fmt::format("{}.{}.{}.{}", ip >> 24, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
}

std::optional<Ipv4Net> ParseCidr(std::string_view s) {
  size_t slash = s.find('/');
  std::optional<uint32_t> ip = ParseIpv4(s.substr(0, slash));
  if (!ip) return std::nullopt;
  int prefix = 32;
  if (slash != std::string_view::npos) {
    std::optional<long long> p = ParseInt(s.substr(slash + 1));
    if (!p || *p < 0 || *p > 32) return std::nullopt;
    prefix = static_cast<int>(*p);
  }
  return Ipv4Net{*ip & MaskOf(prefix), prefix};
}

std::string FormatCidr(const Ipv4Net& net) {
  return FormatIpv4(net.addr) + "/" + std::to_string(net.prefix);
}

bool Overlaps(const Ipv4Net& a, const Ipv4Net& b) {
  uint32_t mask = MaskOf(std::min(a.prefix, b.prefix));
  return (a.addr & mask) == (b.addr & mask);
}

bool Contains(const Ipv4Net& net, uint32_t ip) {
  return (ip & MaskOf(net.prefix)) == net.addr;
}

Result<std::vector<Ipv4Net>> ParseIpRoutesJson(const std::string& json) {
  ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonArray(json, "ip -j route"));
  std::vector<Ipv4Net> out;
  for (const auto& route : j) {
    if (!route.is_object() || !route.contains("dst") || !route["dst"].is_string()) continue;
    std::string dst = route["dst"];
    if (dst == "default") continue;
    if (std::optional<Ipv4Net> net = ParseCidr(dst)) out.push_back(*net);
  }
  return out;
}

Result<std::vector<Ipv4Net>> ParseIpAddrJson(const std::string& json) {
  ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonArray(json, "ip -j addr"));
  std::vector<Ipv4Net> out;
  for (const auto& link : j) {
    if (!link.is_object() || !link.contains("addr_info") || !link["addr_info"].is_array()) continue;
    for (const auto& a : link["addr_info"]) {
      if (!a.is_object() || a.value("family", "") != "inet" || !a.contains("local")) continue;
      std::optional<uint32_t> ip = ParseIpv4(a["local"].get<std::string>());
      int prefix = a.value("prefixlen", 32);
      if (ip && prefix >= 0 && prefix <= 32) out.push_back(Ipv4Net{*ip & MaskOf(prefix), prefix});
    }
  }
  return out;
}

Result<std::vector<std::string>> ParseIpLinkNamesJson(const std::string& json) {
  ASSIGN_OR_RETURN(nlohmann::json j, ParseJsonArray(json, "ip -j link"));
  std::vector<std::string> out;
  for (const auto& link : j) {
    if (link.is_object() && link.contains("ifname") && link["ifname"].is_string()) {
      out.push_back(link["ifname"]);
    }
  }
  return out;
}

Result<Ipv4Net> ChooseSubnet(const std::vector<Ipv4Net>& used) {
  // Ranges tried in order. 10.201-254 first: low 10.x ranges are the usual picks of VPNs,
  // Docker (172.17+) and home routers (192.168.0/1), so collisions there are likelier.
  struct Range {
    uint32_t first, last;  // first and last /24 network address
  };
  const Range ranges[] = {
      {*ParseIpv4("10.201.0.0"), *ParseIpv4("10.254.255.0")},
      {*ParseIpv4("172.16.0.0"), *ParseIpv4("172.31.255.0")},
      {*ParseIpv4("192.168.0.0"), *ParseIpv4("192.168.255.0")},
  };
  for (const Range& r : ranges) {
    for (uint32_t a = r.first; a <= r.last; a += 256) {
      Ipv4Net candidate{a, 24};
      bool clash = false;
      for (const Ipv4Net& u : used) {
        if (Overlaps(candidate, u)) {
          clash = true;
          // Skip past a large used block in one step.
          if (u.prefix < 24) a = std::max(a, (u.addr | ~MaskOf(u.prefix)) & ~0xffu);
          break;
        }
      }
      if (!clash) return candidate;
      if (a >= r.last) break;
    }
  }
  return ResourceExhausted("no free private /24 left for a local cluster: every candidate in "
                           "10.201-254.x, 172.16-31.x and 192.168.x overlaps a route or address");
}

Result<uint32_t> ChooseNodeIp(const Ipv4Net& subnet, const std::set<uint32_t>& taken) {
  for (uint32_t host = 10; host <= 254; ++host) {
    uint32_t ip = subnet.addr + host;
    if (!taken.count(ip)) return ip;
  }
  return ResourceExhausted("local cluster network " + FormatCidr(subnet) +
                           " is full (245 nodes at most)");
}

std::string MacForIp(uint32_t ip) {
  return fmt::format("02:e7:{:02x}:{:02x}:{:02x}:{:02x}", ip >> 24, (ip >> 16) & 0xff,
                     (ip >> 8) & 0xff, ip & 0xff);
}

std::string BridgeName(const std::string& short_id) { return "cbr-" + short_id; }
std::string VethName(const std::string& short_id, uint32_t ip) {
  return "cve-" + short_id + "-" + LastOctet(ip);
}
std::string NetnsName(const std::string& short_id, uint32_t ip) {
  return "corral-" + short_id + "-" + LastOctet(ip);
}

bool ShortIdIsFree(const std::string& short_id, const std::vector<std::string>& link_names) {
  for (const std::string& name : link_names) {
    if (name == BridgeName(short_id) || StartsWith(name, "cve-" + short_id + "-")) return false;
  }
  return true;
}

std::string ShortIdFrom(uint32_t random) { return fmt::format("{:06x}", random & 0xffffff); }

}  // namespace corral
