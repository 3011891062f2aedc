#include "balance/lower_bounds.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace corral {

namespace {

// The per-layer ski-rental sweep of §2.5 over n(t) = max(ceil(busy/C), always_on).
double LayerCost(std::vector<std::pair<double, long long>>& events, int c, double boot,
                 int always_on, double start, double end, int& peak) {
  std::sort(events.begin(), events.end());
  std::vector<double> idle_since;  // per layer k (index k-1); NaN while never used
  double cost = 0;
  long long busy = 0;
  int n = 0;
  double last_t = start;
  auto set_level = [&](int level, double t) {
    if (level > n) {
      for (int k = n + 1; k <= level; ++k) {
        if (static_cast<int>(idle_since.size()) < k) {
          idle_since.push_back(t);
          cost += boot;  // a new layer: one node boots once
        } else {
          cost += std::min(t - idle_since[k - 1], boot);
        }
      }
    } else {
      for (int k = level + 1; k <= n; ++k) idle_since[k - 1] = t;
    }
    n = level;
    peak = std::max(peak, level);
  };
  set_level(always_on, start);
  for (size_t i = 0; i < events.size();) {
    double t = events[i].first;
    cost += static_cast<double>(n) * (t - last_t);
    last_t = t;
    for (; i < events.size() && events[i].first == t; ++i) busy += events[i].second;
    int level = static_cast<int>((busy + c - 1) / c);
    set_level(std::max(level, always_on), t);
  }
  cost += static_cast<double>(n) * (end - last_t);
  return cost;
}

}  // namespace

LowerBounds ComputeLowerBounds(const std::vector<WorkloadJob>& jobs, int slots_per_node,
                               double boot_time, int always_on) {
  LowerBounds lb;
  if (jobs.empty() || slots_per_node <= 0) return lb;
  int c = slots_per_node;
  double work = 0;
  int p_max = 0;
  double start = jobs.front().submit;
  double end = start;
  std::vector<std::pair<double, long long>> events;
  events.reserve(jobs.size() * 2);
  for (const WorkloadJob& j : jobs) {
    work += static_cast<double>(j.slots) * j.runtime;
    p_max = std::max(p_max, j.slots);
    start = std::min(start, j.submit);
    end = std::max(end, j.submit + j.runtime);
    events.emplace_back(j.submit, j.slots);
    events.emplace_back(j.submit + j.runtime, -static_cast<long long>(j.slots));
  }
  lb.work_node_seconds = work / c;
  lb.horizon = end - start;
  double boots = std::ceil(static_cast<double>(p_max) / c) * boot_time;
  lb.lb_any = std::max(lb.work_node_seconds, always_on * lb.horizon) + boots;
  lb.lb_0 = LayerCost(events, c, boot_time, always_on, start, end, lb.peak_nodes);
  return lb;
}

}  // namespace corral
