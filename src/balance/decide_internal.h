// The two policies behind Decide(); see decide.h. Internal to src/balance.
#ifndef CORRAL_BALANCE_DECIDE_INTERNAL_H_
#define CORRAL_BALANCE_DECIDE_INTERNAL_H_

#include "balance/decide.h"

namespace corral {

Decision DecideStarCluster(const QueueSnapshot& queue, const ClusterSnapshot& cluster,
                           const Policy& policy, double now, BalancerState& state);
Decision DecideCorral(const QueueSnapshot& queue, const ClusterSnapshot& cluster,
                      const Policy& policy, double now, BalancerState& state);

}  // namespace corral

#endif  // CORRAL_BALANCE_DECIDE_INTERNAL_H_
