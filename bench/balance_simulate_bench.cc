// Simulation speed of `corral simulate` on the LANL-CM5 trace (122k jobs, 32 slots per node),
// in jobs per second (the items_per_second column). Goal: the whole trace in under 2 s.
// Also the time to read and parse the gzip trace itself.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "balance/simulator.h"
#include "balance/swf_reader.h"

namespace corral {
namespace {

const std::string& LanlPath() {
  static const std::string path =
      std::string(CORRAL_SHARED_DIR) + "/traces/LANL-CM5-1994-4.1-cln.swf.gz";
  return path;
}

const Workload& Lanl() {
  static const Workload w = [] {
    Result<SwfTrace> t = ReadSwfFile(LanlPath());
    if (!t.ok()) {
      std::fprintf(stderr, "%s\n", t.status().message().c_str());
      std::exit(1);
    }
    return WorkloadFromSwf(*t, 32, 0);
  }();
  return w;
}

void BM_ReadLanlTrace(benchmark::State& state) {
  size_t jobs = 0;
  for (auto _ : state) {
    Result<SwfTrace> t = ReadSwfFile(LanlPath());
    jobs = t.ok() ? t->jobs.size() : 0;
    benchmark::DoNotOptimize(jobs);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * jobs));
}
BENCHMARK(BM_ReadLanlTrace)->Unit(benchmark::kMillisecond);

// range(0): 0 corral, 1 starcluster; range(1): max nodes (0: unbounded).
void BM_SimulateLanl(benchmark::State& state) {
  const Workload& w = Lanl();
  SimOptions o;
  o.policy = DefaultPolicy(state.range(0) == 0 ? PolicyKind::kCorral : PolicyKind::kStarCluster);
  o.policy.max_nodes = static_cast<int>(state.range(1));
  o.slots_per_node = 32;
  o.boot_time = 97;
  for (auto _ : state) {
    SimResult r = Simulate(w.jobs, o);
    benchmark::DoNotOptimize(r.billed);
    state.counters["polls"] = static_cast<double>(r.polls);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * w.jobs.size()));
  state.SetLabel(std::string(PolicyName(o.policy.kind)) + ", " + std::to_string(w.jobs.size()) +
                 " jobs");
}
BENCHMARK(BM_SimulateLanl)
    ->Args({0, 0})
    ->Args({0, 64})
    ->Args({1, 64})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace corral

BENCHMARK_MAIN();
