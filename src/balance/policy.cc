#include "balance/policy.h"

#include <string>

namespace corral {

Policy DefaultPolicy(PolicyKind kind) {
  Policy p;
  p.kind = kind;
  if (kind == PolicyKind::kStarCluster) {
    // StarCluster 0.95.6 SGELoadBalancer defaults (spec §5.1).
    p.interval = 60;
    p.add_nodes_per_iteration = 1;
    p.wait_time = 900;
    p.stabilization_time = 180;
    p.kill_after_minutes = 45;
    p.wait_drops_days = true;
  }
  return p;
}

Result<Policy> PolicyByName(const std::string& name) {
  if (name == "corral") return DefaultPolicy(PolicyKind::kCorral);
  if (name == "starcluster") return DefaultPolicy(PolicyKind::kStarCluster);
  return InvalidArgument("unknown policy '" + name + "' (expected corral or starcluster)");
}

const char* PolicyName(PolicyKind kind) {
  return kind == PolicyKind::kStarCluster ? "starcluster" : "corral";
}

namespace {
std::string Num(double v) {
  std::string s = std::to_string(v);
  s.erase(s.find_last_not_of('0') + 1);
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}
}  // namespace

Status ValidatePolicy(const Policy& p) {
  if (!(p.interval > 0))
    return InvalidArgument("interval must be positive, not " + Num(p.interval));
  if (p.min_nodes < 0) return InvalidArgument("min_nodes must not be negative");
  if (p.max_nodes < 0) return InvalidArgument("max_nodes must not be negative");
  if (p.max_nodes > 0 && p.min_nodes > p.max_nodes) {
    return InvalidArgument("min_nodes (" + std::to_string(p.min_nodes) +
                           ") is greater than max_nodes (" + std::to_string(p.max_nodes) + ")");
  }
  if (p.add_nodes_per_iteration < 0) {
    return InvalidArgument("add_nodes_per_iteration must not be negative");
  }
  if (p.wait_time < 0 || p.stabilization_time < 0 || p.idle_time < 0) {
    return InvalidArgument("wait_time, stabilization_time and idle_time must not be negative");
  }
  if (p.kill_after_minutes < 0 || p.kill_after_minutes >= 60) {
    return InvalidArgument("kill_after must be between 0 and 59 minutes, not " +
                           Num(p.kill_after_minutes));
  }
  return Status::Ok();
}

}  // namespace corral
