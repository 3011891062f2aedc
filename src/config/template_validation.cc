// StarCluster's offline ClusterValidator checks for one template (spec §2.6 items 2-8, 12, 16).
#include <cmath>
#include <regex>

#include "config/config_validation.h"
#include "config/desktop_settings.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr int kMaxPort = 65535;  // TCP/UDP ports are 16 bits; EC2 rejects larger ones

SourceLocation Where(const std::map<std::string, SourceLocation>& locations, const std::string& key,
                     const SourceLocation& fallback) {
  auto it = locations.find(key);
  return it == locations.end() ? fallback : it->second;
}

Status Fail(const SourceLocation& loc, const std::string& message) {
  return InvalidArgument(loc.ToString() + ": " + message);
}

SourceLocation In(const ClusterTemplate& t, const std::string& key) {
  return Where(t.locations, key, t.section);
}

Status ValidateVpc(const ClusterTemplate& t, std::vector<std::string>* warnings) {
  if (!t.subnet_id.empty()) {
    if (warnings && t.public_ips != true) {
      warnings->push_back(In(t, "SUBNET_ID").ToString() +
                          ": without PUBLIC_IPS = True the nodes of this VPC cluster get no public "
                          "address, so corral must run inside the VPC to reach them");
    }
    return Status::Ok();
  }
  if (t.public_ips == false) {
    return Fail(In(t, "PUBLIC_IPS"), "Only VPC clusters can disable public IP addresses");
  }
  return Status::Ok();
}

Status ValidateSizes(const ClusterTemplate& t) {
  if (t.spot_bid && !(*t.spot_bid > 0)) {
    return Fail(In(t, "SPOT_BID"), "spot_bid must be an integer or float > 0");
  }
  if (t.cluster_size < 1) return Fail(In(t, "CLUSTER_SIZE"), "cluster_size must be an integer >= 1");
  long long typed = 0;
  for (const NodeTypeSpec& s : t.node_type_specs) typed += s.count;
  if (typed > t.cluster_size - 1) {
    return Fail(In(t, "NODE_INSTANCE_TYPE"),
                "total number of nodes specified in node_instance_type (" + std::to_string(typed) +
                    ") must be <= cluster_size-1 (" + std::to_string(t.cluster_size - 1) + ")");
  }
  if (t.cluster_user == "root") return Fail(In(t, "CLUSTER_USER"), "cluster_user cannot be \"root\"");
  if (t.slots_per_host && *t.slots_per_host < 1) {
    return Fail(In(t, "SLOTS_PER_HOST"), "slots_per_host must be an integer >= 1");
  }
  return Status::Ok();
}

Status ValidatePermission(const PermissionSettings& p) {
  auto range = [&](const std::string& reason) {
    return Fail(Where(p.locations, "FROM_PORT", p.section),
                reason + "; port range is invalid: from " + std::to_string(p.from_port) + " to " +
                    std::to_string(p.to_port));
  };
  if (p.ip_protocol == "icmp") {
    if (p.from_port != -1 || p.to_port != -1) {
      return range("for icmp protocol from_port and to_port must be -1");
    }
  } else {
    if (p.from_port < 0 || p.to_port < 0) return range("from/to must be positive integers");
    if (p.from_port > p.to_port) return range("'from_port' must be <= 'to_port'");
    if (p.to_port > kMaxPort) return range("ports must be <= 65535");
  }
  if (!IsValidCidr(p.cidr_ip)) {
    return Fail(Where(p.locations, "CIDR_IP", p.section), "cidr_ip is invalid: " + p.cidr_ip);
  }
  return Status::Ok();
}

}  // namespace

bool IsValidCidr(const std::string& cidr) {
  static const std::regex kCidr("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");
  std::smatch m;
  if (!std::regex_match(cidr, m, kCidr)) return false;
  for (int i = 1; i <= 4; ++i) {
    if (std::stoi(m[i].str()) > 255) return false;
  }
  return std::stoi(m[5].str()) <= 32;
}

bool IsValidHostname(const std::string& name) {
  if (name.empty() || name.size() > 255) return false;
  std::string host = EndsWith(name, ".") ? name.substr(0, name.size() - 1) : name;
  static const std::regex kLabel("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  for (const std::string& label : Split(host, '.')) {
    if (!std::regex_match(label, kLabel)) return false;
  }
  return true;
}

Status ValidateTemplate(const ClusterTemplate& t, std::vector<std::string>* warnings) {
  RETURN_IF_ERROR(ValidateVpc(t, warnings));
  RETURN_IF_ERROR(ValidateSizes(t));
  for (const PermissionSettings& p : t.permissions) RETURN_IF_ERROR(ValidatePermission(p));
  for (const PluginSettings& p : t.plugins) {
    if (IsDesktopPlugin(p)) RETURN_IF_ERROR(ParseDesktopSettings(p).status());
  }
  return ValidateVolumes(t);
}

Status ValidateDnsPrefix(const ClusterTemplate& t, const std::string& tag) {
  if (!t.dns_prefix || IsValidHostname(tag)) return Status::Ok();
  return Fail(In(t, "DNS_PREFIX"),
              "The cluster name you chose, " + tag + ", is not a valid dns name.  Since you have "
              "chosen to prepend the hostnames via the dns_prefix option, " + tag +
              " should only have alphanumeric characters and a '-' or '.'");
}

Status CheckUserdataScripts(const ClusterTemplate& t) {
  for (const std::string& script : t.userdata_scripts) {
    if (!PathExists(script)) {
      return Fail(In(t, "USERDATA_SCRIPTS"), "Userdata script does not exist: " + script);
    }
    if (IsDirectory(script)) {
      return Fail(In(t, "USERDATA_SCRIPTS"), "Userdata script is not a file: " + script);
    }
  }
  return Status::Ok();
}

}  // namespace corral
