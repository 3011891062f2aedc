#include "balance/balancer_loop.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "balance/svg_plot.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

constexpr int kMaxReadFailures = 5;

int QueuedSlots(const QueueSnapshot& q) {
  int n = 0;
  for (const JobInfo& j : q.jobs) {
    if (j.state == JobState::kPending) n += j.slots * std::max(j.tasks, 1);
  }
  return n;
}

}  // namespace

Result<std::vector<FinishedJob>> BalancerTarget::FinishedJobs(double) {
  return Unimplemented("this scheduler's accounting is not read");
}

BalancerLoop::BalancerLoop(BalancerTarget& target, Clock& clock, Logger& log,
                           BalancerLoopOptions options)
    : target_(target), clock_(clock), log_(log), o_(std::move(options)) {}

void BalancerLoop::UpdateHistory(ClusterSnapshot& cluster, double now) {
  std::map<std::string, double> ready, idle;
  for (NodeLoad& n : cluster.nodes) {
    if (n.booting) continue;
    auto r = ready_.find(n.alias);
    n.ready_time = ready[n.alias] = r == ready_.end() ? now : r->second;
    if (n.busy()) continue;
    auto i = idle_since_.find(n.alias);
    n.idle_since = idle[n.alias] = i == idle_since_.end() ? now : i->second;
  }
  ready_ = std::move(ready);  // forget nodes that are gone
  idle_since_ = std::move(idle);
}

Result<Decision> BalancerLoop::Step() {
  double now = clock_.NowSeconds();
  Result<ClusterSnapshot> cluster = target_.Nodes();
  Result<QueueSnapshot> queue =
      cluster.ok() ? target_.Queue() : Result<QueueSnapshot>(cluster.status());
  if (!queue.ok()) {
    WriteLog(now, nullptr, "", queue.status().message());
    return queue.status();
  }
  if (queue->now == 0) queue->now = now;
  MergeSchedulerHosts(*queue, *cluster);
  UpdateHistory(*cluster, now);
  Decision d = Decide(*queue, *cluster, o_.policy, FromEpochSeconds(now), state_);
  std::string action_error;
  if (d.add > 0) {
    log_.Info("Adding " + std::to_string(d.add) + " node(s): " + d.reason);
    Status st = target_.Add(d.add, d.add_type);
    if (!st.ok()) action_error = st.message();
  } else if (!d.remove.empty()) {
    log_.Info("Removing " + Join(d.remove, ", ") + ": " + d.reason);
    Status st = target_.Remove(d.remove);
    if (!st.ok()) action_error = st.message();
  } else {
    log_.Info(d.reason);
  }
  if (!action_error.empty())
    log_.Warn("Scaling failed (will decide again next poll): " + action_error);
  WriteLog(now, &d, action_error, "");
  WriteStats(now, *queue, *cluster);
  if (o_.record_timeline) {
    timeline_.push_back({.time = now,
                         .nodes = d.nodes,
                         .booting = d.booting,
                         .used_slots = cluster->UsedSlots(),
                         .queued_slots = QueuedSlots(*queue)});
    WritePlot();
  }
  return d;
}

void BalancerLoop::WriteLog(double now, const Decision* d, const std::string& action_error,
                            const std::string& read_error) {
  if (!o_.decisions) return;
  nlohmann::json j;
  j["time"] = FormatIso8601(FromEpochSeconds(now));
  j["epoch"] = now;
  j["policy"] = PolicyName(o_.policy.kind);
  if (!d) {
    j["action"] = "none";
    j["reason"] = "could not read the cluster: " + read_error;
    j["error"] = read_error;
  } else {
    j["action"] = d->add > 0 ? "add" : (!d->remove.empty() ? "remove" : "none");
    j["add"] = d->add;
    j["remove"] = d->remove;
    j["reason"] = d->reason;
    j["nodes"] = d->nodes;
    j["booting"] = d->booting;
    j["queued_jobs"] = d->queued_jobs;
    j["queued_slots"] = d->queued_slots;
    j["free_slots"] = d->free_slots;
    j["oldest_wait"] = d->oldest_wait;
    if (!action_error.empty()) j["error"] = action_error;
  }
  *o_.decisions << j.dump() << "\n";
  o_.decisions->flush();
}

// StarCluster's row: time, hosts, running jobs, queued jobs, total slots, average job duration,
// average wait, average load.
void BalancerLoop::WriteStats(double now, const QueueSnapshot& q, const ClusterSnapshot& c) {
  if (!o_.stats_csv) return;
  int running = 0, queued = 0;
  for (const JobInfo& j : q.jobs) {
    if (j.state == JobState::kRunning) ++running;
    if (j.state == JobState::kPending) queued += std::max(j.tasks, 1);
  }
  int slots = 0;
  double load = 0;
  for (const NodeLoad& n : c.nodes) slots += n.booting ? 0 : n.slots;
  for (const HostInfo& h : q.hosts) load += h.load;
  if (!q.hosts.empty()) load /= static_cast<double>(q.hosts.size());
  *o_.stats_csv << FormatIso8601(FromEpochSeconds(now)) << "," << q.hosts.size() << "," << running
                << "," << queued << "," << slots << "," << JobAveragesColumns(now) << "," << load
                << "\n";
  o_.stats_csv->flush();
}

// "duration,wait" in seconds, or "," (both empty) when no job finished in the window or the
// accounting could not be read: an unknown average is not written as 0.
std::string BalancerLoop::JobAveragesColumns(double now) {
  Result<std::vector<FinishedJob>> done = target_.FinishedJobs(now - o_.stats_window);
  if (!done.ok()) {
    if (done.status().code() != StatusCode::kUnimplemented) {
      log_.Warn("Could not read finished jobs for the stats: " + done.status().message());
    }
    return ",";
  }
  std::optional<JobTimeAverages> a = AverageJobTimes(*done, now, o_.stats_window);
  if (!a) return ",";
  return fmt::format("{:.1f},{:.1f}", a->duration, a->wait);
}

void BalancerLoop::WritePlot() {
  if (o_.plot_path.empty() || timeline_.empty()) return;
  SimResult r;
  r.policy = PolicyName(o_.policy.kind);
  r.timeline = timeline_;
  r.start = timeline_.front().time;
  r.end = timeline_.back().time;
  size_t slash = o_.plot_path.find_last_of('/');
  Status st = slash == std::string::npos || slash == 0 ? Status::Ok()
                                                       : MakeDirs(o_.plot_path.substr(0, slash));
  if (st.ok()) st = WriteFileAtomic(o_.plot_path, RenderSimulationSvg(o_.plot_title, {r}));
  if (!st.ok()) log_.Warn("Could not write the plot: " + st.message());
}

Status BalancerLoop::Run(const std::atomic<bool>& stop) {
  int failures = 0;
  const auto interval = Duration(static_cast<long long>(o_.policy.interval * 1000));
  for (int i = 0; o_.max_iterations == 0 || i < o_.max_iterations; ++i) {
    if (stop) break;
    TimePoint started = clock_.Now();
    Result<Decision> d = Step();
    if (d.ok()) {
      failures = 0;
    } else {
      log_.Warn("Could not read the cluster: " + d.status().message());
      if (++failures >= kMaxReadFailures) {
        return d.status().WithContext(std::to_string(failures) + " failed polls in a row");
      }
    }
    if (o_.max_iterations != 0 && i + 1 >= o_.max_iterations) break;
    // Wait one interval from the step's start (at least one second), in slices, to notice `stop`.
    TimePoint until = std::max(started + interval, clock_.Now() + Duration(1000));
    while (!stop && clock_.Now() < until) {
      auto left = std::chrono::duration_cast<Duration>(until - clock_.Now());
      clock_.SleepFor(std::min(left, Duration(1000)));
    }
  }
  return Status::Ok();
}

Result<BalancerLock> BalancerLock::Acquire(const std::string& path) {
  std::string dir = path.substr(0, path.find_last_of('/'));
  if (!dir.empty() && dir != path) RETURN_IF_ERROR(MakeDirs(dir, 0700));
  int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return Internal("cannot open lock " + path + ": " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    close(fd);
    if (err == EWOULDBLOCK) {
      return FailedPrecondition("another corral loadbalance is running for this cluster (lock " +
                                path + " is held)");
    }
    return Internal("cannot lock " + path + ": " + std::strerror(err));
  }
  std::string pid = std::to_string(getpid()) + "\n";
  if (ftruncate(fd, 0) == 0) (void)!write(fd, pid.data(), pid.size());
  return BalancerLock(fd);
}

BalancerLock::BalancerLock(BalancerLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

BalancerLock::~BalancerLock() {
  if (fd_ >= 0) close(fd_);
}

}  // namespace corral
