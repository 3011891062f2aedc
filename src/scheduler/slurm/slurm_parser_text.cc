// The `|`-separated text fallbacks of slurm_parser.h (squeue -o, sinfo -N -o).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <utility>

#include "scheduler/sge/qstat_parser.h"
#include "scheduler/slurm/slurm_parser.h"
#include "scheduler/slurm/slurm_parser_internal.h"
#include "util/strings.h"

namespace corral {
namespace {

using namespace slurm_internal;

// One data line of the output, its fields keyed by conversion letter ('i' for "%i").
struct Record {
  std::string where;  // "squeue line 3", for errors
  std::map<char, std::string> fields;
  bool Has(char c) const { return fields.count(c) > 0; }
  std::string Get(char c) const {
    auto it = fields.find(c);
    return it == fields.end() ? "" : it->second;
  }
};

// "%i|%.18P|%j" -> "iPj".
Result<std::string> FormatLetters(std::string_view format) {
  std::string letters;
  for (const std::string& spec : Split(format, '|')) {
    size_t i = 1;
    if (i < spec.size() && spec[i] == '.') ++i;
    while (i < spec.size() && std::isdigit(static_cast<unsigned char>(spec[i]))) ++i;
    if (spec.empty() || spec[0] != '%' || i + 1 != spec.size() ||
        !std::isalpha(static_cast<unsigned char>(spec[i]))) {
      return InvalidArgument("unsupported output format '" + Excerpt(format) + "' at '" + spec +
                             "'");
    }
    letters += spec[i];
  }
  return letters;
}

// The header that squeue/sinfo print without -h ("JOBID|PARTITION|..."): every data line has a
// digit (job id, CPU count) or a lower-case letter.
bool IsHeader(std::string_view line) {
  return std::none_of(line.begin(), line.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) ||
           std::islower(static_cast<unsigned char>(c));
  });
}

// Splits `text` into records of `format`. Surplus '|' belong to the field of `free_text` (a job
// name or node reason, which users choose).
Result<std::vector<Record>> ReadRecords(std::string_view text, std::string_view format,
                                        char free_text, const std::string& what) {
  ASSIGN_OR_RETURN(std::string letters, FormatLetters(format));
  size_t free_col = letters.find(free_text);
  std::vector<Record> out;
  bool first = true;
  std::vector<std::string> lines = Split(text, '\n');
  for (size_t n = 0; n < lines.size(); ++n) {
    std::string line = lines[n];
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (Trim(line).empty()) continue;
    if (std::exchange(first, false) && IsHeader(line)) continue;
    std::vector<std::string> fields = Split(line, '|');
    Record r{.where = what + " line " + std::to_string(n + 1)};
    if (fields.size() > letters.size() && free_col != std::string::npos) {
      auto begin = fields.begin() + static_cast<long>(free_col);
      auto end = begin + static_cast<long>(fields.size() - letters.size() + 1);
      *begin = Join(std::vector<std::string>(begin, end), "|");
      fields.erase(begin + 1, end);
    }
    if (fields.size() != letters.size()) {
      return InvalidArgument(r.where + ": " + std::to_string(fields.size()) +
                             " fields, format has " + std::to_string(letters.size()) + ": '" +
                             Excerpt(line) + "'");
    }
    for (size_t i = 0; i < fields.size(); ++i) r.fields[letters[i]] = Trim(fields[i]);
    out.push_back(std::move(r));
  }
  return out;
}

bool Unset(std::string_view v) { return v.empty() || v == "N/A" || v == "(null)"; }

// A count field ("4", or "1-3" for a range of which the least counts); `fallback` when unset.
Result<int> Count(const Record& r, char c, int fallback) {
  std::string v = r.Get(c);
  if (Unset(v)) return fallback;
  std::optional<long long> n = ParseInt(v.substr(0, v.find('-', 1)));
  if (!n || *n < 0) return InvalidArgument(r.where + ": bad %" + c + " '" + Excerpt(v) + "'");
  return ClampToInt(*n, 0);
}

// Epoch seconds (SLURM_TIME_FORMAT=%s) or the default ISO local time.
Result<double> Time(const Record& r, char c, int utc_offset) {
  std::string v = r.Get(c);
  if (Unset(v) || v == "Unknown" || v == "None") return 0.0;
  std::optional<long long> epoch = ParseInt(v);
  if (epoch && *epoch >= 0) return static_cast<double>(*epoch);
  Result<double> t = ParseSgeTime(v, utc_offset);  // the same form as Grid Engine's
  if (!t.ok()) return InvalidArgument(r.where + ": bad time '" + Excerpt(v) + "'");
  return t;
}

Result<JobInfo> TextJob(const Record& r, int utc_offset) {
  JobInfo job;
  job.id = r.Get('i');
  if (job.id.empty()) return InvalidArgument(r.where + ": no job id");
  size_t underscore = job.id.find('_');
  if (underscore != std::string::npos) {
    std::string task = job.id.substr(underscore + 1);
    job.id.resize(underscore);
    if (task.size() >= 2 && task.front() == '[' && task.back() == ']') {
      Status s = SetArrayTasks(job, std::string_view(task).substr(1, task.size() - 2));
      if (!s.ok()) return InvalidArgument(r.where + ": " + s.message());
    } else {
      job.id += "." + task;
    }
  }
  job.name = r.Get('j');
  job.owner = r.Get('u');
  job.queue = r.Get('P');
  job.raw_state = r.Has('T') ? r.Get('T') : r.Get('t');
  job.requested_host = Unset(r.Get('n')) ? "" : r.Get('n');
  ASSIGN_OR_RETURN(job.nodes, Count(r, 'D', 1));
  ASSIGN_OR_RETURN(job.slots, Count(r, 'C', job.nodes));
  job.nodes = std::max(1, job.nodes);
  job.slots = std::max(1, job.slots);
  ASSIGN_OR_RETURN(job.submit_time, Time(r, 'V', utc_offset));
  ASSIGN_OR_RETURN(job.start_time, Time(r, 'S', utc_offset));

  // %R is the node list of a job with nodes, else "(reason)".
  std::string reason = r.Get('r'), nodelist = r.Get('N'), either = r.Get('R');
  if (StartsWith(either, "(") && EndsWith(either, ")")) {
    if (reason.empty()) reason = either.substr(1, either.size() - 2);
  } else if (nodelist.empty()) {
    nodelist = either;
  }
  Result<std::vector<std::string>> hosts = ExpandHostlist(Unset(nodelist) ? "" : nodelist);
  if (!hosts.ok()) return InvalidArgument(r.where + ": " + hosts.status().message());
  job.hosts = std::move(*hosts);
  FinishJob(job, reason, r.Has('Q') && ParseInt(r.Get('Q')) == 0);
  return job;
}

// "idle~" -> IDLE POWERED_DOWN; "mixed#" -> MIXED POWERING_UP; "idle+drain" -> IDLE DRAIN.
std::vector<std::string> TextStateWords(std::string_view state) {
  static const std::map<char, std::string> kSuffixes = {
      {'*', "NOT_RESPONDING"},   {'~', "POWERED_DOWN"},  {'#', "POWERING_UP"},
      {'%', "POWERING_DOWN"},    {'!', "POWER_DOWN"},    {'$', "MAINTENANCE"},
      {'@', "REBOOT_REQUESTED"}, {'^', "REBOOT_ISSUED"}, {'-', "PLANNED"}};
  std::string base = ToUpper(Trim(state));
  std::vector<std::string> words;
  while (!base.empty() && kSuffixes.count(base.back())) {
    words.push_back(kSuffixes.at(base.back()));
    base.pop_back();
  }
  for (const std::string& w : SplitList(base, '+')) words.push_back(w);
  return words;
}

Result<HostInfo> TextHost(const Record& r) {
  HostInfo host;
  host.name = r.Has('N') ? r.Get('N') : r.Get('n');
  if (host.name.empty()) return InvalidArgument(r.where + ": no node name");
  ASSIGN_OR_RETURN(host.slots, Count(r, 'c', 0));
  if (r.Has('C')) {  // "alloc/idle/other/total"
    std::vector<std::string> cpus = Split(r.Get('C'), '/');
    std::optional<long long> used = cpus.size() == 4 ? ParseInt(cpus[0]) : std::nullopt;
    std::optional<long long> total = cpus.size() == 4 ? ParseInt(cpus[3]) : std::nullopt;
    if (!used || !total || *used < 0 || *total < 0) {
      return InvalidArgument(r.where + ": bad %C '" + Excerpt(r.Get('C')) + "'");
    }
    host.used_slots = ClampToInt(*used, 0);
    if (!r.Has('c')) host.slots = ClampToInt(*total, 0);
  }
  std::string load = r.Get('O');
  if (!Unset(load)) {
    std::optional<double> l = ParseDouble(load);
    if (!l || !(*l >= 0 && *l < 1e9))
      return InvalidArgument(r.where + ": bad load '" + Excerpt(load) + "'");
    host.load = *l;
  }
  ApplyNodeState(TextStateWords(r.Has('T') ? r.Get('T') : r.Get('t')), host);
  return host;
}

}  // namespace

Result<std::vector<JobInfo>> ParseSqueueText(std::string_view text, std::string_view format,
                                             int utc_offset_seconds) {
  ASSIGN_OR_RETURN(std::vector<Record> records, ReadRecords(text, format, 'j', "squeue"));
  std::vector<JobInfo> jobs;
  for (const Record& r : records) {
    ASSIGN_OR_RETURN(JobInfo job, TextJob(r, utc_offset_seconds));
    jobs.push_back(std::move(job));
  }
  return jobs;
}

Result<std::vector<HostInfo>> ParseSinfoText(std::string_view text, std::string_view format) {
  ASSIGN_OR_RETURN(std::vector<Record> records, ReadRecords(text, format, 'E', "sinfo"));
  std::vector<HostInfo> hosts;
  std::set<std::string, std::less<>> seen;  // sinfo -N prints a node once per partition
  for (const Record& r : records) {
    ASSIGN_OR_RETURN(HostInfo host, TextHost(r));
    if (seen.insert(host.name).second) hosts.push_back(std::move(host));
  }
  return hosts;
}

}  // namespace corral
