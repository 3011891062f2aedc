#include "balance/lower_bounds.h"

#include <gtest/gtest.h>

namespace corral {
namespace {

TEST(LowerBoundsTest, SingleJob) {
  // 2 slots for 1000 s on 1-slot nodes, boot 100 s.
  LowerBounds lb = ComputeLowerBounds({{0, 1000, 2}}, 1, 100, 0);
  EXPECT_DOUBLE_EQ(lb.work_node_seconds, 2000);
  EXPECT_DOUBLE_EQ(lb.lb_any, 2000 + 2 * 100);
  EXPECT_DOUBLE_EQ(lb.lb_0, 2000 + 2 * 100);
  EXPECT_EQ(lb.peak_nodes, 2);
  EXPECT_DOUBLE_EQ(lb.horizon, 1000);
}

TEST(LowerBoundsTest, GapsCostTheirLengthOrOneBootWhicheverIsLess) {
  // One layer busy [0,100), [150,250), [1000,1100): gaps 50 (< B) and 750 (> B).
  LowerBounds lb = ComputeLowerBounds({{0, 100, 1}, {150, 100, 1}, {1000, 100, 1}}, 1, 100, 0);
  EXPECT_DOUBLE_EQ(lb.lb_0, 300 + 100 + 50 + 100);
  EXPECT_DOUBLE_EQ(lb.lb_any, 300 + 100);
}

TEST(LowerBoundsTest, SlotsPoolIntoNodesAndAlwaysOnNodesSpanTheHorizon) {
  // Three 1-slot jobs at once on 2-slot nodes need 2 nodes; one node is always on.
  LowerBounds lb =
      ComputeLowerBounds({{0, 100, 1}, {0, 100, 1}, {0, 100, 1}, {500, 100, 1}}, 2, 10, 1);
  EXPECT_EQ(lb.peak_nodes, 2);
  // Layer 1: the always-on node over [0,600) plus one boot; layer 2: busy [0,100) plus a boot.
  EXPECT_DOUBLE_EQ(lb.lb_0, 600 + 10 + 100 + 10);
  EXPECT_DOUBLE_EQ(lb.lb_any, 600 + 10);  // max(W/C = 200, 1 * 600) + ceil(1/2) * 10
}

}  // namespace
}  // namespace corral
