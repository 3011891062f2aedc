// `corral simulate TRACE`: replays an SWF workload trace through the scaling policies (the same
// Decide() the live balancer uses) and prints cost and wait figures. It needs no config file.
// `corral loadbalance TAG`: the live loop (balance/balancer_loop.h) on a running cluster.
#include <fmt/format.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>

#include "balance/balancer_daemon.h"
#include "balance/balancer_loop.h"
#include "balance/sim_report.h"
#include "balance/simulator.h"
#include "balance/svg_plot.h"
#include "balance/swf_reader.h"
#include "cli/balance_daemon.h"
#include "cli/cluster_workflow.h"
#include "cli/command.h"
#include "scheduler/scheduler_factory.h"
#include "scheduler/sge/qacct_parser.h"
#include "util/file_util.h"
#include "util/strings.h"

namespace corral {
namespace {

struct SimulateOptions {
  std::string trace;
  std::string policy = "corral";
  std::string compare;
  int slots_per_node = 1;
  double boot_time = 97;
  std::string billing = "per-second";
  int max_nodes = 0;
  int min_nodes = 1;
  std::optional<double> idle_time, interval, wait_time, stabilization_time, kill_after;
  std::optional<int> add_nodes;
  std::string plot;
  bool json = false;
};

// The policy `name` with the knobs the user set applied on top of its defaults.
Result<Policy> BuildPolicy(const std::string& name, const SimulateOptions& o) {
  ASSIGN_OR_RETURN(Policy p, PolicyByName(name));
  p.max_nodes = o.max_nodes;
  p.min_nodes = o.min_nodes;
  if (o.idle_time) p.idle_time = *o.idle_time;
  if (o.interval) p.interval = *o.interval;
  if (o.wait_time) p.wait_time = *o.wait_time;
  if (o.stabilization_time) p.stabilization_time = *o.stabilization_time;
  if (o.kill_after) p.kill_after_minutes = *o.kill_after;
  if (o.add_nodes) p.add_nodes_per_iteration = *o.add_nodes;
  if (o.billing == "hourly" && p.kind == PolicyKind::kCorral) p.billing_period = 3600;
  RETURN_IF_ERROR(ValidatePolicy(p).WithContext("policy " + name));
  return p;
}

Result<int> RunSimulate(CliContext& ctx, const SimulateOptions& o) {
  if (o.slots_per_node < 1) return InvalidArgument("--slots-per-node must be at least 1");
  if (o.boot_time < 0) return InvalidArgument("--boot-time must not be negative");
  if (o.min_nodes < 1) return InvalidArgument("--min-nodes must be at least 1 (the master)");
  if (o.billing != "per-second" && o.billing != "hourly") {
    return InvalidArgument("unknown billing '" + o.billing + "' (expected per-second or hourly)");
  }
  std::vector<std::string> names =
      o.compare.empty() ? std::vector<std::string>{o.policy} : SplitList(o.compare);
  if (names.empty()) return InvalidArgument("--compare needs at least one policy");
  std::vector<Policy> policies;
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(Policy p, BuildPolicy(name, o));
    policies.push_back(p);
  }
  Result<SwfTrace> trace = ReadSwfFile(o.trace);
  if (!trace.ok()) {
    Status st = trace.status();
    return st.code() == StatusCode::kNotFound ? InvalidArgument(st.message()) : st;
  }
  Workload w = WorkloadFromSwf(*trace, o.slots_per_node, o.max_nodes);
  SimRun run{.trace = o.trace,
             .records = static_cast<long long>(trace->jobs.size()),
             .dropped_invalid = w.dropped_invalid,
             .dropped_too_large = w.dropped_too_large,
             .slots_per_node = o.slots_per_node,
             .boot_time = o.boot_time,
             .billing = o.billing == "hourly" ? Billing::kHourly : Billing::kPerSecond,
             .max_nodes = o.max_nodes,
             .min_nodes = o.min_nodes};
  for (const Policy& p : policies) {
    SimOptions so{.policy = p,
                  .slots_per_node = o.slots_per_node,
                  .boot_time = o.boot_time,
                  .billing = run.billing,
                  .record_timeline = !o.plot.empty()};
    run.results.push_back(Simulate(w.jobs, so));
  }
  if (!o.plot.empty()) {
    std::string name = o.trace.substr(o.trace.find_last_of('/') + 1);
    RETURN_IF_ERROR(WriteFileAtomic(o.plot, RenderSimulationSvg(name, run.results)));
    for (SimResult& r : run.results) r.timeline.clear();
    ctx.log->Info("Plot written to " + o.plot);
  }
  if (o.json) {
    *ctx.out << SimToJson(run).dump(2) << "\n";
  } else {
    *ctx.out << FormatSimText(run);
  }
  return 0;
}

Command SimulateCommand() {
  Command c;
  c.name = "simulate";
  c.args = "<trace.swf[.gz]>";
  c.summary = "Replay a workload trace through the scaling policies and report cost and waits";
  c.description =
      "Replays the jobs of an SWF trace (Parallel Workloads Archive format, gzip or plain) on a\n"
      "simulated elastic cluster scaled by the same decision function as 'loadbalance', with a\n"
      "first-fit scheduler in submit order. Prints billed node-hours, their ratio to the cost\n"
      "lower bounds LB_any and LB_0, job waits (mean, median, p95), idle share and scaling\n"
      "events. Knobs given apply to every policy compared. See docs/elasticity.md.";
  c.define = [](CLI::App& app) -> CommandRun {
    auto o = std::make_shared<SimulateOptions>();
    app.add_option("trace", o->trace, "SWF trace file (.swf or .swf.gz)")->required();
    app.add_option("--policy", o->policy, "scaling policy: corral (default) or starcluster");
    app.add_option("--compare", o->compare,
                   "comma-separated policies to run side by side (corral,starcluster)");
    app.add_option("--slots-per-node", o->slots_per_node, "slots of each node (default 1)");
    app.add_option("--boot-time", o->boot_time,
                   "seconds from launch until a node takes jobs, billed (default 97)");
    app.add_option("--billing", o->billing,
                   "per-second (60 s minimum per node, default) or hourly");
    app.add_option("--max-nodes", o->max_nodes, "most nodes, master included (default: no cap)");
    app.add_option("--min-nodes", o->min_nodes, "fewest nodes, master included (default 1)");
    app.add_option("--idle-time", o->idle_time,
                   "corral: seconds a node stays idle before removal (default 300)");
    app.add_option("--interval", o->interval, "seconds between polls (default 60)");
    app.add_option("--wait-time", o->wait_time,
                   "seconds the oldest job waits before growth (starcluster 900, corral 0)");
    app.add_option("--add-nodes-per-iteration", o->add_nodes,
                   "nodes added per poll at most (starcluster 1, corral 0: no limit)");
    app.add_option("--stabilization-time", o->stabilization_time,
                   "seconds without changes after one (starcluster 180, corral 0)");
    app.add_option("--kill-after", o->kill_after,
                   "starcluster: minutes past the hour of uptime before removal (default 45)");
    app.add_option("--plot", o->plot, "write an SVG of nodes and queued slots over time");
    app.add_flag("--json", o->json, "print JSON");
    return [o](CliContext& ctx) { return RunSimulate(ctx, *o); };
  };
  return c;
}

// ---- loadbalance ----

struct LoadBalanceOptions {
  std::string tag;
  std::string policy = "corral";
  std::optional<double> interval, wait_time, stabilization_time, kill_after, idle_time;
  std::optional<int> max_nodes, min_nodes, add_nodes;
  int lookback_window = 3;
  bool kill_master = false;
  bool dump_stats = false, plot_stats = false;
  std::string stats_file, plot_dir, log_file;
  int max_iterations = 0;
  bool daemon = false, here = false, status = false, stop = false;
  double stop_wait = 900;
};

// The cluster through the cloud (its nodes), the scheduler (its queue) and the addnode/removenode
// workflows (changes). Every call reopens the session, so config edits and new nodes are seen.
class LiveTarget : public BalancerTarget {
 public:
  LiveTarget(CliContext& ctx, std::string tag) : ctx_(ctx), tag_(std::move(tag)) {}

  Result<ClusterSnapshot> Nodes() override {
    ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx_));
    ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag_, &s.config));
    ClusterSnapshot snap;
    snap.new_node_type = cluster.settings.node_instance_type;
    for (const Instance& n : cluster.nodes) {
      if (n.state != InstanceState::kPending && n.state != InstanceState::kRunning) continue;
      NodeLoad load;
      load.alias = n.Alias();
      load.instance_type = n.instance_type;
      load.is_master = IsMasterAlias(load.alias);
      load.launch_time = static_cast<double>(n.launch_time);
      snap.nodes.push_back(load);
    }
    return snap;
  }

  Result<QueueSnapshot> Queue() override {
    ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx_));
    ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag_, &s.config));
    ASSIGN_OR_RETURN(ClusterInfo info, BuildClusterInfo(s, cluster));
    const std::string& name = info.settings.scheduler;
    std::unique_ptr<Scheduler> scheduler = NewScheduler(name, ctx_.clock);
    if (!scheduler) return InvalidArgument("scheduler '" + name + "' is not available");
    std::unique_ptr<Remote> remote = OpenRemote(ctx_);
    Result<QueueSnapshot> q = scheduler->Snapshot(info, *remote);
    remote->CloseConnections();
    return q;
  }

  // Grid Engine: `qacct -j -b` on the master, in UTC (qacct_parser.h). -b selects by start time.
  Result<std::vector<FinishedJob>> FinishedJobs(double since) override {
    ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx_));
    ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(tag_, &s.config));
    if (cluster.settings.scheduler != "sge") return BalancerTarget::FinishedJobs(since);
    ASSIGN_OR_RETURN(const Instance* master, RunningNode(cluster, "master"));
    ASSIGN_OR_RETURN(RemoteHost host, NodeHost(s, cluster, *master));
    std::unique_ptr<Remote> remote = OpenRemote(ctx_);
    Result<RemoteResult> r = remote->Run(host, SgeQacctCommand(since));
    remote->CloseConnections();
    if (!r.ok()) return r.status();
    if (!r->success()) return Unavailable("qacct failed: " + Trim(r->err));
    ASSIGN_OR_RETURN(std::vector<QacctRecord> records, ParseQacct(r->out));
    std::vector<FinishedJob> jobs;
    for (const QacctRecord& q : records) {
      if (q.start_time <= 0) continue;  // never ran (failed before start)
      jobs.push_back({.id = q.id,
                      .submit_time = q.submit_time,
                      .start_time = q.start_time,
                      .end_time = q.end_time});
    }
    return jobs;
  }

  Status Add(int n, const std::string& instance_type) override {
    AddNodeFlags f;
    f.tag = tag_;
    f.num_nodes = n;
    f.instance_type = instance_type;
    return AddNodes(ctx_, f).status();
  }

  Status Remove(const std::vector<std::string>& aliases) override {
    RemoveNodeFlags f;
    f.tag = tag_;
    f.num_nodes = static_cast<int>(aliases.size());
    f.aliases = aliases;
    f.confirm = true;  // the balancer's decision is the confirmation; busy nodes are refused
    return RemoveNodes(ctx_, f).status();
  }

 private:
  CliContext& ctx_;
  std::string tag_;
};

std::atomic<bool> g_stop{false};
extern "C" void OnStopSignal(int) { g_stop = true; }

// Opens `path` for appending, creating its directory.
Result<std::unique_ptr<std::ofstream>> OpenAppend(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash != std::string::npos && slash > 0) RETURN_IF_ERROR(MakeDirs(path.substr(0, slash)));
  auto f = std::make_unique<std::ofstream>(path, std::ios::app);
  if (!*f) return InvalidArgument("cannot write " + path);
  return f;
}

// The balancing flags the user gave, for the corral on the master.
std::vector<std::string> ForwardedArgs(const LoadBalanceOptions& o) {
  std::vector<std::string> a = {"--policy", o.policy};
  auto num = [&a](const char* flag, const auto& v) {
    if (v) a.insert(a.end(), {flag, fmt::format("{}", *v)});
  };
  num("--interval", o.interval);
  num("--max_nodes", o.max_nodes);
  num("--min_nodes", o.min_nodes);
  num("--job_wait_time", o.wait_time);
  num("--add_nodes_per_iteration", o.add_nodes);
  num("--kill_after", o.kill_after);
  num("--stabilization_time", o.stabilization_time);
  num("--idle-time", o.idle_time);
  a.insert(a.end(), {"--lookback_window", std::to_string(o.lookback_window)});
  if (o.dump_stats) a.push_back("--dump-stats");
  if (!o.stats_file.empty()) a.insert(a.end(), {"--dump-stats-file", o.stats_file});
  if (o.plot_stats) a.push_back("--plot-stats");
  if (!o.plot_dir.empty()) a.insert(a.end(), {"--plot-output-dir", o.plot_dir});
  if (!o.log_file.empty()) a.insert(a.end(), {"--log", o.log_file});
  if (o.max_iterations) a.insert(a.end(), {"--max-iterations", std::to_string(o.max_iterations)});
  return a;
}

Result<Policy> LoadBalancePolicy(const LoadBalanceOptions& o) {
  ASSIGN_OR_RETURN(Policy p, PolicyByName(o.policy));
  if (o.interval) p.interval = *o.interval;
  if (o.wait_time) p.wait_time = *o.wait_time;
  if (o.stabilization_time) p.stabilization_time = *o.stabilization_time;
  if (o.kill_after) p.kill_after_minutes = *o.kill_after;
  if (o.idle_time) p.idle_time = *o.idle_time;
  if (o.add_nodes) p.add_nodes_per_iteration = *o.add_nodes;
  if (o.min_nodes) p.min_nodes = *o.min_nodes;
  if (o.max_iterations < 0) return InvalidArgument("--max-iterations must not be negative");
  if (o.lookback_window < 1)
    return InvalidArgument("-l/--lookback_window must be at least 1 (hours)");
  return p;
}

// Records, for --status, what the balancer holding the lock writes where.
void WriteBalancerState(CliContext& ctx, const BalancerFiles& f, bool detached,
                        const std::string& decisions, const std::string& stats,
                        const std::string& plot) {
  nlohmann::json j = {{"pid", static_cast<long long>(getpid())},
                      {"detached", detached},
                      {"started", FormatIso8601(ctx.clock->Now())},
                      {"decisions", decisions},
                      {"output", detached ? f.output : ""},
                      {"stats", stats},
                      {"plot", plot}};
  Status st = WriteFileAtomic(f.state, j.dump() + "\n", 0600);
  if (!st.ok()) ctx.log->Warn("Could not record the balancer's state: " + st.message());
}

Result<int> RunLoadBalance(CliContext& ctx, const LoadBalanceOptions& o) {
  if (o.status + o.stop + o.daemon > 1) {
    return InvalidArgument("--daemon, --status and --stop cannot be combined");
  }
  if (o.here && !o.daemon) return InvalidArgument("--here goes with --daemon");
  if (o.status) return ShowBalancerStatus(ctx, o.tag);
  if (o.stop) {
    if (o.stop_wait < 0) return InvalidArgument("--stop-wait must not be negative");
    return StopBalancer(ctx, o.tag, o.stop_wait);
  }
  ASSIGN_OR_RETURN(Policy p, LoadBalancePolicy(o));
  bool detach_here = false;
  {
    // Defaults from the cluster: -m is CLUSTER_SIZE, as StarCluster; the cluster must exist.
    ASSIGN_OR_RETURN(ClusterSession s, OpenSession(ctx));
    ASSIGN_OR_RETURN(ClusterState cluster, s.manager->Get(o.tag, &s.config));
    RETURN_IF_ERROR(RunningNode(cluster, "master").status());
    p.max_nodes = o.max_nodes ? *o.max_nodes : cluster.settings.cluster_size;
    if (p.min_nodes < 1) return InvalidArgument("-n/--min_nodes must be at least 1 (the master)");
    RETURN_IF_ERROR(ValidatePolicy(p));
    // The local provider's nodes are namespaces only the host can manage: its daemon stays here.
    detach_here = o.daemon && (o.here || OnMaster(ctx) || s.cloud->Name() == "local");
    if (o.daemon && !detach_here) return StartMasterBalancer(ctx, s, cluster, ForwardedArgs(o));
    RETURN_IF_ERROR(CheckNoMasterBalancer(ctx, s, cluster));
  }
  if (o.kill_master) {
    ctx.log->Warn(
        "-K/--kill-master is accepted for compatibility; corral never removes the master");
  }
  std::string base = ExpandUser("~/.corral", ctx.env);
  BalancerFiles files = BalancerFilesFor(ctx, o.tag);
  std::string log_path = ExpandUser(o.log_file.empty() ? files.decisions : o.log_file, ctx.env);
  std::string stats_path;
  if (o.dump_stats || !o.stats_file.empty()) {
    stats_path = ExpandUser(
        o.stats_file.empty() ? base + "/sge/" + o.tag + "/sge-stats.csv" : o.stats_file, ctx.env);
  }
  bool plot = o.plot_stats || !o.plot_dir.empty();
  std::string plot_path =
      plot ? ExpandUser((o.plot_dir.empty() ? base + "/sge/" + o.tag : o.plot_dir), ctx.env) +
                 "/loadbalance.svg"
           : "";

  Detached detached;
  if (detach_here) {
    // Refused here already, so the user sees the lock error rather than a dead daemon.
    ASSIGN_OR_RETURN(long long holder, BalancerLockHolder(files.lock));
    if (holder != 0) RETURN_IF_ERROR(BalancerLock::Acquire(files.lock).status());
    RETURN_IF_ERROR(MakeDirs(files.output.substr(0, files.output.find_last_of('/')), 0700));
    ASSIGN_OR_RETURN(detached, DetachBalancer(files.output));
    if (!detached.in_daemon) {
      *ctx.out << "cluster " << o.tag << ": balancer started "
               << (OnMaster(ctx) ? "on the master" : "on this host") << " (pid " << detached.pid
               << ")\n  decisions: " << log_path << "\n  output:    " << files.output << "\n";
      ctx.log->Info("See it with 'corral loadbalance " + o.tag +
                    " --status', end it with '--stop'");
      return 0;
    }
  }
  // In a daemon every failure from here on is also reported to the waiting parent.
  auto started = [&](Status st) {
    ReportStarted(detached.report_fd, st);
    return st;
  };
  Result<BalancerLock> lock = BalancerLock::Acquire(files.lock);
  if (!lock.ok()) return started(lock.status());
  Result<std::unique_ptr<std::ofstream>> decisions = OpenAppend(log_path);
  if (!decisions.ok()) return started(decisions.status());
  std::unique_ptr<std::ofstream> stats;
  if (!stats_path.empty()) {
    Result<std::unique_ptr<std::ofstream>> f = OpenAppend(stats_path);
    if (!f.ok()) return started(f.status());
    stats = std::move(*f);
  }
  WriteBalancerState(ctx, files, detached.in_daemon, log_path, stats_path, plot_path);

  LiveTarget target(ctx, o.tag);
  BalancerLoop loop(target, *ctx.clock, *ctx.log,
                    {.policy = p,
                     .max_iterations = o.max_iterations,
                     .decisions = decisions->get(),
                     .stats_csv = stats.get(),
                     .stats_window = o.lookback_window * 3600.0,
                     .record_timeline = plot,
                     .plot_path = plot_path,
                     .plot_title = "cluster " + o.tag});
  g_stop = false;
  struct sigaction sa = {};
  sa.sa_handler = OnStopSignal;
  sigemptyset(&sa.sa_mask);
  struct sigaction old_int, old_term;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  ctx.log->Info("Balancing cluster " + o.tag + " with the " + o.policy + " policy every " +
                fmt::format("{:g}", p.interval) + " s (" + std::to_string(p.min_nodes) + " to " +
                std::to_string(p.max_nodes) + " nodes); decisions are logged to " + log_path);
  (void)started(Status::Ok());
  Status st = loop.Run(g_stop);
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  if (plot && !loop.timeline().empty()) ctx.log->Info("Plot written to " + plot_path);
  RETURN_IF_ERROR(st);
  ctx.log->Info(g_stop ? "Stopped by signal" : "Done");
  return 0;
}

Command LoadBalanceCommand() {
  Command c;
  c.name = "loadbalance";
  c.aliases = {"bal"};
  c.args = "<cluster_tag>";
  c.summary = "Grow and shrink a running cluster with its queue";
  c.description =
      "Polls the cluster's queue every interval and adds nodes when work waits or removes nodes\n"
      "idle for long enough, with the same decision function as 'simulate'. Every decision and\n"
      "its reason is appended as one JSON line to ~/.corral/logs/<tag>-balancer.jsonl (--log).\n"
      "Runs until Ctrl-C/SIGTERM (the current step finishes first) or --max-iterations, or\n"
      "detached with --daemon: on the master for EC2 (corral, the cluster key and a config are\n"
      "copied there), on this host for the local provider. --status shows the running balancer\n"
      "and where its logs are; --stop ends it. Only one balancer may run per cluster (lock\n"
      "~/.corral/locks/<tag>-balancer.lock, or $CORRAL_STATE_DIR/locks/ when that is set; on the\n"
      "master /root/.corral/locks/). No ENABLE_EXPERIMENTAL setting is needed. See\n"
      "docs/elasticity.md.";
  c.define = [](CLI::App& app) -> CommandRun {
    auto o = std::make_shared<LoadBalanceOptions>();
    app.add_option("cluster_tag", o->tag, "the cluster to balance")->required();
    app.add_option("-i,--interval", o->interval, "seconds between polls (default 60)");
    app.add_option("-m,--max_nodes", o->max_nodes,
                   "most nodes, master included (default: the cluster's CLUSTER_SIZE)");
    app.add_option("-n,--min_nodes", o->min_nodes, "fewest nodes, master included (default 1)");
    app.add_option("-w,--job_wait_time", o->wait_time,
                   "seconds the oldest job waits before growth (starcluster 900, corral 0)");
    app.add_option("-a,--add_nodes_per_iteration", o->add_nodes,
                   "nodes added per poll at most (starcluster 1, corral 0: no limit)");
    app.add_option("-k,--kill_after", o->kill_after,
                   "starcluster: minutes past the hour of uptime before removal (default 45)");
    app.add_option("-s,--stabilization_time", o->stabilization_time,
                   "seconds without changes after one (starcluster 180, corral 0)");
    app.add_option("-l,--lookback_window", o->lookback_window,
                   "hours of finished jobs (qacct) the stats CSV averages (default 3)");
    app.add_flag("-K,--kill-master,--kill-cluster", o->kill_master,
                 "accepted for compatibility; corral never removes the master nor\n"
                 "terminates the cluster");
    app.add_flag("-d,--dump-stats", o->dump_stats, "append StarCluster's stats CSV each poll");
    app.add_option("-D,--dump-stats-file", o->stats_file,
                   "stats CSV path (default ~/.corral/sge/<tag>/sge-stats.csv)");
    app.add_flag("-p,--plot-stats", o->plot_stats,
                 "write an SVG of nodes, running and queued slots, redrawn every poll");
    app.add_option("-P,--plot-output-dir", o->plot_dir,
                   "directory of loadbalance.svg (default ~/.corral/sge/<tag>)");
    app.add_option("--policy", o->policy, "scaling policy: corral (default) or starcluster");
    app.add_option("--idle-time", o->idle_time,
                   "corral: seconds a node stays idle before removal (default 300)");
    app.add_option("--log", o->log_file,
                   "JSON-lines decision log (default ~/.corral/logs/<tag>-balancer.jsonl)");
    app.add_option("--max-iterations", o->max_iterations, "stop after N polls (default 0: never)");
    app.add_flag("--daemon", o->daemon,
                 "run detached: on the master (EC2) or on this host (local provider)");
    app.add_flag("--here", o->here, "with --daemon: run detached on this host, also for EC2");
    app.add_flag("--status", o->status,
                 "show the cluster's running balancer, its logs and last decision");
    app.add_flag("--stop", o->stop,
                 "stop the cluster's running balancer (SIGTERM) and wait for it");
    app.add_option("--stop-wait", o->stop_wait,
                   "seconds --stop waits for the current step to finish (default 900)");
    return [o](CliContext& ctx) { return RunLoadBalance(ctx, *o); };
  };
  return c;
}

}  // namespace

std::vector<Command> BalanceCommands() { return {SimulateCommand(), LoadBalanceCommand()}; }

}  // namespace corral
