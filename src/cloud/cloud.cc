#include "cloud/cloud.h"

namespace corral {

const char* InstanceStateName(InstanceState s) {
  switch (s) {
    case InstanceState::kPending: return "pending";
    case InstanceState::kRunning: return "running";
    case InstanceState::kStopping: return "stopping";
    case InstanceState::kStopped: return "stopped";
    case InstanceState::kShuttingDown: return "shutting-down";
    case InstanceState::kTerminated: return "terminated";
  }
  return "unknown";
}

std::optional<InstanceState> ParseInstanceState(const std::string& name) {
  for (InstanceState s : {InstanceState::kPending, InstanceState::kRunning, InstanceState::kStopping,
                          InstanceState::kStopped, InstanceState::kShuttingDown,
                          InstanceState::kTerminated}) {
    if (name == InstanceStateName(s)) return s;
  }
  return std::nullopt;
}

std::string Instance::Alias() const {
  auto it = tags.find("alias");
  return it == tags.end() ? "" : it->second;
}

std::string Instance::Address() const {
  if (!public_dns.empty()) return public_dns;
  if (!public_ip.empty()) return public_ip;
  return private_ip;
}

bool operator==(const IpPermission& a, const IpPermission& b) {
  return a.protocol == b.protocol && a.from_port == b.from_port && a.to_port == b.to_port &&
         a.cidr == b.cidr && a.source_group == b.source_group;
}

}  // namespace corral
