#include "balance/decide.h"

#include <chrono>

#include "balance/decide_internal.h"

namespace corral {

double ToEpochSeconds(TimePoint t) {
  return std::chrono::duration<double>(t.time_since_epoch()).count();
}

TimePoint FromEpochSeconds(double seconds) {
  return TimePoint(
      std::chrono::duration_cast<TimePoint::duration>(std::chrono::duration<double>(seconds)));
}

Decision Decide(const QueueSnapshot& queue, const ClusterSnapshot& cluster, const Policy& policy,
                TimePoint now, BalancerState& state) {
  double t = ToEpochSeconds(now);
  if (policy.kind == PolicyKind::kStarCluster) {
    return DecideStarCluster(queue, cluster, policy, t, state);
  }
  return DecideCorral(queue, cluster, policy, t, state);
}

}  // namespace corral
