#include "balance/svg_plot.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <sstream>

namespace corral {
namespace {

constexpr int kWidth = 900;  // plot area, pixels
constexpr int kPanel = 160;  // height of one chart
constexpr int kLeft = 70;    // room for the y labels
constexpr int kGap = 50;     // between charts (title line)

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else
      out += c;
  }
  return out;
}

// The maximum of `value` per pixel column; a column without samples keeps the last value.
std::vector<double> Columns(const std::vector<TimelinePoint>& tl, double start, double end,
                            const std::function<double(const TimelinePoint&)>& value) {
  std::vector<double> col(kWidth, -1);
  double span = std::max(end - start, 1.0);
  for (size_t i = 0; i < tl.size(); ++i) {
    double next = i + 1 < tl.size() ? tl[i + 1].time : end;
    int a = std::clamp(static_cast<int>((tl[i].time - start) / span * kWidth), 0, kWidth - 1);
    int b = std::clamp(static_cast<int>((next - start) / span * kWidth), a, kWidth - 1);
    for (int x = a; x <= b; ++x) col[x] = std::max(col[x], value(tl[i]));
  }
  double last = 0;
  for (double& v : col) {
    if (v < 0) v = last;
    last = v;
  }
  return col;
}

void Chart(std::ostringstream& svg, int top, const std::string& label,
           const std::vector<std::pair<std::vector<double>, std::string>>& series) {
  double ymax = 1;
  for (const auto& s : series) {
    for (double v : s.first) ymax = std::max(ymax, v);
  }
  svg << "<text x=\"" << kLeft << "\" y=\"" << top - 8 << "\" font-size=\"13\">" << Escape(label)
      << "</text>\n";
  svg << "<rect x=\"" << kLeft << "\" y=\"" << top << "\" width=\"" << kWidth << "\" height=\""
      << kPanel << "\" fill=\"none\" stroke=\"#888\"/>\n";
  svg << "<text x=\"" << kLeft - 6 << "\" y=\"" << top + 10
      << "\" font-size=\"11\" text-anchor=\"end\">" << static_cast<long long>(std::ceil(ymax))
      << "</text>\n";
  svg << "<text x=\"" << kLeft - 6 << "\" y=\"" << top + kPanel
      << "\" font-size=\"11\" text-anchor=\"end\">0</text>\n";
  for (const auto& [values, color] : series) {
    svg << "<polyline fill=\"none\" stroke=\"" << color << "\" stroke-width=\"1\" points=\"";
    for (int x = 0; x < kWidth; ++x) {
      double y = top + kPanel - values[x] / ymax * kPanel;
      svg << kLeft + x << "," << std::round(y * 10) / 10 << (x + 1 < kWidth ? " " : "");
    }
    svg << "\"/>\n";
  }
}

}  // namespace

std::string RenderSimulationSvg(const std::string& title, const std::vector<SimResult>& results) {
  double start = 0, end = 1;
  bool first = true;
  for (const SimResult& r : results) {
    if (r.timeline.empty()) continue;
    start = first ? r.timeline.front().time : std::min(start, r.timeline.front().time);
    end = first ? r.end : std::max(end, r.end);
    first = false;
  }
  int charts = static_cast<int>(results.size()) * 2;
  int height = 40 + charts * (kPanel + kGap) + 30;
  std::ostringstream svg;
  svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << kLeft + kWidth + 20
      << "\" height=\"" << height << "\" font-family=\"sans-serif\">\n";
  svg << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  svg << "<text x=\"" << kLeft << "\" y=\"24\" font-size=\"16\">" << Escape(title) << " ("
      << std::round((end - start) / 86400 * 10) / 10 << " days)</text>\n";
  int top = 40 + kGap;
  for (const SimResult& r : results) {
    auto nodes = Columns(r.timeline, start, end, [](const TimelinePoint& p) { return p.nodes; });
    auto boot = Columns(r.timeline, start, end, [](const TimelinePoint& p) { return p.booting; });
    auto queued =
        Columns(r.timeline, start, end, [](const TimelinePoint& p) { return p.queued_slots; });
    auto used =
        Columns(r.timeline, start, end, [](const TimelinePoint& p) { return p.used_slots; });
    Chart(svg, top, r.policy + ": nodes (blue), booting (orange)",
          {{nodes, "#1f77b4"}, {boot, "#ff7f0e"}});
    top += kPanel + kGap;
    Chart(svg, top, r.policy + ": queued slots (red), running slots (green)",
          {{queued, "#d62728"}, {used, "#2ca02c"}});
    top += kPanel + kGap;
  }
  svg << "</svg>\n";
  return svg.str();
}

}  // namespace corral
