#include "balance/sim_report.h"

#include <fmt/format.h>

#include <algorithm>

namespace corral {
namespace {

constexpr double kHour = 3600;

const char* BillingName(Billing b) { return b == Billing::kHourly ? "hourly" : "per-second"; }

// LB_0 bounds zero-wait schedules; a cap below the zero-wait peak forces waits, so it says
// nothing about capped runs.
bool ZeroWaitBoundApplies(const SimRun& run, const SimResult& r) {
  return run.max_nodes == 0 || run.max_nodes >= r.bounds.peak_nodes;
}

std::string Row(const std::string& label, const std::vector<std::string>& cells) {
  std::string line = fmt::format("{:<28}", label);
  for (const std::string& c : cells) line += fmt::format("{:>16}", c);
  return line + "\n";
}

template <typename F>
std::vector<std::string> Cells(const SimRun& run, F f) {
  std::vector<std::string> out;
  for (const SimResult& r : run.results) out.push_back(f(r));
  return out;
}

std::string Hours(double s) { return fmt::format("{:.0f}", s / kHour); }
std::string Secs(double s) { return fmt::format("{:.0f}", s); }
std::string Pct(double x) { return fmt::format("{:.1f}%", x * 100); }

}  // namespace

std::string FormatSimText(const SimRun& run) {
  std::string out;
  long long kept =
      run.results.empty() ? 0 : run.results.front().jobs + run.results.front().unstarted;
  out += fmt::format(
      "trace: {}, {} jobs replayed ({} dropped without runtime or processors, {} "
      "larger than max nodes)\n",
      run.trace, kept, run.dropped_invalid, run.dropped_too_large);
  out += fmt::format(
      "model: {} slots per node, boot {} s, {} billing, max nodes {}, min nodes {}"
      "\n\n",
      run.slots_per_node, Secs(run.boot_time), BillingName(run.billing),
      run.max_nodes > 0 ? std::to_string(run.max_nodes) : "unbounded", run.min_nodes);
  out += Row("policy", Cells(run, [](const SimResult& r) { return r.policy; }));
  out += Row("billed node-hours", Cells(run, [](const SimResult& r) { return Hours(r.billed); }));
  out += Row("  busy", Cells(run, [](const SimResult& r) { return Hours(r.busy); }));
  out += Row("  boot", Cells(run, [](const SimResult& r) { return Hours(r.boot); }));
  out += Row("  idle", Cells(run, [](const SimResult& r) { return Hours(r.idle); }));
  out +=
      Row("  billing rounding", Cells(run, [](const SimResult& r) { return Hours(r.rounding); }));
  out += Row("  of which master", Cells(run, [](const SimResult& r) { return Hours(r.master); }));
  out += Row("cost / LB_any", Cells(run, [](const SimResult& r) {
               return fmt::format("{:.3f}", r.billed / std::max(r.bounds.lb_any, 1.0));
             }));
  out += Row("cost / LB_0", Cells(run, [&](const SimResult& r) {
               if (!ZeroWaitBoundApplies(run, r)) return std::string("n/a (capped)");
               return fmt::format("{:.3f}", r.billed / std::max(r.bounds.lb_0, 1.0));
             }));
  out +=
      Row("idle share",
          Cells(run, [](const SimResult& r) { return Pct(r.billed > 0 ? r.idle / r.billed : 0); }));
  out += Row("wait mean (s)", Cells(run, [](const SimResult& r) { return Secs(r.wait_mean); }));
  out += Row("wait median (s)", Cells(run, [](const SimResult& r) { return Secs(r.wait_median); }));
  out += Row("wait p95 (s)", Cells(run, [](const SimResult& r) { return Secs(r.wait_p95); }));
  out += Row("wait max (s)", Cells(run, [](const SimResult& r) { return Secs(r.wait_max); }));
  out += Row("jobs waiting > 900 s",
             Cells(run, [](const SimResult& r) { return Pct(r.waited_900_share); }));
  out +=
      Row("bounded slowdown",
          Cells(run, [](const SimResult& r) { return fmt::format("{:.2f}", r.bounded_slowdown); }));
  out += Row("nodes added / removed", Cells(run, [](const SimResult& r) {
               return fmt::format("{} / {}", r.nodes_added, r.nodes_removed);
             }));
  out += Row("scale-out / scale-in events", Cells(run, [](const SimResult& r) {
               return fmt::format("{} / {}", r.add_decisions, r.remove_decisions);
             }));
  out += Row("peak nodes",
             Cells(run, [](const SimResult& r) { return std::to_string(r.peak_nodes); }));
  for (const SimResult& r : run.results) {
    if (r.unstarted > 0) {
      out += fmt::format("warning: {}: {} jobs never started\n", r.policy, r.unstarted);
    }
  }
  if (!run.results.empty()) {
    const LowerBounds& b = run.results.front().bounds;
    out += fmt::format(
        "\nlower bounds: W/C {} node-hours, LB_any {}, LB_0 {} (zero-wait peak {} "
        "nodes)\n",
        Hours(b.work_node_seconds), Hours(b.lb_any), Hours(b.lb_0), b.peak_nodes);
  }
  return out;
}

nlohmann::json SimToJson(const SimRun& run) {
  nlohmann::json j;
  j["trace"] = run.trace;
  j["records"] = run.records;
  j["dropped_invalid"] = run.dropped_invalid;
  j["dropped_too_large"] = run.dropped_too_large;
  j["model"] = {{"slots_per_node", run.slots_per_node},
                {"boot_time", run.boot_time},
                {"billing", BillingName(run.billing)},
                {"max_nodes", run.max_nodes},
                {"min_nodes", run.min_nodes}};
  j["policies"] = nlohmann::json::array();
  for (const SimResult& r : run.results) {
    nlohmann::json p;
    p["policy"] = r.policy;
    p["jobs"] = r.jobs;
    p["unstarted"] = r.unstarted;
    p["node_hours"] = {{"billed", r.billed / kHour},     {"busy", r.busy / kHour},
                       {"boot", r.boot / kHour},         {"idle", r.idle / kHour},
                       {"rounding", r.rounding / kHour}, {"master", r.master / kHour}};
    p["bounds"] = {{"work_node_hours", r.bounds.work_node_seconds / kHour},
                   {"lb_any_node_hours", r.bounds.lb_any / kHour},
                   {"lb_0_node_hours", r.bounds.lb_0 / kHour},
                   {"zero_wait_peak_nodes", r.bounds.peak_nodes}};
    p["ratio_lb_any"] = r.billed / std::max(r.bounds.lb_any, 1.0);
    p["ratio_lb_0"] = ZeroWaitBoundApplies(run, r)
                          ? nlohmann::json(r.billed / std::max(r.bounds.lb_0, 1.0))
                          : nlohmann::json(nullptr);
    p["idle_share"] = r.billed > 0 ? r.idle / r.billed : 0;
    p["wait"] = {{"mean", r.wait_mean},
                 {"median", r.wait_median},
                 {"p95", r.wait_p95},
                 {"max", r.wait_max},
                 {"share_over_0", r.waited_share},
                 {"share_over_900", r.waited_900_share}};
    p["bounded_slowdown"] = r.bounded_slowdown;
    p["scaling"] = {{"add_decisions", r.add_decisions},
                    {"nodes_added", r.nodes_added},
                    {"remove_decisions", r.remove_decisions},
                    {"nodes_removed", r.nodes_removed},
                    {"peak_nodes", r.peak_nodes},
                    {"polls", r.polls}};
    j["policies"].push_back(std::move(p));
  }
  return j;
}

}  // namespace corral
