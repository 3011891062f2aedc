#include "balance/simulator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <queue>
#include <unordered_map>
#include <utility>

#include "balance/decide.h"

namespace corral {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMinBilled = 60;  // EC2 per-second billing charges at least a minute per run
constexpr double kHour = 3600;

struct SimNode {
  std::string alias;
  bool master = false;
  int slots = 0;
  int used = 0;
  double launch = 0;
  double ready = 0;
  bool booting = true;
  double idle_since = 0;
  double busy_since = 0;
  double busy_total = 0;
  double removed = kInf;
};

struct Event {
  double time;
  int kind;  // 0: job end, 1: node ready
  int index;
  bool operator>(const Event& o) const {
    return time != o.time ? time > o.time : kind != o.kind ? kind > o.kind : index > o.index;
  }
};

class Sim {
 public:
  Sim(const std::vector<WorkloadJob>& jobs, const SimOptions& o) : jobs_(jobs), o_(o) {}
  SimResult Run();

 private:
  double NextEventTime() const;
  void ProcessEventsAt(double t);
  void Schedule(double now);
  void StartJob(int j, double now);
  void EndJob(int j, double now);
  void LaunchNode(double launch, bool master);
  void RemoveNode(const std::string& alias, double now);
  double Poll(double now);
  double GridCeil(double t) const {
    return t0_ + std::ceil((t - t0_) / o_.policy.interval - 1e-9) * o_.policy.interval;
  }
  void Account(SimResult& r);

  const std::vector<WorkloadJob>& jobs_;
  SimOptions o_;
  double t0_ = 0;
  double end_ = 0;
  std::vector<SimNode> nodes_;
  std::vector<int> active_;  // indices into nodes_, alias order
  std::unordered_map<std::string, int> by_alias_;
  std::vector<int> pending_;  // job indices, submit order
  size_t scanned_ = 0;        // pending_[0, scanned_) did not fit at the last scan
  bool capacity_grew_ = false;
  int free_slots_ = 0;  // on nodes that are up
  int used_slots_ = 0;
  int queued_slots_ = 0;
  size_t next_arrival_ = 0;
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events_;
  std::vector<double> start_;
  std::vector<std::vector<std::pair<int, int>>> alloc_;  // job -> (node, slots)
  BalancerState state_;
  QueueSnapshot queue_;
  bool queue_dirty_ = true;
  ClusterSnapshot cluster_;
  SimResult result_;
};

double Sim::NextEventTime() const {
  double t = events_.empty() ? kInf : events_.top().time;
  if (next_arrival_ < jobs_.size()) t = std::min(t, jobs_[next_arrival_].submit);
  return t;
}

void Sim::ProcessEventsAt(double t) {
  while (!events_.empty() && events_.top().time <= t) {
    Event e = events_.top();
    events_.pop();
    if (e.kind == 0) {
      EndJob(e.index, e.time);
      continue;
    }
    SimNode& n = nodes_[e.index];
    if (n.removed != kInf) continue;
    n.booting = false;
    n.ready = e.time;
    n.idle_since = e.time;
    free_slots_ += n.slots;
    capacity_grew_ = true;
  }
  while (next_arrival_ < jobs_.size() && jobs_[next_arrival_].submit <= t) {
    pending_.push_back(static_cast<int>(next_arrival_));
    queued_slots_ += jobs_[next_arrival_].slots;
    ++next_arrival_;
    queue_dirty_ = true;
  }
}

// First fit in submit order. Without new capacity, only jobs that arrived since the last scan
// can fit: the earlier ones did not fit in at least as many free slots.
void Sim::Schedule(double now) {
  size_t from = capacity_grew_ ? 0 : scanned_;
  capacity_grew_ = false;
  size_t out = from;
  for (size_t i = from; i < pending_.size(); ++i) {
    int j = pending_[i];
    if (free_slots_ > 0 && jobs_[j].slots <= free_slots_) {
      StartJob(j, now);
    } else {
      pending_[out++] = j;
    }
  }
  if (out != pending_.size()) queue_dirty_ = true;
  pending_.resize(out);
  scanned_ = pending_.size();
}

void Sim::StartJob(int j, double now) {
  start_[j] = now;
  int remaining = jobs_[j].slots;
  for (int idx : active_) {
    SimNode& n = nodes_[idx];
    if (n.booting || n.used == n.slots) continue;
    int take = std::min(remaining, n.slots - n.used);
    if (n.used == 0) n.busy_since = now;
    n.used += take;
    alloc_[j].emplace_back(idx, take);
    remaining -= take;
    if (remaining == 0) break;
  }
  free_slots_ -= jobs_[j].slots;
  used_slots_ += jobs_[j].slots;
  queued_slots_ -= jobs_[j].slots;
  events_.push({now + jobs_[j].runtime, 0, j});
}

void Sim::EndJob(int j, double now) {
  for (auto [idx, take] : alloc_[j]) {
    SimNode& n = nodes_[idx];
    n.used -= take;
    if (n.used == 0) {
      n.busy_total += now - n.busy_since;
      n.idle_since = now;
    }
  }
  alloc_[j].clear();
  alloc_[j].shrink_to_fit();
  free_slots_ += jobs_[j].slots;
  used_slots_ -= jobs_[j].slots;
  capacity_grew_ = true;
  end_ = std::max(end_, now);
}

void Sim::LaunchNode(double launch, bool master) {
  SimNode n;
  char alias[16];
  std::snprintf(alias, sizeof(alias), "node%03d", static_cast<int>(nodes_.size()) % 1000000);
  n.alias = master ? "master" : alias;
  n.master = master;
  n.slots = o_.slots_per_node;
  n.launch = launch;
  int idx = static_cast<int>(nodes_.size());
  by_alias_[n.alias] = idx;
  nodes_.push_back(std::move(n));
  active_.push_back(idx);
  events_.push({launch + o_.boot_time, 1, idx});
  result_.peak_nodes = std::max(result_.peak_nodes, static_cast<int>(active_.size()));
}

void Sim::RemoveNode(const std::string& alias, double now) {
  auto it = by_alias_.find(alias);
  if (it == by_alias_.end()) return;
  SimNode& n = nodes_[it->second];
  if (n.master || n.booting || n.used > 0 || n.removed != kInf) return;  // Decide's contract
  n.removed = now;
  free_slots_ -= n.slots;
  active_.erase(std::find(active_.begin(), active_.end(), it->second));
  ++result_.nodes_removed;
  end_ = std::max(end_, now);
}

double Sim::Poll(double now) {
  if (queue_dirty_) {
    queue_.jobs.clear();
    for (int j : pending_) {
      JobInfo job;
      job.state = JobState::kPending;
      job.slots = jobs_[j].slots;
      job.submit_time = jobs_[j].submit;
      queue_.jobs.push_back(std::move(job));
    }
    queue_dirty_ = false;
  }
  queue_.now = now;
  cluster_.nodes.resize(active_.size());
  cluster_.new_node_slots = o_.slots_per_node;
  for (size_t i = 0; i < active_.size(); ++i) {
    const SimNode& s = nodes_[active_[i]];
    NodeLoad& n = cluster_.nodes[i];
    n.alias = s.alias;
    n.is_master = s.master;
    n.slots = s.slots;
    n.used_slots = s.used;
    n.launch_time = s.launch;
    n.booting = s.booting;
    n.ready_time = s.booting ? 0 : s.ready;
    n.idle_since = s.idle_since;
  }
  Decision d = Decide(queue_, cluster_, o_.policy, FromEpochSeconds(now), state_);
  ++result_.polls;
  for (const std::string& alias : d.remove) RemoveNode(alias, now);
  if (!d.remove.empty()) ++result_.remove_decisions;
  for (int i = 0; i < d.add; ++i) LaunchNode(now, false);
  if (d.add > 0) {
    ++result_.add_decisions;
    result_.nodes_added += d.add;
    end_ = std::max(end_, now);
  }
  if (o_.record_timeline) {
    int booting = 0;
    for (int idx : active_) booting += nodes_[idx].booting ? 1 : 0;
    result_.timeline.push_back(
        {now, static_cast<int>(active_.size()), booting, used_slots_, queued_slots_});
  }
  return d.noop() ? d.next_review : now;
}

SimResult Sim::Run() {
  result_.policy = PolicyName(o_.policy.kind);
  if (jobs_.empty()) return result_;
  start_.assign(jobs_.size(), -1);
  alloc_.resize(jobs_.size());
  t0_ = jobs_.front().submit;
  end_ = t0_;
  int initial = std::max(1, o_.policy.min_nodes);
  for (int i = 0; i < initial; ++i) LaunchNode(t0_ - o_.boot_time, i == 0);
  double next_poll = t0_;
  double last_poll = -kInf;
  while (true) {
    double te = NextEventTime();
    if (te == kInf && next_poll == kInf) break;
    if (te <= next_poll) {
      ProcessEventsAt(te);
      Schedule(te);
      next_poll = std::min(next_poll, std::max(GridCeil(te), last_poll + o_.policy.interval));
      continue;
    }
    double review = Poll(next_poll);
    last_poll = next_poll;
    bool quiet = review == kInf && NextEventTime() == kInf;
    if (quiet) {
      next_poll = kInf;  // nothing will ever change again (or a job can never start)
    } else if (o_.poll_every_interval) {
      next_poll = last_poll + o_.policy.interval;
    } else {
      next_poll =
          review == kInf ? kInf : std::max(GridCeil(review), last_poll + o_.policy.interval);
    }
  }
  Account(result_);
  return result_;
}

double Percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::min(sorted.size(), std::max<size_t>(rank, 1)) - 1];
}

void Sim::Account(SimResult& r) {
  r.start = t0_;
  r.end = end_;
  for (SimNode& n : nodes_) {
    double stop = std::min(n.removed, end_);
    double life = std::max(0.0, stop - n.launch);
    double billed = o_.billing == Billing::kHourly ? std::ceil(life / kHour) * kHour
                                                   : std::max(life, kMinBilled);
    double boot = std::min(life, o_.boot_time);
    r.billed += billed;
    r.rounding += billed - life;
    r.boot += boot;
    r.busy += n.busy_total;
    r.idle += life - boot - n.busy_total;
    if (n.master) r.master += billed;
  }
  std::vector<double> waits;
  double slowdown = 0;
  long long over0 = 0, over900 = 0;
  for (size_t j = 0; j < jobs_.size(); ++j) {
    if (start_[j] < 0) continue;
    double w = start_[j] - jobs_[j].submit;
    waits.push_back(w);
    over0 += w > 0 ? 1 : 0;
    over900 += w > 900 ? 1 : 0;
    slowdown += std::max(1.0, (w + jobs_[j].runtime) / std::max(jobs_[j].runtime, 10.0));
  }
  r.jobs = static_cast<long long>(waits.size());
  r.unstarted = static_cast<long long>(jobs_.size()) - r.jobs;
  if (waits.empty()) return;
  double n = static_cast<double>(waits.size());
  double sum = 0;
  for (double w : waits) sum += w;
  std::sort(waits.begin(), waits.end());
  r.wait_mean = sum / n;
  r.wait_median = Percentile(waits, 0.5);
  r.wait_p95 = Percentile(waits, 0.95);
  r.wait_max = waits.back();
  r.waited_share = static_cast<double>(over0) / n;
  r.waited_900_share = static_cast<double>(over900) / n;
  r.bounded_slowdown = slowdown / n;
}

}  // namespace

Workload WorkloadFromSwf(const SwfTrace& trace, int slots_per_node, int max_nodes) {
  Workload w;
  long long cap = max_nodes > 0 ? static_cast<long long>(max_nodes) * slots_per_node : -1;
  for (const SwfJob& j : trace.jobs) {
    if (!(j.runtime > 0) || j.procs() <= 0) {
      ++w.dropped_invalid;
      continue;
    }
    if (cap > 0 && j.procs() > cap) {
      ++w.dropped_too_large;
      continue;
    }
    w.jobs.push_back({j.submit, j.runtime, j.procs()});
  }
  std::stable_sort(w.jobs.begin(), w.jobs.end(),
                   [](const WorkloadJob& a, const WorkloadJob& b) { return a.submit < b.submit; });
  return w;
}

SimResult Simulate(const std::vector<WorkloadJob>& jobs, const SimOptions& options) {
  Sim sim(jobs, options);
  SimResult r = sim.Run();
  int always_on = std::max(1, options.policy.min_nodes);
  r.bounds = ComputeLowerBounds(jobs, options.slots_per_node, options.boot_time, always_on);
  return r;
}

}  // namespace corral
