// Plots of simulated runs as a standalone SVG: per policy, cluster size (nodes, booting) and
// queued slots over time. Long timelines are reduced to one value per pixel column (the column's
// maximum) so the file stays small whatever the trace length.
#ifndef CORRAL_BALANCE_SVG_PLOT_H_
#define CORRAL_BALANCE_SVG_PLOT_H_

#include <string>
#include <vector>

#include "balance/simulator.h"

namespace corral {

// `title` heads the picture (the trace name); each result needs its timeline recorded.
std::string RenderSimulationSvg(const std::string& title, const std::vector<SimResult>& results);

}  // namespace corral

#endif  // CORRAL_BALANCE_SVG_PLOT_H_
