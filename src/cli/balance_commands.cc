// `corral simulate TRACE`: replays an SWF workload trace through the scaling policies (the same
// Decide() the live balancer uses) and prints cost and wait figures. It needs no config file.
// (`loadbalance`, the live loop, is wired here once the cluster layer exists.)
#include <memory>
#include <optional>
#include <ostream>

#include "balance/sim_report.h"
#include "balance/simulator.h"
#include "balance/svg_plot.h"
#include "balance/swf_reader.h"
#include "cli/command.h"
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

}  // namespace

std::vector<Command> BalanceCommands() { return {SimulateCommand()}; }

}  // namespace corral
