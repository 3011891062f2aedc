// How `corral simulate` prints results: a text table with one column per policy, or JSON.
#ifndef CORRAL_BALANCE_SIM_REPORT_H_
#define CORRAL_BALANCE_SIM_REPORT_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "balance/simulator.h"

namespace corral {

struct SimRun {
  std::string trace;      // file name as given
  long long records = 0;  // data lines in the trace
  long long dropped_invalid = 0;
  long long dropped_too_large = 0;
  int slots_per_node = 1;
  double boot_time = 0;
  Billing billing = Billing::kPerSecond;
  int max_nodes = 0;  // 0: unbounded
  int min_nodes = 1;
  std::vector<SimResult> results;  // one per policy, same workload
};

std::string FormatSimText(const SimRun& run);
nlohmann::json SimToJson(const SimRun& run);

}  // namespace corral

#endif  // CORRAL_BALANCE_SIM_REPORT_H_
